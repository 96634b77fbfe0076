import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONS } from '../demo/people.ts';
import { enqueueNotification } from '../notify/outbox.ts';
import type { TestCa } from '../signature/test-ca/index.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from '../testing/eds.ts';
import { userIdOf } from '../testing/applications.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let ca: TestCa;
const parent = DEMO_PERSONS.find((p) => p.lastName === 'Смагулов')!;
const child = DEMO_PERSONS.find((p) => p.lastName === 'Смагулова')!;
const stranger = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;

beforeAll(async () => {
  const trusted = await trustedTestCa();
  ca = trusted.ca;
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trusted.trustFile });
});
afterAll(() => t.close());

describe('in-app messages', () => {
  it('keep each notification for its user only, newest first, page by page', async () => {
    const keys = await keysFor(ca, parent);
    const client = await signedInWithEds(t, keys);
    const districtId = (await client.get('/api/regions')).json().items[0].districts[0].id;
    const created = await client.post(
      '/api/applications',
      await signedBody(client, keys.sign, 'application.create', {
        districtId,
        applicant: { email: 'timur@example.kz', phone: '+77017654321' },
        child: { iin: child.iin },
      }),
    );
    expect(created.statusCode).toBe(201);
    const number = created.json().number;
    const inbox = (await client.get('/api/messages')).json();
    expect(inbox).toEqual({
      items: [
        expect.objectContaining({
          subject: expect.stringContaining(number),
          body: expect.stringContaining(number),
          language: 'en',
        }),
      ],
      nextCursor: null,
    });

    const userId = await userIdOf(t.database.db, parent.iin);
    const later = { subject: 'Later', body: 'Later body', sms: 'Later' };
    await t.database.db
      .transaction()
      .execute((trx) => enqueueNotification(trx, { userId }, 'kk', later, t.clock.now()));
    const first = (await client.get('/api/messages?limit=1')).json();
    expect(first.items.map((m: { subject: string }) => m.subject)).toEqual(['Later']);
    const second = (await client.get(`/api/messages?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].subject).toContain(number);
    expect(second.nextCursor).toBeNull();

    const other = await signedInWithEds(t, await keysFor(ca, stranger));
    expect((await other.get('/api/messages')).json().items).toEqual([]);
    expect((await new TestClient(t.app).get('/api/messages')).statusCode).toBe(401);
    const bad = await client.get('/api/messages?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });
});
