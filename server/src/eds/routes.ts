import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { edsSignedInSchema, nonceSchema, problemSchema, signedBodySchema } from '@kezek/contracts';
import { appendHistory } from '../history/history.ts';
import { Problem } from '../http/problem.ts';
import { findAccountByIin, loadUser, publicUser } from '../auth/users.ts';
import { fullNameOf, localPersonRegistry } from '../registry/registry.ts';
import type { SignerIdentity } from '../signature/verify.ts';
import type { Db } from '../db/connection.ts';
import { nonceBinding } from './session.ts';
import { readSignature, useSignedNonce, verifySignature } from './signed-action.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { startSession } from '../auth/start-session.ts';

/** The account of a signer: the existing one (staff, officer, a returning citizen) or a new citizen's. */
async function accountFor(db: Db, signer: SignerIdentity, now: Date): Promise<number> {
  const existing = await findAccountByIin(db, signer.iin);
  if (existing && !existing.active)
    throw new Problem(403, 'forbidden', 'This account is switched off');
  // A personal certificate makes its holder an applicant too (staff are parents as well);
  // an employee certificate signs in only to the work account.
  const roles = signer.employee
    ? (existing?.roles ?? [])
    : [...new Set([...(existing?.roles ?? []), 'applicant'])];
  if (existing && roles.length === existing.roles.length) return existing.id;
  if (!existing && roles.length === 0)
    throw new Problem(403, 'forbidden', 'No account for this employee certificate');
  const registered = await localPersonRegistry(db).find(signer.iin);
  const certificateName = [signer.surname, signer.firstName, signer.givenName]
    .filter(Boolean)
    .join(' ');
  return db.transaction().execute(async (trx) => {
    const row = existing
      ? await trx
          .updateTable('users')
          .set({ roles, updated_at: now })
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('users')
          .values({
            iin: signer.iin,
            full_name: registered ? fullNameOf(registered) : certificateName || signer.commonName,
            roles,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      at: now,
      actor: `user:${row.id}`,
      event: existing ? 'user.roles_added_by_eds' : 'user.registered_by_eds',
      subjectType: 'user',
      subjectId: row.id,
      before: existing ? { roles: existing.roles } : null,
      after: { roles },
    });
    return row.id;
  });
}

export const edsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/nonce',
    {
      config: { rateLimit: perCaller(LIMITS.nonce) },
      schema: {
        tags: ['auth'],
        summary: 'A fresh single-use nonce (10 minutes) to sign',
        response: { 200: nonceSchema, 429: problemSchema },
      },
    },
    async (request) => {
      const { nonce, expiresAt } = app.signing.seal.issue(nonceBinding(request), app.clock.now());
      return { nonce, expiresAt: expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/auth/eds',
    {
      config: {
        csrf: false,
        rateLimit: perCaller(LIMITS.edsSignIn),
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with EDS: a CMS over the nonce, made with the AUTH key',
        body: signedBodySchema,
        response: {
          200: edsSignedInSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      // The nonce as sent is checked and used up before the signature is verified.
      const parsed = readSignature(request, request.body.cms);
      await useSignedNonce(request, new TextDecoder().decode(parsed.content).trim());
      const verified = await verifySignature(request, parsed, 'auth');
      const userId = await accountFor(app.db, verified.signer, app.clock.now());
      await startSession(request, reply, userId);
      const user = await loadUser(app.db, userId);
      if (!user) throw new Problem(403, 'forbidden', 'This account is switched off');
      return {
        user: publicUser(user),
        contactsRequired: user.roles.includes('applicant') && !user.email,
      };
    },
  );
};
