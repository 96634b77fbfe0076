import type { LogEvent } from '@kezek/contracts';
import { freePlaces, type Batch, type Child, type Leaf } from './model.ts';
import type { Replay } from './replay.ts';

type Issued = Extract<LogEvent, { type: 'direction_issued' }>;
/** The events that end a live direction. */
export type DirectionEnd =
  'direction_revoked' | 'direction_expired' | 'direction_refused' | 'enrolled';

/**
 * Why a direction could not be issued from this batch, or null (docs/rules.md, "Choosing"): the
 * batch of the child's own queue and the named kindergarten; in turn, the batch of the child's
 * turn; by free choice, a place no running turn of another child holds; private, a private
 * kindergarten's place. Whether the batch was already in free choice (its window is not in the
 * log) and the child's age for a private place are taken on trust.
 */
function refusal(event: Issued, child: Child, batch: Batch | null): string | null {
  if (event.mode === 'turn' && (child.status !== 'turn' || child.turnBatch !== event.batchId))
    return `A direction in turn on batch ${event.batchId} for a child without a turn on it.`;
  if (!batch) return event.batchId === null ? null : `Batch ${event.batchId} was never added.`;
  if (batch.kindergartenId !== event.kindergartenId)
    return `Batch ${batch.id} is of kindergarten ${batch.kindergartenId}, not ${event.kindergartenId}.`;
  if (batch.districtId !== child.districtId || batch.groupYear !== child.groupYear)
    return `Batch ${batch.id} is for another queue than the child's.`;
  if (batch.private !== (event.mode === 'private'))
    return `A ${event.mode} direction from a ${batch.private ? 'private' : 'state-ordered'} batch.`;
  if (freePlaces(batch) < 1) return `Batch ${batch.id} has no free place left.`;
  const heldForOthers = batch.turns - (child.turnBatch === batch.id ? 1 : 0);
  if (event.mode === 'free_choice' && freePlaces(batch) - heldForOthers < 1)
    return `Every free place of batch ${batch.id} is held for a running turn.`;
  return null;
}

/** A direction issued: possible in the child's state, from a place it could take. */
export function issueDirection(replay: Replay, leaf: Leaf & { event: Issued }, child: Child) {
  const { event } = leaf;
  const batch = event.batchId === null ? null : (replay.batches.get(event.batchId) ?? null);
  const problem = refusal(event, child, batch);
  if (problem) return replay.violation(leaf, problem);
  const isPrivate = event.mode === 'private';
  if (!replay.move(leaf, child, 'choose', isPrivate ? 'removed' : 'direction_issued')) return;
  replay.endTurn(child);
  if (batch) {
    batch.taken += 1;
    child.given.add(batch.id);
  }
  child.direction = { batchId: event.batchId, private: isPrivate, live: true };
}

/**
 * A live direction ends (docs/rules.md, "Revoking", "Expiry and the stop-list", "Refusals
 * reviewed by the department", "Kindergarten workspace"). A private one took the child out of the
 * queue at the choice: it stays removed, but for a revocation, which queues it again. The place
 * a direction gives back comes back as its own `places_added` leaf.
 */
export function endDirection(replay: Replay, leaf: Leaf, type: DirectionEnd, child: Child) {
  const direction = child.direction;
  if (!direction?.live) return replay.violation(leaf, 'The child holds no live direction.');
  const moved =
    type === 'direction_revoked'
      ? replay.move(leaf, child, 'revoke', 'queued')
      : direction.private
        ? true
        : type === 'direction_expired'
          ? replay.move(leaf, child, 'expire', 'stop_listed')
          : type === 'direction_refused'
            ? replay.move(leaf, child, 'confirmRefusal', 'refused')
            : replay.move(leaf, child, 'accept', 'enrolled');
  if (!moved) return;
  direction.live = false;
  if (type === 'enrolled') child.enrolled = true;
}
