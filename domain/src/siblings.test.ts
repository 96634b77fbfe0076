import { describe, expect, it } from 'vitest';
import type { QueueClass } from './queue.ts';
import { orderForKindergarten, type SiblingQueueKey } from './siblings.ts';

const CLASS_OF: Record<string, QueueClass> = {
  O: 'out_of_turn',
  F: 'first_priority',
  G: 'general',
};

/** "G1" is a general child registered in minute 1; "G5*" has a sibling at the kindergarten. */
function entries(spec: string): SiblingQueueKey[] {
  return spec.split(' ').map((token) => {
    const match = /^([OFG])(\d+)(\*?)$/.exec(token)!;
    return {
      queueClass: CLASS_OF[match[1]!]!,
      registeredAt: new Date(Date.UTC(2026, 0, 1, 0, Number(match[2]))),
      number: token.replace('*', ''),
      siblingHere: match[3] === '*',
    };
  });
}
const names = (list: SiblingQueueKey[]) => list.map((entry) => entry.number).join(' ');

describe('orderForKindergarten', () => {
  it.each([
    // Off: the queue order, siblings or not.
    { spec: 'G1 G2 G3*', mode: 'off', order: 'G1 G2 G3' },
    // Within class: the sibling first among the general children.
    { spec: 'G1 G2 G3*', mode: 'within_class', order: 'G3 G1 G2' },
    // Never ahead of another class's slot: out-of-turn first, the 1:3 blocks kept.
    { spec: 'O1 G2 G3 G4 G5* F6 F7', mode: 'within_class', order: 'O1 F6 G5 G2 G3 F7 G4' },
    { spec: 'O1 G2 G3 G4 G5* F6 F7', mode: 'off', order: 'O1 F6 G2 G3 G4 F7 G5' },
    // Several siblings keep their own order.
    { spec: 'F1 F2* F3 F4*', mode: 'within_class', order: 'F2 F4 F1 F3' },
  ] as const)('$spec with $mode: $order', ({ spec, mode, order }) => {
    expect(names(orderForKindergarten(entries(spec), [1, 3], mode))).toBe(order);
  });

  it('keeps each class’s share of the slots whatever the siblings', () => {
    const list = entries('F1 F2 G3 G4 G5 G6* G7 G8* F9*');
    const classes = (ordered: SiblingQueueKey[]) => ordered.map((entry) => entry.queueClass);
    expect(classes(orderForKindergarten(list, [1, 3], 'within_class'))).toEqual(
      classes(orderForKindergarten(list, [1, 3], 'off')),
    );
  });
});
