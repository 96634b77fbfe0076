import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  applicationParamsSchema,
  problemSchema,
  transferFieldsSchema,
  transferRequestSchema,
  withdrawTransferFieldsSchema,
} from '@kezek/contracts';
import { requireVisibleApplication } from '../applications/actions.ts';
import type { CommandContext } from '../context.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import { requestTransfer, transferRequestFor, withdrawTransfer } from './request.ts';

const tags = ['applications'];
const applicant = { preHandler: requireRole('applicant') };

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

  /** A signed action on the transfer of one of the caller's applications, answered with it after. */
  const onTransfer = {
    ...applicant,
    tags,
    params: applicationParamsSchema,
    authorize: requireVisibleApplication,
    answer: transferRequestSchema,
    load: (context: CommandContext, id: string) =>
      transferRequestFor(context.db, context.user.id, id),
  };

  signedRowAction(app, {
    ...onTransfer,
    path: '/api/applications/:id/transfer',
    summary:
      'Ask for a transfer of the enrolled child: up to five kindergartens of the district, best first (signed transfer.request)',
    action: 'transfer.request',
    fields: transferFieldsSchema,
    command: requestTransfer,
    creates: true,
  });

  signedRowAction(app, {
    ...onTransfer,
    path: '/api/applications/:id/transfer/withdraw',
    summary: 'Withdraw the open transfer request (signed transfer.withdraw)',
    action: 'transfer.withdraw',
    fields: withdrawTransferFieldsSchema,
    command: withdrawTransfer,
  });
};
