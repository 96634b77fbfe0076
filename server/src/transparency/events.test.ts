// Each public queue event lands in the transparency log as a leaf with the right fields when the
// real command runs, in the transaction of its change (docs/transparency.md, "Events").
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_ENTRIES_PAGE, logEventSchema, type LogEvent } from '@kezek/contracts';
import { DEMO_PERSONS } from '../demo/people.ts';
import { appendHistory } from '../history/history.ts';
import { districtOfKindergarten } from '../testing/applications.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import { TestClient } from '../testing/harness.ts';
import { register } from '../testing/world.ts';
import {
  issueDirection,
  setAstanaAllocation,
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { logHead } from './store.ts';

let w: WorkspaceWorld;
let regionId: number;
const DAY = 86_400_000;
const maksim = DEMO_PERSONS.find((p) => p.firstName === 'Максим')!;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  ({ regionId } = await districtOfKindergarten(w.t.database.db, w.kindergartens.no1));
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

const size = async () => (await logHead(w.t.database.db)).size;
const pseudonymOf = (applicationId: string) => w.t.app.pseudonyms.of(applicationId);
const tick = () => w.t.app.inject({ method: 'POST', url: '/api/test/tick' });

/** The leaves from `start`, each checked to be the canonical JSON of a valid event. */
async function leavesFrom(start: number): Promise<LogEvent[]> {
  const rows = await w.t.database.db
    .selectFrom('log_leaves')
    .select(['leaf_index', 'data'])
    .where('leaf_index', '>=', String(start))
    .orderBy('leaf_index')
    .execute();
  return rows.map((row, i) => {
    expect(Number(row.leaf_index)).toBe(start + i);
    const event = logEventSchema.parse(JSON.parse(row.data));
    expect(canonicalize(event)).toBe(row.data);
    return event;
  });
}

/** The leaves from `start` about these applications (their pseudonyms) or place batches. */
async function about(start: number, applications: string[], batches: number[] = []) {
  const pseudonyms = new Set(applications.map(pseudonymOf));
  return (await leavesFrom(start)).filter((e) =>
    'pseudonym' in e ? pseudonyms.has(e.pseudonym) : 'batchId' in e && batches.includes(e.batchId),
  );
}

const release = async (groupYear: number, count = 1) => {
  const response = await w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no1,
    groupYear,
    language: 'kk',
    count,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; turnUntil: string };
};

/** A child of group year 2025 (a queue no other test here uses) given a direction to № 7 and enrolled. */
async function enrolledAtNo7() {
  const direction = await issueDirection(w, {
    kindergartenId: w.kindergartens.no7,
    staff: w.staff,
    groupYear: 2025,
  });
  const accepted = await signedPost(
    w.staff,
    `/api/directions/${direction.directionId}/accept`,
    'direction.accept',
    { directionId: direction.directionId },
  );
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { direction, enrolmentId: accepted.json().id as string };
}

describe('the transparency log’s leaves', () => {
  it('starts with the policy of every demo region', async () => {
    const first = await leavesFrom(0);
    const policies = first.filter((e) => e.type === 'policy_set');
    expect(policies.map((p) => p.type === 'policy_set' && p.regionId)).toContain(regionId);
    const stored = await w.t.database.db
      .selectFrom('region_policies')
      .selectAll()
      .where('region_id', '=', regionId)
      .executeTakeFirstOrThrow();
    expect(policies.find((p) => p.type === 'policy_set' && p.regionId === regionId)).toEqual({
      v: 1,
      at: expect.any(String),
      type: 'policy_set',
      regionId,
      firstPriorityRatio: stored.first_priority_ratio,
      allocation: stored.allocation,
      siblingPriority: stored.sibling_priority,
    });
  });

  it('logs a policy change', async () => {
    const start = await size();
    await setAstanaAllocation(w, 'ranked');
    expect(await leavesFrom(start)).toMatchObject([
      { type: 'policy_set', regionId, allocation: 'ranked', siblingPriority: expect.any(String) },
    ]);
    await setAstanaAllocation(w, 'choose');
  });

  it('logs a registration with its queue key and pseudonym, never a name or IIN', async () => {
    const start = await size();
    const response = await register(w.parent.client, w.parent.keys, w.districts.astana, maksim.iin);
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    const row = await w.t.database.db
      .selectFrom('applications')
      .select(['registered_at', 'pseudonym'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.pseudonym).toBe(pseudonymOf(id));
    expect(await leavesFrom(start)).toEqual([
      {
        v: 1,
        at: row.registered_at.toISOString(),
        type: 'registered',
        pseudonym: pseudonymOf(id),
        regionId,
        districtId: w.districts.astana,
        groupYear: 2021,
        queueClass: 'general',
        registeredAt: row.registered_at.toISOString(),
        imported: false,
      },
    ]);
    const text = JSON.stringify(await leavesFrom(start));
    expect(text).not.toContain(maksim.iin);
    expect(text).not.toContain(maksim.lastName);
  });

  it('logs a class change, and nothing for a change that keeps the class', async () => {
    const id = await waitingChild(w, {
      name: 'Жеңілдік',
      minute: 1,
      groupYear: 2024,
      parentIins: [],
    });
    await w.t.database.db
      .updateTable('applications')
      .set({
        queue_class: 'first_priority',
        benefit_code: 'large_family',
        benefit_status: 'claimed',
      })
      .where('id', '=', id)
      .execute();
    expect(
      (
        await w.t.database.db
          .selectFrom('applications')
          .select('pseudonym')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).pseudonym,
      'an application written straight into the table by a test gets its pseudonym too',
    ).toBe(pseudonymOf(id));
    const start = await size();
    const change = (benefit: null) =>
      signedPost(w.parent, `/api/applications/${id}/benefit`, 'application.changeBenefit', {
        applicationId: id,
        benefit,
      });
    expect((await change(null)).statusCode).toBe(200);
    expect((await change(null)).statusCode).toBe(200);
    expect(await about(start, [id])).toMatchObject([
      { type: 'class_changed', pseudonym: pseudonymOf(id), queueClass: 'general' },
    ]);
  });

  it('logs a release, the turns it gives, a decline handing the place on and a lapse', async () => {
    const first = await waitingChild(w, {
      name: 'Бірінші',
      minute: 11,
      groupYear: 2023,
      parentIins: [],
    });
    const second = await waitingChild(w, {
      name: 'Екінші',
      minute: 12,
      groupYear: 2023,
      parentIins: [],
    });
    const start = await size();
    const batch = await release(2023);
    const batchId = Number(batch.id);
    expect(await about(start, [first, second], [batchId])).toEqual([
      {
        v: 1,
        at: expect.any(String),
        type: 'places_added',
        batchId,
        districtId: w.districts.astana,
        kindergartenId: w.kindergartens.no1,
        groupYear: 2023,
        language: 'kk',
        count: 1,
        returned: false,
        private: false,
      },
      {
        v: 1,
        at: expect.any(String),
        type: 'turn_given',
        pseudonym: pseudonymOf(first),
        batchId,
        until: new Date(batch.turnUntil).toISOString(),
        bySibling: false,
      },
    ]);
    const declined = await size();
    const decline = await signedPost(
      w.parent,
      `/api/applications/${first}/turn/decline`,
      'turn.decline',
      { applicationId: first },
    );
    expect(decline.statusCode, decline.body).toBe(200);
    expect(await about(declined, [first, second])).toMatchObject([
      { type: 'turn_declined', pseudonym: pseudonymOf(first), batchId },
      { type: 'turn_given', pseudonym: pseudonymOf(second), batchId },
    ]);
    const lapsed = await size();
    w.t.clock.set(new Date(new Date(batch.turnUntil).getTime() + 1000));
    await tick();
    expect((await about(lapsed, [second]))[0]).toMatchObject({
      type: 'turn_lapsed',
      pseudonym: pseudonymOf(second),
      batchId,
    });
  });

  it('logs a direction chosen in turn and its revocation giving the place back', async () => {
    const start = await size();
    const direction = await issueDirection(w, {
      kindergartenId: w.kindergartens.no1,
      staff: w.staff,
    });
    const events = await about(start, [direction.applicationId]);
    expect(events.map((e) => e.type)).toEqual(['turn_given', 'direction_issued']);
    expect(events[1]).toMatchObject({
      kindergartenId: w.kindergartens.no1,
      mode: 'turn',
      batchId: (events[0] as { batchId: number }).batchId,
    });
    const revoked = await size();
    const response = await signedPost(
      w.parent,
      `/api/directions/${direction.directionId}/revoke`,
      'direction.revoke',
      { directionId: direction.directionId, reason: 'Далеко от дома' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const after = await leavesFrom(revoked);
    expect(after.map((e) => e.type)).toContain('direction_revoked');
    expect(after.find((e) => e.type === 'places_added')).toMatchObject({
      returned: true,
      count: 1,
      batchId: (events[0] as { batchId: number }).batchId,
    });
  });

  it('logs an expiry with the stop-list it brings, and the stop-list’s end', async () => {
    const direction = await issueDirection(w, {
      kindergartenId: w.kindergartens.no1,
      staff: w.staff,
      groupYear: 2021,
    });
    const start = await size();
    w.t.clock.advance(40 * DAY);
    await tick();
    expect((await about(start, [direction.applicationId])).map((e) => e.type)).toEqual([
      'direction_expired',
      'stop_listed',
    ]);
    const ended = await size();
    w.t.clock.advance(60 * DAY);
    await tick();
    expect((await about(ended, [direction.applicationId])).map((e) => e.type)).toContain(
      'stop_list_ended',
    );
  });

  it('logs an enrolment and a departure', async () => {
    const start = await size();
    const { direction, enrolmentId } = await enrolledAtNo7();
    const departed = await signedPost(
      w.staff,
      `/api/enrolments/${enrolmentId}/departure`,
      'enrolment.depart',
      {
        enrolmentId,
        date: w.t.clock.now().toISOString().slice(0, 10),
        reason: 'Переезд в другой город',
      },
    );
    expect(departed.statusCode, departed.body).toBe(200);
    expect((await about(start, [direction.applicationId])).map((e) => e.type)).toEqual([
      'turn_given',
      'direction_issued',
      'enrolled',
      'departed',
    ]);
  });

  it('logs a transfer on a released place and the place it gives back', async () => {
    const { direction } = await enrolledAtNo7();
    const requested = await signedPost(
      w.parent,
      `/api/applications/${direction.applicationId}/transfer`,
      'transfer.request',
      { applicationId: direction.applicationId, kindergartenIds: [w.kindergartens.no1] },
    );
    expect(requested.statusCode, requested.body).toBe(201);
    const start = await size();
    const batch = await release(2025);
    const events = await leavesFrom(start);
    expect(events.map((e) => e.type)).toEqual(['places_added', 'transferred', 'places_added']);
    expect(events[1]).toMatchObject({
      pseudonym: pseudonymOf(direction.applicationId),
      batchId: Number(batch.id),
      kindergartenId: w.kindergartens.no1,
    });
    expect(events[2]).toMatchObject({
      kindergartenId: w.kindergartens.no7,
      count: 1,
      groupYear: 2025,
    });
  });

  it('logs a withdrawal and a removal for lapsed interest', async () => {
    const withdrawn = await waitingChild(w, {
      name: 'Кетеді',
      minute: 21,
      groupYear: 2024,
      parentIins: [],
    });
    const start = await size();
    const response = await signedPost(
      w.parent,
      `/api/applications/${withdrawn}/withdraw`,
      'application.withdraw',
      { applicationId: withdrawn, reason: 'Переезжаем' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const removed = await waitingChild(w, {
      name: 'Ұмытты',
      minute: 22,
      groupYear: 2024,
      parentIins: [],
    });
    await w.t.database.db
      .updateTable('applications')
      .set({ interest_confirmed_until: w.t.clock.now() })
      .where('id', '=', removed)
      .execute();
    w.t.clock.advance(1000);
    await tick();
    expect(await about(start, [withdrawn, removed])).toMatchObject([
      { type: 'withdrawn', pseudonym: pseudonymOf(withdrawn) },
      { type: 'removed', pseudonym: pseudonymOf(removed) },
    ]);
  });

  it('keeps no leaf of a change that rolled back', async () => {
    const id = await waitingChild(w, {
      name: 'Қайтарылды',
      minute: 31,
      groupYear: 2024,
      parentIins: [],
    });
    const start = await size();
    await expect(
      w.t.database.db.transaction().execute(async (trx) => {
        await appendHistory(trx, {
          at: w.t.clock.now(),
          actor: 'system',
          event: 'application.withdrawn',
          subjectType: 'application',
          subjectId: id,
          before: { status: 'queued' },
          after: { status: 'withdrawn' },
        });
        expect((await logHead(trx)).size).toBe(start + 1);
        throw new Error('the command failed after its history');
      }),
    ).rejects.toThrow('failed after');
    expect(await size()).toBe(start);
    expect(await leavesFrom(start)).toEqual([]);
  });

  it('appends leaves only with the public history rows', async () => {
    const start = await size();
    await w.t.database.db.transaction().execute((trx) =>
      appendHistory(trx, {
        at: w.t.clock.now(),
        actor: 'system',
        event: 'calendar.override_set',
        subjectType: 'calendar',
        subjectId: '2026-03-08',
        before: null,
        after: { kind: 'holiday' },
      }),
    );
    expect(await size()).toBe(start);
  });

  // Last: the log now holds every kind of event of the demo city's people above.
  it('shows no IIN, name, address or contact of the city’s people at any public endpoint', async () => {
    const db = w.t.database.db;
    const anonymous = new TestClient(w.t.app);
    await w.t.app.inject({ method: 'POST', url: '/api/test/log-head' });
    const pages: string[] = [
      (await anonymous.get('/api/public/log/head')).body,
      (await anonymous.get('/api/public/log/key')).body,
    ];
    // Every leaf, also those after the newest head (signed at most once a minute).
    const treeSize = await size();
    for (let start = 0; start < treeSize; start += LOG_ENTRIES_PAGE.max) {
      const end = Math.min(start + LOG_ENTRIES_PAGE.max, treeSize) - 1;
      pages.push((await anonymous.get(`/api/public/log/entries?start=${start}&end=${end}`)).body);
    }
    for (let first = 1; first <= treeSize; first += 1) {
      pages.push(
        (await anonymous.get(`/api/public/log/proof/inclusion?leafIndex=0&treeSize=${first}`)).body,
        (await anonymous.get(`/api/public/log/proof/consistency?first=${first}&second=${treeSize}`))
          .body,
      );
    }
    const [persons, applications, users] = await Promise.all([
      db.selectFrom('persons').select(['iin', 'last_name', 'first_name', 'middle_name']).execute(),
      db.selectFrom('applications').select(['child_iin', 'address', 'email', 'phone']).execute(),
      db.selectFrom('users').select(['iin', 'full_name']).execute(),
    ]);
    expect(applications.length).toBeGreaterThan(5);
    const secrets = [
      ...persons.flatMap((p) => [p.iin, p.last_name, p.first_name, p.middle_name]),
      ...applications.flatMap((a) => [a.child_iin, a.address, a.email, a.phone]),
      ...users.flatMap((u) => [u.iin, u.full_name]),
    ].filter((value): value is string => typeof value === 'string' && value.length >= 4);
    const text = pages.join('\n');
    for (const type of ['registered', 'direction_issued', 'enrolled', 'withdrawn', 'removed'])
      expect(text).toContain(`\\"type\\":\\"${type}\\"`);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
