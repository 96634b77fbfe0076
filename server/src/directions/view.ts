import type { Direction } from '@kezek/contracts';
import { revokeOpen, type LiveDirection, type RegionPolicy } from '@kezek/domain';

/** A direction row as the application view and the direction routes read it. */
export interface DirectionRow {
  id: string;
  number: string;
  application_id: string;
  group_year: number;
  language: string;
  status: string;
  issued_at: Date;
  expires_at: Date;
  extended_until: Date | null;
  kindergarten_id: number;
  name_kk: string;
  name_ru: string;
  type: string;
  /** The application's benefit: its direction reminds of the proof documents' age. */
  benefit_code: string | null;
}

/**
 * The columns of a DirectionRow and its region's rules, from `directions as d`, `kindergartens as
 * k`, `applications as a` and `region_policies as p`: every reader that answers a Direction.
 */
/** The policy columns (alias `p`) a direction's rules come from (directionRulesOf). */
export const DIRECTION_RULE_COLUMNS = [
  'p.revoke_hours',
  'p.extension_max_days',
  'p.benefit_doc_max_age_days',
  'p.stop_list_working_days',
  'p.max_expiries',
] as const;

export const DIRECTION_COLUMNS = [
  'd.id',
  'd.number',
  'd.application_id',
  'd.group_year',
  'd.language',
  'd.issued_at',
  'd.expires_at',
  'd.extended_until',
  'd.status',
  'k.id as kindergarten_id',
  'k.name_kk',
  'k.name_ru',
  'k.type',
  'a.benefit_code',
  ...DIRECTION_RULE_COLUMNS,
] as const;

export type DirectionRules = Pick<
  RegionPolicy,
  | 'revokeHours'
  | 'extensionMaxDays'
  | 'benefitDocMaxAgeDays'
  | 'stopListWorkingDays'
  | 'maxExpiries'
>;

/** A direction's rules from its region's policy columns (DIRECTION_RULE_COLUMNS). */
export function directionRulesOf(row: {
  revoke_hours: number;
  extension_max_days: number;
  benefit_doc_max_age_days: number;
  stop_list_working_days: number;
  max_expiries: number;
}): DirectionRules {
  return {
    revokeHours: row.revoke_hours,
    extensionMaxDays: row.extension_max_days,
    benefitDocMaxAgeDays: row.benefit_doc_max_age_days,
    stopListWorkingDays: row.stop_list_working_days,
    maxExpiries: row.max_expiries,
  };
}

export function liveDirectionOf(row: DirectionRow): LiveDirection {
  return {
    status: row.status as LiveDirection['status'],
    issuedAt: row.issued_at,
    extended: row.extended_until !== null,
  };
}

export function toDirection(row: DirectionRow, rules: DirectionRules, now: Date): Direction {
  const revocable = revokeOpen(liveDirectionOf(row), now, rules.revokeHours);
  const extendable = row.status === 'issued' && row.extended_until === null;
  return {
    id: row.id,
    number: row.number,
    applicationId: row.application_id,
    kindergarten: {
      id: row.kindergarten_id,
      name: { kk: row.name_kk, ru: row.name_ru },
      type: row.type as Direction['kindergarten']['type'],
    },
    groupYear: row.group_year,
    language: row.language as Direction['language'],
    issuedAt: row.issued_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    extendedUntil: row.extended_until?.toISOString() ?? null,
    revocableUntil: revocable
      ? new Date(row.issued_at.getTime() + rules.revokeHours * 3_600_000).toISOString()
      : null,
    extensionMaxDays: extendable ? rules.extensionMaxDays : null,
    benefitDocMaxAgeDays: row.benefit_code ? rules.benefitDocMaxAgeDays : null,
    // A private direction's expiry stop-lists nobody: the child left the queue at the choice.
    expiry:
      row.type === 'private'
        ? null
        : {
            stopListWorkingDays: rules.stopListWorkingDays,
            removedAfterExpiries: rules.maxExpiries,
          },
    status: row.status as Direction['status'],
  };
}
