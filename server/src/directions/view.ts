import type { Direction } from '@kezek/contracts';
import { revokeOpen, type LiveDirection } from '@kezek/domain';

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
}

export function liveDirectionOf(row: DirectionRow): LiveDirection {
  return {
    status: row.status as LiveDirection['status'],
    issuedAt: row.issued_at,
    extended: row.extended_until !== null,
    kindergartenType: row.type as LiveDirection['kindergartenType'],
  };
}

export function toDirection(row: DirectionRow, revokeHours: number, now: Date): Direction {
  const revocable = revokeOpen(liveDirectionOf(row), now, revokeHours);
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
      ? new Date(row.issued_at.getTime() + revokeHours * 3_600_000).toISOString()
      : null,
    status: row.status as Direction['status'],
  };
}
