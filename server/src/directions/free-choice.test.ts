// Batched free choice (docs/rules.md, "Batched free choice"): in a region whose policy says
// `freeChoice: 'batched'` a signed choice of a free-choice place registers a request, and the
// deadline job grants a round's requests in queue order. The race of a thousand requests is in
// free-choice-race.test.ts, so that the two run side by side.
import { beforeAll, describe, expect, it } from 'vitest';
import { choosePlace, type ChoiceWorld } from '../testing/choice.ts';
import { freeChoiceWorld, type FreeChoiceTools } from '../testing/free-choice.ts';

const world = freeChoiceWorld();
let w: ChoiceWorld;
let tools: FreeChoiceTools;
beforeAll(() => {
  ({ w, tools } = world);
});
const MINUTE = 60_000;

describe('batched free choice', () => {
  it('registers requests in one round, replaces a second request, and grants the round in queue order at its end', async () => {
    await tools.setPolicy('batched', 120);
    // The first-priority child registered last is first in the queue (ratio 1:3).
    const [first, second, third] = await tools.applications(2023, [
      'general',
      'general',
      'first_priority',
    ]);
    const batchId = await tools.freeChoiceBatch(2023, 1);
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
    await tools.setPolicy('batched', 5);
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
      (await tools.outbox()).filter(
        (m) =>
          m.channel === 'email' && m.subject.includes('запрос в свободном выборе зарегистрирован'),
      ),
    ).toHaveLength(3);

    // Before the round's end nothing is decided.
    w.t.clock.set(new Date(opened.getTime() + 119 * MINUTE));
    expect((await tools.tick()).freeChoiceRequestsDecided).toBe(0);
    w.t.clock.set(new Date(opened.getTime() + 120 * MINUTE));
    expect((await tools.tick()).freeChoiceRequestsDecided).toBe(2);
    expect((await tools.tick()).freeChoiceRequestsDecided).toBe(0);

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
    const subjects = (await tools.outbox())
      .filter((m) => m.channel === 'email')
      .map((m) => m.subject);
    expect(subjects).toContain(`Выдано направление ${won.request.directionNumber}`);
    expect(subjects.some((s) => s.includes('запрос в свободном выборе не удовлетворен'))).toBe(
      true,
    );
  });

  it('keeps first come first served in a first_come region, and refuses a request of a batch with no place left', async () => {
    await tools.setPolicy('first_come');
    const [a, b] = await tools.applications(2022, ['general', 'general']);
    const batchId = await tools.freeChoiceBatch(2022, 1);
    expect((await w.parent.get(`/api/applications/${b}/offers`)).json().items[0].decideAt).toBe(
      null,
    );
    expect((await choosePlace(w, b!, batchId)).statusCode).toBe(201);
    await tools.setPolicy('batched');
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
});
