import {
  applicationMoveAllowed,
  type ApplicationEvent,
  type ApplicationStatus,
} from '@kezek/domain';
import type { LogEvent, LogEventType } from '@kezek/contracts';
import {
  DEFAULT_PUBLIC_POLICY,
  freePlaces,
  leafOrder,
  queueId,
  type Batch,
  type Child,
  type Leaf,
  type PublicPolicy,
  type Violation,
} from './model.ts';
import { issueDirection, endDirection } from './directions.ts';
import { checkRound, type RoundTurn, type TurnGiven } from './rounds.ts';
import { isWaiting, WaitingQueues } from './waiting.ts';

/** What a replay found, and what it counted. */
export interface ReplayReport {
  violations: Violation[];
  eventsByType: Partial<Record<LogEventType, number>>;
  turnsChecked: number;
  /** Turns put ahead of their class by sibling priority: the sibling is private. */
  siblingTurnsOnTrust: number;
  /** Children passed by who may have reached the age limit: the birth date is private. */
  passedByAgeOnTrust: number;
  directionsChecked: number;
}

type EventOf<T extends LogEventType> = Extract<LogEvent, { type: T }>;
type ChildEvent = Extract<LogEvent, { pseudonym: string }>;

/**
 * The state of every queue as the log's events build it, event by event (docs/verifier.md): each
 * event must be possible in the child's state (domain/src/lifecycle.ts), and every turn must go to
 * the first eligible child (rounds.ts). Pure: the leaves in, the findings out.
 */
export class Replay {
  readonly children = new Map<string, Child>();
  readonly waiting = new WaitingQueues();
  readonly batches = new Map<number, Batch>();
  readonly policies = new Map<number, PublicPolicy>();
  readonly report: ReplayReport = {
    violations: [],
    eventsByType: {},
    turnsChecked: 0,
    siblingTurnsOnTrust: 0,
    passedByAgeOnTrust: 0,
    directionsChecked: 0,
  };

  violation(leaf: Leaf, message: string): void {
    const { event } = leaf;
    this.report.violations.push({
      leafIndex: leaf.leafIndex,
      type: event.type,
      pseudonym: 'pseudonym' in event ? event.pseudonym : null,
      message,
    });
  }

  /** The child an event names, or null (and a violation) for a pseudonym never registered. */
  childOf(leaf: Leaf & { event: ChildEvent }): Child | null {
    const child = this.children.get(leaf.event.pseudonym);
    if (!child) this.violation(leaf, 'No registration of this pseudonym precedes the event.');
    return child ?? null;
  }

  /** Moves the child by the lifecycle's event, or reports that the rules do not allow it. */
  move(leaf: Leaf, child: Child, event: ApplicationEvent, to: ApplicationStatus): boolean {
    if (!applicationMoveAllowed(event, child.status, to)) {
      this.violation(leaf, `Not possible for a child whose application is ${child.status}.`);
      return false;
    }
    const was = isWaiting(child);
    child.status = to;
    if (was && !isWaiting(child)) this.waiting.remove(child);
    if (!was && isWaiting(child)) this.waiting.add(child);
    return true;
  }

  /** Ends the turn the child holds, if any: the batch's running turns drop by one. */
  endTurn(child: Child): void {
    if (child.turnBatch === null) return;
    const batch = this.batches.get(child.turnBatch);
    if (batch) batch.turns -= 1;
    child.turnBatch = null;
  }

  policyOf(regionId: number): PublicPolicy {
    return this.policies.get(regionId) ?? DEFAULT_PUBLIC_POLICY;
  }

  run(leaves: readonly Leaf[]): ReplayReport {
    for (let i = 0; i < leaves.length;) {
      const leaf = leaves[i]!;
      const { type } = leaf.event;
      if (type === 'turn_given') {
        // A round: the turns given in one queue at one instant, by one transaction.
        const key = this.roundKey(leaf.event);
        let end = i + 1;
        while (
          leaves[end]?.event.type === 'turn_given' &&
          this.roundKey(leaves[end]!.event as TurnGiven) === key
        )
          end += 1;
        this.turns(leaves.slice(i, end) as (Leaf & { event: TurnGiven })[]);
        i = end;
        continue;
      }
      this.count(type);
      this.apply(leaf);
      i += 1;
    }
    return this.report;
  }

  private count(type: LogEventType, n = 1): void {
    this.report.eventsByType[type] = (this.report.eventsByType[type] ?? 0) + n;
  }

  private roundKey(event: TurnGiven): string {
    const batch = this.batches.get(event.batchId);
    return `${event.at} ${batch ? queueId(batch.districtId, batch.groupYear) : event.batchId}`;
  }

  private apply(leaf: Leaf): void {
    const { event } = leaf;
    switch (event.type) {
      case 'policy_set':
        this.policies.set(event.regionId, {
          firstPriorityRatio: event.firstPriorityRatio,
          allocation: event.allocation,
          siblingPriority: event.siblingPriority,
          ageLimitYears: event.ageLimitYears ?? DEFAULT_PUBLIC_POLICY.ageLimitYears,
        });
        return;
      case 'registered':
        return this.register({ ...leaf, event });
      case 'places_added':
        return this.addPlaces({ ...leaf, event });
      case 'turn_given':
        return;
      default:
        return this.childEvent({ ...leaf, event });
    }
  }

  private register(leaf: Leaf & { event: EventOf<'registered'> }): void {
    const { event } = leaf;
    if (this.children.has(event.pseudonym)) {
      this.violation(leaf, 'The pseudonym is registered a second time.');
      return;
    }
    const child: Child = {
      pseudonym: event.pseudonym,
      regionId: event.regionId,
      districtId: event.districtId,
      groupYear: event.groupYear,
      queueClass: event.queueClass,
      registeredAt: new Date(event.registeredAt),
      number: leafOrder(leaf.leafIndex),
      wantedFrom: event.wantedFrom ?? null,
      status: 'queued',
      turnBatch: null,
      direction: null,
      enrolled: false,
      preferences: [],
      passed: new Set(),
      given: new Set(),
      lastType: event.type,
    };
    this.children.set(child.pseudonym, child);
    this.waiting.add(child);
  }

  private addPlaces(leaf: Leaf & { event: EventOf<'places_added'> }): void {
    const { event } = leaf;
    const known = this.batches.get(event.batchId);
    if (!event.returned) {
      if (known) this.violation(leaf, `Batch ${event.batchId} is added a second time.`);
      else
        this.batches.set(event.batchId, {
          id: event.batchId,
          districtId: event.districtId,
          kindergartenId: event.kindergartenId,
          groupYear: event.groupYear,
          private: event.private,
          places: event.count,
          taken: 0,
          turns: 0,
        });
      return;
    }
    if (
      !known ||
      known.kindergartenId !== event.kindergartenId ||
      known.districtId !== event.districtId ||
      known.groupYear !== event.groupYear
    ) {
      this.violation(leaf, `A place is given back to batch ${event.batchId}, which is not this.`);
      return;
    }
    known.places += event.count;
  }

  /** One round of turns: each checked on its own, then the round's order, then its places. */
  private turns(run: readonly (Leaf & { event: TurnGiven })[]): void {
    this.count('turn_given', run.length);
    this.report.turnsChecked += run.length;
    const valid: RoundTurn[] = [];
    const seen = new Set<string>();
    for (const leaf of run) {
      const turn = this.checkTurn(leaf);
      if (!turn) continue;
      if (seen.has(turn.child.pseudonym)) {
        this.violation(leaf, 'A second turn for the same child in one round.');
        continue;
      }
      seen.add(turn.child.pseudonym);
      valid.push(turn);
    }
    const first = valid[0];
    if (first) {
      const queue = this.waiting.of(first.batch.districtId, first.batch.groupYear);
      const policy = this.policyOf(first.child.regionId);
      const outcome = checkRound(queue, valid, policy, new Date(first.leaf.event.at));
      this.report.violations.push(...outcome.violations);
      this.report.passedByAgeOnTrust += outcome.passedByAge;
    }
    for (const { leaf, child, batch } of valid) {
      if (batch.turns + 1 > freePlaces(batch)) {
        this.violation(leaf, `Batch ${batch.id} has no free place left for another turn.`);
      }
      if (leaf.event.bySibling) this.report.siblingTurnsOnTrust += 1;
      child.status = 'turn';
      child.turnBatch = batch.id;
      child.given.add(batch.id);
      child.lastType = 'turn_given';
      batch.turns += 1;
    }
  }

  /** A turn's own conditions: a queued child of the batch's queue, and a batch offered in turn. */
  private checkTurn(leaf: Leaf & { event: TurnGiven }): RoundTurn | null {
    const child = this.childOf(leaf);
    if (!child) return null;
    const batch = this.batches.get(leaf.event.batchId);
    const policy = this.policyOf(child.regionId);
    const problem = !batch
      ? `Batch ${leaf.event.batchId} was never added.`
      : batch.private
        ? `Batch ${batch.id} is of a private kindergarten, whose places are never offered in turn.`
        : batch.districtId !== child.districtId || batch.groupYear !== child.groupYear
          ? `Batch ${batch.id} is for another queue than the child's.`
          : child.status !== 'queued'
            ? `A turn for a child whose application is ${child.status}.`
            : policy.allocation === 'ranked' && !child.preferences.includes(batch.kindergartenId)
              ? `The child does not rank kindergarten ${batch.kindergartenId}.`
              : policy.allocation === 'ranked' && child.passed.has(batch.id)
                ? `The child let a turn on batch ${batch.id} pass before.`
                : leaf.event.bySibling && policy.siblingPriority !== 'within_class'
                  ? 'Sibling priority is off in this region.'
                  : null;
    if (problem) {
      this.violation(leaf, problem);
      return null;
    }
    return { leaf, child, batch: batch! };
  }

  private childEvent(
    leaf: Leaf & { event: Exclude<ChildEvent, TurnGiven | EventOf<'registered'>> },
  ) {
    const child = this.childOf(leaf);
    if (!child) return;
    const { event } = leaf;
    const lastType = child.lastType;
    child.lastType = event.type;
    switch (event.type) {
      case 'class_changed':
      case 'preferences_set':
        if (!isWaiting(child)) {
          this.violation(leaf, `Not possible for a child whose application is ${child.status}.`);
        } else if (event.type === 'class_changed') {
          // The child moves to the new class's list at its own instant.
          this.waiting.remove(child);
          child.queueClass = event.queueClass;
          this.waiting.add(child);
        } else child.preferences = [...event.kindergartenIds];
        return;
      case 'turn_declined':
      case 'turn_lapsed':
        if (child.status === 'turn' && child.turnBatch !== event.batchId) {
          this.violation(leaf, `The child's turn is on batch ${child.turnBatch}, not this one.`);
          return;
        }
        if (!this.move(leaf, child, 'lapseTurn', 'queued')) return;
        this.endTurn(child);
        child.passed.add(event.batchId);
        return;
      case 'direction_issued':
        this.report.directionsChecked += 1;
        return issueDirection(this, { ...leaf, event }, child);
      case 'direction_revoked':
      case 'direction_expired':
      case 'direction_refused':
        return endDirection(this, leaf, event.type, child);
      case 'stop_listed':
        // After an expiry the child is stop-listed already: the leaf says so once more.
        if (lastType === 'direction_expired' && child.status === 'stop_listed') return;
        if (this.move(leaf, child, 'expire', 'stop_listed') && child.direction)
          child.direction.live = false;
        return;
      case 'stop_list_ended':
        this.move(leaf, child, 'endStopList', 'queued');
        return;
      case 'enrolled':
        return endDirection(this, leaf, 'enrolled', child);
      case 'departed':
        if (!child.enrolled) this.violation(leaf, 'The child is not enrolled anywhere.');
        child.enrolled = false;
        return;
      case 'withdrawn':
      case 'removed':
        if (
          this.move(
            leaf,
            child,
            event.type === 'withdrawn' ? 'withdraw' : 'lapseInterest',
            event.type,
          )
        )
          this.endTurn(child);
        return;
    }
  }
}

/** Replays the leaves of a log, in leaf order, through the queue rules. */
export function replay(leaves: readonly Leaf[]): ReplayReport {
  return new Replay().run(leaves);
}
