import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { TimedResult } from './load/tasks.ts';
import { sendSigned, type BenchPki } from './people.ts';
import { percentile, round } from './percentiles.ts';
import type { BenchServer } from './server.ts';

/**
 * The rush: `places` free-choice places, spread over one state kindergarten of each district, and
 * `clients` parents of waiting children of that district and year who have all opened the page
 * and signed `direction.choose`, then press the button together.
 */
export async function measureRush(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  options: {
    regionId: number;
    adminUserId: number;
    clients: number;
    places: number;
    groupYear: number;
  },
) {
  const now = new Date();
  const batches = (
    await sql<{ id: string; district_id: number; free: number }>`
      with chosen as (
        select distinct on (k.district_id) k.id, k.district_id
        from kindergartens k join districts d on d.id = k.district_id
        where d.region_id = ${options.regionId} and k.type = 'state'
        order by k.district_id, k.id desc),
      numbered as (select *, row_number() over (order by district_id) - 1 as i, count(*) over () as n from chosen)
      insert into place_batches (kindergarten_id, district_id, group_year, language, total, free, state,
        turn_until, created_by, created_at)
      select id, district_id, ${options.groupYear}, 'kk', q, q, 'free_choice', ${now}, ${options.adminUserId}, ${now}
      from (select *, ${options.places} / n + case when i < ${options.places} % n then 1 else 0 end as q
            from numbered) sized
      returning id, district_id, free`.execute(db)
  ).rows;
  const perDistrict = Math.ceil(options.clients / batches.length);
  const waiting = (
    await sql<{ id: string; iin: string; user_id: number; district_id: number }>`
      select id, iin, user_id, district_id from (
        select a.id, u.iin, u.id as user_id, a.district_id,
          row_number() over (partition by a.district_id order by a.registered_at, a.number) as nth
        from (select distinct on (applicant_user_id) * from applications
              where region_id = ${options.regionId} and group_year = ${options.groupYear} and status = 'queued'
              order by applicant_user_id, id) a
        join users u on u.id = a.applicant_user_id) ranked
      where nth <= ${perDistrict}`.execute(db)
  ).rows.slice(0, options.clients);
  const batchOf = new Map(batches.map((b) => [b.district_id, b.id]));
  const result = await sendSigned(
    server,
    load,
    pki,
    waiting.map((w) => ({
      iin: w.iin,
      userId: w.user_id,
      request: {
        path: `/api/applications/${w.id}/direction`,
        action: 'direction.choose',
        fields: { applicationId: w.id, placeId: batchOf.get(w.district_id)! },
      },
    })),
    0,
  );
  const directions = Number(
    (
      await sql<{ n: string }>`select count(*) as n from directions
        where place_batch_id = any(${batches.map((b) => b.id)}::bigint[])`.execute(db)
    ).rows[0]!.n,
  );
  const errors5xx = Object.entries(result.byStatus)
    .filter(([status]) => status.startsWith('5') || status.startsWith('error'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    applicationIds: waiting.map((w) => w.id),
    clients: waiting.length,
    places: batches.reduce((sum, b) => sum + b.free, 0),
    directions,
    p50Ms: round(percentile(result.times, 50)),
    p99Ms: round(percentile(result.times, 99)),
    wallMs: round(result.wallMs, 0),
    errors5xx,
    byStatus: result.byStatus,
  };
}

/**
 * The floor of a rush: as many requests as it sent, all at once, to the bare one-SELECT endpoint
 * (no session, no signature), each from a visitor of its own connected beforehand, as the rush's
 * parents were. The rush's wall time over this one is `rushVsBare`.
 */
export async function measureBareBurst(
  server: BenchServer,
  load: LoadGenerator,
  applicationIds: readonly string[],
) {
  const result = await load.run<TimedResult>({
    kind: 'burst',
    baseUrl: server.baseUrl,
    paths: applicationIds.map((id) => `/bench/bare/${id}`),
  });
  return { bareWallMs: round(result.wallMs, 0), bareByStatus: result.byStatus };
}
