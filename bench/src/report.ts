/** The goals of issue 7: reported as met or missed, never asserted. */
export const GOALS = {
  queueNumberP99Ms: 5,
  journalVsBare: 0.7,
  release10kMs: 1000,
  rushP99Ms: 300,
  registrationsPerSec: 300,
};

/** Each measure is absent when --only left it out. */
interface Measured {
  queueNumberP99Ms?: number;
  journalVsBare?: number;
  release10kMs?: number;
  rush?: { places: number; directions: number; p99Ms: number; errors5xx: number } | null;
  registrationsPerSec?: number;
}

const verdict = <T>(value: T | null | undefined, ok: (value: T) => boolean) =>
  value === undefined || value === null ? 'not run' : ok(value) ? 'met' : 'missed';

export function judge(r: Measured) {
  return {
    queueNumberP99Ms: verdict(r.queueNumberP99Ms, (v) => v <= GOALS.queueNumberP99Ms),
    journalVsBare: verdict(r.journalVsBare, (v) => v >= GOALS.journalVsBare),
    release10kMs: verdict(r.release10kMs, (v) => v <= GOALS.release10kMs),
    rush: verdict(
      r.rush,
      (rush) =>
        rush.directions === rush.places && rush.p99Ms <= GOALS.rushP99Ms && rush.errors5xx === 0,
    ),
    registrationsPerSec: verdict(r.registrationsPerSec, (v) => v >= GOALS.registrationsPerSec),
  };
}

type Row = Measured & {
  db: string;
  n: number;
  loadSeconds: number;
  queueNumberHttpP99Ms?: number;
  journalRps?: number;
  bareRps?: number;
  pgbenchSelectTps: number | null;
  journalVsPgbench: number | null;
  rush?: (Measured['rush'] & { clients: number; p50Ms: number }) | null;
  growth: { n: number; queueNumberP99Ms?: number; releaseMs?: number }[];
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
    'signed registrations/s',
    '≥ 300',
    (r) => `${r.registrationsPerSec} (${r.goals.registrationsPerSec})`,
  );
  for (const r of rows) {
    console.log(
      `\ngrowth (${r.db}): ${r.growth.map((g) => `n = ${g.n}: lookup p99 ${g.queueNumberP99Ms ?? '—'} ms, release ${g.releaseMs ?? '—'} ms`).join('; ')}`,
    );
  }
  console.log(`\nmachine: ${JSON.stringify(machine)}`);
}
