import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNumbers } from '../applications/queue.ts';
import { FRESH_GROUP_YEAR, buildWorld, type World } from '../testing/world.ts';

let w: World;

beforeAll(async () => {
  w = await buildWorld();
  // A queue of five for FRESH_GROUP_YEAR in Astana (district P), besides the world's own.
  for (const who of ['A', 'B', 'A', 'B', 'A'] as const) await w.freshApplication(who);
});
afterAll(() => w.t.close());

/** Everything a release writes, counted: a what-if must leave every count as it was. */
async function footprint() {
  const tables = [
    'applications',
    'place_batches',
    'history',
    'log_leaves',
    'outbox',
    'kindergartens',
    'directions',
  ];
  const counts: Record<string, unknown> = {};
  for (const table of tables) {
    const row = await sql<{
      n: string;
    }>`select count(*)::text as n from ${sql.table(table)}`.execute(w.t.database.db);
    counts[table] = row.rows[0]!.n;
  }
  counts.statuses = (
    await sql<{ s: string }>`select string_agg(status || ':' || n, ',' order by status) as s
      from (select status, count(*) n from applications group by status) x`.execute(w.t.database.db)
  ).rows[0]!.s;
  return counts;
}

/** The queue numbers of the children a real batch gave turns to, as their journal shows them. */
async function realTurns(batchId: string): Promise<number[]> {
  const rows = await w.t.database.db
    .selectFrom('applications')
    .select('id')
    .where('turn_batch_id', '=', batchId)
    .execute();
  const numbers = await Promise.all(
    rows.map(async (row) => (await queueNumbers(w.t.database.db, row.id)).queueNumber!),
  );
  return numbers.sort((a, b) => a - b);
}

const release = () => ({
  kindergartenId: w.kindergartenX,
  groupYear: FRESH_GROUP_YEAR,
  language: w.languageX,
  count: 2,
});

describe('what-if', () => {
  it('changes nothing, and equals the real release that follows it', async () => {
    const before = await footprint();
    const tried = await w.clients.officerP.post('/api/department/what-if', {
      kind: 'release',
      ...release(),
    });
    expect(tried.statusCode, tried.body).toBe(200);
    const result = tried.json();
    expect(await footprint()).toEqual(before);

    const [group] = result.groups;
    expect(group.turns).toHaveLength(2);
    expect(group.byClass).toEqual({ out_of_turn: 0, first_priority: 0, general: 2 });
    expect(group.toFreeChoice).toBe(0);
    const wait = result.medianWait.find(
      (row: { groupYear: number }) => row.groupYear === FRESH_GROUP_YEAR,
    );
    expect(wait.waitingAfter).toBe(wait.waitingBefore - 2);
    expect(wait.medianDaysBefore).toBeTypeOf('number');

    // The real release by the kindergarten's staff gives the same children their turns.
    const real = await w.clients.staffX.post('/api/places', release());
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json().turnsGiven).toBe(2);
    expect(await realTurns(real.json().id)).toEqual(group.turns);
  });

  it('tries a new kindergarten’s groups one after another, and forgets the kindergarten', async () => {
    const kindergartens = await footprint();
    const tried = await w.clients.admin.post('/api/department/what-if', {
      kind: 'new_kindergarten',
      districtId: w.districtP,
      groups: [
        { groupYear: FRESH_GROUP_YEAR, language: 'kk', count: 1 },
        { groupYear: FRESH_GROUP_YEAR, language: 'ru', count: 1 },
        { groupYear: FRESH_GROUP_YEAR, language: 'ru', count: 50 },
      ],
    });
    expect(tried.statusCode, tried.body).toBe(200);
    const [first, second, third] = tried.json().groups;
    expect(first.turns).toHaveLength(1);
    expect(second.turns).toHaveLength(1);
    // Each group's children are others than the groups' before it.
    expect(second.turns[0]).toBeGreaterThan(first.turns[0]);
    expect(third.turns).not.toContain(first.turns[0]);
    expect(third.turns.length + third.toFreeChoice).toBe(50);
    expect(third.toFreeChoice).toBeGreaterThan(0);
    expect(await footprint()).toEqual(kindergartens);
  });

  it('answers only officers of the district and administrators', async () => {
    const body = { kind: 'release', ...release() };
    const answers: Record<string, number> = {};
    for (const role of ['anonymous', 'applicantA', 'staffX', 'officerQ', 'officerP'] as const) {
      answers[role] = (await w.clients[role].post('/api/department/what-if', body)).statusCode;
    }
    expect(answers).toEqual({
      anonymous: 401,
      applicantA: 403,
      staffX: 403,
      officerQ: 404,
      officerP: 200,
    });
    const tooOld = await w.clients.officerP.post('/api/department/what-if', {
      ...body,
      groupYear: 2015,
    });
    expect(tooOld.statusCode).toBe(422);
    expect(tooOld.json().code).toBe('group_year_out_of_range');
  });
});
