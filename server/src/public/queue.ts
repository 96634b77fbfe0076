import { sql } from 'kysely';
import type { PublicQueueEntry, PublicQueuePage, PublicQueuePlace } from '@kezek/contracts';
import type { PriorityRatio } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { visibleTo } from '../auth/scope.ts';
import { notFound } from '../problem.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import {
  numbersOfRow,
  QUEUE_NUMBER_COLUMNS,
  queueNumbers,
  queueNumbersOfRow,
  WAITING,
} from '../applications/queue.ts';

/**
 * The public queue of a district and group year (docs/rules.md, "The public queue"): the waiting
 * children in queue order under their pseudonyms, with nothing that names them. A page is an
 * index range read of the stored queue numbers (queue_numbers_position, migration 0038) after
 * the cursor's number, so it costs the same at any depth; each row's numbers are read as the
 * application page reads them (numbersOfRow: the stored ones, or counted while the queue waits
 * for its renumbering, which follows within a second).
 */
export async function publicQueuePage(
  db: Db,
  pseudonyms: Pseudonyms,
  request: { districtId: number; groupYear: number; limit: number; cursor?: string | undefined },
): Promise<PublicQueuePage> {
  const rows = await db
    .selectFrom('queue_numbers as q')
    .innerJoin('applications as a', 'a.id', 'q.application_id')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .leftJoinLateral(queueNumbersOfRow.as('qn'), (join) => join.onTrue())
    .select([
      'q.queue_number as stored_number',
      'a.id',
      'a.queue_class',
      'a.registered_at',
      'a.status',
      'p.first_priority_ratio',
      ...QUEUE_NUMBER_COLUMNS,
    ])
    .where('q.district_id', '=', request.districtId)
    .where('q.group_year', '=', request.groupYear)
    .$if(request.cursor !== undefined, (q) =>
      q.where('q.queue_number', '>', Number(request.cursor)),
    )
    // A child who has just left keeps its stored row until the renumbering deletes it.
    .where(sql<boolean>`a.status in ${WAITING}`)
    .orderBy('q.queue_number')
    .limit(request.limit + 1)
    .execute();
  const page = rows.slice(0, request.limit);
  const items = page.map((row): PublicQueueEntry => {
    const numbers = numbersOfRow(
      row.queue_class,
      row,
      row.first_priority_ratio as unknown as PriorityRatio,
    );
    return {
      position: numbers.queueNumber ?? row.stored_number,
      benefitPosition: numbers.benefitQueueNumber,
      pseudonym: pseudonyms.of(row.id),
      queueClass: row.queue_class as PublicQueueEntry['queueClass'],
      registeredAt: toTheMinute(row.registered_at),
      status: row.status as PublicQueueEntry['status'],
    };
  });
  return {
    // By the numbers shown: while the queue waits for its renumbering they may differ from the
    // stored ones the page was read by.
    items: items.sort((x, y) => x.position - y.position),
    nextCursor: rows.length > request.limit ? String(page[page.length - 1]!.stored_number) : null,
  };
}

/** An instant without its seconds: the public needs no finer order than the positions give. */
function toTheMinute(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
}

/**
 * Where one of the caller's applications stands in the public queue (the "jump to my row"): its
 * queue and number, and the cursor of the page of `limit` rows that holds it. 404 for an
 * application that is not the caller's.
 */
export async function publicQueuePlace(
  db: Db,
  pseudonyms: Pseudonyms,
  userId: number,
  applicationId: string,
  limit: number,
): Promise<PublicQueuePlace> {
  const application = await db
    .selectFrom('applications as a')
    .select(['a.id', 'a.district_id', 'a.group_year'])
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!application) throw notFound();
  const { queueNumber } = await queueNumbers(db, application.id);
  const pageStart = queueNumber === null ? 0 : Math.floor((queueNumber - 1) / limit) * limit;
  return {
    districtId: application.district_id,
    groupYear: application.group_year,
    pseudonym: pseudonyms.of(application.id),
    position: queueNumber,
    cursor: pageStart > 0 ? String(pageStart) : null,
  };
}
