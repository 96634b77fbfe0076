import { LOG_LEAF_VERSION, type LogEvent } from '@kezek/contracts';
import {
  effectiveRanking,
  type AllocationMode,
  type Nearby,
  type PlacedKindergarten,
  type QueueClass,
  type SiblingPriorityMode,
} from '@kezek/domain';

/**
 * Which history rows are public queue events, and the leaves each becomes (docs/transparency.md,
 * "Events"): a pure mapping from a history row and the facts the transaction read (facts.ts). A
 * row no handler names is not public (sign-ins, contacts, documents, staff accounts…).
 */

/** What the mapping reads of a history row (history/history.ts's HistoryEntry). */
export interface HistoryRow {
  at: Date;
  event: string;
  subjectType: string;
  subjectId: string | number;
  before: unknown;
  after: unknown;
}

export interface ApplicationFacts {
  pseudonym: string | null;
  regionId: number;
  districtId: number;
  groupYear: number;
  queueClass: QueueClass;
  registeredAt: Date;
}

export interface BatchFacts {
  districtId: number;
  kindergartenId: number;
  groupYear: number;
  language: 'kk' | 'ru';
  total: number;
  private: boolean;
}

export interface PolicyFacts {
  regionId: number;
  firstPriorityRatio: [number, number];
  allocation: AllocationMode;
  siblingPriority: SiblingPriorityMode;
}

/** The rows the events of a transaction refer to, read in it after the change. */
export interface LogFacts {
  applications: ReadonlyMap<string, ApplicationFacts>;
  batches: ReadonlyMap<string, BatchFacts>;
  /** Every region's policy when `policies: 'all'` was asked for, else those named. */
  policies: readonly PolicyFacts[];
  /** The kindergartens giving places by turn, per district: what "any within N km" ranks. */
  placed: ReadonlyMap<number, readonly PlacedKindergarten<number>[]>;
}

/** What a handler needs read: applications, batches, regions' policies, districts' kindergartens. */
export interface FactsWanted {
  applications: Set<string>;
  batches: Set<string>;
  regions: Set<number> | 'all';
  nearbyOf: Set<string>;
}

type Payload = Record<string, unknown> | null | undefined;
type Build = (row: HistoryRow, facts: LogFacts) => LogEvent[];
interface Handler {
  wants(row: HistoryRow, wanted: FactsWanted): void;
  build: Build;
}

const payload = (value: unknown) => (value ?? {}) as NonNullable<Payload>;
const instant = (at: Date) => at.toISOString();

function applicationOf(row: HistoryRow, facts: LogFacts): ApplicationFacts & { pseudonym: string } {
  const found = facts.applications.get(String(row.subjectId));
  if (!found?.pseudonym)
    throw new Error(`transparency log: application ${row.subjectId} has no pseudonym`);
  return found as ApplicationFacts & { pseudonym: string };
}

function batchOf(id: unknown, facts: LogFacts): BatchFacts & { id: number } {
  const found = facts.batches.get(String(id));
  if (!found) throw new Error(`transparency log: no place batch ${String(id)}`);
  return { ...found, id: Number(id) };
}

const base = (row: HistoryRow) => ({ v: LOG_LEAF_VERSION, at: instant(row.at) }) as const;
const ofApplication = (row: HistoryRow, facts: LogFacts) => ({
  ...base(row),
  pseudonym: applicationOf(row, facts).pseudonym,
});

/** An event about the application that is the row's subject. */
function onApplication(build: Build, batchIn?: (row: HistoryRow) => unknown): Handler {
  return {
    wants(row, wanted) {
      wanted.applications.add(String(row.subjectId));
      const batch = batchIn?.(row);
      if (batch !== undefined && batch !== null) wanted.batches.add(String(batch));
    },
    build,
  };
}

/** An event that names only the application: a status it entered or a direction that ended. */
type PlainType =
  | 'direction_revoked'
  | 'direction_refused'
  | 'stop_list_ended'
  | 'enrolled'
  | 'departed'
  | 'withdrawn';
const plain = (type: PlainType) =>
  onApplication((row, facts) => [{ ...ofApplication(row, facts), type } as LogEvent]);

/** The preferences of a registration or a change: the named, then those within the radius. */
function preferences(row: HistoryRow, facts: LogFacts): LogEvent[] {
  const after = payload(row.after);
  const named = (after.preferences as number[] | undefined) ?? [];
  const nearby = (after.nearby as Nearby | undefined) ?? null;
  const application = applicationOf(row, facts);
  const kindergartenIds = effectiveRanking(
    named,
    nearby,
    facts.placed.get(application.districtId) ?? [],
  );
  return [{ ...ofApplication(row, facts), type: 'preferences_set', kindergartenIds }];
}

function wantsNearby(row: HistoryRow, wanted: FactsWanted): void {
  wanted.applications.add(String(row.subjectId));
  if (payload(row.after).nearby) wanted.nearbyOf.add(String(row.subjectId));
}

/** A direction ended by expiry, then what became of the child (stop-listed or removed). */
function expired(then: 'stop_listed' | 'removed' | null): Build {
  return (row, facts) => {
    const common = ofApplication(row, facts);
    const ended: LogEvent[] =
      payload(row.before).direction !== undefined ? [{ ...common, type: 'direction_expired' }] : [];
    return then ? [...ended, { ...common, type: then }] : ended;
  };
}

function policyEvents(row: HistoryRow, facts: LogFacts): LogEvent[] {
  return facts.policies.map((policy) => ({ ...base(row), type: 'policy_set', ...policy }));
}

function placesAdded(returned: boolean): Handler {
  return {
    wants: (row, wanted) => wanted.batches.add(String(row.subjectId)),
    build(row, facts) {
      const batch = batchOf(row.subjectId, facts);
      return [
        {
          ...base(row),
          type: 'places_added',
          batchId: batch.id,
          districtId: batch.districtId,
          kindergartenId: batch.kindergartenId,
          groupYear: batch.groupYear,
          language: batch.language,
          count: returned ? 1 : Number(payload(row.after).count ?? batch.total),
          returned,
          private: batch.private,
        },
      ];
    },
  };
}

/** Every region's policy: the demo city's seed, and the first leaves of a genesis snapshot. */
const allPolicies: Handler = {
  wants: (_row, wanted) => void (wanted.regions = 'all'),
  build: policyEvents,
};

const HANDLERS: Record<string, Handler> = {
  'demo.seeded': allPolicies,
  'log.genesis': allPolicies,
  'region.created': {
    wants: (row, wanted) => {
      if (wanted.regions !== 'all') wanted.regions.add(Number(row.subjectId));
    },
    build: (row, facts) =>
      policyEvents(row, {
        ...facts,
        policies: facts.policies.filter((p) => p.regionId === Number(row.subjectId)),
      }),
  },
  'application.registered': registeredHandler(false),
  // An application moved in from a legacy system (queue-import/): its original instant and class.
  'application.imported': registeredHandler(true),
  'application.benefit_changed': onApplication((row, facts) => {
    const [before, after] = [payload(row.before), payload(row.after)];
    if (before.queueClass === after.queueClass) return [];
    return [
      {
        ...ofApplication(row, facts),
        type: 'class_changed',
        queueClass: after.queueClass as QueueClass,
      },
    ];
  }),
  'application.preferences_changed': { wants: wantsNearby, build: preferences },
  'places.added': placesAdded(false),
  'places.returned': placesAdded(true),
  'application.turn_given': onApplication((row, facts) => {
    const after = payload(row.after);
    return [
      {
        ...ofApplication(row, facts),
        type: 'turn_given',
        batchId: Number(after.placeBatch),
        until: instant(new Date(String(after.turnUntil))),
        bySibling: after.policy !== undefined,
      },
    ];
  }),
  'application.turn_declined': turnEnded('turn_declined'),
  'application.turn_lapsed': turnEnded('turn_lapsed'),
  'application.direction_issued': directionIssued(),
  'application.private_direction_issued': directionIssued(),
  'application.transferred': onApplication(
    (row, facts) => {
      const batch = batchOf(payload(row.after).placeBatch, facts);
      return [
        {
          ...ofApplication(row, facts),
          type: 'transferred',
          batchId: batch.id,
          kindergartenId: batch.kindergartenId,
        },
      ];
    },
    (row) => payload(row.after).placeBatch,
  ),
  'application.direction_revoked': plain('direction_revoked'),
  'application.refusal_confirmed': plain('direction_refused'),
  'application.direction_expired': onApplication(expired(null)),
  'application.stop_listed': onApplication(expired('stop_listed')),
  'application.removed': onApplication(expired('removed')),
  'application.stop_list_ended': plain('stop_list_ended'),
  'application.enrolled': plain('enrolled'),
  'application.departed': plain('departed'),
  'application.withdrawn': plain('withdrawn'),
  'policy.changed': {
    wants: (row, wanted) => {
      if (wanted.regions !== 'all') wanted.regions.add(Number(row.subjectId));
    },
    build: (row, facts) => HANDLERS['region.created']!.build(row, facts),
  },
};

function registeredHandler(imported: boolean): Handler {
  return {
    wants: wantsNearby,
    build(row, facts) {
      const application = applicationOf(row, facts);
      const registered: LogEvent = {
        ...ofApplication(row, facts),
        type: 'registered',
        regionId: application.regionId,
        districtId: application.districtId,
        groupYear: application.groupYear,
        queueClass: (payload(row.after).queueClass as QueueClass) ?? application.queueClass,
        registeredAt: instant(application.registeredAt),
        imported,
      };
      const after = payload(row.after);
      return after.preferences || after.nearby
        ? [registered, ...preferences(row, facts)]
        : [registered];
    },
  };
}

function turnEnded(type: 'turn_declined' | 'turn_lapsed'): Handler {
  return onApplication((row, facts) => [
    { ...ofApplication(row, facts), type, batchId: Number(payload(row.before).placeBatch) },
  ]);
}

function directionIssued(): Handler {
  return onApplication(
    (row, facts) => {
      const after = payload(row.after);
      const batch = batchOf(after.placeBatch, facts);
      const mode =
        after.mode === 'private'
          ? 'private'
          : after.mode === 'free_choice'
            ? 'free_choice'
            : 'turn';
      return [
        {
          ...ofApplication(row, facts),
          type: 'direction_issued',
          kindergartenId: batch.kindergartenId,
          batchId: batch.id,
          mode,
        },
      ];
    },
    (row) => payload(row.after).placeBatch,
  );
}

/** Whether a history row is a public queue event. */
export const isPublic = (row: HistoryRow) => row.event in HANDLERS;

/** The facts the public rows among `rows` need. */
export function factsWanted(rows: readonly HistoryRow[]): FactsWanted {
  const wanted: FactsWanted = {
    applications: new Set(),
    batches: new Set(),
    regions: new Set(),
    nearbyOf: new Set(),
  };
  for (const row of rows) HANDLERS[row.event]?.wants(row, wanted);
  return wanted;
}

/** The leaves of `rows`, in their order. */
export function logEventsOf(rows: readonly HistoryRow[], facts: LogFacts): LogEvent[] {
  return rows.flatMap((row) => HANDLERS[row.event]?.build(row, facts) ?? []);
}
