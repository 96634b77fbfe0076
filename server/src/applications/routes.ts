import contentDisposition from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applicationListSchema,
  applicationParamsSchema,
  applicationSchema,
  attachFieldsSchema,
  benefitCategoryListSchema,
  changeBenefitFieldsSchema,
  createApplicationFieldsSchema,
  documentListSchema,
  historyListSchema,
  problemSchema,
  signedBodySchema,
  withdrawFieldsSchema,
  declineTurnFieldsSchema,
  changePreferencesFieldsSchema,
} from '@kezek/contracts';
import { BENEFIT_CATEGORIES } from '@kezek/domain';
import { requireRole, signedInUser } from '../http/guard.ts';
import { noRowYet, signedAction } from '../http/signed-action.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import type { CommandContext } from '../context.ts';
import { requestLanguage } from '../http/errors.ts';
import { documentFileName } from '../documents/file-name.ts';
import { notFound } from '../problem.ts';
import {
  attachToOtherParent,
  changeBenefit,
  confirmInterest,
  requireVisibleApplication,
  withdraw,
} from './actions.ts';
import { documentContent } from '../documents/store.ts';
import { applicationHistory, applicationDocuments, documentFor } from './records.ts';
import { registerApplication } from './register.ts';
import { applicationFor, journalOf } from './view.ts';
import { commandContext } from '../http/context.ts';
import { declineTurn } from '../places/decline.ts';
import { changePreferences } from './preferences.ts';

const tags = ['applications'];
const applicant = { preHandler: requireRole('applicant') };

export const applicationRoutes: FastifyPluginAsyncZod = async (app) => {
  /** One of the caller's applications as the application page shows it. */
  const myApplication = (request: FastifyRequest, id: string) =>
    applicationFor(app.db, signedInUser(request).id, id, app.clock.now(), app.pseudonyms);
  app.get(
    '/api/benefit-categories',
    {
      schema: {
        tags,
        summary: 'Out-of-turn and first-priority benefit categories',
        response: { 200: benefitCategoryListSchema },
      },
    },
    async () => ({
      items: BENEFIT_CATEGORIES.map((c) => ({ code: c.code, class: c.class, name: c.name })),
    }),
  );

  app.post(
    '/api/applications',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'Register a child in the queue (signed application.create)',
        body: signedBodySchema,
        response: { 201: applicationSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request, reply) => {
      const id = await signedAction(
        request,
        request.body.cms,
        {
          action: 'application.create',
          fields: createApplicationFieldsSchema,
          authorize: noRowYet,
        },
        (signed) =>
          registerApplication(
            commandContext(request),
            signed,
            requestLanguage(request),
            app.pseudonyms,
          ),
      );
      return reply.code(201).send(await myApplication(request, id));
    },
  );

  app.get(
    '/api/applications',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'The journal: applications filed by or attached to me',
        response: { 200: applicationListSchema },
      },
    },
    async (request) => ({
      items: await journalOf(app.db, signedInUser(request).id, app.clock.now(), app.pseudonyms),
    }),
  );

  app.post(
    '/api/applications/attach',
    {
      ...applicant,
      schema: {
        tags,
        summary:
          'Attach a child’s application to my IIN as the other parent (signed application.attach)',
        body: signedBodySchema,
        response: { 200: applicationSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      const id = await signedAction(
        request,
        request.body.cms,
        { action: 'application.attach', fields: attachFieldsSchema, authorize: noRowYet },
        (signed) => attachToOtherParent(commandContext(request), signed),
      );
      return myApplication(request, id);
    },
  );

  app.get(
    '/api/applications/:id',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'One application',
        params: applicationParamsSchema,
        response: { 200: applicationSchema, 404: problemSchema },
      },
    },
    async (request) => myApplication(request, request.params.id),
  );

  app.get(
    '/api/applications/:id/history',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'The history of an application',
        params: applicationParamsSchema,
        response: { 200: historyListSchema, 404: problemSchema },
      },
    },
    async (request) => ({
      items: await applicationHistory(app.db, signedInUser(request).id, request.params.id),
    }),
  );

  app.get(
    '/api/applications/:id/documents',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'Uploaded attachments and generated documents',
        params: applicationParamsSchema,
        response: { 200: documentListSchema, 404: problemSchema },
      },
    },
    async (request) => ({
      items: await applicationDocuments(app.db, signedInUser(request).id, request.params.id),
    }),
  );

  app.get(
    '/api/documents/:id',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'A document (PDF) or an attachment',
        params: applicationParamsSchema,
        response: { 200: z.instanceof(Buffer), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const document = await documentFor(app.db, signedInUser(request).id, request.params.id);
      if (!document) throw notFound();
      return reply
        .type(document.content_type)
        .header(
          'content-disposition',
          contentDisposition(documentFileName(document), { type: 'inline' }),
        )
        .header('x-content-type-options', 'nosniff')
        .send(await documentContent(app.db, document));
    },
  );

  app.post(
    '/api/applications/:id/confirm-interest',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'Confirm interest for another period',
        params: applicationParamsSchema,
        response: { 200: applicationSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      await confirmInterest(commandContext(request), request.params.id);
      return myApplication(request, request.params.id);
    },
  );

  /** A signed action on one of the caller's applications, answered with the application after. */
  const onApplication = {
    ...applicant,
    tags,
    params: applicationParamsSchema,
    authorize: requireVisibleApplication,
    answer: applicationSchema,
    load: (context: CommandContext, id: string) =>
      applicationFor(context.db, context.user.id, id, context.clock.now(), app.pseudonyms),
  };

  signedRowAction(app, {
    ...onApplication,
    path: '/api/applications/:id/benefit',
    summary: 'Change or remove the benefit (signed application.changeBenefit)',
    action: 'application.changeBenefit',
    fields: changeBenefitFieldsSchema.extend({ applicationId: z.string() }),
    command: changeBenefit,
  });

  signedRowAction(app, {
    ...onApplication,
    path: '/api/applications/:id/preferences',
    summary: 'Change the ranked kindergartens (signed application.preferences)',
    action: 'application.preferences',
    fields: changePreferencesFieldsSchema,
    command: changePreferences,
  });

  signedRowAction(app, {
    ...onApplication,
    path: '/api/applications/:id/turn/decline',
    summary:
      'Decline the turn, once in 12 months: the place goes on, the child keeps its place (signed turn.decline)',
    action: 'turn.decline',
    fields: declineTurnFieldsSchema,
    command: declineTurn,
  });

  signedRowAction(app, {
    ...onApplication,
    path: '/api/applications/:id/withdraw',
    summary: 'Leave the queue (signed application.withdraw)',
    action: 'application.withdraw',
    fields: withdrawFieldsSchema.extend({ applicationId: z.string() }),
    command: withdraw,
  });
};
