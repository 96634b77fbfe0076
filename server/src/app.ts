import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unacceptableText } from './http/text-guard.ts';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import accepts from '@fastify/accepts';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { systemClock, type AdjustableClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, DatabaseKind, PoolStats } from './db/connection.ts';
import { problemFromIssues, registerErrorHandling, sendProblem } from './http/errors.ts';
import { guardFirst } from './http/guard.ts';
import { Problem, notSignedIn } from './problem.ts';
import { loggerOptions } from './http/logging.ts';
import { DatabaseSessionStore, SESSION_TTL_MS } from './auth/session-store.ts';
import { authRoutes } from './auth/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { Metrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { edsRoutes } from './eds/routes.ts';
import { mobileSignRoutes } from './mobile-sign/routes.ts';
import { demoRoutes } from './demo/routes.ts';
import { publicRoutes } from './public/routes.ts';
import { protocolRoutes } from './protocols/routes.ts';
import { estimateRoutes } from './estimates/routes.ts';
import { mapTileOrigins } from './public/map.ts';
import { placeRoutes } from './places/routes.ts';
import { inboxRoutes } from './inbox/routes.ts';
import { directionRoutes } from './directions/routes.ts';
import { workspaceRoutes } from './workspace/routes.ts';
import { refusalRoutes } from './refusals/routes.ts';
import { enrolmentRoutes } from './enrolments/routes.ts';
import { departmentRoutes } from './department/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { whatIfRoutes } from './what-if/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { transferRoutes } from './transfers/routes.ts';
import { attachmentRoutes } from './applications/attachments.ts';
import multipart from '@fastify/multipart';
import type { TrustStore } from './signature/trust.ts';
import { Revocation, revocationSettings } from './signature/revocation.ts';
import type { Listen } from './db/notifications.ts';
import { createSigning } from './http/signed-action.ts';
import { EmptyPlaces } from './places/availability.ts';
import { Pseudonyms } from './pseudonym.ts';
import { ed25519Signer, type LogSigner } from './transparency/key.ts';
import { logRoutes } from './transparency/routes.ts';
import { referenceRoutes } from './reference/routes.ts';
import { registryRoutes } from './registry/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { queueImportRoutes } from './queue-import/routes.ts';
import { testApiRoutes } from './test-api/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dbKind: DatabaseKind;
    clock: Clock;
    /** The applications' public pseudonyms (docs/rules.md, "The public queue"). */
    pseudonyms: Pseudonyms;
    /** Signs the transparency log's tree heads (docs/transparency.md). */
    logSigner: LogSigner;
    /** The CAs (and CRLs) whose certificates may sign in and sign: revocation's store of now. */
    trust: TrustStore;
    /** Keeps the CRLs fresh (fetched on schedule) and asks OCSP: signature/revocation.ts. */
    revocation: Revocation;
    config: Config;
    /** The place batches this instance knows to have no free place (kept fresh by NOTIFY). */
    emptyPlaces: EmptyPlaces;
    /** The Prometheus metrics of GET /metrics (metrics/metrics.ts). */
    metrics: Metrics;
  }
  interface FastifyContextConfig {
    /** false for the few state-changing calls made before a session exists (sign-in, test API). */
    csrf?: boolean;
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  /** The database pool's counts of the moment (GET /metrics). */
  pool: () => PoolStats;
  clock: Clock;
  trust: TrustStore;
  sessionSecret: string;
  pseudonymKey: string;
  /** The transparency log's Ed25519 private key, PEM (startup.ts). */
  logKeyPem: string;
  /** Demo mode, as prepareDatabase decided it: the demo's key files are served. */
  demo: boolean;
  /** LISTEN on the database: how every instance hears that places were freed. */
  listen: Listen;
  /** Present only with KEZEK_TEST_API=1: the clock the test API moves. */
  testClock?: AdjustableClock;
  logger?: boolean;
  /** Told of every route as it is added: the tests derive their route tables from it. */
  onRoute?: (route: RouteOptions) => void;
}

const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const webAssets = path.join(webDist, 'assets') + path.sep;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(options.config.LOG_LEVEL),
    bodyLimit: 1024 * 1024,
    trustProxy: options.config.KEZEK_TRUST_PROXY ?? false,
    // A path that is no valid percent-encoding: a problem like any other 400. Fastify answers it
    // before any hook (helmet's too), so it carries its own no-framing, no-sniffing headers.
    frameworkErrors: (error, request, reply) => {
      reply.headers({
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      });
      void sendProblem(request, reply, new Problem(400, 'bad_url', error.message));
    },
  });
  app.addHook('onRoute', guardFirst);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('dbKind', options.dbKind);
  app.decorate('clock', options.clock);
  app.decorate('pseudonyms', new Pseudonyms(options.pseudonymKey));
  app.decorate('logSigner', ed25519Signer(options.config.KEZEK_LOG_ID, options.logKeyPem));
  const revocation = new Revocation(options.trust, options.clock, {
    ...revocationSettings(options.config),
    log: (level, message) => app.log[level](message),
  });
  app.decorate('revocation', revocation);
  app.decorate('trust', { getter: () => revocation.trust });
  app.decorate('config', options.config);
  const metrics = new Metrics({
    db: options.db,
    dbKind: options.dbKind,
    clock: options.clock,
    revocation,
    pool: options.pool,
  });
  app.decorate('metrics', metrics);
  // Every answer under its route pattern (`/api/applications/:id`), never its URL: the labels stay few.
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime,
    );
  });
  app.decorateRequest('user', null);
  const webBuilt = existsSync(webDist);
  // The built SPA answers every page path with index.html so that client routes load.
  registerErrorHandling(
    app,
    webBuilt ? (_request, reply) => reply.sendFile('index.html') : undefined,
  );

  await app.register(accepts);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapTileOrigins(options.config)],
        // NCALayer, the national CA's signing service, listens on the user's own computer.
        connectSrc: ["'self'", 'wss://127.0.0.1:13579'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // X-Frame-Options for the browsers that know no frame-ancestors: no framing at all either.
    frameguard: { action: 'deny' },
    // Sent below, and only over HTTPS: over plain HTTP it would mean nothing (RFC 6797 §8.1).
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(rateLimit, { global: false });
  app.decorate('signing', createSigning(app, options.sessionSecret));
  const emptyPlaces = new EmptyPlaces();
  app.decorate('emptyPlaces', emptyPlaces);
  const stopWatching = await emptyPlaces.watch(options.listen);
  app.addHook('onClose', stopWatching);
  await app.register(cookie);
  await app.register(session, {
    secret: options.sessionSecret,
    cookieName: 'kezek_session',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_TTL_MS },
    saveUninitialized: false,
    // Saved only when changed: a write per request would let concurrent requests of one browser
    // overwrite each other (a lost CSRF secret or nonce binding). The lifetime is absolute.
    rolling: false,
    store: new DatabaseSessionStore(options.db, systemClock),
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  // NUL and lone surrogates are no text: refused in any body, query or path before validation
  // (a 500 from the database otherwise, after a nonce or a number may have been used).
  app.addHook('preValidation', async (request) => {
    const issues = [
      ...unacceptableText(request.params),
      ...unacceptableText(request.query),
      ...unacceptableText(request.body),
    ];
    if (issues.length > 0) throw problemFromIssues(issues);
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (
      !STATE_CHANGING.has(request.method) ||
      request.is404 ||
      request.routeOptions.config.csrf === false
    ) {
      return done();
    }
    if (request.session.userId === undefined) return done(notSignedIn());
    app.csrfProtection(request, reply, done);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'kezek API',
        version: '0.1.0',
        description: 'The preschool queue of a Kazakh city',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kezek_session' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(edsRoutes);
  await app.register(mobileSignRoutes);
  await app.register(referenceRoutes);
  await app.register(registryRoutes);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(attachmentRoutes);
  await app.register(applicationRoutes);
  await app.register(transferRoutes);
  await app.register(publicRoutes);
  await app.register(protocolRoutes);
  await app.register(estimateRoutes);
  await app.register(logRoutes);
  await app.register(placeRoutes);
  await app.register(directionRoutes);
  await app.register(inboxRoutes);
  await app.register(workspaceRoutes);
  await app.register(refusalRoutes);
  await app.register(enrolmentRoutes);
  await app.register(departmentRoutes);
  await app.register(dashboardRoutes);
  await app.register(whatIfRoutes);
  await app.register(adminRoutes);
  await app.register(queueImportRoutes);
  if (options.demo) await app.register(demoRoutes);
  if (options.testClock) await app.register(testApiRoutes, { clock: options.testClock });

  if (webBuilt) {
    await app.register(fastifyStatic, {
      root: webDist,
      // The build writes .br and .gz copies; the browser gets the one it accepts.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (response, filePath) => {
        // Hashed names never change content: cached for a year. The rest (index.html, the
        // manifest, the icons) is checked on every visit, so a release reaches everyone at once.
        response.setHeader(
          'cache-control',
          filePath.startsWith(webAssets) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return app;
}
