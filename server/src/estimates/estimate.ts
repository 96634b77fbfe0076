import type { WaitEstimateView } from '@kezek/contracts';
import { ESTIMATE_MONTHS, estimateWait, type QueueClass } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { found } from '../problem.ts';
import { classTurnsByMonth, estimateSubject } from './queries.ts';

const NO_FIGURES = {
  turns: null,
  ahead: null,
  medianMonths: null,
  lowMonths: null,
  highMonths: null,
};

/**
 * The wait estimate of one of the caller's applications (docs/wait-estimates.md): the domain's
 * estimateWait over its class's turns of the last ESTIMATE_MONTHS months. 404 for an application
 * that is not the caller's, as every application route answers.
 */
export async function waitEstimate(
  db: Db,
  userId: number,
  applicationId: string,
  now: Date,
): Promise<WaitEstimateView> {
  const subject = await found(estimateSubject(db, userId, applicationId));
  const queue = {
    districtId: subject.district_id,
    groupYear: subject.group_year,
    queueClass: subject.queue_class as QueueClass,
  };
  const basis = {
    groupYear: queue.groupYear,
    queueClass: queue.queueClass,
    months: ESTIMATE_MONTHS,
  };
  if (subject.ahead === null) return { kind: 'not_waiting', ...basis, ...NO_FIGURES };
  const monthly = Array<number>(ESTIMATE_MONTHS).fill(0);
  for (const row of await classTurnsByMonth(db, queue, now, ESTIMATE_MONTHS))
    monthly[Math.min(row.month, ESTIMATE_MONTHS - 1)]! += Number(row.turns);
  const ahead = Number(subject.ahead);
  const estimate = estimateWait(monthly, ahead);
  return estimate.kind === 'estimate'
    ? { ...basis, ...estimate, ahead }
    : { ...basis, ...NO_FIGURES, kind: estimate.kind, turns: estimate.turns, ahead };
}
