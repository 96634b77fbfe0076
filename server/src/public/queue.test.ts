import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueueClass } from '@kezek/domain';
import type { PublicQueueEntry } from '@kezek/contracts';
import { DEMO_PERSONS } from '../demo/people.ts';
import { queueNumbers } from '../applications/queue.ts';
import { renumberQueues } from '../jobs/queue-numbers.ts';
import { insertApplications } from '../testing/invariants.ts';
import { keysFor, signedInWithEds } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import { startWorkspaceWorld, type WorkspaceWorld } from '../testing/workspace.ts';

let w: WorkspaceWorld;
let anonymous: TestClient;
const GROUP_YEAR = 2021;
const ADDRESS = 'Астана, Қабанбай батыр даңғылы, 11, 42';
/** The demo city's children, each waiting in Astana's queue of GROUP_YEAR, in this order. */
const children = DEMO_PERSONS.filter((p) => p.parentIins);
const CLASSES: QueueClass[] = ['general', 'first_priority', 'general', 'out_of_turn'];
const BENEFIT: Record<QueueClass, string | null> = {
  general: null,
  first_priority: 'orphan',
  out_of_turn: 'military',
};
const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
let ids: string[];
let olgasApplication: string;
let othersApplication: string;

const queueUrl = (query: string) =>
  `/api/public/queue?districtId=${w.districts.astana}&groupYear=${GROUP_YEAR}&${query}`;

/** Every page of the public queue, `limit` rows at a time, and the answers' text. */
async function walk(limit: number) {
  const items: PublicQueueEntry[] = [];
  const bodies: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await anonymous.get(
      queueUrl(`limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
    );
    expect(response.statusCode, response.body).toBe(200);
    bodies.push(response.body);
    const page = response.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, text: bodies.join('\n') };
}

beforeAll(async () => {
  w = await startWorkspaceWorld();
  anonymous = new TestClient(w.t.app);
  const db = w.t.database.db;
  const district = await db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', w.districts.astana)
    .executeTakeFirstOrThrow();
  ids = await insertApplications(
    db,
    children.map((child, index) => {
      const queueClass = CLASSES[index % CLASSES.length]!;
      const at = new Date(Date.UTC(2025, 0, 1, 8, index, 37));
      return {
        number: `UO.2025.${String(900 + index).padStart(6, '0')}.1`,
        region_id: district.region_id,
        district_id: w.districts.astana,
        group_year: GROUP_YEAR,
        child_iin: child.iin,
        applicant_user_id: w.parent.userId,
        status: index === 1 ? 'turn' : index === 2 ? 'stop_listed' : 'queued',
        turn_until: index === 1 ? new Date('2026-03-01T00:00:00Z') : null,
        queue_class: queueClass,
        benefit_code: BENEFIT[queueClass],
        benefit_status: BENEFIT[queueClass] ? 'claimed' : null,
        registered_at: at,
        last_changed_at: at,
        // What the public must never see: the applicant's address and contacts.
        address: ADDRESS,
        email: 'parent@example.kz',
        phone: '+77010000001',
        language: 'kk',
        interest_confirmed_until: new Date('2030-01-01'),
      };
    }),
  );
  olgasApplication = ids[children.findIndex((c) => c.parentIins!.includes(olga.iin))]!;
  // Another family's application, made theirs: Olga may not look it up.
  const other = children.findIndex((c) => !c.parentIins!.includes(olga.iin));
  othersApplication = ids[other]!;
  const otherParent = DEMO_PERSONS.find((p) => p.iin === children[other]!.parentIins![0])!;
  const otherClient = await signedInWithEds(w.t, await keysFor(w.ca, otherParent));
  expect((await otherClient.get('/api/me')).statusCode).toBe(200);
  const otherUser = await db
    .selectFrom('users')
    .select('id')
    .where('iin', '=', otherParent.iin)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('applications')
    .set({ applicant_user_id: otherUser.id })
    .where('id', '=', othersApplication)
    .execute();
  await renumberQueues(db);
});
afterAll(() => w.t.close());

describe('the public queue', () => {
  it('lists every waiting child once, in queue order, with the application page’s numbers', async () => {
    const { items } = await walk(3);
    expect(items.map((item) => item.position)).toEqual(children.map((_, i) => i + 1));
    const byPseudonym = new Map(ids.map((id) => [w.t.app.pseudonyms.of(id), id]));
    expect(new Set(items.map((item) => item.pseudonym)).size).toBe(ids.length);
    for (const item of items) {
      const id = byPseudonym.get(item.pseudonym)!;
      const numbers = await queueNumbers(w.t.database.db, id);
      expect([item.position, item.benefitPosition]).toEqual([
        numbers.queueNumber,
        numbers.benefitQueueNumber,
      ]);
      expect(item.pseudonym).toMatch(/^[a-z2-7]{10}$/);
      expect(item.registeredAt).toMatch(/^2025-01-01T08:\d\d:00\.000Z$/);
    }
    expect(items.map((item) => item.status)).toEqual(
      expect.arrayContaining(['queued', 'turn', 'stop_listed']),
    );
    expect(items[0]!.queueClass).toBe('out_of_turn');
  });

  it('shows no name, IIN, address, benefit category or number of the demo city’s people', async () => {
    const { text } = await walk(100);
    const own = await w.parent.client.get(`/api/applications/${olgasApplication}/public-queue`);
    const output = `${text}\n${own.body}`;
    for (const person of DEMO_PERSONS) {
      expect(output).not.toContain(person.iin);
      for (const name of [person.lastName, person.firstName, person.middleName]) {
        if (name) expect(output).not.toContain(name);
      }
    }
    for (const secret of ['Қабанбай', 'parent@example.kz', '+7701', 'orphan', 'military', 'UO.']) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/\d{12}/);
  });

  it('is the same pseudonym on the application page and in the queue, and jumps to its page', async () => {
    const application = (await w.parent.client.get(`/api/applications/${olgasApplication}`)).json();
    const place = (
      await w.parent.client.get(`/api/applications/${olgasApplication}/public-queue?limit=2`)
    ).json();
    expect(place).toMatchObject({
      districtId: w.districts.astana,
      groupYear: GROUP_YEAR,
      pseudonym: application.pseudonym,
      position: application.queueNumber,
    });
    const page = await anonymous.get(
      queueUrl(`limit=2${place.cursor ? `&cursor=${place.cursor}` : ''}`),
    );
    expect(page.json().items.map((item: PublicQueueEntry) => item.pseudonym)).toContain(
      application.pseudonym,
    );
  });

  it('refuses to place another family’s application, and anyone but an applicant', async () => {
    const url = `/api/applications/${othersApplication}/public-queue`;
    expect((await w.parent.client.get(url)).statusCode).toBe(404);
    expect((await w.officer.client.get(url)).statusCode).toBe(403);
    expect((await anonymous.get(url)).statusCode).toBe(401);
  });

  it('refuses a bad cursor and a page of more than 100', async () => {
    expect((await anonymous.get(queueUrl('cursor=abc'))).statusCode).toBe(400);
    expect((await anonymous.get(queueUrl('limit=101'))).statusCode).toBe(400);
  });

  it('shows the counted numbers while the queue waits for its renumbering', async () => {
    const db = w.t.database.db;
    await db
      .updateTable('applications')
      .set({ status: 'withdrawn' })
      .where('id', '=', ids[0]!)
      .execute();
    const { items } = await walk(100);
    expect(items).toHaveLength(ids.length - 1);
    expect(items.map((item) => item.position)).toEqual(items.map((_, i) => i + 1));
    await renumberQueues(db);
    expect((await walk(100)).items.map((item) => item.position)).toEqual(
      items.map((_, i) => i + 1),
    );
  });
});
