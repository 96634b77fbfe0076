import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import type { LoadGenerator } from './load/driver.ts';
import { newFamilies, sendSigned, type BenchPki } from './people.ts';
import { percentile, round } from './percentiles.ts';
import type { BenchServer } from './server.ts';

/** Parents registering at once: the requests in flight. */
const CONCURRENCY = 32;

/**
 * Signed registrations (`POST /api/applications`, `application.create`): parents known to the
 * registry, each signing for their own child; the server verifies each CMS fully, writes the
 * application, history, documents and notifications. Per second of the sending phase.
 */
export async function measureRegistrations(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  regionId: number,
  count: number,
  /** Numbers the new families after those of earlier measures (people.ts newFamilies). */
  first = 0,
) {
  const district = (
    await sql<{
      id: number;
    }>`select id from districts where region_id = ${regionId} order by id limit 1`.execute(db)
  ).rows[0]!;
  const families = await newFamilies(db, count, first);
  const result = await sendSigned(
    server,
    load,
    pki,
    families.map((family) => ({
      iin: family.iin,
      userId: family.userId,
      request: {
        path: '/api/applications',
        action: 'application.create',
        fields: {
          districtId: district.id,
          applicant: { email: 'parent@example.kz', phone: '+77010000000' },
          child: { iin: family.childIin },
        },
      },
    })),
    CONCURRENCY,
  );
  const registered = result.byStatus['201'] ?? 0;
  if (registered !== count) throw new Error(`registrations: ${JSON.stringify(result.byStatus)}`);
  return {
    registrations: registered,
    registrationsPerSec: round(registered / (result.wallMs / 1000), 1),
    registrationP99Ms: round(percentile(result.times, 99)),
  };
}
