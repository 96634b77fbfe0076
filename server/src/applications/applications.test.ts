import contentDisposition from 'content-disposition';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import { DEMO_PERSONS } from '../demo/people.ts';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import type { PersonKeys, TestCa } from '../signature/test-ca/index.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from '../testing/eds.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

let t: TestApp;
let ca: TestCa;
let astanaDistrictId: number;
const person = (lastName: string, firstName?: string) =>
  DEMO_PERSONS.find((p) => p.lastName === lastName && (!firstName || p.firstName === firstName))!;
const olga = person('Иванова');
const maksim = person('Иванов', 'Максим');
const asel = person('Нұрланова', 'Әсел');
const yerzhan = person('Нұрланов', 'Ержан');
const ali = person('Нұрланов', 'Әли');
const tomiris = person('Нұрланова', 'Томирис');
const svetlana = person('Ким', 'Светлана');
let olgaKeys: PersonKeys;
let aselKeys: PersonKeys;
let yerzhanKeys: PersonKeys;
let svetlanaKeys: PersonKeys;

beforeAll(async () => {
  const trusted = await trustedTestCa();
  ca = trusted.ca;
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trusted.trustFile });
  [olgaKeys, aselKeys, yerzhanKeys, svetlanaKeys] = (await Promise.all(
    [olga, asel, yerzhan, svetlana].map((p) => keysFor(ca, p)),
  )) as [PersonKeys, PersonKeys, PersonKeys, PersonKeys];
  astanaDistrictId = (await new TestClient(t.app).get('/api/regions'))
    .json()
    .items.find((r: { code: string }) => r.code === 'astana').districts[0].id;
});
afterAll(() => t.close());
checkInvariantsAfterEach(() => t);

const contacts = {
  email: 'parent@example.kz',
  phone: '+77011234567',
  address: { city: 'Астана', district: 'Есіл', street: 'ул. Кенесары', house: '1', flat: '12' },
};

async function register(
  client: TestClient,
  keys: PersonKeys,
  childIin: string,
  extra: object = {},
) {
  const body = await signedBody(client, keys.sign, 'application.create', {
    districtId: astanaDistrictId,
    applicant: contacts,
    child: { iin: childIin },
    ...extra,
  });
  return client.post('/api/applications', body);
}

async function counts() {
  const count = (table: 'applications' | 'documents' | 'history' | 'outbox') =>
    t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  return {
    applications: await count('applications'),
    documents: await count('documents'),
    history: await count('history'),
    outbox: await count('outbox'),
  };
}

describe('registering a child', () => {
  it('registers at once: number, queue numbers, three documents in the applicant’s language, history, notifications', async () => {
    const client = await signedInWithEds(t, olgaKeys);
    client.language = 'ru';
    const response = await register(client, olgaKeys, maksim.iin);
    expect(response.statusCode).toBe(201);
    const application = response.json();
    expect(application).toMatchObject({
      status: 'queued',
      child: { iin: maksim.iin, fullName: 'Иванов Максим Андреевич', birthDate: '2021-11-02' },
      groupYear: 2021,
      queueNumber: 1,
      benefitQueueNumber: null,
      // Seeds 000–002 show the applicant's birth date and the portal's and service centre's
      // numbers, which an application made here has not.
      applicant: expect.objectContaining({
        iin: olga.iin,
        birthDate: '1992-01-25',
        // Seed 001, fig. 6: the address in its fields, and on one line for documents.
        address: 'Астана, Есіл, ул. Кенесары, 1, 12',
        addressParts: contacts.address,
      }),
      pepNumber: null,
      conNumber: null,
      actions: ['confirmInterest', 'changeBenefit', 'withdraw'],
    });
    expect(application.number).toMatch(/^UO\.2026\.\d{6}\.1$/);
    expect(application.interestConfirmedUntil).toBe('2027-03-02T18:59:59.999Z');

    const documents = (await client.get(`/api/applications/${application.id}/documents`)).json()
      .items;
    expect(documents.map((d: { kind: string }) => d.kind)).toEqual([
      'registration_notice',
      'documents_receipt',
      'record_book_entry',
    ]);
    // Issued with the registration, rendered when first read: no size until then.
    expect(documents.map((d: { size: number | null }) => d.size)).toEqual([null, null, null]);
    const pdf = await client.get(`/api/documents/${documents[0].id}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // Named in the applicant's language with the number, for the parent's downloads folder.
    expect(contentDisposition.parse(String(pdf.headers['content-disposition']))).toEqual({
      type: 'inline',
      parameters: { filename: `Уведомление о регистрации ${application.number}.pdf` },
    });
    const text = (await readPdf(pdf.rawPayload)).text;
    expect(text).toContain(application.number);
    expect(text).toContain('Иванов Максим Андреевич');
    const book = (await readPdf((await client.get(`/api/documents/${documents[2].id}`)).rawPayload))
      .text;
    for (const printed of ['Город (населенный пункт) Астана', 'Улица ул. Кенесары', 'Квартира 12'])
      expect(book.replace(/\s+/g, ' ')).toContain(printed);
    const kept = await t.database.db
      .selectFrom('documents')
      .select(['sha256', 'size'])
      .where('id', '=', documents[0].id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({
      sha256: createHash('sha256').update(pdf.rawPayload).digest('hex'),
      size: pdf.rawPayload.length,
    });
    const again = await client.get(`/api/documents/${documents[0].id}`);
    expect(again.rawPayload.equals(pdf.rawPayload)).toBe(true);
    const listed = (await client.get(`/api/applications/${application.id}/documents`)).json().items;
    expect(listed[0].size).toBe(pdf.rawPayload.length);

    const history = (await client.get(`/api/applications/${application.id}/history`)).json().items;
    expect(history).toEqual([
      expect.objectContaining({
        event: 'application.registered',
        fromStatus: null,
        toStatus: 'queued',
        actor: 'you',
        signed: true,
      }),
    ]);
    const outbox = await t.database.db
      .selectFrom('outbox')
      .select(['channel', 'recipient', 'language'])
      .orderBy('id')
      .execute();
    expect(outbox.map((m) => m.channel).sort()).toEqual(['email', 'inapp', 'sms']);
    expect(outbox.every((m) => m.language === 'ru')).toBe(true);

    const journal = (await client.get('/api/applications')).json().items;
    expect(journal.map((a: { id: string }) => a.id)).toEqual([application.id]);
  });

  it.each([
    ['the same child again', () => maksim.iin, 409, 'child_already_queued'],
    ['an invalid IIN', () => '220315500011', 422, 'invalid_iin'],
    [
      'a child the registry does not know',
      () => makeIin('2023-05-05', 'female', 9321),
      422,
      'unknown_person',
    ],
    ['another family’s child', () => ali.iin, 422, 'not_a_parent'],
  ])('refuses %s and stores nothing', async (_case, childIin, status, code) => {
    const client = await signedInWithEds(t, olgaKeys);
    const before = await counts();
    const response = await register(client, olgaKeys, childIin());
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('refuses a child who has reached the age limit', async () => {
    const older = makeIin('2019-01-15', 'male', 4410);
    await new TestClient(t.app).post('/api/test/persons', {
      persons: [{ iin: older, lastName: 'Ким', firstName: 'Олег', parentIins: [svetlana.iin] }],
    });
    t.clock.set(new Date('2026-03-02T09:00:00+05:00'));
    const client = await signedInWithEds(t, svetlanaKeys);
    const response = await register(client, svetlanaKeys, older);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('child_too_old');
  });

  it('refuses the second parent for a child already in the queue (one active application per child)', async () => {
    const first = await signedInWithEds(t, aselKeys);
    expect((await register(first, aselKeys, tomiris.iin)).statusCode).toBe(201);
    const second = await signedInWithEds(t, yerzhanKeys);
    const response = await register(second, yerzhanKeys, tomiris.iin);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('child_already_queued');
  });
});

describe('benefit with an uploaded proof', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  async function upload(
    client: TestClient,
    name: string,
    content: Buffer,
    type = 'application/octet-stream',
  ) {
    const boundary = '----kezek';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return client.request({
      method: 'POST',
      url: '/api/attachments',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  it('bounds what one person keeps uploaded, limits the pace, and forgets uploads never attached', async () => {
    const client = await signedInWithEds(t, olgaKeys);
    const big = Buffer.concat([pdf, Buffer.alloc(9 * 1024 * 1024)]);
    const kept: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await upload(client, `scan-${i}.pdf`, big);
      expect(response.statusCode).toBe(201);
      kept.push(response.json().id);
    }
    // 45 MB wait to be attached: a sixth 9 MB file would pass the quota of 50 MB.
    const over = await upload(client, 'scan-5.pdf', big);
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('upload_quota_exceeded');
    // The pace: 20 uploads a minute per person (6 so far).
    for (let i = 0; i < 14; i += 1) await upload(client, 'over.pdf', pdf);
    const fast = await upload(client, 'fast.pdf', pdf);
    expect(fast.statusCode).toBe(429);
    expect(fast.json().code).toBe('rate_limited');
    // A day later the unattached uploads are gone, and with them the quota they took.
    t.clock.advance(24 * 3_600_000 + 60_000);
    const tick = (await new TestClient(t.app).post('/api/test/tick')).json();
    expect(tick.uploadsForgotten).toBeGreaterThanOrEqual(5);
    expect((await client.get(`/api/documents/${kept[0]}`)).statusCode).toBe(404);
    const left = await t.database.db
      .selectFrom('documents')
      .select('id')
      .where('id', 'in', kept)
      .execute();
    expect(left).toEqual([]);
  });

  it('reads the type from the content, not the browser’s claim, and refuses other files', async () => {
    const client = await signedInWithEds(t, aselKeys);
    const named = await upload(client, 'scan.png', png, 'application/pdf');
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ contentType: 'image/png', size: png.length });
    expect(
      (await upload(client, 'notes.png', Buffer.from('plain text, not an image'))).statusCode,
    ).toBe(415);
    const tooLarge = await upload(
      client,
      'big.pdf',
      Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('payload_too_large');
  });

  it('registers a first-priority child with the proof, which the signature covers', async () => {
    const client = await signedInWithEds(t, aselKeys);
    const uploaded = (await upload(client, 'справка.pdf', pdf)).json();
    // Seed 001: a benefit needs the scanned copies of its proof; nothing is kept of the refusal.
    const before = await counts();
    const withoutProof = await register(client, aselKeys, ali.iin, {
      benefit: { categoryCode: 'large_family', attachments: [] },
    });
    expect(withoutProof.statusCode).toBe(422);
    expect(withoutProof.json()).toMatchObject({
      code: 'benefit_documents_required',
      errors: [expect.objectContaining({ path: 'benefit.attachments' })],
    });
    expect(await counts()).toEqual(before);
    const wrongHash = await register(client, aselKeys, ali.iin, {
      benefit: {
        categoryCode: 'large_family',
        attachments: [{ id: uploaded.id, sha256: '0'.repeat(64) }],
      },
    });
    expect(wrongHash.json().code).toBe('unknown_attachment');
    const response = await register(client, aselKeys, ali.iin, {
      benefit: {
        categoryCode: 'large_family',
        attachments: [{ id: uploaded.id, sha256: uploaded.sha256 }],
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      benefit: { categoryCode: 'large_family', class: 'first_priority', status: 'claimed' },
      benefitQueueNumber: 1,
      queueNumber: 1,
    });
    const documents = (await client.get(`/api/applications/${response.json().id}/documents`)).json()
      .items;
    expect(documents[0]).toMatchObject({ kind: 'attachment', title: 'справка.pdf' });
    // An upload keeps its name.
    const uploadedFile = await client.get(`/api/documents/${documents[0].id}`);
    expect(
      contentDisposition.parse(String(uploadedFile.headers['content-disposition'])).parameters,
    ).toEqual({ filename: 'справка.pdf' });
  });
});

describe('actions and privacy', () => {
  it('confirms interest, removes the benefit keeping the instant, and withdraws with a signature', async () => {
    const client = await signedInWithEds(t, aselKeys);
    const application = (await client.get('/api/applications'))
      .json()
      .items.find((a: { child: { iin: string } }) => a.child.iin === ali.iin);
    t.clock.advance(40 * 24 * 3600 * 1000);
    const confirmed = await client.post(`/api/applications/${application.id}/confirm-interest`);
    expect(new Date(confirmed.json().interestConfirmedUntil).getTime()).toBeGreaterThan(
      new Date(application.interestConfirmedUntil).getTime(),
    );
    const unproven = await client.post(
      `/api/applications/${application.id}/benefit`,
      await signedBody(client, aselKeys.sign, 'application.changeBenefit', {
        applicationId: application.id,
        benefit: { categoryCode: 'disabled_parent', attachments: [] },
      }),
    );
    expect(unproven.statusCode).toBe(422);
    expect(unproven.json().code).toBe('benefit_documents_required');
    const removed = await client.post(
      `/api/applications/${application.id}/benefit`,
      await signedBody(client, aselKeys.sign, 'application.changeBenefit', {
        applicationId: application.id,
        benefit: null,
      }),
    );
    expect(removed.json()).toMatchObject({
      benefit: { categoryCode: null, class: null },
      benefitQueueNumber: null,
      registeredAt: application.registeredAt,
    });
    const forAnother = await client.post(
      `/api/applications/${application.id}/withdraw`,
      await signedBody(client, aselKeys.sign, 'application.withdraw', {
        applicationId: '999999',
        reason: 'x',
      }),
    );
    expect(forAnother.json().code).toBe('action_mismatch');
    const withdrawn = await client.post(
      `/api/applications/${application.id}/withdraw`,
      await signedBody(client, aselKeys.sign, 'application.withdraw', {
        applicationId: application.id,
        reason: 'Переезжаем',
      }),
    );
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', actions: [], queueNumber: null });
    const events = (await client.get(`/api/applications/${application.id}/history`))
      .json()
      .items.map((h: { event: string }) => h.event);
    expect(events).toEqual([
      'application.registered',
      'application.interest_confirmed',
      'application.benefit_changed',
      'application.withdrawn',
    ]);
  });

  it('lets the other parent attach the application, and nobody else', async () => {
    const other = await signedInWithEds(t, yerzhanKeys);
    const attached = await other.post(
      '/api/applications/attach',
      await signedBody(other, yerzhanKeys.sign, 'application.attach', { childIin: tomiris.iin }),
    );
    expect(attached.statusCode).toBe(200);
    expect(
      (await other.get('/api/applications'))
        .json()
        .items.map((a: { child: { iin: string } }) => a.child.iin),
    ).toContain(tomiris.iin);
    const stranger = await signedInWithEds(t, olgaKeys);
    const refused = await stranger.post(
      '/api/applications/attach',
      await signedBody(stranger, olgaKeys.sign, 'application.attach', { childIin: tomiris.iin }),
    );
    expect(refused.json().code).toBe('not_a_parent');
  });

  it('answers a stranger 404 for someone else’s application, document and attachment', async () => {
    const owner = await signedInWithEds(t, aselKeys);
    const application = (await owner.get('/api/applications')).json().items[0];
    const documents = (await owner.get(`/api/applications/${application.id}/documents`)).json()
      .items;
    const stranger = await signedInWithEds(t, olgaKeys);
    for (const url of [
      `/api/applications/${application.id}`,
      `/api/applications/${application.id}/history`,
      `/api/applications/${application.id}/documents`,
      ...documents.map((d: { id: string }) => `/api/documents/${d.id}`),
    ]) {
      expect((await stranger.get(url)).statusCode, url).toBe(404);
    }
    const confirm = await stranger.post(`/api/applications/${application.id}/confirm-interest`);
    expect(confirm.statusCode).toBe(404);
  });
});
