import {
  DEFAULT_POLICY,
  type AllocationMode,
  type ApplicationStatus,
  type PriorityRatio,
  type QueueClass,
  type QueueKey,
  type SiblingPriorityMode,
} from '@kezek/domain';
import type { LogEvent, LogEventType } from '@kezek/contracts';

/** What the replay knows of a region's policy: the public part a `policy_set` leaf carries. */
export interface PublicPolicy {
  firstPriorityRatio: PriorityRatio;
  allocation: AllocationMode;
  siblingPriority: SiblingPriorityMode;
  ageLimitYears: number;
}

/** The policy of a region before its first `policy_set`: the rule book's defaults. */
export const DEFAULT_PUBLIC_POLICY: PublicPolicy = {
  firstPriorityRatio: DEFAULT_POLICY.firstPriorityRatio,
  allocation: DEFAULT_POLICY.allocation,
  siblingPriority: DEFAULT_POLICY.siblingPriority,
  ageLimitYears: DEFAULT_POLICY.ageLimitYears,
};

/** A direction the child holds: the batch it took a place of (null: not named) and its kind. */
export interface HeldDirection {
  batchId: number | null;
  private: boolean;
  /** Issued and not yet ended (enrolled, revoked, expired or refused). */
  live: boolean;
}

/** One application as the log shows it: a queue key and the status the events moved it to. */
export interface Child extends QueueKey {
  pseudonym: string;
  regionId: number;
  districtId: number;
  groupYear: number;
  queueClass: QueueClass;
  /** `YYYY-MM`, or null: a place wanted as soon as possible. */
  wantedFrom: string | null;
  status: ApplicationStatus;
  turnBatch: number | null;
  direction: HeldDirection | null;
  enrolled: boolean;
  /** The kindergartens of its ranking, best first (allocation `ranked`). */
  preferences: number[];
  /** Batches whose turn it declined or let lapse. */
  passed: Set<number>;
  /** Batches it had a turn on or took a place of: never offered to it again. */
  given: Set<number>;
  lastType: LogEventType;
}

/** A batch of places: a kindergarten's release, with the places given back to it since. */
export interface Batch {
  id: number;
  districtId: number;
  kindergartenId: number;
  groupYear: number;
  private: boolean;
  /** Places added, including those given back. */
  places: number;
  /** Places taken by directions. */
  taken: number;
  /** Turns running on it now. */
  turns: number;
}

export const freePlaces = (batch: Batch) => batch.places - batch.taken;

/** One broken rule, named by the leaf that broke it (null: the log as a whole). */
export interface Violation {
  leafIndex: number | null;
  type: LogEventType | null;
  pseudonym: string | null;
  message: string;
}

/** A leaf as the replay reads it: its index and its parsed event. */
export interface Leaf {
  leafIndex: number;
  event: LogEvent;
}

export const queueId = (districtId: number, groupYear: number) => `${districtId}/${groupYear}`;

/** The queue key's tie-break: registrations with equal instants stand in leaf order. */
export const leafOrder = (leafIndex: number) => String(leafIndex).padStart(16, '0');
