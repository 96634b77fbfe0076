import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signerFactory } from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../server/src/app.ts';
import { systemClock } from '../../server/src/clock.ts';
import { readConfig } from '../../server/src/config.ts';
import type { OpenDatabase } from '../../server/src/db/connection.ts';
import { startQueueNumbering } from '../../server/src/jobs/queue-numbers.ts';
import { prepareDatabase } from '../../server/src/startup.ts';

export interface BenchServer {
  baseUrl: string;
  app: FastifyInstance;
  /** Signed-in sessions for these users, straight into the session table: the cookie of each. */
  sessionsFor(userIds: readonly number[]): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The real application (every plugin, the same pool and settings, the queue numbering as main.ts
 * runs it) on a local port, plus the
 * floor of this stack: `GET /bench/bare/:id`, one primary-key SELECT through the same Kysely
 * and pool, serialised by the same Fastify, with no session.
 */
export async function startBenchServer(
  database: OpenDatabase,
  trustFile: string,
): Promise<BenchServer> {
  const config = readConfig({
    KEZEK_DEMO: '0',
    LOG_LEVEL: 'silent',
    KEZEK_TRUSTED_CAS: trustFile,
    KEZEK_MAP_TILES: 'off',
  });
  const prepared = await prepareDatabase(database.db, config, systemClock, { demoKeys: false });
  const app = await buildApp({
    config,
    db: database.db,
    dbKind: database.kind,
    pool: database.pool,
    listen: database.listen,
    clock: systemClock,
    trust: prepared.trust,
    sessionSecret: prepared.sessionSecret,
    pseudonymKey: prepared.pseudonymKey,
    logKeyPem: prepared.logKeyPem,
    demo: prepared.demo,
    logger: false,
  });
  app.get<{ Params: { id: string } }>('/bench/bare/:id', async (request) =>
    database.db
      .selectFrom('applications')
      .select(['id', 'number', 'status'])
      .where('id', '=', request.params.id)
      .executeTakeFirst(),
  );
  const stopNumbering = startQueueNumbering({
    db: database.db,
    intervalMs: 1_000,
    onError: (error) => console.error('bench: queue renumbering failed', error),
  });
  await app.listen({ host: '127.0.0.1', port: 0, backlog: 16_384 });
  const { port } = app.server.address() as AddressInfo;
  const cookieSigner = signerFactory(prepared.sessionSecret);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    sessionsFor: async (userIds) => {
      const expires = new Date(Date.now() + 4 * 3_600_000);
      const sids = userIds.map(() => randomBytes(24).toString('base64url'));
      const data = userIds.map((userId) =>
        JSON.stringify({
          cookie: {
            originalMaxAge: 4 * 3_600_000,
            expires: expires.toISOString(),
            httpOnly: true,
            path: '/',
            sameSite: 'lax',
          },
          userId,
        }),
      );
      for (let start = 0; start < sids.length; start += 5000) {
        await sql`insert into sessions (sid, data, expires_at)
          select sid, data::jsonb, ${expires} from unnest(${sids.slice(start, start + 5000)}::text[],
            ${data.slice(start, start + 5000)}::text[]) as t(sid, data)`.execute(database.db);
      }
      return sids.map((sid) => `kezek_session=${encodeURIComponent(cookieSigner.sign(sid))}`);
    },
    close: async () => {
      await stopNumbering();
      await app.close();
    },
  };
}
