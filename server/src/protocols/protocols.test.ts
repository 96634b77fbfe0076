import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Protocol } from '@kezek/contracts';
import { DEMO_PERSONS } from '../demo/people.ts';
import { TEST_START } from '../testing/templates.ts';
import { TestClient } from '../testing/harness.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type IssuedDirection,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

let w: WorkspaceWorld;
let anonymous: TestClient;
const ADDRESS = 'Астана, Қабанбай батыр даңғылы, 11, 42';
const TODAY = '2026-03-02';
const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
let byTurn: IssuedDirection;
let toPrivate: IssuedDirection;
let freeChoice: { applicationId: string; childIin: string };

const url = (query: string, path = '/api/public/protocols') =>
  `${path}?districtId=${w.districts.astana}&${query}`;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  anonymous = new TestClient(w.t.app);
  w.t.clock.set(TEST_START);
  byTurn = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
  toPrivate = await issueDirection(w, {
    kindergartenId: w.kindergartens.nurly,
    staff: w.staffPrivate,
  });
  // Places nobody waits for go to free choice at once; a child registered later takes one.
  w.t.clock.advance(60_000);
  const places = await w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no7,
    groupYear: 2023,
    language: 'ru',
    count: 2,
  });
  expect(places.statusCode, places.body).toBe(201);
  const applicationId = await waitingChild(w, {
    name: 'Еркін',
    minute: 1,
    groupYear: 2023,
    parentIins: [olga.iin],
  });
  const chosen = await signedPost(
    w.parent,
    `/api/applications/${applicationId}/direction`,
    'direction.choose',
    { applicationId, placeId: places.json().id },
  );
  expect(chosen.statusCode, chosen.body).toBe(201);
  const child = await w.t.database.db
    .selectFrom('applications')
    .select('child_iin')
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  freeChoice = { applicationId, childIin: child.child_iin };
  // The direction by turn is revoked: its place is given back (a returned batch row).
  w.t.clock.advance(60_000);
  const revoked = await signedPost(
    w.parent,
    `/api/directions/${byTurn.directionId}/revoke`,
    'direction.revoke',
    { directionId: byTurn.directionId, reason: 'Далеко от дома' },
  );
  expect(revoked.statusCode, revoked.body).toBe(200);
  // What the public must never see: the applicant's address, contacts and the children's names.
  await w.t.database.db.updateTable('applications').set({ address: ADDRESS }).execute();
});
afterAll(() => w.t.close());

describe('GET /api/public/protocols', () => {
  it('lists the district’s place batches, the place given back and each direction by mode', async () => {
    const response = await anonymous.get(url(`from=${TODAY}&to=${TODAY}`));
    expect(response.statusCode, response.body).toBe(200);
    const protocol: Protocol = response.json();
    const batches = protocol.batches.map((b) => [
      b.kindergarten.id,
      b.groupYear,
      b.count,
      b.returned,
    ]);
    expect(batches).toEqual([
      [w.kindergartens.no1, 2022, 1, false],
      [w.kindergartens.nurly, 2022, 1, false],
      [w.kindergartens.no7, 2023, 2, false],
      [w.kindergartens.no1, 2022, 1, true],
    ]);
    expect(protocol.batches[0]!.kindergarten.name.ru).toBe('Детский сад № 1 «Балбобек»');
    const pseudonym = (id: string) => w.t.app.pseudonyms.of(id);
    expect(protocol.directions.map((d) => [d.pseudonym, d.kindergarten.id, d.mode])).toEqual([
      [pseudonym(byTurn.applicationId), w.kindergartens.no1, 'turn'],
      [pseudonym(toPrivate.applicationId), w.kindergartens.nurly, 'private'],
      [pseudonym(freeChoice.applicationId), w.kindergartens.no7, 'free_choice'],
    ]);
    expect([protocol.batchesTruncated, protocol.directionsTruncated]).toEqual([false, false]);
  });

  it('keeps to the district and the period', async () => {
    const kokshetau = await anonymous.get(
      `/api/public/protocols?districtId=${w.districts.kokshetau}&from=${TODAY}&to=${TODAY}`,
    );
    expect(kokshetau.json()).toMatchObject({ batches: [], directions: [] });
    const before = await anonymous.get(url('from=2025-03-02&to=2026-03-01'));
    expect(before.json()).toMatchObject({ batches: [], directions: [] });
  });

  it('refuses a period longer than 366 days or ending before it starts, in the reader’s language', async () => {
    for (const [query, language, title] of [
      ['from=2025-03-01&to=2026-03-02', 'en', 'at most 366 days'],
      ['from=2026-03-02&to=2026-03-01', 'ru', 'не более 366 дней'],
      ['from=2025-01-01&to=2026-12-31', 'kk', '366 күннен'],
    ] as const) {
      anonymous.language = language;
      const refused = await anonymous.get(url(query));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('protocol_period');
      expect(refused.json().title).toContain(title);
    }
    anonymous.language = 'en';
    expect((await anonymous.get(url('from=2025-03-03&to=2026-03-02'))).statusCode).toBe(200);
  });

  it('downloads the same rows as CSV with a header row in the language asked', async () => {
    const json: Protocol = (await anonymous.get(url(`from=${TODAY}&to=${TODAY}`))).json();
    const headers = { kk: 'Жазба', ru: 'Запись', en: 'Record' };
    for (const language of ['kk', 'ru', 'en'] as const) {
      const response = await anonymous.get(
        url(`from=${TODAY}&to=${TODAY}&lang=${language}`, '/api/public/protocols.csv'),
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const rows: string[][] = parse(response.body, { bom: true });
      expect(rows[0]![0]).toBe(headers[language]);
      expect(rows.length).toBe(1 + json.batches.length + json.directions.length);
      expect(rows.slice(-3).map((row) => row[7])).toEqual(json.directions.map((d) => d.pseudonym));
    }
    const ru: string[][] = parse(
      (await anonymous.get(url(`from=${TODAY}&to=${TODAY}&lang=ru`, '/api/public/protocols.csv')))
        .body,
      { bom: true },
    );
    expect(ru[4]).toEqual([
      'Места',
      '02.03.2026 09:02',
      'Детский сад № 1 «Балбобек»',
      '2022',
      'казахский язык',
      '1',
      'да',
      '',
      '',
    ]);
  });

  it('holds no IIN, name, address or contact of the demo city', async () => {
    const bodies = [
      (await anonymous.get(url(`from=${TODAY}&to=${TODAY}`))).body,
      ...(await Promise.all(
        ['kk', 'ru', 'en'].map(
          async (language) =>
            (
              await anonymous.get(
                url(`from=${TODAY}&to=${TODAY}&lang=${language}`, '/api/public/protocols.csv'),
              )
            ).body,
        ),
      )),
    ].join('\n');
    const secrets = [
      ...DEMO_PERSONS.flatMap((p) => [p.lastName, p.firstName]),
      ...(await w.t.database.db.selectFrom('persons').select('iin').execute()).map((p) => p.iin),
      ...[byTurn, toPrivate, freeChoice].map((d) => d.childIin),
      ADDRESS,
      'olga@example.kz',
      'parent@example.kz',
      '+7701',
      'Далеко от дома',
    ];
    for (const secret of secrets) expect(bodies).not.toContain(secret);
  });
});
