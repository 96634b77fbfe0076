import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@kezek/contracts';
import { notFound } from '../problem.ts';
import { DEMO_KEY_PASSWORD } from './keys.ts';
import { demoKeyFile, listDemoKeys } from './keys.ts';

const demoKeysSchema = z.object({
  password: z.string(),
  items: z.array(
    z.object({
      iin: z.string(),
      fullName: z.string(),
      role: z.string(),
      keys: z.array(z.object({ keyType: z.enum(['auth', 'sign']), url: z.string() })),
    }),
  ),
});

/** Registered only with KEZEK_DEMO=1: the demo people's key files, so a visitor can try real EDS. */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['demo'];

  app.get(
    '/api/demo/keys',
    {
      schema: {
        tags,
        summary: 'Demo key files (demo mode only)',
        response: { 200: demoKeysSchema },
      },
    },
    async () => {
      const rows = await listDemoKeys(app.db);
      const people = new Map<string, z.infer<typeof demoKeysSchema>['items'][number]>();
      for (const row of rows) {
        const person = people.get(row.iin) ?? {
          iin: row.iin,
          fullName: row.full_name,
          role: row.role,
          keys: [],
        };
        person.keys.push({
          keyType: row.key_type as 'auth' | 'sign',
          url: `/api/demo/keys/${row.iin}/${row.key_type}.p12`,
        });
        people.set(row.iin, person);
      }
      return { password: DEMO_KEY_PASSWORD, items: [...people.values()] };
    },
  );

  app.get(
    '/api/demo/keys/:iin/:file',
    {
      schema: {
        tags,
        summary: 'One demo key file (PKCS#12, 3DES, the demo password)',
        params: z.object({
          iin: z.string().regex(/^\d{12}$/),
          file: z.enum(['auth.p12', 'sign.p12']),
        }),
        response: { 200: z.instanceof(Buffer), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { iin, file } = request.params;
      const keyType = file.replace('.p12', '');
      const row = await demoKeyFile(app.db, iin, keyType);
      if (!row) throw notFound();
      return reply
        .type('application/x-pkcs12')
        .header(
          'content-disposition',
          `attachment; filename="${keyType.toUpperCase()}_RSA256_${iin}.p12"`,
        )
        .send(row.p12);
    },
  );
};
