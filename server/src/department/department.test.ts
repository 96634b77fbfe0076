import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIin,
  orderQueue,
  type ApplicationStatus,
  type PriorityRatio,
  type QueueKey,
} from '@kezek/domain';
import { queueNumbers } from '../applications/queue.ts';
import { upsertPersons } from '../registry/sql.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { queuePage } from './queue.ts';
import { randomQueueClass, seededRandom } from '../testing/random.ts';

let w: WorkspaceWorld;
let akkol: number;
let akmolaRegion: number;

interface Seeded extends QueueKey {
  id: string;
  status: string;
}

/** A deterministic pseudo-random queue in a group year of its own, written to the real table. */
async function seedRandomQueue(seed: number, size: number, groupYear: number): Promise<Seeded[]> {
  const next = seededRandom(seed);
  const rows = Array.from({ length: size }, (_, i) => {
    const queueClass = randomQueueClass(next);
    const statusRoll = next();
    const status: ApplicationStatus =
      statusRoll < 0.7
        ? 'queued'
        : statusRoll < 0.8
          ? 'turn'
          : statusRoll < 0.9
            ? 'stop_listed'
            : 'withdrawn';
    // Few distinct minutes: equal instants are ordered by the number.
    const at = new Date(Date.UTC(2025, 0, 1, 0, Math.floor(next() * 30)));
    const iin = makeIin(`${groupYear}-01-0${1 + (i % 9)}`, 'female', 5000 + seed * 1000 + i);
    return {
      iin,
      queueClass,
      status,
      at,
      number: `UO.2025.${String(seed * 1000 + i).padStart(6, '0')}.1`,
    };
  });
  await w.t.database.db.transaction().execute((trx) =>
    upsertPersons(
      trx,
      rows.map((row, i) => ({ iin: row.iin, lastName: 'Кезек', firstName: `Бала${i}` })),
    ),
  );
  const inserted = await w.t.database.db
    .insertInto('applications')
    .values(
      rows.map((row) => ({
        number: row.number,
        region_id: akmolaRegion,
        district_id: akkol,
        group_year: groupYear,
        child_iin: row.iin,
        applicant_user_id: w.parent.userId,
        status: row.status,
        queue_class: row.queueClass,
        benefit_code:
          row.queueClass === 'general'
            ? null
            : row.queueClass === 'out_of_turn'
              ? 'military'
              : 'orphan',
        benefit_status: row.queueClass === 'general' ? null : 'confirmed',
        registered_at: row.at,
        last_changed_at: row.at,
        interest_confirmed_until: new Date('2030-01-01'),
        language: 'kk',
        email: 'q@example.kz',
        phone: '+77010000000',
      })),
    )
    .returning(['id', 'number'])
    .execute();
  const ids = new Map(inserted.map((row) => [row.number, row.id]));
  return rows
    .filter((row) => row.status !== 'withdrawn')
    .map((row) => ({
      id: ids.get(row.number)!,
      queueClass: row.queueClass,
      registeredAt: row.at,
      number: row.number,
      status: row.status,
    }));
}

async function walk(query: string, limit: number, who = w.officerAkmola) {
  const items: { position: number; applicationId: string; benefitPosition: number | null }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/queue?districtId=${akkol}&${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await who.client.get(url);
    expect(response.statusCode, url).toBe(200);
    const page = response.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(500);
  } while (cursor);
  return items;
}

const setRatio = (ratio: PriorityRatio) =>
  w.t.database.db
    .updateTable('region_policies')
    .set({ first_priority_ratio: [...ratio] })
    .where('region_id', '=', akmolaRegion)
    .execute();

beforeAll(async () => {
  w = await startWorkspaceWorld();
  const district = await w.t.database.db
    .selectFrom('districts')
    .select(['id', 'region_id'])
    .where('name_ru', '=', 'Аккольский район')
    .executeTakeFirstOrThrow();
  akkol = district.id;
  akmolaRegion = district.region_id;
});
afterAll(() => w.t.close());

describe('the district queue (GET /api/queue), keyset-paged per class', () => {
  it.each([
    { seed: 1, size: 90, groupYear: 2021, ratio: [1, 3] as const, limit: 7 },
    { seed: 2, size: 60, groupYear: 2022, ratio: [2, 1] as const, limit: 5 },
    { seed: 3, size: 40, groupYear: 2023, ratio: [1, 1] as const, limit: 50 },
  ])(
    'seed $seed: $size applications, ratio $ratio, pages of $limit agree with orderQueue',
    async ({ seed, size, groupYear, ratio, limit }) => {
      await setRatio(ratio);
      const queue = await seedRandomQueue(seed, size, groupYear);
      const ordered = orderQueue(queue, ratio);
      const all = await walk(`groupYear=${groupYear}`, limit);
      expect(all.map((item) => item.applicationId)).toEqual(ordered.map((e) => e.id));
      expect(all.map((item) => item.position)).toEqual(ordered.map((_, i) => i + 1));
      // The positions are the queue numbers the applicant sees.
      for (const entry of ordered.filter((_, i) => i % 11 === 0)) {
        const numbers = await queueNumbers(w.t.database.db, entry.id);
        const item = all.find((i) => i.applicationId === entry.id)!;
        expect([item.position, item.benefitPosition]).toEqual([
          numbers.queueNumber,
          numbers.benefitQueueNumber,
        ]);
      }
      for (const benefitClass of ['out_of_turn', 'first_priority', 'general'] as const) {
        const expected = ordered
          .map((entry, i) => ({ entry, position: i + 1 }))
          .filter(({ entry }) => entry.queueClass === benefitClass);
        const items = await walk(`groupYear=${groupYear}&benefitClass=${benefitClass}`, limit);
        expect(items.map((i) => [i.applicationId, i.position])).toEqual(
          expected.map(({ entry, position }) => [entry.id, position]),
        );
      }
      const stopListed = ordered
        .map((entry, i) => ({ entry, position: i + 1 }))
        .filter(({ entry }) => entry.status === 'stop_listed');
      const items = await walk(`groupYear=${groupYear}&status=stop_listed`, limit);
      expect(items.map((i) => [i.applicationId, i.position])).toEqual(
        stopListed.map(({ entry, position }) => [entry.id, position]),
      );
    },
  );

  it('passes a bounded number of children per page: a rare status gives short pages with a cursor', async () => {
    await setRatio([1, 3]);
    const queue = await seedRandomQueue(4, 50, 2024);
    const turns = orderQueue(queue, [1, 3])
      .map((entry, i) => ({ entry, position: i + 1 }))
      .filter(({ entry }) => entry.status === 'turn');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await queuePage(w.t.database.db, {
        districtId: akkol,
        groupYear: 2024,
        ratio: [1, 3],
        status: 'turn',
        limit: 20,
        scanBudget: 5,
        ...(cursor && { cursor }),
      });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((item) => item.applicationId));
      pages += 1;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(turns.map(({ entry }) => entry.id));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(queue.length / 5));
  });

  it('names the group years with children waiting, newest first, for the queue to open on', async () => {
    const response = await w.officerAkmola.client.get(`/api/queue/group-years?districtId=${akkol}`);
    expect(response.statusCode).toBe(200);
    const expected = await w.t.database.db
      .selectFrom('applications')
      .select(['group_year', (eb) => eb.fn.countAll<string>().as('n')])
      .where('district_id', '=', akkol)
      .where('status', 'in', ['queued', 'turn', 'stop_listed'])
      .groupBy('group_year')
      .execute();
    const items = response.json().items as { groupYear: number; waiting: number }[];
    expect(items.map((i) => i.groupYear)).toEqual(
      expected.map((e) => e.group_year).sort((a, b) => b - a),
    );
    for (const item of items) {
      expect(item.waiting).toBe(Number(expected.find((e) => e.group_year === item.groupYear)!.n));
    }
    expect(items.length).toBeGreaterThanOrEqual(3);
  });

  it('lists the archive: the applications that no longer wait, newest first, page by page', async () => {
    const expected = await w.t.database.db
      .selectFrom('applications')
      .select(['id', 'status'])
      .where('district_id', '=', akkol)
      .where('status', 'in', ['enrolled', 'withdrawn', 'removed', 'refused'])
      .orderBy('id', 'desc')
      .execute();
    expect(expected.length).toBeGreaterThan(3);
    const seen: { applicationId: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/archive?districtId=${akkol}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await w.officerAkmola.client.get(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => [e.applicationId, e.status])).toEqual(
      expected.map((e) => [e.id, e.status]),
    );
    const withdrawn = (
      await w.officerAkmola.client.get(`/api/archive?districtId=${akkol}&status=withdrawn`)
    ).json().items;
    expect(withdrawn.every((e: { status: string }) => e.status === 'withdrawn')).toBe(true);
    expect(
      (await w.officerAkmola.client.get(`/api/archive?districtId=${akkol}&cursor=x`)).statusCode,
    ).toBe(400);
  });

  it('is the officer’s districts’ only, and refuses a bad cursor', async () => {
    const query = `/api/queue?districtId=${akkol}&groupYear=2021`;
    expect((await w.officer.client.get(query)).statusCode).toBe(404);
    expect((await w.admin.client.get(query)).statusCode).toBe(200);
    // Staff read the queues of their kindergartens' districts (seed 004); Kokshetau's is another.
    expect((await w.staffKokshetau.client.get(query)).statusCode).toBe(404);
    expect((await w.parent.client.get(query)).statusCode).toBe(403);
    expect((await w.officerAkmola.client.get(`${query}&cursor=abc`)).statusCode).toBe(400);
    expect((await w.officerAkmola.client.get(`/api/queue?districtId=${akkol}`)).statusCode).toBe(
      400,
    );
  });
});

describe('the application search (GET /api/applications/search)', () => {
  it('finds an application of the officer’s district with its whole history and its signers', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    await signedPost(w.staff, `/api/directions/${d.directionId}/accept`, 'direction.accept', {
      directionId: d.directionId,
    });
    const response = await w.officer.client.get(`/api/applications/search?iin=${d.childIin}`);
    expect(response.statusCode).toBe(200);
    const [record] = response.json().items;
    expect(record.application).toMatchObject({
      id: d.applicationId,
      status: 'enrolled',
      child: { iin: d.childIin },
      actions: [],
    });
    expect(record.history.map((h: { event: string }) => h.event)).toEqual([
      'test.application_inserted',
      'application.turn_given',
      'application.direction_issued',
      'application.enrolled',
    ]);
    expect(record.history[1]).toMatchObject({ actor: 'system', signer: null, signed: false });
    expect(record.history[2]).toMatchObject({
      actor: 'applicant',
      actorName: 'Иванова Ольга Сергеевна',
      signer: { iin: w.parent.iin, fullName: 'ИВАНОВА ОЛЬГА', bin: null },
    });
    expect(record.history[3]).toMatchObject({
      actor: 'staff',
      signer: { iin: w.staff.iin, serialNumber: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    const byNumber = await w.admin.client.get(
      `/api/applications/search?number=${record.application.number.toLowerCase()}`,
    );
    expect(
      byNumber.json().items.map((r: { application: { id: string } }) => r.application.id),
    ).toEqual([d.applicationId]);
    // Another district's officer finds nothing; staff and applicants may not search at all.
    const other = await w.officerAkmola.client.get(`/api/applications/search?iin=${d.childIin}`);
    expect(other.json().items).toEqual([]);
    expect(
      (await w.staff.client.get(`/api/applications/search?iin=${d.childIin}`)).statusCode,
    ).toBe(403);
    expect(
      (await w.parent.client.get(`/api/applications/search?iin=${d.childIin}`)).statusCode,
    ).toBe(403);
    expect((await w.officer.client.get('/api/applications/search')).statusCode).toBe(400);
  });
});

describe('the kindergartens of the department', () => {
  it('lists the kindergartens of the officer’s districts with their free places', async () => {
    const added = await w.staff.client.post('/api/places', {
      kindergartenId: w.kindergartens.no7,
      groupYear: 2019,
      language: 'ru',
      count: 4,
    });
    expect(added.statusCode).toBe(201);
    const response = await w.officer.client.get('/api/department/kindergartens');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as {
      id: number;
      districtId: number;
      freeTotal: number;
      free: unknown[];
    }[];
    expect(new Set(items.map((k) => k.districtId))).toEqual(new Set([w.districts.astana]));
    expect(items.find((k) => k.id === w.kindergartens.no7)).toMatchObject({
      free: expect.arrayContaining([{ groupYear: 2019, language: 'ru', free: 4 }]),
    });
    expect(
      (
        await w.officerAkmola.client.get(
          `/api/department/kindergartens?districtId=${w.districts.astana}`,
        )
      ).statusCode,
    ).toBe(404);
    const akmola = (await w.officerAkmola.client.get('/api/department/kindergartens')).json().items;
    expect(akmola.some((k: { id: number }) => k.id === w.kindergartens.no9)).toBe(true);
    expect(akmola.some((k: { id: number }) => k.id === w.kindergartens.no7)).toBe(false);
    expect((await w.staff.client.get('/api/department/kindergartens')).statusCode).toBe(403);
  });
});
