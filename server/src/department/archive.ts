import type { z } from 'zod';
import type { ArchiveEntry, archiveQuerySchema } from '@kezek/contracts';
import { ARCHIVE_STATUSES } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { idCursor, pageById } from '../http/paging.ts';

/**
 * The archive of a district (seed 004, «Список очередников и архивных заявок»): its applications
 * that no longer wait, newest first, keyset-paged by id.
 */
export async function archivePage(
  db: Db,
  query: z.infer<typeof archiveQuerySchema>,
): Promise<{ items: ArchiveEntry[]; nextCursor: string | null }> {
  const after = idCursor(query.cursor);
  let rows = db
    .selectFrom('applications as a')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .select([
      'a.id',
      'a.number',
      'a.child_iin',
      'a.group_year',
      'a.status',
      'a.registered_at',
      'a.last_changed_at',
      'child.birth_date',
      fullNameOf('child').as('child_name'),
    ])
    .where('a.district_id', '=', query.districtId)
    .where('a.status', 'in', query.status ? [query.status] : ARCHIVE_STATUSES)
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1);
  if (query.groupYear !== undefined) rows = rows.where('a.group_year', '=', query.groupYear);
  if (after !== undefined) rows = rows.where('a.id', '<', after);
  return pageById(await rows.execute(), query.limit, (row) => ({
    applicationId: row.id,
    number: row.number,
    child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.birth_date },
    groupYear: row.group_year,
    status: row.status as ArchiveEntry['status'],
    registeredAt: row.registered_at.toISOString(),
    lastChangedAt: row.last_changed_at.toISOString(),
  }));
}
