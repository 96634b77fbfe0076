import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  applicationParamsSchema,
  problemSchema,
  signedBodySchema,
  transferFieldsSchema,
  transferRequestSchema,
  withdrawTransferFieldsSchema,
} from '@kezek/contracts';
import { requireVisibleApplication } from '../applications/actions.ts';
import { commandContext } from '../http/context.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { signedAction } from '../http/signed-action.ts';
import { requestTransfer, transferRequestFor, withdrawTransfer } from './request.ts';

const tags = ['applications'];
const applicant = { preHandler: requireRole('applicant') };
const refusals = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

/** Transfers of an enrolled child (docs/rules.md, "Transfers"). */
export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/applications/:id/transfer',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'The application’s latest transfer request (open, granted or withdrawn), or null',
        params: applicationParamsSchema,
        response: { 200: transferRequestSchema, 404: problemSchema },
      },
    },
    async (request) => transferRequestFor(app.db, signedInUser(request).id, request.params.id),
  );

  app.post(
    '/api/applications/:id/transfer',
    {
      ...applicant,
      schema: {
        tags,
        summary:
          'Ask for a transfer of the enrolled child: up to five kindergartens of the district, best first (signed transfer.request)',
        params: applicationParamsSchema,
        body: signedBodySchema,
        response: { 201: transferRequestSchema, ...refusals },
      },
    },
    async (request, reply) => {
      await signedAction(
        request,
        request.body.cms,
        {
          action: 'transfer.request',
          fields: transferFieldsSchema,
          authorize: () => requireVisibleApplication(commandContext(request), request.params.id),
        },
        (signed) => requestTransfer(commandContext(request), request.params.id, signed),
      );
      return reply
        .code(201)
        .send(await transferRequestFor(app.db, signedInUser(request).id, request.params.id));
    },
  );

  app.post(
    '/api/applications/:id/transfer/withdraw',
    {
      ...applicant,
      schema: {
        tags,
        summary: 'Withdraw the open transfer request (signed transfer.withdraw)',
        params: applicationParamsSchema,
        body: signedBodySchema,
        response: { 200: transferRequestSchema, ...refusals },
      },
    },
    async (request) => {
      await signedAction(
        request,
        request.body.cms,
        {
          action: 'transfer.withdraw',
          fields: withdrawTransferFieldsSchema,
          authorize: () => requireVisibleApplication(commandContext(request), request.params.id),
        },
        (signed) => withdrawTransfer(commandContext(request), request.params.id, signed),
      );
      return transferRequestFor(app.db, signedInUser(request).id, request.params.id);
    },
  );
};
