import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applicationParamsSchema,
  directionParamsSchema,
  directionNumberSchema,
  directionVerificationQuerySchema,
  directionVerificationSchema,
  extendDirectionFieldsSchema,
  revokeDirectionFieldsSchema,
  chooseDirectionFieldsSchema,
  directionSchema,
  freeChoiceRequestSchema,
  freeChoiceRequestViewSchema,
  offerListSchema,
  type FreeChoiceRequest,
  problemSchema,
  signedBodySchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { signedAction } from '../http/signed-action.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import type { CommandContext } from '../context.ts';
import type { ChosenPlace } from './choice-groups.ts';
import { ChoiceRush } from './rush.ts';
import { offersFor } from './offers.ts';
import { extendDirection, requireOwnDirection, revokeDirection } from './lifecycle.ts';
import { notFound, Problem } from '../problem.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { directionByNumber, loadDirection } from './queries.ts';
import { commandContext } from '../http/context.ts';
import { isBatchedChoice, latestFreeChoiceRequest, requestFreeChoice } from './free-choice.ts';

export const directionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['directions'];
  const applicant = { preHandler: requireRole('applicant') };
  const rush = new ChoiceRush({
    db: app.db,
    clock: app.clock,
    emptyPlaces: app.emptyPlaces,
    publicUrl: app.config.KEZEK_PUBLIC_URL,
  });

  app.get(
    '/api/applications/:id/offers',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'The places this application may take now',
        params: applicationParamsSchema,
        response: { 200: offerListSchema, 404: problemSchema },
      },
    },
    async (request) => ({
      items: await offersFor(app.db, signedInUser(request).id, request.params.id, app.clock.now()),
    }),
  );

  app.post(
    '/api/applications/:id/direction',
    {
      ...applicant,
      schema: {
        tags,
        summary:
          'Take a place: signed direction.choose issues the direction (201), or in batched free choice registers the request (202)',
        params: applicationParamsSchema,
        body: signedBodySchema,
        response: {
          201: directionSchema,
          202: freeChoiceRequestSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const applicationId = request.params.id;
      const userId = signedInUser(request).id;
      // In a batched region a free-choice place is requested, not taken (docs/rules.md,
      // "Batched free choice"): the request waits for its round's end, out of the place's line.
      let batched = false;
      const outcome = await signedAction(
        request,
        request.body.cms,
        {
          action: 'direction.choose',
          fields: chooseDirectionFieldsSchema,
          authorize: async (fields) => {
            batched = await isBatchedChoice(app.db, userId, applicationId, fields.placeId);
            return batched ? null : rush.refuseEarly(userId, applicationId, fields);
          },
          inSlot: (run: () => Promise<ChosenPlace | FreeChoiceRequest>, ticket) =>
            ticket ? rush.inLine(ticket, run as () => Promise<ChosenPlace>) : run(),
        },
        (signed): Promise<ChosenPlace | FreeChoiceRequest> => {
          if (signed.fields.applicationId !== applicationId)
            throw new Problem(400, 'action_mismatch', 'The signature is for another application');
          const { placeId } = signed.fields;
          return batched
            ? requestFreeChoice(commandContext(request), {
                applicationId,
                placeId,
                evidence: signed.evidence,
              })
            : rush.choose(placeId, { applicationId, userId, signed });
        },
      );
      if ('decideAt' in outcome) return reply.code(202).send(outcome);
      return reply
        .code(201)
        .send(await loadDirection(app.db, outcome.directionId, app.clock.now()));
    },
  );

  app.get(
    '/api/applications/:id/free-choice-request',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'The application’s newest batched free-choice request, open or decided',
        params: applicationParamsSchema,
        response: { 200: freeChoiceRequestViewSchema, 404: problemSchema },
      },
    },
    async (request) => ({
      request: await latestFreeChoiceRequest(app.db, signedInUser(request).id, request.params.id),
    }),
  );

  /** A signed action on one of the caller's directions, answered with the direction after. */
  const onDirection = {
    ...applicant,
    tags,
    params: directionParamsSchema,
    authorize: requireOwnDirection,
    answer: directionSchema,
    load: (context: CommandContext, id: string) =>
      loadDirection(context.db, id, context.clock.now()),
  };

  signedRowAction(app, {
    ...onDirection,
    path: '/api/directions/:id/extend',
    summary: 'Extend a direction once (signed direction.extend)',
    action: 'direction.extend',
    fields: extendDirectionFieldsSchema,
    command: extendDirection,
  });

  signedRowAction(app, {
    ...onDirection,
    path: '/api/directions/:id/revoke',
    summary: 'Revoke a direction within 24 hours of issue (signed direction.revoke)',
    action: 'direction.revoke',
    fields: revokeDirectionFieldsSchema,
    command: revokeDirection,
  });

  app.get(
    '/api/public/directions/:number/verify',
    {
      config: { rateLimit: perCaller(LIMITS.publicVerify) },
      schema: {
        tags: ['public'],
        summary: 'Is this direction genuine and live? (the QR code on the direction PDF)',
        params: z.object({ number: directionNumberSchema }),
        querystring: directionVerificationQuerySchema,
        response: { 200: directionVerificationSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await directionByNumber(app.db, request.params.number);
      // Without its code a number says nothing: no one can walk the numbers to see who got places.
      if (!row || row.verify_code !== request.query.code) throw notFound();
      return {
        number: row.number,
        genuine: true as const,
        live: row.status === 'issued' || row.status === 'enrolled',
        status: row.status as 'issued',
        kindergarten: { kk: row.name_kk, ru: row.name_ru },
        groupYear: row.group_year,
        issuedAt: row.issued_at.toISOString(),
        validUntil: (row.extended_until ?? row.expires_at).toISOString(),
      };
    },
  );
};
