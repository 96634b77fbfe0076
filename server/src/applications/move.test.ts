import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertWaitingApplications } from '../testing/applications.ts';
import { issueDirection, startWorkspaceWorld, type WorkspaceWorld } from '../testing/workspace.ts';
import { moveDirections } from '../lifecycle/directions.ts';
import { moveApplications } from '../lifecycle/applications.ts';

let w: WorkspaceWorld;
let serial = 900;

beforeAll(async () => {
  w = await startWorkspaceWorld();
});
afterAll(() => w.t.close());

async function waitingChildren(statuses: readonly ('queued' | 'turn' | 'stop_listed')[]) {
  const { region_id: regionId } = await w.t.database.db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', w.districts.astana)
    .executeTakeFirstOrThrow();
  return insertWaitingApplications(
    w.t.database.db,
    statuses.map((status, index) => ({
      regionId,
      districtId: w.districts.astana,
      applicantUserId: w.parent.userId,
      serial: (serial += 2),
      minute: index + 1,
      birthDate: '2021-01-05', // not the queue issueDirection's child waits alone in (2022)
      child: { lastName: 'Ауысу', firstName: `Бала${serial}` },
      status,
    })),
  );
}

const statusesOf = async (ids: string[]) =>
  (
    await w.t.database.db
      .selectFrom('applications')
      .select(['id', 'status', 'turn_until'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute()
  ).map((row) => [row.status, row.turn_until]);

describe('moveApplications', () => {
  it('moves applications by a lifecycle event, with the columns the caller sets', async () => {
    const ids = await waitingChildren(['turn', 'turn']);
    const now = new Date('2026-03-02T04:00:00Z');
    await w.t.database.db.transaction().execute((trx) =>
      moveApplications(trx, 'lapseTurn', ids, 'queued', now, {
        turn_until: null,
        turn_batch_id: null,
      }),
    );
    expect(await statusesOf(ids)).toEqual([
      ['queued', null],
      ['queued', null],
    ]);
  });

  it('refuses to commit a move the lifecycle does not allow from the status found', async () => {
    const ids = await waitingChildren(['turn', 'stop_listed']);
    const before = await statusesOf(ids);
    await expect(
      w.t.database.db
        .transaction()
        .execute((trx) => moveApplications(trx, 'lapseTurn', ids, 'queued', new Date())),
    ).rejects.toThrow(/lapseTurn moved 1 of 2 applications/);
    expect(await statusesOf(ids)).toEqual(before);
  });
});

describe('moveDirections', () => {
  const statusOf = async (id: string) =>
    (
      await w.t.database.db
        .selectFrom('directions')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it('refuses a move from the wrong status and moves by an allowed one', async () => {
    const { directionId } = await issueDirection(w, {
      kindergartenId: w.kindergartens.no1,
      staff: w.staff,
    });
    const db = w.t.database.db;
    await expect(
      db
        .transaction()
        .execute((trx) => moveDirections(trx, 'confirmRefusal', [directionId], 'refused')),
    ).rejects.toThrow(
      /confirmRefusal moved 0 of 1 directions: the others are not in refusal_pending/,
    );
    expect(await statusOf(directionId)).toBe('issued');
    await db
      .transaction()
      .execute((trx) => moveDirections(trx, 'requestRefusal', [directionId], 'refusal_pending'));
    expect(await statusOf(directionId)).toBe('refusal_pending');
  });
});
