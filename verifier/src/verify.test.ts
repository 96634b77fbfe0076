import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '@kezek/contracts';
import { EXIT, main } from './cli.ts';
import {
  eventBuilder,
  pseudonymOf,
  runVerifier,
  startLogServer,
  type TestLogServer,
} from './testing/index.ts';

/** A small honest history: three children, a batch of one place, a declined turn handed on. */
function history(): LogEvent[] {
  const e = eventBuilder();
  return [
    e.policy(),
    e.registered(1),
    e.registered(2),
    e.registered(3),
    e.places(7, 1),
    e.turn(1, 7),
    e.turnEnded(1, 7, 'turn_declined'),
    e.turn(2, 7),
    e.direction(2, 7),
    e.status(2, 'enrolled'),
  ];
}

let server: TestLogServer;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kezek-verify-'));
});
afterEach(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command line against the test server; its exit code and what it printed. */
const run = (...extra: string[]) => runVerifier(server.url, dir, ...extra);

describe('the verifier against a log server', () => {
  it('passes a clean log, reports what it checked and keeps the head it saw', async () => {
    server = await startLogServer(history());
    const { code, output } = await run('--all-proofs');
    expect(code).toBe(EXIT.ok);
    expect(output).toContain('log kezek.test: 10 leaves');
    expect(output).toContain('turns checked: 2');
    expect(output).toMatch(/OK$/);
    const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'));
    expect(state.heads).toEqual([server.head()]);
  });

  it('passes a log that grew since the last run, its consistency proven', async () => {
    const first = history();
    server = await startLogServer(first);
    expect((await run()).code).toBe(EXIT.ok);
    const e = eventBuilder('2026-03-02T05:00:00.000Z');
    server.publish([...first, e.registered(4), e.places(8, 1), e.turn(1, 8)]);
    const { code, output } = await run('--sample', '0');
    expect(code).toBe(EXIT.ok);
    // Two heads (the saved one and the new), two inclusion proofs (first, last), one consistency.
    expect(output).toContain('heads checked: 2; inclusion and consistency proofs checked: 3');
    const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'));
    expect(state.heads.map((head: { treeSize: number }) => head.treeSize)).toEqual([10, 13]);
  });

  it('finds a leaf whose bytes changed after the head was signed', async () => {
    server = await startLogServer(history());
    const changed = { ...history()[2]!, queueClass: 'out_of_turn' };
    server.misbehave({ servedData: new Map([[2, canonicalize(changed)!]]) });
    const { code, output } = await run();
    expect(code).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf 2 registered ${pseudonymOf(2)}: The leaf's bytes are not those head 10`,
    );
  });

  it('finds a reordered pair of events', async () => {
    const events = history();
    [events[7], events[8]] = [events[8]!, events[7]!];
    server = await startLogServer(events);
    const { code, output } = await run();
    expect(code).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf 7 direction_issued ${pseudonymOf(2)}: A direction in turn on batch 7 for a child without a turn on it.`,
    );
  });

  it('finds a turn given out of order', async () => {
    const e = eventBuilder();
    server = await startLogServer([
      e.policy(),
      e.registered(1),
      e.registered(2),
      e.places(7, 1),
      e.turn(2, 7),
    ]);
    const { code, output } = await run();
    expect(code).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf 4 turn_given ${pseudonymOf(2)}: The turn on batch 7 was given while ${pseudonymOf(1)}, ahead in the queue and waiting, was passed by.`,
    );
  });

  it('finds a dropped event', async () => {
    server = await startLogServer(history().filter((event) => event.type !== 'turn_declined'));
    const { code, output } = await run();
    expect(code).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf 6 turn_given ${pseudonymOf(2)}: Batch 7 has no free place left for another turn.`,
    );
  });

  it('finds a forked head against the heads of earlier runs, run after run', async () => {
    const first = history();
    server = await startLogServer(first);
    expect((await run()).code).toBe(EXIT.ok);
    const seen = server.head();
    const rewritten = [...first];
    rewritten[3] = eventBuilder('2026-03-02T04:03:00.000Z').registered(4);
    const later = server.publish([
      ...rewritten,
      eventBuilder('2026-03-02T05:00:00.000Z').registered(5),
    ]);
    for (let again = 0; again < 2; again += 1) {
      const { code, output } = await run();
      expect(code).toBe(EXIT.violation);
      expect(output).toContain(
        `log: The log forked: head 10 of ${seen.timestamp} (root ${seen.rootHash.slice(0, 12)}…), seen before, and head 11 of ${later.timestamp} (root ${later.rootHash.slice(0, 12)}…) are not consistent`,
      );
    }
  });

  it('finds a head whose signature does not verify', async () => {
    server = await startLogServer(history());
    server.misbehave({ foreignSignature: true });
    const { code, output } = await run();
    expect(code).toBe(EXIT.violation);
    expect(output).toContain('log: The signature of head 10');
    expect(output).toContain("does not verify with the log's key.");
  });

  it('refuses a key other than the pinned one and prints JSON when asked', async () => {
    server = await startLogServer(history());
    const { code, output } = await run('--key-fingerprint', '0'.repeat(64), '--json');
    expect(code).toBe(EXIT.violation);
    const result = JSON.parse(output);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([
      {
        leafIndex: null,
        type: null,
        pseudonym: null,
        message: `The log's key ${server.key.fingerprintSha256} is not the pinned one.`,
      },
    ]);
  });

  it('says it could not check when the server is gone or the arguments are bad', async () => {
    server = await startLogServer(history());
    await server.close();
    expect((await run()).code).toBe(EXIT.couldNotCheck);
    expect(await main(['--url', 'not a url'], () => {})).toBe(EXIT.couldNotCheck);
    expect(await main(['--unknown'], () => {})).toBe(EXIT.couldNotCheck);
    server = await startLogServer(history());
  });
});
