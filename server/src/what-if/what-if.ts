/**
 * What-if (docs/what-if.md): an officer describes a release, or a new kindergarten with its
 * groups, and sees whom it would give turns, by queue number and class, and how the median wait
 * of each group year would move — without anything changing.
 *
 * "Against a copy of today's queue, with the same rules": the real release (places/release.ts,
 * with the open transfer requests served first, domain/'s queue order and policy) runs inside a
 * transaction that is always rolled back. Nothing it writes — batches, turns, history, the
 * transparency log, notifications, a hypothetical kindergarten — survives; the queue's lock is
 * held only while it runs, as a real release holds it.
 */
import type { z } from 'zod';
import { QUEUE_CLASSES } from '@kezek/domain';
import type { whatIfRequestSchema, whatIfResultSchema } from '@kezek/contracts';
import type { CommandContext } from '../context.ts';
import type { Db, Trx } from '../db/connection.ts';
import { officerScope } from '../auth/scope.ts';
import { notFound } from '../problem.ts';
import { releasePlaces, type ServeTransfers } from '../places/release.ts';
import {
  districtOfKindergarten,
  insertHypotheticalKindergarten,
  medianWaits,
  turnsOfBatch,
} from './queries.ts';

type WhatIfRequest = z.infer<typeof whatIfRequestSchema>;
type WhatIfResult = z.infer<typeof whatIfResultSchema>;

/** Carries the result out of the transaction it rolls back. */
class RolledBack extends Error {
  readonly result: WhatIfResult;

  constructor(result: WhatIfResult) {
    super('what-if rolled back');
    this.result = result;
  }
}

/**
 * `trx` as a `Db` whose `transaction()` runs in `trx` itself: the release's own transaction
 * becomes part of the one rolled back. Kysely keeps its state in private fields, so methods are
 * bound to the transaction, never called on the proxy.
 */
function within(trx: Trx): Db {
  return new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') {
        return () => ({ execute: <T>(run: (inner: Trx) => Promise<T>) => run(target) });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Db;
}

/** The district the request is about, if the caller may plan for it (else 404). */
async function districtInScope(context: CommandContext, request: WhatIfRequest): Promise<number> {
  const districtId =
    request.kind === 'release'
      ? await districtOfKindergarten(context.db, request.kindergartenId)
      : request.districtId;
  const scope = officerScope(context.user);
  if (districtId === undefined || !(scope.everything || scope.districtIds.includes(districtId)))
    throw notFound();
  return districtId;
}

export async function whatIf(
  context: CommandContext,
  request: WhatIfRequest,
  transfers: ServeTransfers,
): Promise<WhatIfResult> {
  const districtId = await districtInScope(context, request);
  const now = context.clock.now();
  const groups =
    request.kind === 'release'
      ? [{ groupYear: request.groupYear, language: request.language, count: request.count }]
      : request.groups;
  const groupYears = [...new Set(groups.map((group) => group.groupYear))].sort();
  try {
    await context.db.transaction().execute(async (trx) => {
      const kindergartenId =
        request.kind === 'release'
          ? request.kindergartenId
          : await insertHypotheticalKindergarten(trx, districtId, groups, now);
      const before = await medianWaits(trx, districtId, groupYears, now);
      // The caller acts for this kindergarten's places, inside the transaction only.
      const user = { ...context.user, kindergartenIds: [kindergartenId] };
      const results: WhatIfResult['groups'] = [];
      for (const group of groups) {
        const released = await releasePlaces(
          { db: within(trx), clock: context.clock, user },
          { kindergartenId, ...group },
          transfers,
        );
        const turns = await turnsOfBatch(trx, released.batchId);
        const byClass = Object.fromEntries(
          QUEUE_CLASSES.map((queueClass) => [
            queueClass,
            turns.filter((turn) => turn.queueClass === queueClass).length,
          ]),
        ) as WhatIfResult['groups'][number]['byClass'];
        results.push({
          ...group,
          turns: turns.map((turn) => turn.queueNumber),
          byClass,
          transfers: released.transfersGranted,
          toFreeChoice: group.count - released.transfersGranted - turns.length,
        });
      }
      const after = await medianWaits(trx, districtId, groupYears, now);
      throw new RolledBack({
        districtId,
        groups: results,
        medianWait: groupYears.map((groupYear) => {
          const was = before.get(groupYear);
          const will = after.get(groupYear);
          return {
            groupYear,
            waitingBefore: was?.waiting ?? 0,
            waitingAfter: will?.waiting ?? 0,
            medianDaysBefore: was?.medianDays ?? null,
            medianDaysAfter: will?.medianDays ?? null,
          };
        }),
      });
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
  throw new Error('what-if: the transaction was not rolled back');
}
