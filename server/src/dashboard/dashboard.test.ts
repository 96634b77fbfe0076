import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, DashboardFigure } from '@kezek/contracts';
import { makeIin } from '@kezek/domain';
import { runDueJobs } from '../jobs/runner.ts';
import { insertWaitingApplications, type WaitingApplication } from '../testing/applications.ts';
import { TestClient } from '../testing/harness.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import { medianWaits } from './queries.ts';
import { refreshDashboard } from './summaries.ts';

/**
 * A small city, by hand: in Astana (officer Astana) children waiting in group years 2023 and
 * 2024, one in Kokshetau (officer Akmola); in group year 2022 four directions made through the
 * real routes: in March one enrolled, one refused, one left to expire; in April the expiry and
 * one more direction, revoked by the parent. Every figure is checked against the numbers worked
 * out here.
 */
let w: WorkspaceWorld;
const period = 'from=2026-02&to=2026-04';
const APRIL = new Date('2026-04-20T10:00:00+05:00');

const get = async (client: TestClient, query = period) => {
  const response = await client.get(`/api/dashboard?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Dashboard;
};
/** A figure as { row key: { series key: value } }. */
const table = (figure: DashboardFigure) =>
  Object.fromEntries(
    figure.rows.map((row) => [
      row.key,
      Object.fromEntries(figure.series.map((s, i) => [s.key, row.values[i]])),
    ]),
  );

beforeAll(async () => {
  w = await startWorkspaceWorld();
  const db = w.t.database.db;
  const district = async (id: number) =>
    (
      await db
        .selectFrom('districts')
        .select('region_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).region_id;
  const astana = { regionId: await district(w.districts.astana), districtId: w.districts.astana };
  const kokshetau = {
    regionId: await district(w.districts.kokshetau),
    districtId: w.districts.kokshetau,
  };
  const child = { lastName: 'Бала', firstName: 'Кезек' };
  const waiting = (
    where: typeof astana,
    serial: number,
    birthDate: string,
    queueClass: WaitingApplication['queueClass'],
  ): WaitingApplication => ({
    ...where,
    applicantUserId: w.parent.userId,
    serial,
    minute: serial,
    birthDate,
    child,
    queueClass,
  });
  await insertWaitingApplications(db, [
    waiting(astana, 901, '2023-02-01', 'general'),
    waiting(astana, 902, '2023-03-01', 'general'),
    waiting(astana, 903, '2023-04-01', 'first_priority'),
    waiting(astana, 904, '2024-01-05', 'out_of_turn'),
    waiting(kokshetau, 905, '2023-05-01', 'general'),
  ]);

  // March: d1 enrolled, d2 refused (confirmed), d4 issued.
  const staff = { staff: w.staff, groupYear: 2022 };
  const d1 = await issueDirection(w, { kindergartenId: w.kindergartens.no1, ...staff });
  const accepted = await signedPost(
    w.staff,
    `/api/directions/${d1.directionId}/accept`,
    'direction.accept',
    { directionId: d1.directionId },
  );
  expect(accepted.statusCode, accepted.body).toBe(200);
  const d2 = await issueDirection(w, { kindergartenId: w.kindergartens.no1, ...staff });
  const refusal = await signedPost(
    w.staff,
    `/api/directions/${d2.directionId}/refuse`,
    'direction.refuse',
    { directionId: d2.directionId, reason: 'Нет медицинской справки' },
  );
  expect(refusal.statusCode, refusal.body).toBe(200);
  const decision = await signedPost(
    w.officer,
    `/api/refusals/${refusal.json().id}/decision`,
    'refusal.decide',
    { refusalId: refusal.json().id, confirm: true },
  );
  expect(decision.statusCode, decision.body).toBe(200);
  await issueDirection(w, { kindergartenId: w.kindergartens.no1, ...staff });
  await runDueJobs(db, w.t.clock);

  // April: d4 expires (the jobs), d3 issued at № 7 and revoked within its window.
  w.t.clock.set(APRIL);
  expect((await runDueJobs(db, w.t.clock)).directionsExpired).toBe(1);
  const d3 = await issueDirection(w, { kindergartenId: w.kindergartens.no7, ...staff });
  const revoked = await signedPost(
    w.parent,
    `/api/directions/${d3.directionId}/revoke`,
    'direction.revoke',
    { directionId: d3.directionId, reason: 'Далеко от дома' },
  );
  expect(revoked.statusCode, revoked.body).toBe(200);
  w.t.clock.set(new Date(APRIL.getTime() + 15 * 60_000));
  await runDueJobs(db, w.t.clock);
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('the dashboard (docs/dashboard.md)', () => {
  it('shows an officer the queue of their districts by group year, class and district, month by month', async () => {
    const d = await get(w.officer.client);
    expect(d.from).toBe('2026-02');
    expect(d.to).toBe('2026-04');
    expect(d.districts.map((x) => x.id)).toEqual([w.districts.astana]);
    // February was never counted: no values. March: the four children of 2023 and 2024 (the
    // 2022 children were enrolled, refused or held a direction). April: also the expired child
    // (stop-listed) and the revoked one (queued again).
    expect(table(d.figures.queueByGroupYear)).toEqual({
      '2026-02': { '2022': null, '2023': null, '2024': null },
      '2026-03': { '2022': 0, '2023': 3, '2024': 1 },
      '2026-04': { '2022': 2, '2023': 3, '2024': 1 },
    });
    expect(table(d.figures.queueByClass)).toEqual({
      '2026-02': { out_of_turn: null, first_priority: null, general: null },
      '2026-03': { out_of_turn: 1, first_priority: 1, general: 2 },
      '2026-04': { out_of_turn: 1, first_priority: 1, general: 4 },
    });
    expect(table(d.figures.queueByDistrict)).toEqual({
      '2026-02': { [w.districts.astana]: null },
      '2026-03': { [w.districts.astana]: 4 },
      '2026-04': { [w.districts.astana]: 6 },
    });
    expect(d.figures.queueByDistrict.series[0]!.name?.ru).toBe('Астана');
  });

  it('counts places released against the waiting queue, and the directions of each month', async () => {
    const d = await get(w.officer.client);
    expect(table(d.figures.releasedAgainstDemand)).toEqual({
      '2026-02': { released: 0, waiting: null },
      '2026-03': { released: 3, waiting: 4 },
      '2026-04': { released: 1, waiting: 6 },
    });
    expect(table(d.figures.directions)).toEqual({
      '2026-02': { issued: 0, expired: 0, revoked: 0, refused: 0, enrolled: 0 },
      '2026-03': { issued: 3, expired: 0, revoked: 0, refused: 1, enrolled: 1 },
      '2026-04': { issued: 1, expired: 1, revoked: 1, refused: 0, enrolled: 0 },
    });
  });

  it('gives the median wait to a turn of each group year and month', async () => {
    const d = await get(w.officer.client);
    // Registered on 1 June 2025 (testing/workspace.ts): the March turns came 274 whole days
    // later (2 March, 04:00 UTC), the April one 323 days (20 April, 05:00 UTC).
    expect(table(d.figures.medianWait)).toEqual({
      '2026-02': { '2022': null },
      '2026-03': { '2022': 274 },
      '2026-04': { '2022': 323 },
    });
  });

  it('takes the median of an even number of turns as the mean of the two middle waits', async () => {
    const db = w.t.database.db;
    const rows = [
      [10, 1],
      [20, 1],
      [30, 1],
      [40, 1],
    ].map(([wait, turns]) => ({
      month: '2020-01',
      district_id: w.districts.kokshetau,
      group_year: 2016,
      wait_days: wait!,
      turns: turns!,
    }));
    await db
      .insertInto('dashboard_turn_waits')
      .values([
        ...rows,
        // Three turns: 5, 5, 9 days.
        { ...rows[0]!, group_year: 2017, wait_days: 5, turns: 2 },
        { ...rows[0]!, group_year: 2017, wait_days: 9, turns: 1 },
      ])
      .execute();
    // Two districts: the median of the histogram (the other has no turns that month).
    const medians = await medianWaits(db, {
      from: '2020-01',
      to: '2020-01',
      districtIds: [w.districts.kokshetau, w.districts.astana],
    });
    expect(medians.map((m) => [m.group_year, m.turns, m.median])).toEqual([
      [2016, 4, 25],
      [2017, 3, 5],
    ]);
  });

  it('lists refusals and free places by kindergarten', async () => {
    const d = await get(w.officer.client);
    expect(d.figures.refusalsByKindergarten.rows).toEqual([
      { key: String(w.kindergartens.no1), name: expect.any(Object), values: [1] },
    ]);
    // The places given back went to free choice: d2's and d4's at № 1, d3's at № 7.
    expect(
      d.figures.freePlacesByKindergarten.rows.map((row) => [Number(row.key), row.values[0]]),
    ).toEqual([
      [w.kindergartens.no1, 2],
      [w.kindergartens.no7, 1],
    ]);
  });

  it('shows an administrator every district, or the one chosen', async () => {
    const all = await get(w.admin.client);
    expect(all.districts.length).toBeGreaterThan(1);
    expect(table(all.figures.queueByDistrict)['2026-04']).toEqual({
      [w.districts.astana]: 6,
      [w.districts.kokshetau]: 1,
    });
    // The medians kept for every district: only Astana's turns.
    expect(table(all.figures.medianWait)['2026-04']).toEqual({ '2022': 323 });
    const one = await get(w.admin.client, `${period}&districtId=${w.districts.kokshetau}`);
    expect(table(one.figures.queueByGroupYear)['2026-04']).toEqual({ '2023': 1 });
    expect(one.figures.directions.rows.every((row) => row.values.every((v) => v === 0))).toBe(true);
    const akmola = await get(w.officerAkmola.client);
    expect(table(akmola.figures.queueByDistrict)['2026-04']).toEqual({
      [w.districts.kokshetau]: 1,
    });
  });

  it('refuses anonymous callers, applicants and staff, and a district outside the officer’s', async () => {
    const anonymous = new TestClient(w.t.app);
    expect((await anonymous.get('/api/dashboard')).statusCode).toBe(401);
    expect((await w.parent.client.get('/api/dashboard')).statusCode).toBe(403);
    expect((await w.staff.client.get('/api/dashboard')).statusCode).toBe(403);
    const other = await w.officer.client.get(`/api/dashboard?districtId=${w.districts.kokshetau}`);
    expect(other.statusCode).toBe(404);
    const otherExport = await w.officer.client.get(
      `/api/dashboard/export?figure=directions&format=csv&districtId=${w.districts.kokshetau}`,
    );
    expect(otherExport.statusCode).toBe(404);
    expect((await w.officer.client.get('/api/dashboard?from=2026-05&to=2026-01')).statusCode).toBe(
      400,
    );
  });

  it('downloads each figure as CSV and XLSX with the header in the language asked', async () => {
    const csv = await w.officer.client.get(
      `/api/dashboard/export?figure=directions&format=csv&lang=ru&${period}`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('kezek-directions-2026-02-2026-04.csv');
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toEqual([
      'Месяц,Выдано,Истекло,Отозвано,Отказано,Зачислено',
      '2026-02,0,0,0,0,0',
      '2026-03,3,0,0,1,1',
      '2026-04,1,1,1,0,0',
    ]);
    const kk = await w.officer.client.get(
      `/api/dashboard/export?figure=queueByGroupYear&format=csv&lang=kk&${period}`,
    );
    expect(
      kk.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toEqual(['Ай,2022,2023,2024', '2026-02,,,', '2026-03,0,3,1', '2026-04,2,3,1']);
    const xlsx = await w.officer.client.get(
      `/api/dashboard/export?figure=freePlacesByKindergarten&format=xlsx&lang=ru&${period}`,
    );
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(xlsx.rawPayload).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Свободные места в детских садах');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Детский сад', 'Свободные места']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Детский сад № 1 «Балбобек»', 2]);
    expect(sheet.getRow(3).values).toEqual([undefined, 'Детский сад № 7 «Акбота»', 1]);
  });

  it('keeps the summaries current without counting a history row twice', async () => {
    const before = await get(w.admin.client);
    const again = await refreshDashboard(w.t.database.db, w.t.clock.now());
    expect(again.historyRowsSummarised).toBe(0);
    const after = await get(w.admin.client);
    expect(after.figures).toEqual(before.figures);
    expect(after.summarisedAt).toBe(w.t.clock.now().toISOString());
  });

  it('keeps the median of a region’s districts together, as an officer of the region reads it', async () => {
    // The Akmola officer serves every district of Akmola oblast: the kept medians of the region.
    await issueDirection(w, {
      kindergartenId: w.kindergartens.no9,
      staff: w.staffKokshetau,
      groupYear: 2022,
      language: 'ru',
    });
    await runDueJobs(w.t.database.db, w.t.clock);
    const akmola = await get(w.officerAkmola.client);
    expect(akmola.districts.length).toBeGreaterThan(1);
    // Registered on 1 June 2025, the turn on 20 April 2026 (05:15 UTC): 323 whole days.
    expect(table(akmola.figures.medianWait)['2026-04']).toEqual({ '2022': 323 });
    expect(table(akmola.figures.directions)['2026-04']!.issued).toBe(1);
    // Every district's: the two April turns (Astana's and Kokshetau's) waited 323 days each.
    const all = await get(w.admin.client);
    expect(table(all.figures.medianWait)['2026-04']).toEqual({ '2022': 323 });
  });
});

describe('the medians of an officer’s own set of districts (docs/dashboard.md)', () => {
  const db = () => w.t.database.db;
  const password = 'a-long-password';
  /** Officers of Astana and Kokshetau (two regions): neither a district, a region nor all. */
  const officers: { id: number; iin: string }[] = [];
  let akkol: number;
  /** The kept sets, as their sorted district ids. */
  const keptSets = async () =>
    (await db().selectFrom('dashboard_district_sets').select('district_ids').execute()).map(
      (set) => set.district_ids,
    );
  /** A kept set's medians, as medianWaits gives them. */
  const keptMedians = async (districtIds: number[]) =>
    db()
      .selectFrom('dashboard_set_medians as m')
      .innerJoin('dashboard_district_sets as s', 's.id', 'm.set_id')
      .select(['m.month', 'm.group_year', 'm.turns', 'm.median_days as median'])
      .where('s.district_ids', '=', sql<number[]>`${districtIds}::int[]`)
      .orderBy('m.month')
      .orderBy('m.group_year')
      .execute();
  const signedIn = async (iin: string) => {
    const client = new TestClient(w.t.app);
    expect((await client.signIn(iin, password)).statusCode).toBe(200);
    return client;
  };
  const setDistricts = async (officer: { id: number }, change: object) =>
    expect((await w.admin.client.patch(`/api/admin/staff/${officer.id}`, change)).statusCode).toBe(
      200,
    );
  const everything = { from: '2019-01', to: '2026-12' };

  beforeAll(async () => {
    akkol = (
      await db()
        .selectFrom('districts')
        .select('id')
        .where('name_ru', '=', 'Аккольский район')
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('keeps them once an officer has the set, the same medians as the histogram’s', async () => {
    // January 2019, by hand: in Astana waits of 10 and 30, 30 days (group year 2015) and 100
    // (2016); in Kokshetau 20 and 50 (2015), 200 (2016); in Akkol, outside the set, three of 1.
    const queue = (district: number, groupYear: number, wait: number, turns: number) => ({
      month: '2019-01',
      district_id: district,
      group_year: groupYear,
      wait_days: wait,
      turns,
    });
    const { astana, kokshetau } = w.districts;
    await db()
      .insertInto('dashboard_turn_waits')
      .values([
        queue(astana, 2015, 10, 1),
        queue(astana, 2015, 30, 2),
        queue(astana, 2016, 100, 1),
        queue(kokshetau, 2015, 20, 1),
        queue(kokshetau, 2015, 50, 1),
        queue(kokshetau, 2016, 200, 1),
        queue(akkol, 2015, 1, 3),
      ])
      .execute();
    const period = { ...everything, districtIds: [kokshetau, astana] };
    // No officer has the set yet: the histogram. 2015: 10, 20, 30, 30, 50; 2016: 100 and 200.
    const fromHistogram = await medianWaits(db(), period);
    expect(fromHistogram.filter((m) => m.month === '2019-01')).toEqual([
      { month: '2019-01', group_year: 2015, turns: 5, median: 30 },
      { month: '2019-01', group_year: 2016, turns: 2, median: 150 },
    ]);
    // The April turns of the earlier tests: Astana's and Kokshetau's, 323 days each.
    expect(fromHistogram.filter((m) => m.month === '2026-04')).toEqual([
      { month: '2026-04', group_year: 2022, turns: 2, median: 323 },
    ]);

    for (const serial of [1, 2]) {
      const iin = makeIin('1980-02-02', 'female', 7700 + serial);
      const created = await w.admin.client.post('/api/admin/staff', {
        iin,
        fullName: `Офицер Двух Районов ${serial}`,
        password,
        role: 'officer',
        districtIds: [kokshetau, astana],
      });
      expect(created.statusCode, created.body).toBe(201);
      officers.push({ id: created.json().id, iin });
    }
    expect(await keptSets()).toEqual([]);
    await runDueJobs(db(), w.t.clock);
    const set = [astana, kokshetau].sort((a, b) => a - b);
    expect(await keptSets()).toEqual([set]);
    expect(await keptMedians(set)).toEqual(fromHistogram);
    expect(await medianWaits(db(), period)).toEqual(fromHistogram);
    // What is read is the kept rows: one changed by hand shows.
    const kept = db()
      .updateTable('dashboard_set_medians')
      .where('month', '=', '2019-01')
      .where('group_year', '=', 2016);
    await kept.set({ median_days: -1 }).execute();
    expect((await medianWaits(db(), period)).find((m) => m.group_year === 2016)?.median).toBe(-1);
    await kept.set({ median_days: 150 }).execute();

    const officer = await signedIn(officers[0]!.iin);
    const d = await get(officer, 'from=2019-01&to=2019-01');
    expect(table(d.figures.medianWait)).toEqual({ '2019-01': { '2015': 30, '2016': 150 } });
  });

  it('works the kept set’s medians out again with the turns the history brings', async () => {
    // Registered on 1 June 2025: a turn in Astana on 10 May 2026 (343 whole days), one in
    // Kokshetau on 14 May (347); group year 2021, whose queues are otherwise empty.
    w.t.clock.set(new Date('2026-05-10T05:00:00Z'));
    await issueDirection(w, {
      kindergartenId: w.kindergartens.no1,
      staff: w.staff,
      groupYear: 2021,
    });
    w.t.clock.set(new Date('2026-05-14T05:00:00Z'));
    await issueDirection(w, {
      kindergartenId: w.kindergartens.no9,
      staff: w.staffKokshetau,
      groupYear: 2021,
      language: 'ru',
    });
    const set = [w.districts.astana, w.districts.kokshetau].sort((a, b) => a - b);
    const may = async () => (await keptMedians(set)).filter((m) => m.month === '2026-05');
    expect(await may()).toEqual([]);
    await runDueJobs(db(), w.t.clock);
    expect(await may()).toEqual([{ month: '2026-05', group_year: 2021, turns: 2, median: 345 }]);
    const officer = await signedIn(officers[1]!.iin);
    expect(table((await get(officer, 'from=2026-05&to=2026-05')).figures.medianWait)).toEqual({
      '2026-05': { '2021': 345 },
    });
  });

  it('follows an officer whose districts change, and drops a set no officer has', async () => {
    const { astana, kokshetau } = w.districts;
    const [first, second] = officers as [(typeof officers)[number], (typeof officers)[number]];
    const officer = await signedIn(first.iin);
    const dashboard = async () =>
      table((await get(officer, 'from=2019-01&to=2019-01')).figures.medianWait);
    await setDistricts(first, { districtIds: [akkol, astana] });
    // Astana with Akkol: 1, 1, 1, 10, 30, 30 (2015) and 100 (2016); from the histogram
    // until the jobs run, from the kept set after.
    const expected = { '2019-01': { '2015': 5.5, '2016': 100 } };
    expect(await dashboard()).toEqual(expected);
    const newSet = [akkol, astana].sort((a, b) => a - b);
    const fromHistogram = await medianWaits(db(), { ...everything, districtIds: newSet });
    await runDueJobs(db(), w.t.clock);
    const oldSet = [astana, kokshetau].sort((a, b) => a - b);
    // The other officer still has Astana with Kokshetau.
    expect(await keptSets()).toEqual(expect.arrayContaining([oldSet, newSet]));
    expect(await keptSets()).toHaveLength(2);
    expect(await keptMedians(newSet)).toEqual(fromHistogram);
    expect(await dashboard()).toEqual(expected);

    // The other officer given the whole of Akmola (a region's medians are kept apart anyway), the
    // first switched off: no officer has either set any more.
    const akmola = await db()
      .selectFrom('districts')
      .select('id')
      .where('region_id', '=', (eb) =>
        eb.selectFrom('districts').select('region_id').where('id', '=', kokshetau),
      )
      .execute();
    await setDistricts(second, { districtIds: akmola.map((d) => d.id) });
    await setDistricts(first, { active: false });
    await runDueJobs(db(), w.t.clock);
    expect(await keptSets()).toEqual([]);
    expect(await db().selectFrom('dashboard_set_medians').select('set_id').execute()).toEqual([]);
  });
});
