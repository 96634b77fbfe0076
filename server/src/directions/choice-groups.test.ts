import { describe, expect, it } from 'vitest';
import { conflict } from '../problem.ts';
import { ChoiceGroups, type GroupRun } from './choice-groups.ts';
import type { Choice } from './choose.ts';

const choice = (applicationId: string) => ({ applicationId }) as unknown as Choice;

/** A group run the test releases: records each group's applications. */
function controlledRun() {
  const groups: string[][] = [];
  const releases: (() => void)[] = [];
  const run: GroupRun = async (_batchId, choices) => {
    groups.push(choices.map((c) => c.applicationId));
    await new Promise<void>((release) => releases.push(release));
    return {
      results: choices.map((c) =>
        c.applicationId === 'late'
          ? { refusal: conflict('place_taken', 'taken') }
          : { directionId: `d-${c.applicationId}` },
      ),
      freeLeft: 7,
    };
  };
  return { run, groups, release: () => releases.shift()!() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ChoiceGroups', () => {
  it('decides the choices that arrive while a group of the batch runs in the next group, each with its own answer', async () => {
    const { run, groups, release } = controlledRun();
    const decided = new ChoiceGroups(run);
    const first = decided.choose('B', choice('a'));
    await settle();
    const later = ['b', 'c', 'late'].map((id) => decided.choose('B', choice(id)));
    const elsewhere = decided.choose('C', choice('x'));
    await settle();
    expect(groups).toEqual([['a'], ['x']]);
    release();
    await expect(first).resolves.toEqual({ directionId: 'd-a', applicationId: 'a', freeLeft: 7 });
    await settle();
    expect(groups).toEqual([['a'], ['x'], ['b', 'c', 'late']]);
    release();
    release();
    await expect(elsewhere).resolves.toEqual({
      directionId: 'd-x',
      applicationId: 'x',
      freeLeft: 7,
    });
    const answers = await Promise.allSettled(later);
    expect(
      answers.map((a) => (a.status === 'fulfilled' ? a.value.directionId : 'refused')),
    ).toEqual(['d-b', 'd-c', 'refused']);
  });

  it('refuses every choice of a group whose transaction failed, and goes on with the next', async () => {
    let calls = 0;
    const decided = new ChoiceGroups(async (_batchId, choices) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return { results: choices.map(() => ({ directionId: 'd' })), freeLeft: 0 };
    });
    await expect(decided.choose('B', choice('a'))).rejects.toThrow('connection lost');
    await expect(decided.choose('B', choice('b'))).resolves.toEqual({
      directionId: 'd',
      applicationId: 'b',
      freeLeft: 0,
    });
  });
});
