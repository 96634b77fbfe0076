import { describe, expect, it } from 'vitest';
import { PlaceLines } from './place-lines.ts';

/** Enters a choice and reports how it came out of the line, without awaiting it. */
function enter(lines: PlaceLines, batch: string, free: number | (() => Promise<number>)) {
  const outcome = { state: 'waiting' as 'waiting' | 'going' | 'refused', code: '' };
  const entered = lines.enter(batch, typeof free === 'number' ? async () => free : free).then(
    () => (outcome.state = 'going'),
    (error: { code: string }) => {
      outcome.state = 'refused';
      outcome.code = error.code;
    },
  );
  return { outcome, entered };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PlaceLines', () => {
  it('lets through as many choices as the batch has free places; the others wait', async () => {
    const lines = new PlaceLines();
    const choices = [1, 2, 3].map(() => enter(lines, 'b', 2));
    await settle();
    expect(choices.map((c) => c.outcome.state)).toEqual(['going', 'going', 'waiting']);
  });

  it('lets the next one through when a choice ends without a place', async () => {
    const lines = new PlaceLines();
    const choices = [1, 2].map(() => enter(lines, 'b', 1));
    await settle();
    lines.leave('b', null);
    await settle();
    expect(choices.map((c) => c.outcome.state)).toEqual(['going', 'going']);
  });

  it('refuses every waiting choice at once when a take leaves the batch empty', async () => {
    const lines = new PlaceLines();
    const choices = [1, 2, 3, 4].map(() => enter(lines, 'b', 2));
    await settle();
    lines.leave('b', 1); // one place left, one choice still going: nobody more yet
    await settle();
    expect(choices.map((c) => c.outcome.state)).toEqual(['going', 'going', 'waiting', 'waiting']);
    lines.leave('b', 0);
    await settle();
    expect(choices.slice(2).map((c) => c.outcome)).toEqual([
      { state: 'refused', code: 'place_taken' },
      { state: 'refused', code: 'place_taken' },
    ]);
  });

  it('refuses at once when the take found the place gone (another instance took it)', async () => {
    const lines = new PlaceLines();
    const choices = [1, 2].map(() => enter(lines, 'b', 1));
    await settle();
    lines.leave('b', 0);
    await settle();
    expect(choices[1]!.outcome).toEqual({ state: 'refused', code: 'place_taken' });
  });

  it('reads the count once for the choices that form a line together', async () => {
    const lines = new PlaceLines();
    let reads = 0;
    const readFree = async () => {
      reads += 1;
      return 1;
    };
    const choices = [enter(lines, 'b', readFree), enter(lines, 'b', readFree)];
    await settle();
    expect(reads).toBe(1);
    expect(choices.map((c) => c.outcome.state)).toEqual(['going', 'waiting']);
  });

  it('believes a fresh read once the line is idle, and keeps lines of batches apart', async () => {
    const lines = new PlaceLines();
    await expect(lines.enter('b', async () => 0)).rejects.toMatchObject({ code: 'place_taken' });
    const other = enter(lines, 'c', 1);
    const again = enter(lines, 'b', 1); // a place came back to b
    await settle();
    expect([other.outcome.state, again.outcome.state]).toEqual(['going', 'going']);
  });
});
