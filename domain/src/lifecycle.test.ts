import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, type ApplicationStatus } from './application.ts';
import {
  APPLICATION_LIFECYCLE,
  applicationMoveAllowed,
  DIRECTION_LIFECYCLE,
  type ApplicationEvent,
} from './lifecycle.ts';
import { DIRECTION_STATUSES, type DirectionStatus } from './placement.ts';

describe('the application lifecycle', () => {
  it.each([
    ['turn', 'queued', 'turn', true],
    ['turn', 'stop_listed', 'turn', false],
    ['turn', 'turn', 'turn', false],
    ['lapseTurn', 'turn', 'queued', true],
    ['lapseTurn', 'queued', 'queued', false],
    ['choose', 'turn', 'direction_issued', true],
    ['choose', 'queued', 'direction_issued', true],
    ['choose', 'queued', 'removed', true],
    ['choose', 'stop_listed', 'direction_issued', false],
    ['choose', 'direction_issued', 'direction_issued', false],
    ['revoke', 'direction_issued', 'queued', true],
    ['revoke', 'removed', 'queued', true],
    ['revoke', 'enrolled', 'queued', false],
    ['expire', 'direction_issued', 'stop_listed', true],
    ['expire', 'direction_issued', 'removed', true],
    ['expire', 'direction_issued', 'queued', false],
    ['endStopList', 'stop_listed', 'queued', true],
    ['endStopList', 'queued', 'queued', false],
    ['accept', 'direction_issued', 'enrolled', true],
    ['accept', 'removed', 'removed', true],
    ['accept', 'queued', 'enrolled', false],
    ['confirmRefusal', 'direction_issued', 'refused', true],
    ['confirmRefusal', 'enrolled', 'refused', false],
    ['withdraw', 'queued', 'withdrawn', true],
    ['withdraw', 'turn', 'withdrawn', true],
    ['withdraw', 'stop_listed', 'withdrawn', true],
    ['withdraw', 'direction_issued', 'withdrawn', false],
    ['withdraw', 'enrolled', 'withdrawn', false],
    ['lapseInterest', 'turn', 'removed', true],
    ['lapseInterest', 'direction_issued', 'removed', false],
  ] as [ApplicationEvent, ApplicationStatus, ApplicationStatus, boolean][])(
    '%s: %s → %s is %s',
    (event, from, to, allowed) => {
      expect(applicationMoveAllowed(event, from, to)).toBe(allowed);
    },
  );

  it('names only known statuses', () => {
    for (const { from, to } of Object.values(APPLICATION_LIFECYCLE)) {
      for (const status of [...from, ...to]) expect(APPLICATION_STATUSES).toContain(status);
    }
  });

  it('lets nothing leave the final statuses; a private choice leaves its removal only by a revocation', () => {
    const leaving = (status: ApplicationStatus) =>
      Object.values(APPLICATION_LIFECYCLE).filter((move) =>
        (move.from as readonly ApplicationStatus[]).includes(status),
      );
    for (const status of ['withdrawn', 'refused', 'enrolled'] as const) {
      expect(leaving(status)).toEqual([]);
    }
    const fromRemoved = Object.entries(APPLICATION_LIFECYCLE)
      .filter(([, move]) => (move.from as readonly ApplicationStatus[]).includes('removed'))
      .filter(([, move]) => !move.to.includes('removed' as never))
      .map(([event]) => event);
    expect(fromRemoved).toEqual(['revoke']);
  });
});

describe('the direction lifecycle', () => {
  it('ends a live direction in one of its final statuses, and only a rejected refusal revives it', () => {
    const live = Object.entries(DIRECTION_LIFECYCLE).filter(([, move]) =>
      (move.from as readonly DirectionStatus[]).includes('issued'),
    );
    expect(live.map(([event, move]) => [event, move.to])).toEqual([
      ['accept', ['enrolled']],
      ['revoke', ['revoked']],
      ['expire', ['expired']],
      ['requestRefusal', ['refusal_pending']],
    ]);
    const reviving = Object.entries(DIRECTION_LIFECYCLE).filter(([, move]) =>
      (move.to as readonly DirectionStatus[]).includes('issued'),
    );
    expect(reviving.map(([event, move]) => [event, move.from])).toEqual([
      ['rejectRefusal', ['refusal_pending']],
    ]);
  });

  it('names only known statuses and lets nothing leave a final one', () => {
    const moves = Object.values(DIRECTION_LIFECYCLE);
    for (const { from, to } of moves) {
      for (const status of [...from, ...to]) expect(DIRECTION_STATUSES).toContain(status);
    }
    for (const status of ['enrolled', 'revoked', 'expired', 'refused'] as const) {
      expect(moves.filter((move) => (move.from as readonly string[]).includes(status))).toEqual([]);
    }
  });
});
