import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { edsSignedInSchema, nonceSchema, problemSchema, signedBodySchema } from '@kezek/contracts';
import { loadUser, publicUser } from '../auth/users.ts';
import { accountFor } from './account.ts';
import { Problem } from '../problem.ts';
import { issueBinding } from '../http/nonce-binding.ts';
import { readSignature, useSignedNonce, verifySignature } from '../http/signed-action.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { startSession } from '../http/start-session.ts';

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
    async (request, reply) => {
      const binding = issueBinding(request, reply);
      const { nonce, expiresAt } = app.signing.seal.issue(binding, app.clock.now());
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
