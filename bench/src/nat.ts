import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { TimedResult } from './load/tasks.ts';
import { sendSigned, type BenchPki } from './people.ts';
import type { BenchServer } from './server.ts';

const GROUP_YEAR = 2024;
/** One public address for all of them: a mobile carrier's NAT, a public service centre. */
const NAT_ADDRESS = '127.0.0.99';

/**
 * `parents` turn-holders behind one public address: a kindergarten adds as many places, the next
 * children in line get their turns, and all their parents take a nonce, sign and choose at once
 * from the same address. Every one of them should get a direction (or `place_taken`), never 429.
 */
export async function measureNat(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  options: { regionId: number; adminUserId: number; parents: number },
) {
  const kindergarten = (
    await sql<{ id: number }>`
      select k.id from kindergartens k join districts d on d.id = k.district_id
      where d.region_id = ${options.regionId} and k.type = 'state' and 'kk' = any(k.languages)
      order by k.id desc limit 1`.execute(db)
  ).rows[0]!;
  const [cookie] = await server.sessionsFor([options.adminUserId]);
  const released = await load.run<TimedResult>({
    kind: 'release',
    baseUrl: server.baseUrl,
    cookie: cookie!,
    concurrency: 1,
    batches: [
      {
        kindergartenId: kindergarten.id,
        groupYear: GROUP_YEAR,
        language: 'kk',
        count: options.parents,
      },
    ],
  });
  if (released.byStatus['201'] !== 1) throw new Error(`nat release: ${JSON.stringify(released)}`);
  const turns = (
    await sql<{ id: string; batch: string; iin: string; user_id: number }>`
      select a.id, a.turn_batch_id as batch, u.iin, u.id as user_id
      from applications a join users u on u.id = a.applicant_user_id
      join place_batches b on b.id = a.turn_batch_id
      where b.kindergarten_id = ${kindergarten.id} and b.group_year = ${GROUP_YEAR}
        and a.status = 'turn'`.execute(db)
  ).rows;
  const result = await sendSigned(
    server,
    load,
    pki,
    turns.map((turn) => ({
      iin: turn.iin,
      userId: turn.user_id,
      request: {
        path: `/api/applications/${turn.id}/direction`,
        action: 'direction.choose',
        fields: { applicationId: turn.id, placeId: turn.batch },
      },
    })),
    0,
    NAT_ADDRESS,
  );
  const directions = Number(
    (
      await sql<{ n: string }>`select count(*) as n from directions
        where place_batch_id = any(${[...new Set(turns.map((t) => t.batch))]}::bigint[])`.execute(
        db,
      )
    ).rows[0]!.n,
  );
  const status429 = Object.entries(result.byStatus)
    .filter(([status]) => status.startsWith('429'))
    .reduce((sum, [, n]) => sum + n, 0);
  return { parents: turns.length, status429, directions, byStatus: result.byStatus };
}
