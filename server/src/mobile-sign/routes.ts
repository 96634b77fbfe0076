import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  egovAcceptedSchema,
  egovDocumentsSchema,
  egovSigningInfoSchema,
  mobileSignCreateSchema,
  mobileSignRequestSchema,
  mobileSignStatusSchema,
  problemSchema,
} from '@kezek/contracts';
import { LIMITS, perCaller, perKey } from '../http/limits.ts';
import { nonceBinding } from '../http/nonce-binding.ts';
import {
  acceptSignedDocuments,
  browserStatus,
  createSigningRequest,
  signingDocuments,
  signingInfo,
} from './requests.ts';

const tokenParams = z.object({ token: z.string().regex(/^[\w-]{43}$/) });

/**
 * eGov Mobile signing (docs/mobile-signing.md): the browser's two routes, and the app's three of
 * the QR-signing specification (API №1, API №2 GET and PUT), anonymous and reached from the
 * internet, each limited per signing request rather than per address.
 */
export const mobileSignRoutes: FastifyPluginAsyncZod = async (app) => {
  const context = () => ({ db: app.db, now: app.clock.now() });
  const failures = {
    400: problemSchema,
    401: problemSchema,
    404: problemSchema,
    429: problemSchema,
  };
  const browserKey = (request: Parameters<typeof nonceBinding>[0]) =>
    `browser:${createHash('sha256').update(nonceBinding(request)).digest('base64url')}`;
  const perRequest = perKey(
    LIMITS.mobileSignApp.perRequest,
    (request) => `egov:${(request.params as { token?: string }).token ?? ''}`,
  );

  app.post(
    '/api/mobile-sign',
    {
      // Anonymous at sign-in; the content's nonce, bound to this browser, stands in for the
      // CSRF token (another site can neither read a nonce nor this answer).
      config: { csrf: false, rateLimit: perCaller(LIMITS.mobileSign) },
      schema: {
        tags: ['auth'],
        summary: 'A signing request for eGov Mobile over the exact content this browser signs',
        body: mobileSignCreateSchema,
        response: { 200: mobileSignRequestSchema, ...failures },
      },
    },
    async (request) =>
      createSigningRequest(
        {
          ...context(),
          seal: app.signing.seal,
          binding: nonceBinding(request),
          publicUrl: app.config.KEZEK_PUBLIC_URL,
          lifetimeMs: app.config.KEZEK_MOBILE_SIGN_TTL_SECONDS * 1000,
        },
        request.body,
      ),
  );

  app.get(
    '/api/mobile-sign/:id',
    {
      config: { rateLimit: perKey(LIMITS.mobileSignPoll.perBrowser, browserKey) },
      schema: {
        tags: ['auth'],
        summary: 'Whether eGov Mobile has signed: the CMS once, or why it was refused',
        params: z.object({ id: z.uuid() }),
        response: { 200: mobileSignStatusSchema, 404: problemSchema, 429: problemSchema },
      },
    },
    async (request) => browserStatus(context(), request.params.id, nonceBinding(request)),
  );

  const documentUri = (token: string) =>
    `${app.config.KEZEK_PUBLIC_URL.replace(/\/$/, '')}/api/egov/sign/${token}/document`;
  const appFailures = { ...failures, 403: problemSchema, 409: problemSchema, 410: problemSchema };

  app.get(
    '/api/egov/sign/:token',
    {
      config: { rateLimit: perRequest },
      schema: {
        tags: ['egov'],
        summary: 'API №1 of eGov Mobile QR signing: what is signed, by whom asked, where',
        params: tokenParams,
        response: { 200: egovSigningInfoSchema, ...appFailures },
      },
    },
    async (request) =>
      signingInfo(
        {
          ...context(),
          organisation: {
            nameKz: app.config.KEZEK_ORGANISATION_NAME_KK,
            nameRu: app.config.KEZEK_ORGANISATION_NAME_RU,
            nameEn: app.config.KEZEK_ORGANISATION_NAME_EN,
            bin: app.config.KEZEK_ORGANISATION_BIN,
          },
        },
        request.params.token,
        documentUri(request.params.token),
      ),
  );

  app.get(
    '/api/egov/sign/:token/document',
    {
      config: { rateLimit: perRequest },
      schema: {
        tags: ['egov'],
        summary: 'API №2 of eGov Mobile QR signing: the document to sign (Bearer token)',
        params: tokenParams,
        response: { 200: egovDocumentsSchema, ...appFailures },
      },
    },
    async (request) =>
      signingDocuments(context(), request.params.token, request.headers.authorization),
  );

  app.put(
    '/api/egov/sign/:token/document',
    {
      config: { csrf: false, rateLimit: perRequest },
      schema: {
        tags: ['egov'],
        summary: 'API №2 of eGov Mobile QR signing: the document signed (CMS with data)',
        params: tokenParams,
        body: egovDocumentsSchema,
        response: { 200: egovAcceptedSchema, ...appFailures },
      },
    },
    async (request) => {
      await acceptSignedDocuments(
        context(),
        request.params.token,
        request.headers.authorization,
        request.body,
      );
      return { status: 'accepted' as const };
    },
  );
};
