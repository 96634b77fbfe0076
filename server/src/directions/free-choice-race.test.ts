// Batched free choice (docs/rules.md, "Batched free choice"), issue 17: speed, retries and bots
// give no advantage — a thousand requests sent at once in random order are granted in queue order.
import { beforeAll, describe, expect, it } from 'vitest';
import { orderQueue, type PriorityRatio, type QueueClass } from '@kezek/domain';
import { signedBody } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import { type ChoiceWorld } from '../testing/choice.ts';
import { freeChoiceWorld, type FreeChoiceTools } from '../testing/free-choice.ts';

const world = freeChoiceWorld();
let w: ChoiceWorld;
let tools: FreeChoiceTools;
beforeAll(() => {
  ({ w, tools } = world);
});
const MINUTE = 60_000;

describe('batched free choice under a thousand requests at once', () => {
  it('grants exactly the first of the queue among 1 000 requests sent at once in random order, retries included', async () => {
    await tools.setPolicy('batched', 60);
    const PLACES = 10;
    // Both interleaved classes and a few out of turn: the queue order is more than the arrival.
    const classes: QueueClass[] = Array.from({ length: 1000 }, (_, i) =>
      i % 97 === 5 ? 'out_of_turn' : i % 3 === 0 ? 'first_priority' : 'general',
    );
    const ids = await tools.applications(2024, classes);
    const batchId = await tools.freeChoiceBatch(2024, PLACES);
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
    expect((await tools.tick()).freeChoiceRequestsDecided).toBe(1000);

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
