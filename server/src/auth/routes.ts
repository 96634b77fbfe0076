import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  meSchema,
  passwordSignInSchema,
  problemSchema,
  signedInSchema,
  updateMeSchema,
} from '@kezek/contracts';
import { Problem, notSignedIn } from '../problem.ts';
import { LIMITS, perAddressAnd } from '../http/limits.ts';
import { currentUser, requireRole, signedInUser } from '../http/guard.ts';
import { passwordMatches } from './passwords.ts';
import { checkSignInDelay, clearSignInFailures, recordSignInFailure } from './sign-in-backoff.ts';
import { startSession } from '../http/start-session.ts';
import { findAccountByIin, loadUser, publicUser } from './users.ts';
import { changeContacts } from './contacts.ts';
import { commandContext } from '../http/context.ts';

const badCredentials = () => new Problem(401, 'bad_credentials', 'Wrong IIN or password');

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/auth/password',
    {
      config: {
        csrf: false,
        rateLimit: perAddressAnd(
          LIMITS.passwordSignIn.perAddressAndIin,
          (request) => (request.body as { iin?: string } | undefined)?.iin ?? '',
        ),
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with IIN and password (staff, officers, administrators)',
        body: passwordSignInSchema,
        response: { 200: signedInSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const { iin, password } = request.body;
      const attempt = { db: app.db, now: app.clock.now(), log: request.log };
      await checkSignInDelay(attempt, iin);
      const account = await findAccountByIin(app.db, iin);
      const matches = await passwordMatches(account?.password_hash ?? null, password);
      if (!account || !matches || !account.active) {
        await recordSignInFailure(attempt, iin);
        throw badCredentials();
      }
      await clearSignInFailures(app.db, iin);
      await startSession(request, reply, account.id);
      const user = await loadUser(app.db, account.id);
      if (!user) throw badCredentials();
      return { user: publicUser(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      // No CSRF token: the SameSite=Lax cookie never rides a cross-site POST, and a sign-out must
      // work even when the page holds a stale token.
      config: { csrf: false },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await request.session.destroy();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token for state-changing calls',
        response: { 200: meSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const user = await currentUser(request);
      if (!user) throw notSignedIn();
      return { user: publicUser(user), csrfToken: reply.generateCsrf() };
    },
  );

  app.patch(
    '/api/me',
    {
      preHandler: requireRole('applicant', 'staff', 'officer', 'admin'),
      schema: {
        tags: ['auth'],
        summary: 'Change the own e-mail or phone',
        body: updateMeSchema,
        response: { 200: signedInSchema },
      },
    },
    async (request) => {
      const user = signedInUser(request);
      const changes = { email: request.body.email, phone: request.body.phone };
      await changeContacts(commandContext(request), changes);
      const updated = await loadUser(app.db, user.id);
      return { user: publicUser(updated!) };
    },
  );
};
