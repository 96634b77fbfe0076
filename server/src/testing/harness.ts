import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import type {
  FastifyInstance,
  FastifyPluginAsync,
  InjectOptions,
  LightMyRequestResponse,
  RouteOptions,
} from 'fastify';
import { signerFactory } from '@fastify/cookie';
import { buildApp } from '../app.ts';
import { AdjustableClock } from '../clock.ts';
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { prepareDatabase } from '../startup.ts';
import { NONCE_BINDING_COOKIE } from '../http/nonce-binding.ts';
import {
  TEST_START,
  adminQuery,
  databaseUrl,
  templateFor,
  testConfig,
  type TemplateKind,
  type TestTemplates,
} from './templates.ts';

/**
 * A database of its own for one test file: a fresh PostgreSQL database when DATABASE_URL is set
 * (its `url` given, for other processes), else in-memory PGlite. Empty, or with `template` a copy
 * of the run's template of that kind (testing/templates.ts); a run without templates (the fault
 * tests) migrates a 'migrated' one itself, and startTestApp prepares a 'demo' one as it would.
 */
export async function openTestDatabase(
  template?: TemplateKind,
): Promise<OpenDatabase & { url?: string }> {
  const opened = await openCopyOf(template);
  if (template === 'migrated' && !opened.fromTemplate) await migrateToLatest(opened.db);
  return opened;
}

async function openCopyOf(
  template: TemplateKind | undefined,
): Promise<OpenDatabase & { url?: string; fromTemplate: boolean }> {
  const serverUrl = process.env.DATABASE_URL;
  const templates: TestTemplates | undefined = inject('kezekTestTemplates');
  const source =
    template && templates?.kind === (serverUrl ? 'postgres' : 'pglite')
      ? templates[template]
      : undefined;
  if (!serverUrl) {
    const image = source ? new Blob([await readFile(source)]) : undefined;
    return {
      ...(await openDatabase({ kind: 'pglite', dataDir: null, image })),
      fromTemplate: !!image,
    };
  }
  const name = `kezek_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}${source ? ` template ${source}` : ''}`);
  const target: DatabaseTarget = {
    kind: 'postgres',
    url: databaseUrl(serverUrl, name),
    poolSize: 5,
  };
  const opened = await openDatabase(target);
  return {
    ...opened,
    url: target.url,
    fromTemplate: !!source,
    close: async () => {
      await opened.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  /** Every route of the app as registered, HEAD twins included. */
  routes: RouteOptions[];
  database: OpenDatabase & { url?: string };
  clock: AdjustableClock;
  sessionSecret: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  demoKeys?: boolean;
  /** Extra routes for a test of a shared mechanism (e.g. the signed-action gate). */
  plugins?: FastifyPluginAsync[];
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const config = testConfig(env);
  const database = await openTestDatabase(templateFor(config));
  const clock = new AdjustableClock(TEST_START);
  const prepared = await prepareDatabase(database.db, config, clock, {
    demoKeys: options.demoKeys ?? false,
  });
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    onRoute: (route) => routes.push(route),
    config,
    db: database.db,
    dbKind: database.kind,
    pool: database.pool,
    listen: database.listen,
    clock,
    trust: prepared.trust,
    sessionSecret: prepared.sessionSecret,
    pseudonymKey: prepared.pseudonymKey,
    logKeyPem: prepared.logKeyPem,
    demo: prepared.demo,
    ...(config.KEZEK_TEST_API && { testClock: clock }),
    logger: false,
  });
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  await app.ready();
  return {
    app,
    routes,
    database,
    clock,
    sessionSecret: prepared.sessionSecret,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A browser-like client: keeps its cookies (session, nonce binding), sends the CSRF token on changes. */
export class TestClient {
  private cookie: string | null = null;
  /** The nonce binding of a browser not signed in (http/nonce-binding.ts). */
  private nonceCookie: string | null = null;
  private csrfToken: string | null = null;
  private readonly app: FastifyInstance;
  /** Each client comes from its own address, as separate browsers do; rate limits count per address. */
  remoteAddress = `10.${randomBytes(3).join('.')}`;
  language = 'en';

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async request(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {
      'accept-language': this.language,
      ...(options.headers as Record<string, string>),
    };
    const cookies = [this.cookie, this.nonceCookie].filter((c) => c !== null);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
    if (this.csrfToken && options.method && options.method !== 'GET')
      headers['x-csrf-token'] ??= this.csrfToken;
    const response = await this.app.inject({
      ...options,
      headers,
      remoteAddress: this.remoteAddress,
    });
    const setCookie = response.cookies.find((c) => c.name === 'kezek_session');
    if (setCookie) this.cookie = `kezek_session=${setCookie.value}`;
    const binding = response.cookies.find((c) => c.name === NONCE_BINDING_COOKIE);
    if (binding) this.nonceCookie = `${NONCE_BINDING_COOKIE}=${binding.value}`;
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, payload?: unknown) {
    return this.request({
      method: 'POST',
      url,
      ...(payload !== undefined && { payload: payload as object }),
    });
  }

  patch(url: string, payload: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as object });
  }

  put(url: string, payload: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as object });
  }

  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }

  /** Password sign-in, then the CSRF token from /api/me, as the web app does. */
  async signIn(iin: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.post('/api/auth/password', { iin, password });
    if (response.statusCode === 200) {
      const me = await this.get('/api/me');
      this.csrfToken = me.json<{ csrfToken: string }>().csrfToken;
    }
    return response;
  }

  /** A client already signed in as this user, as if it had passed the sign-in it is not testing. */
  static async withUserSession(t: TestApp, userId: number): Promise<TestClient> {
    const sid = randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + 3_600_000);
    const data = {
      cookie: {
        originalMaxAge: 3_600_000,
        expires: expires.toISOString(),
        httpOnly: true,
        path: '/',
        sameSite: 'lax',
      },
      userId,
    };
    await t.database.db
      .insertInto('sessions')
      .values({ sid, data: JSON.stringify(data), expires_at: expires })
      .execute();
    const client = new TestClient(t.app);
    client.cookie = `kezek_session=${encodeURIComponent(signerFactory(t.sessionSecret).sign(sid))}`;
    const me = await client.get('/api/me');
    client.csrfToken = me.json<{ csrfToken: string }>().csrfToken;
    return client;
  }

  /** Reads the CSRF token of the current session, as the web app does after any sign-in. */
  async refreshCsrf(): Promise<void> {
    this.csrfToken = (await this.get('/api/me')).json<{ csrfToken: string }>().csrfToken;
  }

  get sessionCookie(): string | null {
    return this.cookie;
  }
}

export const DEMO_ADMIN = { iin: '791028302728', password: 'kezek-admin-2026' };
