/** The goals of issues 7 and 13: reported as met or missed, never asserted. */
export const GOALS = {
  queueNumberP99Ms: 5,
  journalVsBare: 0.7,
  release10kMs: 1000,
  rushP99Ms: 300,
  registrationsPerSec: 300,
  verifyVsOpenssl: 20,
  rushVsBare: 2,
  natStatus429: 0,
  rushP99WithFloodVsWithout: 1.5,
  batchedFreeChoiceMs: 2000,
  publicQueuePageP99Ms: 50,
  dashboardP99Ms: 200,
  logAppendOverheadPct: 10,
  import1mSec: 300,
};

interface Rush {
  places: number;
  directions: number;
  p99Ms: number;
  errors5xx: number;
}

/** Each measure is absent when --only left it out. */
interface Measured {
  queueNumberP99Ms?: number;
  journalVsBare?: number;
  release10kMs?: number;
  rush?: Rush | null;
  registrationsPerSec?: number;
  verifyVsOpenssl?: number;
  rushVsBare?: number | null;
  nat?: {
    parents: number;
    status429: number;
    directions: number;
    byStatus: Record<string, number>;
  };
  flood?: { rushP99Ms: number; rushP99WithFloodMs: number };
  batchedFreeChoiceMs?: number;
  publicQueuePageP99Ms?: number;
  dashboardP99Ms?: number;
  logAppendOverheadPct?: number;
  import1mSec?: number;
  importRows?: number;
}

const verdict = <T>(value: T | null | undefined, ok: (value: T) => boolean) =>
  value === undefined || value === null ? 'not run' : ok(value) ? 'met' : 'missed';

/** A rush that gave exactly its places and no server error. */
const rushWhole = (rush: Rush | null | undefined) =>
  !!rush && rush.directions === rush.places && rush.errors5xx === 0;

export function judge(r: Measured) {
  return {
    queueNumberP99Ms: verdict(r.queueNumberP99Ms, (v) => v <= GOALS.queueNumberP99Ms),
    journalVsBare: verdict(r.journalVsBare, (v) => v >= GOALS.journalVsBare),
    release10kMs: verdict(r.release10kMs, (v) => v <= GOALS.release10kMs),
    rush: verdict(r.rush, (rush) => rushWhole(rush) && rush.p99Ms <= GOALS.rushP99Ms),
    registrationsPerSec: verdict(r.registrationsPerSec, (v) => v >= GOALS.registrationsPerSec),
    verifyVsOpenssl: verdict(r.verifyVsOpenssl, (v) => v <= GOALS.verifyVsOpenssl),
    rushVsBare: verdict(r.rushVsBare, (v) => v <= GOALS.rushVsBare && rushWhole(r.rush)),
    nat: verdict(
      r.nat,
      (nat) =>
        nat.status429 === GOALS.natStatus429 &&
        Object.keys(nat.byStatus).every((status) => ['201', '409 place_taken'].includes(status)),
    ),
    flood: verdict(
      r.flood,
      (flood) => flood.rushP99WithFloodMs <= GOALS.rushP99WithFloodVsWithout * flood.rushP99Ms,
    ),
    batchedFreeChoiceMs: verdict(r.batchedFreeChoiceMs, (v) => v <= GOALS.batchedFreeChoiceMs),
    publicQueuePageP99Ms: verdict(r.publicQueuePageP99Ms, (v) => v <= GOALS.publicQueuePageP99Ms),
    dashboardP99Ms: verdict(r.dashboardP99Ms, (v) => v <= GOALS.dashboardP99Ms),
    logAppendOverheadPct: verdict(r.logAppendOverheadPct, (v) => v <= GOALS.logAppendOverheadPct),
    import1mSec: verdict(r.import1mSec, (v) => v <= GOALS.import1mSec),
  };
}

type Row = Measured & {
  db: string;
  n: number;
  loadSeconds?: number;
  queueNumberHttpP99Ms?: number;
  journalRps?: number;
  bareRps?: number;
  pgbenchSelectTps: number | null;
  journalVsPgbench: number | null;
  rush?: (Rush & { clients: number; p50Ms: number; wallMs: number; bareWallMs: number }) | null;
  growth: { n: number; queueNumberP99Ms?: number; releaseMs?: number }[];
  verifyP50Ms?: number;
  verifyP99Ms?: number;
  opensslVerifyMs?: number;
  goals: ReturnType<typeof judge>;
};

/** The results as the Markdown table docs/performance.md shows. */
export function printTable(rows: Row[], machine: Record<string, unknown>): void {
  const line = (cells: unknown[]) => console.log(`| ${cells.join(' | ')} |`);
  console.log('');
  line(['measure', 'goal', ...rows.map((r) => `${r.db} (n = ${r.n})`)]);
  line(['---', '---', ...rows.map(() => '---')]);
  // A measure that --only left out shows as —.
  const each = (label: string, goal: string, cell: (r: Row) => unknown) =>
    line([
      label,
      goal,
      ...rows.map((r) => (/undefined|null/.test(String(cell(r))) ? '—' : cell(r))),
    ]);
  each('country loaded, s', '', (r) => r.loadSeconds);
  each(
    'queue number p99, in-process, ms',
    '≤ 5',
    (r) => `${r.queueNumberP99Ms} (${r.goals.queueNumberP99Ms})`,
  );
  each('queue number p99, HTTP, ms', '', (r) => r.queueNumberHttpP99Ms);
  each('journal, requests/s', '', (r) => r.journalRps);
  each('bare endpoint, requests/s', '', (r) => r.bareRps);
  each('journal / bare', '≥ 0.7', (r) => `${r.journalVsBare} (${r.goals.journalVsBare})`);
  each('pgbench -S, tps', '', (r) => r.pgbenchSelectTps ?? '—');
  each('journal / pgbench', '', (r) => r.journalVsPgbench ?? '—');
  each(
    'release of 10 000 places, ms',
    '≤ 1000',
    (r) => `${r.release10kMs} (${r.goals.release10kMs})`,
  );
  each(
    'batched free choice: 10 000 requests decided, ms',
    '≤ 2000',
    (r) => `${r.batchedFreeChoiceMs} (${r.goals.batchedFreeChoiceMs})`,
  );
  each(
    'public queue page p99, HTTP, ms',
    '≤ 50',
    (r) => `${r.publicQueuePageP99Ms} (${r.goals.publicQueuePageP99Ms})`,
  );
  each(
    'dashboard p99, HTTP, ms',
    '≤ 200',
    (r) => `${r.dashboardP99Ms} (${r.goals.dashboardP99Ms})`,
  );
  each(
    'transparency log: registrations/s lost to it, %',
    '≤ 10',
    (r) => `${r.logAppendOverheadPct} (${r.goals.logAppendOverheadPct})`,
  );
  each(
    'queue import of 1 M rows, s (scaled from importRows)',
    '≤ 300',
    (r) => `${r.import1mSec} from ${r.importRows} (${r.goals.import1mSec})`,
  );
  each(
    'rush: clients / places / directions',
    '= places',
    (r) => `${r.rush?.clients} / ${r.rush?.places} / ${r.rush?.directions}`,
  );
  each(
    'rush p50 / p99, ms',
    'p99 ≤ 300',
    (r) => `${r.rush?.p50Ms} / ${r.rush?.p99Ms} (${r.goals.rush})`,
  );
  each('rush 5xx', '0', (r) => r.rush?.errors5xx);
  each(
    'rush / bare burst (wall), ms',
    '≤ 2×',
    (r) => `${r.rush?.wallMs} / ${r.rush?.bareWallMs} = ${r.rushVsBare} (${r.goals.rushVsBare})`,
  );
  each(
    '200 parents behind one address: directions / 429',
    '429 = 0',
    (r) => `${r.nat?.directions} / ${r.nat?.status429} (${r.goals.nat})`,
  );
  each(
    'rush p99 without / with a flood, ms',
    '≤ 1.5×',
    (r) => `${r.flood?.rushP99Ms} / ${r.flood?.rushP99WithFloodMs} (${r.goals.flood})`,
  );
  each(
    'signed registrations/s',
    '≥ 300',
    (r) => `${r.registrationsPerSec} (${r.goals.registrationsPerSec})`,
  );
  each('verification p50 / p99, in-process, ms', '', (r) => `${r.verifyP50Ms} / ${r.verifyP99Ms}`);
  each('openssl RSA-2048 verify, ms', '', (r) => r.opensslVerifyMs);
  each(
    'verification / openssl',
    '≤ 20',
    (r) => `${r.verifyVsOpenssl} (${r.goals.verifyVsOpenssl})`,
  );
  for (const r of rows) {
    console.log(
      `\ngrowth (${r.db}): ${r.growth.map((g) => `n = ${g.n}: lookup p99 ${g.queueNumberP99Ms ?? '—'} ms, release ${g.releaseMs ?? '—'} ms`).join('; ')}`,
    );
  }
  console.log(`\nmachine: ${JSON.stringify(machine)}`);
}
