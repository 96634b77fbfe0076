import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, makeIin } from '@kezek/domain';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { verifyHistoryChain } from '../history/history.ts';
import { DEMO_ADMIN, TestClient, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let admin: TestClient;
let astanaDistrictId: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = new TestClient(t.app);
  await admin.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password);
  const regions = (await admin.get('/api/admin/regions')).json().items;
  astanaDistrictId = regions.find((r: { code: string }) => r.code === 'astana').districts[0].id;
});
afterAll(() => t.close());

const newKindergarten = (overrides: Record<string, unknown> = {}) => ({
  districtId: astanaDistrictId,
  name: { kk: '№ 99 «Жаңа» балабақшасы', ru: 'Детский сад № 99 «Жана»' },
  type: 'state',
  languages: ['kk', 'ru'],
  address: 'г. Астана, ул. Достык, 1',
  lat: 51.12,
  lon: 71.43,
  phone: '+77172509999',
  ownerIin: '220315500010',
  ...overrides,
});

describe('authorization', () => {
  it.each([
    ['GET', '/api/admin/regions'],
    ['GET', '/api/admin/kindergartens'],
    ['GET', '/api/admin/staff'],
    ['GET', '/api/admin/calendar?year=2026'],
  ])('refuses %s %s without a session (401)', async (method, url) => {
    const response = await new TestClient(t.app).request({ method: method as 'GET', url });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['staff', 'GET', '/api/admin/kindergartens'],
    ['staff', 'GET', '/api/admin/calendar?year=2026'],
    ['officer', 'GET', '/api/admin/staff'],
    ['officer', 'POST', '/api/admin/regions'],
  ])('refuses a %s account %s %s (403)', async (role, method, url) => {
    const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
    const client = new TestClient(t.app);
    await client.signIn(account.iin, account.password);
    const response = await client.request({
      method: method as 'GET',
      url,
      ...(method === 'POST' && { payload: { code: 'x1', name: { kk: 'a', ru: 'a', en: 'a' } } }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('lets an officer edit the calendar', async () => {
    const officer = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!;
    const client = new TestClient(t.app);
    await client.signIn(officer.iin, officer.password);
    const response = await client.put('/api/admin/calendar/2026-12-31', {
      kind: 'holiday',
      name: 'Decree 123',
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('regions and districts', () => {
  it('creates a region with the default policy, and refuses a duplicate code with 409', async () => {
    const created = await admin.post('/api/admin/regions', {
      code: 'shymkent',
      name: { kk: 'Шымкент қаласы', ru: 'город Шымкент', en: 'Shymkent city' },
    });
    expect(created.statusCode).toBe(201);
    const regionId = created.json().id;
    const policy = await admin.get(`/api/admin/policy?regionId=${regionId}`);
    expect(policy.json()).toEqual({ ...DEFAULT_POLICY, firstPriorityRatio: [1, 3] });
    const duplicate = await admin.post('/api/admin/regions', {
      code: 'shymkent',
      name: { kk: 'a', ru: 'b', en: 'c' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('region_code_taken');
  });

  it('creates and renames districts; a duplicate name is 409 and an unknown region 422', async () => {
    const regions = (await admin.get('/api/admin/regions')).json().items;
    const akmola = regions.find((r: { code: string }) => r.code === 'akmola');
    const created = await admin.post('/api/admin/districts', {
      regionId: akmola.id,
      name: { kk: 'Атбасар ауданы', ru: 'Атбасарский район', en: 'Atbasar District' },
    });
    expect(created.statusCode).toBe(201);
    const renamed = await admin.patch(`/api/admin/districts/${created.json().id}`, {
      name: { kk: 'Атбасар ауданы', ru: 'Атбасарский р-н', en: 'Atbasar' },
    });
    expect(renamed.json().name.ru).toBe('Атбасарский р-н');
    const duplicate = await admin.post('/api/admin/districts', {
      regionId: akmola.id,
      name: { kk: 'Ақкөл ауданы', ru: 'Другое', en: 'x' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('district_name_taken');
    const unknown = await admin.post('/api/admin/districts', {
      regionId: 99999,
      name: { kk: 'a', ru: 'b', en: 'c' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('unknown_region');
  });
});

describe('kindergartens', () => {
  it('creates a kindergarten that the public list then shows', async () => {
    const created = await admin.post('/api/admin/kindergartens', newKindergarten());
    expect(created.statusCode).toBe(201);
    const one = await admin.get(`/api/admin/kindergartens/${created.json().id}`);
    expect(one.json()).toMatchObject({
      name: { ru: 'Детский сад № 99 «Жана»' },
      ownerIin: '220315500010',
      languages: ['kk', 'ru'],
    });
    const list = await new TestClient(t.app).get(
      `/api/kindergartens?districtId=${astanaDistrictId}&language=kk`,
    );
    expect(list.json().items.map((k: { id: number }) => k.id)).toContain(created.json().id);
  });

  it('refuses the same name in the same district with 409 (any letter case)', async () => {
    const response = await admin.post(
      '/api/admin/kindergartens',
      newKindergarten({ name: { kk: 'Басқа', ru: 'ДЕТСКИЙ САД № 1 «БАЛБОБЕК»' } }),
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('kindergarten_name_taken');
  });

  it.each([
    ['an unknown district', { districtId: 999999 }, 422, 'unknown_district', undefined],
    ['an invalid owner IIN', { ownerIin: '123456789012' }, 422, 'invalid_iin', 'ownerIin'],
    ['a wrong type', { type: 'castle' }, 400, 'validation_failed', 'type'],
    ['no language', { languages: [] }, 400, 'validation_failed', 'languages'],
    ['lat as text', { lat: 'north' }, 400, 'validation_failed', 'lat'],
    ['a bad phone', { phone: '8-701-123' }, 400, 'validation_failed', 'phone'],
  ])('refuses %s', async (_case, overrides, status, code, path) => {
    const response = await admin.post(
      '/api/admin/kindergartens',
      newKindergarten({ name: { kk: `К ${_case}`, ru: `Д ${_case}` }, ...overrides }),
    );
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
    if (path) expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/admin/kindergartens',
      payload: '{"districtId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_json');
  });

  it('filters and pages with a cursor, every row exactly once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/admin/kindergartens?districtId=${astanaDistrictId}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.get(query)).json();
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((k: { id: number }) => k.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    const all = (
      await new TestClient(t.app).get(`/api/kindergartens?districtId=${astanaDistrictId}`)
    ).json().items;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((k: { id: number }) => k.id).sort());
    expect(pages).toBe(Math.ceil(all.length / 5));
    const privateOnly = (await admin.get('/api/admin/kindergartens?type=private&limit=200')).json()
      .items;
    expect(privateOnly.length).toBeGreaterThan(0);
    expect(privateOnly.every((k: { type: string }) => k.type === 'private')).toBe(true);
    const searched = (
      await admin.get(`/api/admin/kindergartens?q=${encodeURIComponent('балбөбек')}`)
    ).json().items;
    expect(searched.map((k: { name: { kk: string } }) => k.name.kk)).toEqual([
      '№ 1 «Балбөбек» балабақшасы',
    ]);
  });

  it('sorts Kazakh names in Kazakh alphabetical order (Ә before Я)', async () => {
    admin.language = 'kk';
    await admin.post(
      '/api/admin/kindergartens',
      newKindergarten({ name: { kk: 'Яблочко балабақшасы', ru: 'Яблочко' } }),
    );
    await admin.post(
      '/api/admin/kindergartens',
      newKindergarten({ name: { kk: 'Әлем балабақшасы', ru: 'Алем' } }),
    );
    const names: string[] = (
      await admin.get(`/api/admin/kindergartens?districtId=${astanaDistrictId}&limit=200`)
    )
      .json()
      .items.map((k: { name: { kk: string } }) => k.name.kk);
    admin.language = 'en';
    expect(names.indexOf('Әлем балабақшасы')).toBeLessThan(names.indexOf('Яблочко балабақшасы'));
  });

  it('changes a kindergarten and records before and after in the history', async () => {
    const id = (
      await admin.post(
        '/api/admin/kindergartens',
        newKindergarten({ name: { kk: 'Өзгеретін', ru: 'Меняемый' } }),
      )
    ).json().id;
    const changed = await admin.patch(`/api/admin/kindergartens/${id}`, {
      languages: ['ru'],
      phone: null,
    });
    expect(changed.json()).toMatchObject({ languages: ['ru'], phone: null });
    const rows = await t.database.db
      .selectFrom('history')
      .selectAll()
      .where('subject_type', '=', 'kindergarten')
      .where('subject_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.event)).toEqual(['kindergarten.created', 'kindergarten.changed']);
    expect(rows[1]!.before).toMatchObject({ languages: ['kk', 'ru'] });
    expect(rows[1]!.after).toMatchObject({ languages: ['ru'] });
  });
});

describe('staff accounts', () => {
  const iin = makeIin('1986-06-06', 'female', 4242);

  it('creates a staff account that can sign in and sees its kindergartens', async () => {
    const kindergartens = (await admin.get('/api/admin/kindergartens?limit=2')).json().items;
    const created = await admin.post('/api/admin/staff', {
      iin,
      fullName: 'Жаңа Қызметкер',
      password: 'a-long-password',
      role: 'staff',
      kindergartenIds: kindergartens.map((k: { id: number }) => k.id),
    });
    expect(created.statusCode).toBe(201);
    const client = new TestClient(t.app);
    const signIn = await client.signIn(iin, 'a-long-password');
    expect(signIn.json().user.kindergartenIds).toEqual(
      kindergartens.map((k: { id: number }) => k.id).sort((a: number, b: number) => a - b),
    );
  });

  it.each([
    ['a taken IIN', { iin: DEMO_ADMIN.iin }, 409, 'staff_iin_taken'],
    ['an invalid IIN', { iin: '000000000001' }, 422, 'invalid_iin'],
    [
      'a short password',
      { iin: makeIin('1980-01-01', 'male', 77), password: 'short' },
      400,
      'validation_failed',
    ],
    [
      'staff without a kindergarten',
      { iin: makeIin('1980-01-01', 'male', 78), kindergartenIds: [] },
      400,
      'validation_failed',
    ],
    [
      'an unknown kindergarten',
      { iin: makeIin('1980-01-01', 'male', 79), kindergartenIds: [999999] },
      422,
      'unknown_kindergarten',
    ],
  ])('refuses %s', async (_case, overrides, status, code) => {
    const response = await admin.post('/api/admin/staff', {
      fullName: 'Кто-то Другой',
      password: 'a-long-password',
      role: 'staff',
      kindergartenIds: [1],
      ...overrides,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('deactivating an account ends its sessions and refuses its sign-in', async () => {
    const client = new TestClient(t.app);
    await client.signIn(iin, 'a-long-password');
    const list = (await admin.get(`/api/admin/staff?q=${iin}`)).json().items;
    expect(list).toHaveLength(1);
    const response = await admin.patch(`/api/admin/staff/${list[0].id}`, { active: false });
    expect(response.json().active).toBe(false);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect((await new TestClient(t.app).signIn(iin, 'a-long-password')).statusCode).toBe(401);
  });

  it('lists accounts by role with paging', async () => {
    const page = (await admin.get('/api/admin/staff?role=officer&limit=1')).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0].role).toBe('officer');
    const next = (
      await admin.get(`/api/admin/staff?role=officer&limit=1&cursor=${page.nextCursor}`)
    ).json();
    expect(next.items[0].id).not.toBe(page.items[0].id);
  });
});

describe('policy and calendar', () => {
  it('changes the policy of a region and refuses impossible values', async () => {
    const regionId = (await admin.get('/api/admin/regions')).json().items[0].id;
    const changed = await admin.put(`/api/admin/policy?regionId=${regionId}`, {
      ...DEFAULT_POLICY,
      turnWindowDays: 5,
      firstPriorityRatio: [1, 2],
    });
    expect(changed.json()).toMatchObject({ turnWindowDays: 5, firstPriorityRatio: [1, 2] });
    const bad = await admin.put(`/api/admin/policy?regionId=${regionId}`, {
      ...DEFAULT_POLICY,
      turnWindowDays: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('turnWindowDays');
    const missing = await admin.get('/api/admin/policy?regionId=99999');
    expect(missing.statusCode).toBe(404);
  });

  it('lists the holidays of a year with overrides on top, and removes an override', async () => {
    const set = await admin.put('/api/admin/calendar/2026-01-03', {
      kind: 'workday',
      name: 'Transferred working Saturday',
    });
    expect(set.statusCode).toBe(200);
    const year = (await admin.get('/api/admin/calendar?year=2026')).json();
    expect(year.items).toContainEqual({
      date: '2026-01-03',
      kind: 'workday',
      name: 'Transferred working Saturday',
      source: 'override',
    });
    expect(year.items).toContainEqual(
      expect.objectContaining({ date: '2026-03-21', kind: 'holiday', source: 'law' }),
    );
    expect((await admin.delete('/api/admin/calendar/2026-01-03')).statusCode).toBe(204);
    expect((await admin.delete('/api/admin/calendar/2026-01-03')).statusCode).toBe(404);
    const invalidDate = await admin.put('/api/admin/calendar/2026-02-30', {
      kind: 'holiday',
      name: 'x',
    });
    expect(invalidDate.statusCode).toBe(400);
  });
});

describe('history', () => {
  it('chains every change it recorded', async () => {
    const verdict = await verifyHistoryChain(t.database.db);
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThan(5);
  });
});
