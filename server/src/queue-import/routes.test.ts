// The upload screen's API (issue 20, item 3): an upload validated in the background, its refused
// rows by row number, the import refused until clean or asked for the clean rows, the progress
// polled, the rejected rows as a file.
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUEUE_IMPORT_COLUMNS, type QueueImport } from '@kezek/contracts';
import { makeIin } from '@kezek/domain';
import { multipartFile } from '../security/routes.ts';
import { DEMO_ADMIN, startTestApp, TestClient, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let admin: TestClient;
let districtId: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = new TestClient(t.app);
  expect((await admin.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password)).statusCode).toBe(200);
  districtId = (
    await t.database.db.selectFrom('districts').select('id').orderBy('id').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const row = (i: number, change: Record<string, string> = {}) => {
  const birth = `2023-04-${String(10 + i).padStart(2, '0')}`;
  const cells: Record<string, string> = {
    number: `R-${i}`,
    childIin: makeIin(birth, 'female', 8800 + i),
    birthDate: birth,
    applicantIin: makeIin('1991-02-02', 'male', 8800 + i),
    email: '',
    phone: '+77015550000',
    district: String(districtId),
    benefitClass: 'general',
    benefitCategory: '',
    registeredAt: `2024-02-0${i}T10:00:00+05:00`,
    status: 'queued',
    language: 'ru',
    ...change,
  };
  return QUEUE_IMPORT_COLUMNS.map((c) => cells[c]!);
};

/** Polls the import until its work is over (each poll a request, as the screen's). */
async function settled(id: string): Promise<QueueImport> {
  for (;;) {
    const view = (await admin.get(`/api/admin/queue-imports/${id}`)).json() as QueueImport;
    if (view.state !== 'validating' && view.state !== 'importing') return view;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('validates an upload, refuses the import until asked for the clean rows, and gives the rejected ones', async () => {
  const content = Buffer.from(
    stringify([[...QUEUE_IMPORT_COLUMNS], row(1), row(2, { district: 'Atlantis' }), row(3)]),
  );
  const uploaded = await admin.request({
    method: 'POST',
    ...multipartFile('/api/admin/queue-imports', 'legacy.csv', content),
  });
  expect(uploaded.statusCode, uploaded.body).toBe(202);
  const id = (uploaded.json() as QueueImport).id;
  const validated = await settled(id);
  expect(validated).toMatchObject({
    state: 'validated',
    rows: 3,
    rejected: 1,
    problems: [{ row: 3, codes: ['district_unknown'] }],
  });
  const refused = await admin.post(`/api/admin/queue-imports/${id}/start`, { onlyClean: false });
  expect(refused.json()).toMatchObject({ status: 409, code: 'import_not_clean' });
  const started = await admin.post(`/api/admin/queue-imports/${id}/start`, { onlyClean: true });
  expect(started.statusCode, started.body).toBe(202);
  expect(await settled(id)).toMatchObject({ state: 'done', imported: 2, doneRows: 3 });
  const rejected = await admin.get(`/api/admin/queue-imports/${id}/rejected.csv`);
  expect(rejected.headers['content-type']).toMatch(/^text\/csv/);
  expect(rejected.body.trim().split('\n')).toEqual([
    [...QUEUE_IMPORT_COLUMNS, 'row', 'problems'].join(','),
    [...row(2, { district: 'Atlantis' }), '3', 'district_unknown'].join(','),
  ]);
});

it('refuses a file without the required columns', async () => {
  const response = await admin.request({
    method: 'POST',
    ...multipartFile('/api/admin/queue-imports', 'other.csv', Buffer.from('iin,name\n1,2\n')),
  });
  expect(response.json()).toMatchObject({ status: 422, code: 'import_columns_missing' });
});
