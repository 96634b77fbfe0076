import { addMonths, type LocalDate } from './local-date.ts';

/**
 * `UO.<year>.<6-digit serial>.1`, as the manuals number applications (e.g. UO.2018.000024.1;
 * docs/rules.md, "Registration and eligibility").
 */
export function applicationNumber(year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999)
    throw new RangeError(`serial ${serial} out of range`);
  return `UO.${year}.${String(serial).padStart(6, '0')}.1`;
}

export const APPLICATION_STATUSES = [
  'queued',
  'turn',
  'direction_issued',
  'enrolled',
  'stop_listed',
  'withdrawn',
  'removed',
  'refused',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses that still hold a place in the queue (they count in other children's numbers). */
export const WAITING_STATUSES: readonly ApplicationStatus[] = ['queued', 'turn', 'stop_listed'];
/** Statuses that block a second application for the same child in the region. */
export const ACTIVE_STATUSES: readonly ApplicationStatus[] = [
  'queued',
  'turn',
  'direction_issued',
  'enrolled',
  'stop_listed',
];

/**
 * Applications that no longer wait (seed 004: «Список очередников и архивных заявок»): enrolled,
 * withdrawn, removed or refused.
 */
export const ARCHIVE_STATUSES = [
  'enrolled',
  'withdrawn',
  'removed',
  'refused',
] as const satisfies readonly ApplicationStatus[];

export type ApplicationAction = 'confirmInterest' | 'changeBenefit' | 'withdraw';

/** What an applicant may do with the application itself in this status (placements aside). */
export function applicationActions(status: ApplicationStatus): ApplicationAction[] {
  if (status === 'queued' || status === 'stop_listed')
    return ['confirmInterest', 'changeBenefit', 'withdraw'];
  if (status === 'turn') return ['confirmInterest', 'withdraw'];
  return [];
}

/**
 * The day by which interest must be confirmed (seed 001: «кезекке қойған сәттен бастап әрбір 12
 * айда»; docs/rules.md, "Confirming interest"). The deadlines fall on the anniversaries of the
 * registration day, every `months`: at registration the first one; a confirmation on any day up
 * to an anniversary covers the period that ends there, so the next deadline is the anniversary
 * after it. Confirming twice in one period changes nothing.
 */
export function interestDeadline(
  registeredOn: LocalDate,
  months: number,
  confirmedOn?: LocalDate,
): LocalDate {
  const anniversary = (period: number) => addMonths(registeredOn, period * months);
  if (confirmedOn === undefined) return anniversary(1);
  let period = 1;
  while (anniversary(period) < confirmedOn) period += 1;
  return anniversary(period + 1);
}

/** `NP.<year>.<6-digit serial>`: the number printed on a direction (направление) and checked publicly. */
export function directionNumber(year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999)
    throw new RangeError(`serial ${serial} out of range`);
  return `NP.${year}.${String(serial).padStart(6, '0')}`;
}
