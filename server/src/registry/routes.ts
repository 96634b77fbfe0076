import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  personSchema,
  personParamsSchema,
  personListSchema,
  problemSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { notFound } from '../problem.ts';
import { fullNameOf, localPersonRegistry, type RegistryRecord } from './registry.ts';

const toPerson = (record: RegistryRecord) => ({ ...record, fullName: fullNameOf(record) });

export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const registry = localPersonRegistry(app.db);
  const tags = ['reference'];

  app.get(
    '/api/persons/:iin',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags,
        summary: "Registry data for the form: the signed-in applicant's own, or a child of theirs",
        params: personParamsSchema,
        response: { 200: personSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const user = signedInUser(request);
      const { iin } = request.params;
      // Anyone else's data is answered exactly like an unknown IIN: the registry is not for browsing.
      const mayRead = iin === user.iin || (await registry.isParentOf(user.iin, iin));
      const record = mayRead ? await registry.find(iin) : null;
      if (!record) throw notFound();
      return toPerson(record);
    },
  );

  app.get(
    '/api/persons/me/children',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags,
        summary: 'The children the registry lists for the signed-in applicant',
        response: { 200: personListSchema },
      },
    },
    async (request) => ({
      items: (await registry.childrenOf(signedInUser(request).iin)).map(toPerson),
    }),
  );
};
