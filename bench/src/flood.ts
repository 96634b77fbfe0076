import { makeIin } from '@kezek/domain';
import type { Db } from '../../server/src/db/connection.ts';
import { issuePersonKey } from '../../server/src/signature/test-ca/index.ts';
import { expensiveChainCms } from '../../server/src/signature/test-ca/hostile.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { FloodResult } from './load/tasks.ts';
import type { BenchPki } from './people.ts';
import { measureRush } from './rush.ts';
import type { BenchServer } from './server.ts';

/** The streams of the flooding account: as many as the outside probe sent in parallel. */
const STREAMS = 24;
const GROUP_YEAR = 2022;

/**
 * The rush again, on another group year, while one signed-in account sends CMS carrying 15
 * look-alike CA certificates with a 3 070-bit public exponent to
 * `POST /api/applications/999999/direction` from 24 sessions as fast as the answers come.
 */
export async function measureFlood(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  options: { regionId: number; adminUserId: number; clients: number; places: number },
) {
  const now = new Date();
  const iin = makeIin('1985-05-05', 'male', 9004);
  const flooder = await db
    .insertInto('users')
    .values({
      iin,
      full_name: 'Bench Flooder',
      roles: ['applicant'],
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const key = await issuePersonKey(pki.ca, 'sign', {
    iin,
    surname: 'FLOOD',
    givenName: 'BENCH',
    keyPair: pki.keyPair,
  });
  const content = JSON.stringify({
    action: 'direction.choose',
    nonce: 'flood',
    applicationId: '999999',
    placeId: '1',
  });
  const cms = await expensiveChainCms(pki.ca, key, new TextEncoder().encode(content));
  const cookies = await server.sessionsFor(Array.from({ length: STREAMS }, () => flooder.id));
  const flooding = load.run<FloodResult>({
    kind: 'flood',
    baseUrl: server.baseUrl,
    cookies,
    path: '/api/applications/999999/direction',
    body: { cms: Buffer.from(cms).toString('base64') },
  });
  try {
    const rush = await measureRush(db, server, load, pki, { ...options, groupYear: GROUP_YEAR });
    return { rush, ...(await stop(load, flooding)) };
  } catch (error) {
    await stop(load, flooding);
    throw error;
  }
}

async function stop(load: LoadGenerator, flooding: Promise<FloodResult>) {
  await load.run({ kind: 'stopFlood' });
  const result = await flooding;
  return { floodRequests: result.requests, floodByStatus: result.byStatus };
}
