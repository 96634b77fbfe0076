// Batched free choice (docs/rules.md, "Batched free choice"): in a region whose policy says
// `freeChoice: 'batched'` a signed choice of a free-choice place registers a request, and the
// deadline job grants a round's requests in queue order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderQueue, type PriorityRatio, type QueueClass } from '@kezek/domain';
import { insertWaitingApplications } from '../testing/applications.ts';
import { signedBody } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import {
  addPlaces,
  choosePlace,
  olga,
  startChoiceWorld,
  type ChoiceWorld,
} from '../testing/choice.ts';

let w: ChoiceWorld;
let serial = 0;
const MINUTE = 60_000;

/** Waiting applications of one group year, registered a minute apart in the order given. */
async function applications(groupYear: number, classes: readonly QueueClass[]): Promise<string[]> {
  const first = serial;
  serial += classes.length;
  return insertWaitingApplications(
    w.t.database.db,
    classes.map((queueClass, i) => ({
      regionId: w.regionId,
      districtId: w.districtId,
      applicantUserId: w.parentUserId,
      serial: 2 * (first + i) + 1,
      minute: first + i,
      birthDate: `${groupYear}-05-05`,
      queueClass,
      child: { lastName: 'Сериков', firstName: `Бала${first + i}`, parentIins: [olga.iin] },
      language: 'ru',
    })),
  );
}

const tick = async () => (await new TestClient(w.t.app).post('/api/test/tick')).json();
const outbox = async () =>
  (await new TestClient(w.t.app).get('/api/test/outbox')).json().items as {
    channel: string;
    subject: string;
  }[];

/** A batch of `count` places whose turns have lapsed: every place in free choice. */
async function freeChoiceBatch(groupYear: number, count: number): Promise<string> {
  const batch = await addPlaces(w, groupYear, count);
  w.t.clock.set(new Date(new Date(batch.turnUntil).getTime() + 1000));
  await tick();
  return batch.id as string;
}

const setPolicy = (freeChoice: 'first_come' | 'batched', windowMinutes = 120) =>
  w.t.database.db
    .updateTable('region_policies')
    .set({ free_choice: freeChoice, free_choice_window_minutes: windowMinutes })
    .where('region_id', '=', w.regionId)
    .execute();

beforeAll(async () => {
  // One parent's account stands for the 1 000 parents of the race below: its limits are scaled.
  w = await startChoiceWorld(20);
  w.t.clock.set(new Date('2026-06-01T09:00:00+05:00'));
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('batched free choice', () => {
  it('registers requests in one round, replaces a second request, and grants the round in queue order at its end', async () => {
    await setPolicy('batched', 120);
    // The first-priority child registered last is first in the queue (ratio 1:3).
    const [first, second, third] = await applications(2023, [
      'general',
      'general',
      'first_priority',
    ]);
    const batchId = await freeChoiceBatch(2023, 1);
    const opened = w.t.clock.now();
    const offer = (await w.parent.get(`/api/applications/${third}/offers`)).json().items[0];
    expect(offer).toMatchObject({
      placeId: batchId,
      mode: 'free_choice',
      decideAt: new Date(opened.getTime() + 120 * MINUTE).toISOString(),
    });

    // The last of the queue asks first; a request is not a direction.
    const late = await choosePlace(w, second!, batchId);
    expect(late.statusCode).toBe(202);
    expect(late.json()).toMatchObject({
      applicationId: second,
      placeId: batchId,
      decideAt: new Date(opened.getTime() + 120 * MINUTE).toISOString(),
      windowMinutes: 120,
      outcome: null,
      directionNumber: null,
    });
    // Later requests join the round: its end does not move, whatever the policy says now.
    w.t.clock.set(new Date(opened.getTime() + 30 * MINUTE));
    await setPolicy('batched', 5);
    const early = await choosePlace(w, third!, batchId);
    expect(early.statusCode).toBe(202);
    expect(early.json().decideAt).toBe(late.json().decideAt);
    // Pressing again replaces the open request: still one per application.
    const again = await choosePlace(w, third!, batchId);
    expect(again.statusCode).toBe(202);
    expect(again.json().id).not.toBe(early.json().id);
    const rows = await w.t.database.db
      .selectFrom('free_choice_requests')
      .select(['application_id', 'outcome'])
      .where('place_batch_id', '=', batchId)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { application_id: second, outcome: null },
      { application_id: third, outcome: 'replaced' },
      { application_id: third, outcome: null },
    ]);
    expect(await w.t.database.db.selectFrom('directions').select('id').execute()).toEqual([]);
    expect((await w.parent.get(`/api/applications/${third}`)).json().status).toBe('queued');
    expect(
      (await outbox()).filter(
        (m) =>
          m.channel === 'email' && m.subject.includes('запрос в свободном выборе зарегистрирован'),
      ),
    ).toHaveLength(3);

    // Before the round's end nothing is decided.
    w.t.clock.set(new Date(opened.getTime() + 119 * MINUTE));
    expect((await tick()).freeChoiceRequestsDecided).toBe(0);
    w.t.clock.set(new Date(opened.getTime() + 120 * MINUTE));
    expect((await tick()).freeChoiceRequestsDecided).toBe(2);
    expect((await tick()).freeChoiceRequestsDecided).toBe(0);

    // The one place goes to the earlier of the queue, not to the earlier request.
    const won = (await w.parent.get(`/api/applications/${third}/free-choice-request`)).json();
    expect(won.request).toMatchObject({ outcome: 'granted', placeId: batchId });
    expect(won.request.directionNumber).toMatch(/^NP\.2026\.\d{6}$/);
    expect((await w.parent.get(`/api/applications/${third}`)).json()).toMatchObject({
      status: 'direction_issued',
      direction: { number: won.request.directionNumber, status: 'issued' },
    });
    const lost = (await w.parent.get(`/api/applications/${second}/free-choice-request`)).json();
    expect(lost.request).toMatchObject({ outcome: 'not_granted', directionNumber: null });
    expect((await w.parent.get(`/api/applications/${second}`)).json().status).toBe('queued');
    expect((await w.parent.get(`/api/applications/${first}/free-choice-request`)).json()).toEqual({
      request: null,
    });

    // The history says which policy decided, and keeps the signature of the request.
    const history = await w.t.database.db
      .selectFrom('history')
      .select(['subject_id', 'event', 'after', 'evidence'])
      .where('subject_id', 'in', [third!, second!])
      .where('event', 'in', ['application.direction_issued', 'application.free_choice_not_granted'])
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      expect.objectContaining({
        subject_id: third,
        event: 'application.direction_issued',
        after: expect.objectContaining({
          mode: 'free_choice',
          policy: { freeChoice: 'batched', windowMinutes: 120 },
        }),
        evidence: expect.any(String),
      }),
      expect.objectContaining({
        subject_id: second,
        event: 'application.free_choice_not_granted',
        after: expect.objectContaining({
          reason: 'place_taken',
          policy: { freeChoice: 'batched', windowMinutes: 120 },
        }),
      }),
    ]);
    const subjects = (await outbox()).filter((m) => m.channel === 'email').map((m) => m.subject);
    expect(subjects).toContain(`Выдано направление ${won.request.directionNumber}`);
    expect(subjects.some((s) => s.includes('запрос в свободном выборе не удовлетворен'))).toBe(
      true,
    );
  });

  it('keeps first come first served in a first_come region, and refuses a request of a batch with no place left', async () => {
    await setPolicy('first_come');
    const [a, b] = await applications(2022, ['general', 'general']);
    const batchId = await freeChoiceBatch(2022, 1);
    expect((await w.parent.get(`/api/applications/${b}/offers`)).json().items[0].decideAt).toBe(
      null,
    );
    expect((await choosePlace(w, b!, batchId)).statusCode).toBe(201);
    await setPolicy('batched');
    const refused = await choosePlace(w, a!, batchId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('place_taken');
    expect(
      await w.t.database.db
        .selectFrom('free_choice_requests')
        .select('id')
        .where('place_batch_id', '=', batchId)
        .execute(),
    ).toEqual([]);
  });

  it('grants exactly the first of the queue among 1 000 requests sent at once in random order, retries included', async () => {
    await setPolicy('batched', 60);
    const PLACES = 10;
    // Both interleaved classes and a few out of turn: the queue order is more than the arrival.
    const classes: QueueClass[] = Array.from({ length: 1000 }, (_, i) =>
      i % 97 === 5 ? 'out_of_turn' : i % 3 === 0 ? 'first_priority' : 'general',
    );
    const ids = await applications(2024, classes);
    const batchId = await freeChoiceBatch(2024, PLACES);
    const opened = w.t.clock.now();
    // Every request in a browser session of its own, and a hundred of them sent twice.
    const senders = [...ids, ...ids.filter((_, i) => i % 10 === 3)];
    const prepared = [];
    for (const id of senders) {
      const client = await TestClient.withUserSession(w.t, w.parentUserId);
      prepared.push({
        id,
        client,
        body: await signedBody(client, w.keys.sign, 'direction.choose', {
          applicationId: id,
          placeId: batchId,
        }),
      });
    }
    // Random order of arrival (Fisher–Yates with a fixed seed), all at once.
    let seed = 20260601;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = prepared.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [prepared[i], prepared[j]] = [prepared[j]!, prepared[i]!];
    }
    const responses = await Promise.all(
      prepared.map(({ id, client, body }) =>
        client.post(`/api/applications/${id}/direction`, body),
      ),
    );
    const statuses = responses.reduce<Record<number, number>>((counts, r) => {
      counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
      return counts;
    }, {});
    expect(statuses).toEqual({ 202: senders.length });
    expect(new Set(responses.map((r) => r.json().decideAt)).size).toBe(1);

    w.t.clock.set(new Date(opened.getTime() + 60 * MINUTE));
    expect((await tick()).freeChoiceRequestsDecided).toBe(1000);

    // The queue order, from the domain's rule over the whole queue of the group year.
    const queue = await w.t.database.db
      .selectFrom('applications')
      .select(['id', 'queue_class', 'registered_at', 'number'])
      .where('district_id', '=', w.districtId)
      .where('group_year', '=', 2024)
      .where('status', 'in', ['queued', 'turn', 'stop_listed', 'direction_issued'])
      .execute();
    const policy = await w.t.database.db
      .selectFrom('region_policies')
      .select('first_priority_ratio')
      .where('region_id', '=', w.regionId)
      .executeTakeFirstOrThrow();
    const ordered = orderQueue(
      queue.map((row) => ({
        id: row.id,
        queueClass: row.queue_class,
        registeredAt: row.registered_at,
        number: row.number,
      })),
      policy.first_priority_ratio as unknown as PriorityRatio,
    );
    const winners = await w.t.database.db
      .selectFrom('free_choice_requests')
      .select('application_id')
      .where('place_batch_id', '=', batchId)
      .where('outcome', '=', 'granted')
      .execute();
    expect(winners.map((w) => w.application_id).sort()).toEqual(
      ordered
        .slice(0, PLACES)
        .map((a) => a.id)
        .sort(),
    );
    const outcomes = await w.t.database.db
      .selectFrom('free_choice_requests')
      .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
      .where('place_batch_id', '=', batchId)
      .groupBy('outcome')
      .orderBy('outcome')
      .execute();
    expect(outcomes.map((o) => [o.outcome, Number(o.n)])).toEqual([
      ['granted', PLACES],
      ['not_granted', 1000 - PLACES],
      ['replaced', senders.length - 1000],
    ]);
    expect((await w.staff.get('/api/places?groupYear=2024')).json().items[0].free).toBe(0);
  }, 600_000);
});
