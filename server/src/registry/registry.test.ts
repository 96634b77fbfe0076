import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONS } from '../demo/people.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { CsvImportError, parsePersonsCsv } from './csv.ts';
import { upsertPersons } from './sql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const parent = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const child = DEMO_PERSONS.find((p) => p.parentIins?.includes(parent.iin))!;
const stranger = DEMO_PERSONS.find((p) => p.lastName === 'Ким' && !p.parentIins)!;

/** Signs a registry person in as an applicant (EDS sign-in arrives with its own tests). */
async function applicantClient(iin: string): Promise<TestClient> {
  const now = t.clock.now();
  await t.database.db
    .insertInto('users')
    .values({ iin, full_name: iin, roles: ['applicant'], created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('iin').doNothing())
    .execute();
  const { id } = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('iin', '=', iin)
    .executeTakeFirstOrThrow();
  return TestClient.withUserSession(t, id);
}

describe('GET /api/persons/{iin}', () => {
  it('answers the applicant with their own data and their child, 404 for anyone else', async () => {
    const client = await applicantClient(parent.iin);
    expect((await client.get(`/api/persons/${parent.iin}`)).json()).toMatchObject({
      lastName: 'Иванова',
      sex: 'female',
    });
    const own = await client.get(`/api/persons/${child.iin}`);
    expect(own.json()).toMatchObject({
      iin: child.iin,
      fullName: 'Иванов Максим Андреевич',
      birthDate: '2021-11-02',
    });
    expect((await client.get(`/api/persons/${stranger.iin}`)).statusCode).toBe(404);
    expect((await client.get('/api/persons/791028302729')).statusCode).toBe(422);
    const children = (await client.get('/api/persons/me/children')).json().items;
    expect(children.map((c: { iin: string }) => c.iin)).toEqual([child.iin]);
  });

  it('is closed to anonymous users', async () => {
    expect((await new TestClient(t.app).get(`/api/persons/${parent.iin}`)).statusCode).toBe(401);
  });
});

describe('CSV import', () => {
  it('reads people and parent links, then loads them', async () => {
    const persons = parsePersonsCsv(
      'iin,lastName,firstName,middleName,parentIins\n' +
        '791028302728,Жұмабаев,Ерлан,Серікұлы,\n' +
        '220315500104,Жұмабаев,Нұрлан,,791028302728\n',
    );
    expect(persons).toEqual([
      { iin: '791028302728', lastName: 'Жұмабаев', firstName: 'Ерлан', middleName: 'Серікұлы' },
      {
        iin: '220315500104',
        lastName: 'Жұмабаев',
        firstName: 'Нұрлан',
        parentIins: ['791028302728'],
      },
    ]);
    await t.database.db.transaction().execute((trx) => upsertPersons(trx, persons));
    const link = await t.database.db
      .selectFrom('person_parents')
      .selectAll()
      .where('child_iin', '=', '220315500104')
      .execute();
    expect(link).toContainEqual({ child_iin: '220315500104', parent_iin: '791028302728' });
  });

  it.each([
    [
      'an invalid IIN',
      'iin,lastName,firstName\n791028302729,A,B\n',
      /line 2: iin: IIN is not valid/,
    ],
    ['a missing name', 'iin,lastName,firstName\n791028302728,,B\n', /line 2: lastName/],
  ])('stops at %s with the line number', (_case, text, message) => {
    expect(() => parsePersonsCsv(text)).toThrow(CsvImportError);
    expect(() => parsePersonsCsv(text)).toThrow(message);
  });
});
