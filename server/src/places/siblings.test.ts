// Issue 17, item 3: with the policy `siblingPriority: within_class`, a child whose sibling attends
// a kindergarten goes first among the children of its class for that kindergarten's places
// (docs/rules.md, "Siblings"); the sibling link comes from the person registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONS } from '../demo/people.ts';
import { expectInvariants } from '../testing/invariants.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const GROUP_YEAR = 2022;

let w: WorkspaceWorld;
let attending: string;
const waiting: Record<'u1' | 'u2' | 'u3' | 'sibling', string> = {
  u1: '',
  u2: '',
  u3: '',
  sibling: '',
};

async function setSiblingPriority(mode: 'off' | 'within_class') {
  const url = `/api/admin/policy?regionId=${await astanaRegion()}`;
  const policy = (await w.admin.client.get(url)).json();
  const saved = await w.admin.client.put(url, { ...policy, siblingPriority: mode });
  expect(saved.json().siblingPriority).toBe(mode);
}
const astanaRegion = async () =>
  (
    await w.t.database.db
      .selectFrom('districts')
      .select('region_id')
      .where('id', '=', w.districts.astana)
      .executeTakeFirstOrThrow()
  ).region_id;

const release = (kindergartenId: number) =>
  w.staff.client.post('/api/places', {
    kindergartenId,
    groupYear: GROUP_YEAR,
    language: 'kk',
    count: 1,
  });
const statusOf = async (id: string) =>
  (
    await w.t.database.db
      .selectFrom('applications')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  // Olga's child of 2021 attends № 1: a direction taken and accepted by its staff.
  const direction = await issueDirection(w, {
    kindergartenId: w.kindergartens.no1,
    staff: w.staff,
    groupYear: 2021,
  });
  const accepted = await signedPost(
    w.staff,
    `/api/directions/${direction.directionId}/accept`,
    'direction.accept',
    { directionId: direction.directionId },
  );
  expect(accepted.statusCode).toBe(200);
  attending = direction.childIin;
  // Three children of other families first, Olga's younger child last, all general.
  const child = (name: string, minute: number, parentIins: string[]) =>
    waitingChild(w, { name, minute, groupYear: GROUP_YEAR, parentIins });
  waiting.u1 = await child('Бірінші', 1, []);
  waiting.u2 = await child('Екінші', 2, []);
  waiting.u3 = await child('Үшінші', 3, []);
  waiting.sibling = await child('Кіші', 4, [olga.iin]);
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

describe('siblings', () => {
  it('shows on the application the sibling who attends a kindergarten', async () => {
    const view = (await w.parent.client.get(`/api/applications/${waiting.sibling}`)).json();
    const attendingName = (
      await w.t.database.db
        .selectFrom('persons')
        .select(['last_name', 'first_name'])
        .where('iin', '=', attending)
        .executeTakeFirstOrThrow()
    ).first_name;
    expect(view.siblingsAttending).toEqual([
      {
        fullName: `Иванов ${attendingName}`,
        kindergarten: expect.objectContaining({ ru: expect.stringContaining('№ 1') }),
      },
    ]);
  });

  it('go in queue order while the policy is off (the manual)', async () => {
    await setSiblingPriority('off');
    expect((await release(w.kindergartens.no1)).json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(waiting.u1)).toBe('turn');
    expect(await statusOf(waiting.sibling)).toBe('queued');
  });

  it('go first within their class for the kindergarten their sibling attends, and only there', async () => {
    await setSiblingPriority('within_class');
    expect((await release(w.kindergartens.no7)).json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(waiting.u2)).toBe('turn');
    expect(await statusOf(waiting.sibling)).toBe('queued');

    expect((await release(w.kindergartens.no1)).json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(waiting.sibling)).toBe('turn');
    expect(await statusOf(waiting.u3)).toBe('queued');
    // The history names the policy that decided.
    const given = await w.t.database.db
      .selectFrom('history')
      .select('after')
      .where('subject_id', '=', waiting.sibling)
      .where('event', '=', 'application.turn_given')
      .executeTakeFirstOrThrow();
    expect(given.after).toMatchObject({ policy: { siblingPriority: 'within_class' } });
  });
});
