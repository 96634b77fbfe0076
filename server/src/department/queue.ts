import { sql } from 'kysely';
import { z } from 'zod';
import type { QueueEntry } from '@kezek/contracts';
import {
  nextInterleavedClass,
  QUEUE_CLASSES,
  type PriorityRatio,
  type QueueClass,
} from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { Problem } from '../problem.ts';
import { fullNameOf } from '../db/names.ts';
import { WAITING } from '../applications/queue.ts';

/**
 * The ordered queue of a district and group year, page by page (GET /api/queue). The order is
 * domain's orderQueue: out-of-turn children first, then first-priority and general children in
 * blocks of the policy ratio, each class by registration instant. Each class is read by its own
 * keyset on the queue index (applications_waiting: district, group year, class, instant, number),
 * and the cursor keeps, per class, how many children were passed and the last key: the page goes
 * on from there with nextInterleavedClass and never reads the queue from its head (no OFFSET), so
 * a page costs the same at the millionth child as at the first. Positions are the queue numbers.
 */

interface ClassPlace {
  /** Children of this class passed so far, from the head of the queue. */
  taken: number;
  /** The key of the last one: the next page reads after it. */
  after: { at: Date; number: string } | null;
}
type QueueCursor = Record<QueueClass, ClassPlace>;

/** Per class, in QUEUE_CLASSES order: [children passed, last instant (epoch ms), last number]. */
const placeSchema = z.tuple([
  z.number().int().min(0),
  z.number().int().nullable(),
  z.string().max(40).nullable(),
]);
const cursorSchema = z.tuple([placeSchema, placeSchema, placeSchema]);

function encodeQueueCursor(cursor: QueueCursor): string {
  const places = QUEUE_CLASSES.map((c) => {
    const { taken, after } = cursor[c];
    return [taken, after?.at.getTime() ?? null, after?.number ?? null];
  });
  return Buffer.from(JSON.stringify(places)).toString('base64url');
}

function decodeQueueCursor(cursor: string): QueueCursor {
  let parsed: z.infer<typeof cursorSchema> | null = null;
  try {
    const result = cursorSchema.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    if (result.success) parsed = result.data;
  } catch {
    // answered below
  }
  if (!parsed)
    throw new Problem(400, 'validation_failed', 'Bad cursor', [
      { path: 'cursor', code: 'invalid_cursor', message: 'Bad cursor' },
    ]);
  const place = ([taken, at, number]: z.infer<typeof placeSchema>): ClassPlace => ({
    taken,
    after: at !== null && number !== null ? { at: new Date(at), number } : null,
  });
  return {
    out_of_turn: place(parsed[0]),
    first_priority: place(parsed[1]),
    general: place(parsed[2]),
  };
}

interface QueueRow {
  id: string;
  number: string;
  registered_at: Date;
  status: string;
  benefit_code: string | null;
  child_iin: string;
  child_name: string;
  birth_date: string;
}

interface QueueScope {
  districtId: number;
  groupYear: number;
}

const waitingOf = (db: Db, scope: QueueScope, queueClass: QueueClass) =>
  db
    .selectFrom('applications as a')
    .where('a.district_id', '=', scope.districtId)
    .where('a.group_year', '=', scope.groupYear)
    .where('a.queue_class', '=', queueClass)
    .where('a.status', 'in', ['queued', 'turn', 'stop_listed']);

/** One class in queue order from its place on, read `chunk` rows at a time. */
class ClassReader {
  private buffer: QueueRow[] = [];
  private ended = false;
  private readonly db: Db;
  private readonly scope: QueueScope;
  private readonly chunk: number;
  readonly queueClass: QueueClass;
  readonly place: ClassPlace;

  constructor(db: Db, scope: QueueScope, queueClass: QueueClass, place: ClassPlace, chunk: number) {
    this.db = db;
    this.scope = scope;
    this.queueClass = queueClass;
    this.place = { ...place };
    this.chunk = chunk;
  }

  async hasNext(): Promise<boolean> {
    if (this.buffer.length === 0 && !this.ended) {
      const after = this.place.after;
      this.buffer = await waitingOf(this.db, this.scope, this.queueClass)
        .innerJoin('persons as child', 'child.iin', 'a.child_iin')
        .select([
          'a.id',
          'a.number',
          'a.registered_at',
          'a.status',
          'a.benefit_code',
          'child.iin as child_iin',
          'child.birth_date',
          fullNameOf('child').as('child_name'),
        ])
        .$if(after !== null, (q) =>
          q.where(sql<boolean>`(a.registered_at, a.number) > (${after!.at}, ${after!.number})`),
        )
        .orderBy('a.registered_at')
        .orderBy('a.number')
        .limit(this.chunk)
        .execute();
      this.ended = this.buffer.length < this.chunk;
    }
    return this.buffer.length > 0;
  }

  take(): QueueRow {
    const row = this.buffer.shift()!;
    this.place.taken += 1;
    this.place.after = { at: row.registered_at, number: row.number };
    return row;
  }

  /** Passes the whole class at once (a count and the last key), without reading its rows. */
  async skipAll(): Promise<void> {
    const base = waitingOf(this.db, this.scope, this.queueClass);
    const [count, last] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      base
        .select(['a.registered_at', 'a.number'])
        .orderBy('a.registered_at', 'desc')
        .orderBy('a.number', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    this.place.taken = Number(count.n);
    this.place.after = last ? { at: last.registered_at, number: last.number } : null;
    this.buffer = [];
    this.ended = true;
  }
}

export interface QueuePageRequest extends QueueScope {
  ratio: PriorityRatio;
  benefitClass?: QueueClass | undefined;
  status?: 'queued' | 'turn' | 'stop_listed' | undefined;
  limit: number;
  cursor?: string | undefined;
  /** At most this many children are passed for one page: a rare status returns short pages. */
  scanBudget?: number;
}

export async function queuePage(
  db: Db,
  request: QueuePageRequest,
): Promise<{ items: QueueEntry[]; nextCursor: string | null }> {
  const start: QueueCursor = request.cursor
    ? decodeQueueCursor(request.cursor)
    : {
        out_of_turn: { taken: 0, after: null },
        first_priority: { taken: 0, after: null },
        general: { taken: 0, after: null },
      };
  const chunk = request.limit + 1;
  const reader = (queueClass: QueueClass) =>
    new ClassReader(db, request, queueClass, start[queueClass], chunk);
  const readers = {
    out_of_turn: reader('out_of_turn'),
    first_priority: reader('first_priority'),
    general: reader('general'),
  };
  const wanted = request.benefitClass ? [request.benefitClass] : QUEUE_CLASSES;
  // Out-of-turn children come before every other child: a page of another class needs only
  // their number, not their rows.
  if (!wanted.includes('out_of_turn') && !request.cursor) await readers.out_of_turn.skipAll();

  const nextClass = async (): Promise<QueueClass | null> => {
    if (await readers.out_of_turn.hasNext()) return 'out_of_turn';
    if (!wanted.some((c) => c !== 'out_of_turn')) return null;
    const taken = {
      first_priority: readers.first_priority.place.taken,
      general: readers.general.place.taken,
    };
    const remaining = {
      first_priority: await readers.first_priority.hasNext(),
      general: await readers.general.hasNext(),
    };
    // Nothing more of the classes asked for: the rest of the queue would only be passed over.
    if (!wanted.some((c) => c !== 'out_of_turn' && remaining[c as keyof typeof remaining]))
      return null;
    return nextInterleavedClass({ taken, remaining }, request.ratio);
  };

  const items: QueueEntry[] = [];
  let passed = 0;
  let queueClass = await nextClass();
  const budget = request.scanBudget ?? 2000;
  while (queueClass && items.length < request.limit && passed < budget) {
    const row = readers[queueClass].take();
    passed += 1;
    const own = readers[queueClass].place.taken;
    const position =
      queueClass === 'out_of_turn'
        ? own
        : readers.out_of_turn.place.taken +
          readers.first_priority.place.taken +
          readers.general.place.taken;
    if (wanted.includes(queueClass) && (!request.status || row.status === request.status)) {
      items.push({
        position,
        benefitPosition: queueClass === 'general' ? null : own,
        applicationId: row.id,
        number: row.number,
        child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.birth_date },
        queueClass,
        benefitCode: row.benefit_code,
        status: row.status as QueueEntry['status'],
        registeredAt: row.registered_at.toISOString(),
      });
    }
    queueClass = await nextClass();
  }
  const cursor: QueueCursor = {
    out_of_turn: readers.out_of_turn.place,
    first_priority: readers.first_priority.place,
    general: readers.general.place,
  };
  return { items, nextCursor: queueClass ? encodeQueueCursor(cursor) : null };
}

/**
 * The group years of a district's queue that have children waiting, newest first, with their
 * counts (GET /api/queue/group-years): the officer's queue opens on the first of them. One pass
 * over the district's part of the queue index.
 */
export async function waitingByGroupYear(db: Db, districtId: number) {
  const rows = await db
    .selectFrom('applications')
    .select(['group_year', (eb) => eb.fn.countAll<string>().as('waiting')])
    .where('district_id', '=', districtId)
    .where(sql<boolean>`status in ${WAITING}`)
    .groupBy('group_year')
    .orderBy('group_year', 'desc')
    .execute();
  return rows.map((row) => ({ groupYear: row.group_year, waiting: Number(row.waiting) }));
}
