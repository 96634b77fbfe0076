// Issue 17, item 1: under `allocation: ranked` an offer not answered within its window goes to the
// next child who ranked the kindergarten, never back to one who let it pass; only when nobody is
// left does the place go to free choice. Under `choose` a lapsed turn's place goes to free choice
// (docs/rules.md, "Ranked preferences").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import {
  setAstanaAllocation,
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const DAY = 86_400_000;
let w: WorkspaceWorld;

beforeAll(async () => {
  w = await startWorkspaceWorld();
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

/** A waiting child of `groupYear` ranking the kindergartens (straight into the tables). */
async function rankingChild(minute: number, groupYear: number, ranking: number[]) {
  const id = await waitingChild(w, { name: `Бала${minute}`, minute, groupYear, parentIins: [] });
  if (ranking.length > 0) {
    await w.t.database.db
      .insertInto('application_preferences')
      .values(
        ranking.map((kindergarten_id, index) => ({
          application_id: id,
          rank: index + 1,
          kindergarten_id,
        })),
      )
      .execute();
  }
  return id;
}

const release = async (groupYear: number) => {
  const response = await w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no1,
    groupYear,
    language: 'kk',
    count: 1,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; turnsGiven: number };
};

const tick = async () =>
  (await w.t.app.inject({ method: 'POST', url: '/api/test/tick' })).json() as {
    turnsLapsed: number;
  };

const view = async (id: string) => (await w.parent.client.get(`/api/applications/${id}`)).json();

/** The application's state, its queue number and its last history row's event and details. */
async function stateOf(id: string) {
  const application = await view(id);
  const history = (await w.parent.client.get(`/api/applications/${id}/history`)).json().items;
  const last = history.at(-1);
  return {
    status: application.status,
    queueNumber: application.queueNumber,
    last: { event: last.event, details: last.details },
  };
}

/** A child back in the queue at `queueNumber` after its turn lapsed, its place gone `placeTo`. */
const lapsedTo = (placeTo: 'turn' | 'free_choice', queueNumber: number) => ({
  status: 'queued',
  queueNumber,
  last: { event: 'application.turn_lapsed', details: expect.objectContaining({ placeTo }) },
});

/** Lets the turn of `id` run out: the clock past its window, then the deadline jobs. */
async function lapse(id: string) {
  const { turn_until } = await w.t.database.db
    .selectFrom('applications')
    .select('turn_until')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  w.t.clock.set(new Date(turn_until!.getTime() + 1000));
  expect((await tick()).turnsLapsed).toBe(1);
}

const turnMessages = async (id: string) => {
  const { number } = await view(id);
  return (
    await w.t.database.db
      .selectFrom('outbox')
      .select('channel')
      .where('subject', '=', `Заявление ${number}: подошла ваша очередь`)
      .execute()
  ).map((row) => row.channel);
};

const batchOf = (id: string) =>
  w.t.database.db
    .selectFrom('place_batches')
    .select(['free', 'state'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('an offer not answered under ranked preferences', () => {
  it('goes to the next child who ranked the kindergarten, each with a window of its own, then to free choice', async () => {
    await setAstanaAllocation(w, 'ranked');
    w.t.clock.set(new Date('2026-03-02T10:00:00+05:00'));
    const { no1, no7 } = w.kindergartens;
    const first = await rankingChild(21, 2023, [no1]);
    const notNo1 = await rankingChild(22, 2023, [no7]);
    const second = await rankingChild(23, 2023, [no7, no1]);
    const third = await rankingChild(24, 2023, [no1]);

    const batch = await release(2023);
    expect(batch.turnsGiven).toBe(1);
    expect(await stateOf(first)).toMatchObject({ status: 'turn', queueNumber: 1 });

    // The first child lets its window pass: the place goes to the next child who ranked № 1.
    await lapse(first);
    const handedAt = w.t.clock.now();
    expect(await stateOf(first)).toEqual(lapsedTo('turn', 1));
    expect(await stateOf(notNo1)).toMatchObject({ status: 'queued', queueNumber: 2 });
    expect(await stateOf(second)).toMatchObject({
      status: 'turn',
      last: {
        event: 'application.turn_given',
        details: {
          placeBatch: batch.id,
          placeReturned: true,
          turnUntil: new Date(handedAt.getTime() + 3 * DAY).toISOString(),
        },
      },
    });
    expect((await turnMessages(second)).sort()).toEqual(['email', 'inapp', 'sms']);
    // The batch's window has ended, but the place stays held for the new turn.
    expect(await batchOf(batch.id)).toEqual({ free: 1, state: 'free_choice' });
    expect((await view(notNo1)).actions).not.toContain('chooseState');

    // Not back to the first child, who let it pass though it is ahead in the queue.
    await lapse(second);
    expect(await stateOf(second)).toEqual(lapsedTo('turn', 3));
    expect(await stateOf(first)).toMatchObject({ status: 'queued' });
    expect(await stateOf(third)).toMatchObject({ status: 'turn' });

    // Nobody left who ranked № 1 and did not let it pass: free choice.
    await lapse(third);
    expect(await stateOf(third)).toEqual(lapsedTo('free_choice', 4));
    expect((await view(notNo1)).actions).toContain('chooseState');
    expect(await turnMessages(first)).toHaveLength(3);
  });
});

describe('an offer declined under ranked preferences after its batch’s window', () => {
  it('goes to the next child who ranked the kindergarten, not back to one who let it lapse', async () => {
    await setAstanaAllocation(w, 'ranked');
    w.t.clock.set(new Date('2026-04-06T10:00:00+05:00'));
    const { no1 } = w.kindergartens;
    const [first, second, third] = [
      await rankingChild(41, 2024, [no1]),
      await rankingChild(42, 2024, [no1]),
      await rankingChild(43, 2024, [no1]),
    ];
    const batch = await release(2024);
    await lapse(first);
    expect(await stateOf(second)).toMatchObject({ status: 'turn' });

    const declined = await signedPost(
      w.parent,
      `/api/applications/${second}/turn/decline`,
      'turn.decline',
      {
        applicationId: second,
      },
    );
    expect(declined.statusCode).toBe(200);
    expect(await stateOf(second)).toMatchObject({
      status: 'queued',
      last: {
        event: 'application.turn_declined',
        details: expect.objectContaining({ placeTo: 'turn' }),
      },
    });
    expect(await stateOf(first)).toMatchObject({ status: 'queued' });
    expect(await stateOf(third)).toMatchObject({
      status: 'turn',
      last: { details: expect.objectContaining({ placeBatch: batch.id }) },
    });
    // Both who let it pass are passed by: free choice.
    await lapse(third);
    expect(await stateOf(third)).toEqual(lapsedTo('free_choice', 3));
  });
});

describe('a lapsed turn under `choose`', () => {
  it('sends its place to free choice, as the manual does', async () => {
    await setAstanaAllocation(w, 'choose');
    w.t.clock.set(new Date('2026-05-04T10:00:00+05:00'));
    const first = await rankingChild(31, 2022, []);
    const next = await rankingChild(32, 2022, []);
    const batch = await release(2022);
    expect(batch.turnsGiven).toBe(1);

    await lapse(first);
    expect(await stateOf(first)).toEqual(lapsedTo('free_choice', 1));
    expect(await stateOf(next)).toMatchObject({ status: 'queued' });
    expect((await view(next)).actions).toContain('chooseState');
  });
});
