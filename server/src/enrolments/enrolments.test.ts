import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  type IssuedDirection,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

let w: WorkspaceWorld;
const enrolled: { direction: IssuedDirection; enrolmentId: string; groupYear: number }[] = [];

const list = async (query = '', who = w.staff, kindergartenId = w.kindergartens.no7) =>
  who.client.get(`/api/kindergartens/${kindergartenId}/enrolments?${query}`);
const depart = (id: string, date: string, reason = 'Переезд в другой город', who = w.staff) =>
  signedPost(who, `/api/enrolments/${id}/departure`, 'enrolment.depart', {
    enrolmentId: id,
    date,
    reason,
  });

beforeAll(async () => {
  w = await startWorkspaceWorld();
  // Five children in № 7, two of them of group year 2023.
  for (const groupYear of [2022, 2023, 2022, 2023, 2022]) {
    const direction = await issueDirection(w, {
      kindergartenId: w.kindergartens.no7,
      staff: w.staff,
      groupYear,
    });
    const accepted = await signedPost(
      w.staff,
      `/api/directions/${direction.directionId}/accept`,
      'direction.accept',
      { directionId: direction.directionId },
    );
    expect(accepted.statusCode).toBe(200);
    enrolled.push({ direction, enrolmentId: accepted.json().id, groupYear });
  }
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('the enrolled list (docs/rules.md, "Kindergarten workspace")', () => {
  it('lists the children by name, page by page, with the application and direction numbers', async () => {
    const seen: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await list(query);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) seen.push({ id: item.id, name: item.child.fullName });
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.id).sort()).toEqual(enrolled.map((e) => e.enrolmentId).sort());
    const names = seen.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
    const first = (await list()).json().items[0];
    expect(first).toMatchObject({
      kindergartenId: w.kindergartens.no7,
      applicationNumber: expect.stringMatching(/^UO\./),
      directionNumber: expect.stringMatching(/^NP\./),
      child: { iin: expect.stringMatching(/^\d{12}$/) },
      departedAt: null,
    });
    expect((await list('cursor=not-a-cursor')).statusCode).toBe(400);
  });

  it('filters by group year, by a part of the name or the IIN, and by current or departed', async () => {
    const ids = async (query: string) =>
      (await list(query)).json().items.map((item: { id: string }) => item.id);
    expect((await ids('groupYear=2023')).sort()).toEqual(
      enrolled
        .filter((e) => e.groupYear === 2023)
        .map((e) => e.enrolmentId)
        .sort(),
    );
    const one = enrolled[2]!;
    expect(await ids(`q=${one.direction.childIin.slice(0, 9)}`)).toContain(one.enrolmentId);
    expect(await ids(`q=${one.direction.childIin}`)).toEqual([one.enrolmentId]);
    const name = (await list(`q=${one.direction.childIin}`)).json().items[0].child.fullName;
    expect(await ids(`q=${encodeURIComponent(name.split(' ')[1]!.toLowerCase())}`)).toEqual([
      one.enrolmentId,
    ]);
    expect(await ids('q=%25')).toEqual([]);
    expect(await ids('state=departed')).toEqual([]);
    expect((await ids('state=current')).length).toBe(5);
  });

  it('is the kindergarten’s own: staff of another kindergarten and officers of another district get 404', async () => {
    expect((await list('', w.staffKokshetau)).statusCode).toBe(404);
    expect((await list('', w.officerAkmola)).statusCode).toBe(404);
    expect((await list('', w.staff, 999_999)).statusCode).toBe(404);
    expect((await list('', w.officer)).statusCode).toBe(200);
    expect((await list('', w.admin)).statusCode).toBe(200);
    expect((await list('', w.parent)).statusCode).toBe(403);
  });
});

describe('a departure (signed enrolment.depart)', () => {
  it('takes a day between the enrolment and today', async () => {
    const { enrolmentId } = enrolled[0]!;
    // The clock is 2 March 2026 in Almaty; the child was enrolled that day.
    for (const date of ['2026-03-03', '2026-03-01']) {
      const response = await depart(enrolmentId, date);
      expect([response.statusCode, response.json().code], date).toEqual([
        422,
        'departure_date_invalid',
      ]);
    }
    const noReason = await depart(enrolmentId, '2026-03-02', ' ');
    expect([noReason.statusCode, noReason.json().errors[0].path]).toEqual([400, 'reason']);
    const badDate = await depart(enrolmentId, '2026-02-30');
    expect([badDate.statusCode, badDate.json().errors[0].path]).toEqual([400, 'date']);
  });

  it('is recorded once by the kindergarten’s staff, and the place is not returned', async () => {
    const { enrolmentId, direction } = enrolled[1]!;
    expect((await depart(enrolmentId, '2026-03-02', 'Чужой', w.staffKokshetau)).statusCode).toBe(
      404,
    );
    expect((await depart(enrolmentId, '2026-03-02', 'Отдел', w.officer)).statusCode).toBe(403);
    expect((await depart(enrolmentId, '2026-03-02', 'Родитель', w.parent)).statusCode).toBe(403);
    const batch = () =>
      w.t.database.db
        .selectFrom('directions as d')
        .innerJoin('place_batches as b', 'b.id', 'd.place_batch_id')
        .select('b.free')
        .where('d.id', '=', direction.directionId)
        .executeTakeFirstOrThrow();
    const freeBefore = (await batch()).free;
    w.t.clock.set(new Date('2026-03-20T10:00:00+05:00'));
    const response = await depart(enrolmentId, '2026-03-19', 'Переезд в другой город');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: enrolmentId,
      departedAt: '2026-03-19',
      departureReason: 'Переезд в другой город',
    });
    expect((await batch()).free).toBe(freeBefore);
    const told = await w.t.database.db
      .selectFrom('outbox')
      .select('subject')
      .where('channel', '=', 'email')
      .where('body', 'like', '%выбыл с 19.03.2026%')
      .execute();
    expect(told).toHaveLength(1);
    const again = await depart(enrolmentId, '2026-03-20');
    expect([again.statusCode, again.json().code]).toEqual([409, 'already_departed']);
    const departed = (await list('state=departed')).json().items;
    expect(departed.map((e: { id: string }) => e.id)).toEqual([enrolmentId]);
    expect((await list('state=current')).json().items.length).toBe(4);
    const history = (
      await w.parent.client.get(`/api/applications/${direction.applicationId}/history`)
    ).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.departed',
      signed: true,
      details: { departedOn: '2026-03-19', reason: 'Переезд в другой город' },
    });
  });
});
