import type { Db } from '../../server/src/db/connection.ts';
import { measureFlood } from './flood.ts';
import type { LoadGenerator } from './load/driver.ts';
import { measureNat } from './nat.ts';
import type { BenchPki } from './people.ts';
import { round } from './percentiles.ts';
import { measureBareBurst, measureRush } from './rush.ts';
import type { BenchServer } from './server.ts';

export interface CrowdPlan {
  regionId: number;
  adminUserId: number;
  clients: number;
  places: number;
  natParents: number;
  /** Which of rush, nat and flood to measure. */
  wanted: (measure: string) => boolean;
  log: (line: string) => void;
}

/**
 * The release morning's crowds (issue 13): the rush and its floor (the same number of requests to
 * the bare endpoint), the parents behind one address, and the rush again under a flood of
 * expensive CMS from one account.
 */
export async function measureCrowds(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  plan: CrowdPlan,
) {
  const crowd = {
    regionId: plan.regionId,
    adminUserId: plan.adminUserId,
    clients: plan.clients,
    places: plan.places,
  };
  let rush = null;
  let rushVsBare = null;
  if (plan.wanted('rush')) {
    const { applicationIds, ...measured } = await measureRush(db, server, load, pki, {
      ...crowd,
      groupYear: 2023,
    });
    plan.log(`rush ${JSON.stringify(measured.byStatus)}, p99 ${measured.p99Ms} ms`);
    const bare = await measureBareBurst(server, load, applicationIds);
    plan.log(`rush ${measured.wallMs} ms, the same to the bare endpoint ${bare.bareWallMs} ms`);
    rush = { ...measured, ...bare };
    rushVsBare = round(measured.wallMs / bare.bareWallMs, 2);
  }
  const nat = plan.wanted('nat')
    ? await measureNat(db, server, load, pki, { ...crowd, parents: plan.natParents })
    : undefined;
  if (nat) plan.log(`${nat.parents} parents behind one address: ${JSON.stringify(nat.byStatus)}`);
  let flood;
  if (plan.wanted('flood') && rush) {
    const flooded = await measureFlood(db, server, load, pki, crowd);
    const { applicationIds: _ids, ...rushWithFlood } = flooded.rush;
    flood = {
      rushP99Ms: rush.p99Ms,
      rushP99WithFloodMs: rushWithFlood.p99Ms,
      floodRequests: flooded.floodRequests,
      floodByStatus: flooded.floodByStatus,
      rushWithFlood,
    };
    plan.log(`the rush under a flood: p99 ${flood.rushP99WithFloodMs} ms`);
  }
  return { rush, rushVsBare, nat, flood };
}
