import { afterAll, beforeAll } from 'vitest';
import type { QueueClass } from '@kezek/domain';
import { insertWaitingApplications } from './applications.ts';
import { addPlaces, olga, startChoiceWorld, type ChoiceWorld } from './choice.ts';
import { TestClient } from './harness.ts';
import { checkInvariantsAfterEach } from './invariants.ts';

/**
 * What the tests of batched free choice do to a choice world (server/src/directions/
 * free-choice*.test.ts): waiting applications, a batch in free choice, the region's free-choice
 * policy, the deadline job and the outbox.
 */
export function freeChoiceTools(w: ChoiceWorld) {
  let serial = 0;

  /** Waiting applications of one group year, registered a minute apart in the order given. */
  async function applications(
    groupYear: number,
    classes: readonly QueueClass[],
  ): Promise<string[]> {
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

  return { applications, tick, outbox, freeChoiceBatch, setPolicy };
}

export type FreeChoiceTools = ReturnType<typeof freeChoiceTools>;

/**
 * A test file's choice world for batched free choice, started before its tests on a June morning
 * and closed after them, with the invariants checked after each test. One parent's account
 * stands for the many parents of a race: its limits are scaled.
 */
export function freeChoiceWorld(): { w: ChoiceWorld; tools: FreeChoiceTools } {
  const world = {} as { w: ChoiceWorld; tools: FreeChoiceTools };
  beforeAll(async () => {
    world.w = await startChoiceWorld(20);
    world.w.t.clock.set(new Date('2026-06-01T09:00:00+05:00'));
    world.tools = freeChoiceTools(world.w);
  });
  afterAll(() => world.w.t.close());
  checkInvariantsAfterEach(() => world.w.t);
  return world;
}
