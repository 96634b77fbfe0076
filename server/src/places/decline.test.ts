// Issue 17, item 4: a parent may decline a turn once in 12 months; the place goes on to the next
// child at once and the child keeps its place in the queue (docs/rules.md, "Declining a turn").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvariants } from '../testing/invariants.ts';
import {
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const GROUP_YEAR = 2023;
let w: WorkspaceWorld;
let first: string;
let second: string;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  first = await waitingChild(w, {
    name: 'Алғашқы',
    minute: 11,
    groupYear: GROUP_YEAR,
    parentIins: [],
  });
  second = await waitingChild(w, {
    name: 'Келесі',
    minute: 12,
    groupYear: GROUP_YEAR,
    parentIins: [],
  });
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

const release = () =>
  w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no1,
    groupYear: GROUP_YEAR,
    language: 'kk',
    count: 1,
  });
const view = async (id: string) => (await w.parent.client.get(`/api/applications/${id}`)).json();
const decline = (id: string) =>
  signedPost(w.parent, `/api/applications/${id}/turn/decline`, 'turn.decline', {
    applicationId: id,
  });

describe('declining a turn', () => {
  it('refuses a decline without a turn', async () => {
    const response = await decline(first);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('action_not_allowed');
  });

  it('hands the place to the next child at once and keeps the child’s place', async () => {
    const batch = (await release()).json();
    expect(batch.turnsGiven).toBe(1);
    const before = await view(first);
    expect(before).toMatchObject({ status: 'turn', queueNumber: 1 });
    expect(before.actions).toContain('declineTurn');

    const declined = await decline(first);
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'queued', turnUntil: null, queueNumber: 1 });
    expect(declined.json().actions).not.toContain('declineTurn');
    expect(await view(second)).toMatchObject({ status: 'turn' });
    const history = (await w.parent.client.get(`/api/applications/${first}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.turn_declined',
      fromStatus: 'turn',
      toStatus: 'queued',
      signed: true,
    });
  });

  it('lets the next turn lapse instead within 12 months, and allows a decline again after them', async () => {
    expect((await release()).json().turnsGiven).toBe(1);
    expect(await view(first)).toMatchObject({ status: 'turn' });
    expect((await view(first)).actions).not.toContain('declineTurn');
    const again = await decline(first);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('turn_decline_used');

    w.t.clock.set(new Date(w.t.clock.now().getTime() + 366 * 24 * 3_600_000));
    expect((await view(first)).actions).toContain('declineTurn');
  });
});
