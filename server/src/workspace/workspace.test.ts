import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import { issuePersonKeys } from '../signature/test-ca/index.ts';
import { signedBody } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  type IssuedDirection,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

let w: WorkspaceWorld;
let direction: IssuedDirection;

const search = (query: string, who = w.staff) => who.client.get(`/api/directions/search?${query}`);
const accept = (id: string, fields: object = {}, who = w.staff) =>
  signedPost(who, `/api/directions/${id}/accept`, 'direction.accept', {
    directionId: id,
    ...fields,
  });
const outboxFor = (subject: RegExp) =>
  w.t.database.db
    .selectFrom('outbox')
    .select(['channel', 'language', 'subject', 'body'])
    .execute()
    .then((rows) => rows.filter((row) => subject.test(row.subject)));

beforeAll(async () => {
  w = await startWorkspaceWorld();
  direction = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('finding a direction (docs/rules.md, "Kindergarten workspace")', () => {
  it('finds it by the child’s IIN and by its number, with the child, applicant and benefit', async () => {
    const byIin = await search(`kindergartenId=${w.kindergartens.no1}&iin=${direction.childIin}`);
    expect(byIin.statusCode).toBe(200);
    expect(byIin.json()).toMatchObject({
      id: direction.directionId,
      number: direction.number,
      status: 'issued',
      groupYear: 2022,
      kindergarten: { id: w.kindergartens.no1 },
      child: { iin: direction.childIin, fullName: expect.stringMatching(/^Иванов Бала\d+$/) },
      applicant: { fullName: 'Иванова Ольга Сергеевна', phone: '+77011112233' },
      benefit: { categoryCode: null, class: null },
      refusal: null,
      enrolmentId: null,
      benefitDocMaxAgeDays: null,
      actions: ['accept', 'refuse'],
    });
    const byNumber = await search(
      `kindergartenId=${w.kindergartens.no1}&number=${direction.number.toLowerCase()}`,
    );
    expect(byNumber.json().id).toBe(direction.directionId);
  });

  it('asks for exactly one key and a valid one', async () => {
    const k = `kindergartenId=${w.kindergartens.no1}`;
    for (const [query, status, code] of [
      [k, 400, 'validation_failed'],
      [`${k}&iin=${direction.childIin}&number=${direction.number}`, 400, 'validation_failed'],
      [`${k}&number=12345`, 400, 'validation_failed'],
      [`${k}&iin=123456789012`, 422, 'invalid_iin'],
    ] as const) {
      const response = await search(query);
      expect([response.statusCode, response.json().code], query).toEqual([status, code]);
    }
  });

  it('exists only in the kindergarten it was issued to and for its own staff (404 otherwise)', async () => {
    // Another kindergarten of the same staff member: not there.
    expect(
      (await search(`kindergartenId=${w.kindergartens.no7}&iin=${direction.childIin}`)).statusCode,
    ).toBe(404);
    // Another kindergarten's staff, asking for their own kindergarten or for this one.
    for (const kindergartenId of [w.kindergartens.no9, w.kindergartens.no1]) {
      const response = await search(
        `kindergartenId=${kindergartenId}&iin=${direction.childIin}`,
        w.staffKokshetau,
      );
      expect(response.statusCode).toBe(404);
    }
    expect(
      (await w.staffKokshetau.client.get(`/api/directions/${direction.directionId}/child-card`))
        .statusCode,
    ).toBe(404);
    // An administrator reaches every kindergarten.
    const admin = await search(
      `kindergartenId=${w.kindergartens.no1}&number=${direction.number}`,
      w.admin,
    );
    expect(admin.statusCode).toBe(200);
  });

  it('is not for applicants or officers', async () => {
    const query = `kindergartenId=${w.kindergartens.no1}&iin=${direction.childIin}`;
    expect((await search(query, w.parent)).statusCode).toBe(403);
    expect((await search(query, w.officer)).statusCode).toBe(403);
    expect((await new TestClient(w.t.app).get(`/api/directions/search?${query}`)).statusCode).toBe(
      401,
    );
  });

  it('downloads the child card issued with the direction', async () => {
    const card = await w.staff.client.get(`/api/directions/${direction.directionId}/child-card`);
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('application/pdf');
    expect(card.headers['content-disposition']).toContain(`child-card-${direction.number}.pdf`);
    const text = (await readPdf(card.rawPayload)).text;
    expect(text).toContain('Карточка ребенка');
    expect(text).toContain(direction.childIin);
    // The officer of the district may read it too; the officer of another district may not.
    const url = `/api/directions/${direction.directionId}/child-card`;
    expect((await w.officer.client.get(url)).statusCode).toBe(200);
    expect((await w.officerAkmola.client.get(url)).statusCode).toBe(404);
    expect((await w.parent.client.get(url)).statusCode).toBe(403);
  });
});

describe('accepting the child (signed direction.accept)', () => {
  it('refuses what is not this direction’s signature, by whom it must be', async () => {
    const id = direction.directionId;
    const other = await signedPost(w.staff, `/api/directions/${id}/accept`, 'direction.accept', {
      directionId: '999999',
    });
    expect([other.statusCode, other.json().code]).toEqual([400, 'action_mismatch']);
    const wrongAction = await signedPost(
      w.staff,
      `/api/directions/${id}/accept`,
      'direction.refuse',
      { directionId: id },
    );
    expect([wrongAction.statusCode, wrongAction.json().code]).toEqual([400, 'action_mismatch']);
    // Signed with the officer's key while signed in as the staff member.
    const someoneElse = await w.staff.client.post(
      `/api/directions/${id}/accept`,
      await signedBody(w.staff.client, w.officer.keys.sign, 'direction.accept', {
        directionId: id,
      }),
    );
    expect([someoneElse.statusCode, someoneElse.json().code]).toEqual([403, 'iin_mismatch']);
    const authKey = await w.staff.client.post(
      `/api/directions/${id}/accept`,
      await signedBody(w.staff.client, w.staff.keys.auth, 'direction.accept', { directionId: id }),
    );
    expect([authKey.statusCode, authKey.json().code]).toEqual([401, 'wrong_key_type']);
  });

  it('enrols the child: the enrolment, the statuses, the list, the history and the parent’s message', async () => {
    const accepted = await accept(direction.directionId);
    expect(accepted.statusCode).toBe(200);
    const db = w.t.database.db;
    const enrolment = await db
      .selectFrom('enrolments')
      .selectAll()
      .where('direction_id', '=', direction.directionId)
      .executeTakeFirstOrThrow();
    expect(accepted.json()).toMatchObject({
      id: enrolment.id,
      directionId: direction.directionId,
      directionNumber: direction.number,
      applicationNumber: expect.stringMatching(/^UO\.2025\.\d{6}\.1$/),
      groupYear: 2022,
      departedAt: null,
      departureReason: null,
    });
    expect(enrolment).toMatchObject({
      application_id: direction.applicationId,
      kindergarten_id: w.kindergartens.no1,
      child_iin: direction.childIin,
      group_year: 2022,
      enrolled_by: w.staff.userId,
      departed_on: null,
    });
    const application = await w.parent.client.get(`/api/applications/${direction.applicationId}`);
    expect(application.json()).toMatchObject({ status: 'enrolled', queueNumber: null });
    const found = await search(`kindergartenId=${w.kindergartens.no1}&number=${direction.number}`);
    expect(found.json()).toMatchObject({
      status: 'enrolled',
      enrolmentId: enrolment.id,
      actions: [],
    });
    const list = await w.staff.client.get(`/api/kindergartens/${w.kindergartens.no1}/enrolments`);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: enrolment.id,
        directionNumber: direction.number,
        child: expect.objectContaining({ iin: direction.childIin }),
        departedAt: null,
      }),
    ]);
    const history = (
      await w.parent.client.get(`/api/applications/${direction.applicationId}/history`)
    ).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.enrolled',
      fromStatus: 'direction_issued',
      toStatus: 'enrolled',
      actor: 'kindergarten',
      signed: true,
    });
    const messages = await outboxFor(/зачислен/);
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'inapp', 'sms']);
    expect(messages[0]!.language).toBe('ru');
    expect(messages.find((m) => m.channel === 'email')!.body).toContain(direction.number);
  });

  it('accepts a direction once (409 direction_not_issued)', async () => {
    const again = await accept(direction.directionId);
    expect([again.statusCode, again.json().code]).toEqual([409, 'direction_not_issued']);
  });

  it('is refused to others: another kindergarten’s staff (404), officers and applicants (403)', async () => {
    const next = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const byOther = await accept(next.directionId, {}, w.staffKokshetau);
    expect(byOther.statusCode).toBe(404);
    expect((await accept(next.directionId, {}, w.officer)).statusCode).toBe(403);
    expect((await accept(next.directionId, {}, w.parent)).statusCode).toBe(403);
    // Nothing was half-saved.
    expect(
      (await search(`kindergartenId=${w.kindergartens.no1}&number=${next.number}`)).json(),
    ).toMatchObject({ status: 'issued', enrolmentId: null });
    expect((await accept(next.directionId)).statusCode).toBe(200);
  });

  it('is too late after the enrolment deadline, before the sweep has run (409 direction_expired)', async () => {
    const late = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const { expires_at } = await w.t.database.db
      .selectFrom('directions')
      .select('expires_at')
      .where('id', '=', late.directionId)
      .executeTakeFirstOrThrow();
    const now = w.t.clock.now();
    w.t.clock.set(new Date(expires_at.getTime() + 1));
    try {
      const response = await accept(late.directionId);
      expect([response.statusCode, response.json().code]).toEqual([409, 'direction_expired']);
      expect(
        (await search(`kindergartenId=${w.kindergartens.no1}&number=${late.number}`)).json()
          .actions,
      ).toEqual([]);
    } finally {
      w.t.clock.set(now);
    }
  });

  it('needs the confirmation that a benefit’s proof documents were checked', async () => {
    const benefit = await issueDirection(w, {
      kindergartenId: w.kindergartens.no1,
      staff: w.staff,
      queueClass: 'first_priority',
    });
    const found = await search(`kindergartenId=${w.kindergartens.no1}&number=${benefit.number}`);
    expect(found.json().benefit).toEqual({
      categoryCode: 'large_family',
      class: 'first_priority',
      status: 'claimed',
    });
    for (const fields of [{}, { benefitDocumentsChecked: false }]) {
      const unchecked = await accept(benefit.directionId, fields);
      expect([unchecked.statusCode, unchecked.json().code]).toEqual([
        422,
        'benefit_documents_unchecked',
      ]);
    }
    const checked = await accept(benefit.directionId, { benefitDocumentsChecked: true });
    expect(checked.statusCode).toBe(200);
    const history = (
      await w.parent.client.get(`/api/applications/${benefit.applicationId}/history`)
    ).json().items;
    expect(history.at(-1).details).toMatchObject({ benefitDocumentsChecked: true });
  });

  it('takes an employee certificate only with the kindergarten’s BIN', async () => {
    const db = w.t.database.db;
    const employeeKeys = (bin: string) =>
      issuePersonKeys(w.ca, {
        iin: w.staff.iin,
        surname: 'ОМАРОВА',
        givenName: 'АЙГЕРІМ',
        bin,
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2040-01-01T00:00:00Z'),
      });
    const employee = await employeeKeys('180340021791');
    const stranger = await employeeKeys('990340000017');
    const tryWith = async (key: typeof employee) => {
      const next = await issueDirection(w, {
        kindergartenId: w.kindergartens.no1,
        staff: w.staff,
      });
      return signedPost(
        w.staff,
        `/api/directions/${next.directionId}/accept`,
        'direction.accept',
        { directionId: next.directionId },
        key.sign,
      );
    };
    // No BIN on file: no organisation's certificate can speak for the kindergarten.
    const noBin = await tryWith(employee);
    expect([noBin.statusCode, noBin.json().code]).toEqual([403, 'organisation_mismatch']);
    await db
      .updateTable('kindergartens')
      .set({ bin: '180340021791' })
      .where('id', '=', w.kindergartens.no1)
      .execute();
    const otherOrganisation = await tryWith(stranger);
    expect([otherOrganisation.statusCode, otherOrganisation.json().code]).toEqual([
      403,
      'organisation_mismatch',
    ]);
    expect((await tryWith(employee)).statusCode).toBe(200);
  });

  it('enrols a child whose application left the queue for a private kindergarten, which stays removed', async () => {
    const privateChoice = await issueDirection(w, {
      kindergartenId: w.kindergartens.nurly,
      staff: w.staffPrivate,
      language: 'ru',
    });
    const application = () =>
      w.parent.client.get(`/api/applications/${privateChoice.applicationId}`);
    expect((await application()).json().status).toBe('removed');
    expect((await accept(privateChoice.directionId, {}, w.staffPrivate)).statusCode).toBe(200);
    expect((await application()).json().status).toBe('removed');
    const found = await search(
      `kindergartenId=${w.kindergartens.nurly}&number=${privateChoice.number}`,
      w.staffPrivate,
    );
    expect(found.json().status).toBe('enrolled');
  });
});
