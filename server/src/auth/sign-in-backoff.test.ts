import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin, maskIin } from '@kezek/domain';
import { runDueJobs } from '../jobs/runner.ts';
import { DEMO_ADMIN, TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import {
  SIGN_IN_BACKOFF,
  checkSignInDelay,
  delayAfter,
  recordSignInFailure,
  type SignInAttempt,
} from './sign-in-backoff.ts';

/** Password guessing spread over addresses (issue 16, item 7): a delay per IIN, never a lock. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** One try from a browser of its own: a new address each time, as a botnet would have. */
async function tryOnce(iin: string, password: string) {
  const response = await new TestClient(t.app).post('/api/auth/password', { iin, password });
  return {
    answer: response.statusCode === 200 ? '200' : `${response.statusCode} ${response.json().code}`,
    retryAfter: response.headers['retry-after'],
    response,
  };
}

describe('password sign-in backoff per IIN', () => {
  it('delays the guesses at the administrator’s IIN from 12 addresses; after the wait the right password signs in and the count starts again', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 12; i += 1)
      answers.push((await tryOnce(DEMO_ADMIN.iin, `guess-${i}`)).answer);
    expect(answers).toEqual([
      ...Array<string>(SIGN_IN_BACKOFF.freeFailures).fill('401 bad_credentials'),
      ...Array<string>(12 - SIGN_IN_BACKOFF.freeFailures).fill('429 sign_in_delayed'),
    ]);
    // During the wait even the right password is not looked at: the answer says how long to wait.
    const waiting = await tryOnce(DEMO_ADMIN.iin, DEMO_ADMIN.password);
    expect(waiting.answer).toBe('429 sign_in_delayed');
    expect(waiting.retryAfter).toBe('1');
    expect(waiting.response.headers['content-type']).toMatch(/^application\/problem\+json/);

    t.clock.advance(1000);
    expect((await tryOnce(DEMO_ADMIN.iin, DEMO_ADMIN.password)).answer).toBe('200');

    // The success cleared the count: a mistyped password is a plain 401 again.
    for (let i = 0; i < SIGN_IN_BACKOFF.freeFailures; i += 1)
      expect((await tryOnce(DEMO_ADMIN.iin, `typo-${i}`)).answer).toBe('401 bad_credentials');
    expect((await tryOnce(DEMO_ADMIN.iin, 'one-more')).answer).toBe('429 sign_in_delayed');
    t.clock.advance(1000);
    expect((await tryOnce(DEMO_ADMIN.iin, DEMO_ADMIN.password)).answer).toBe('200');
  });

  it('doubles the wait with every further wrong password, never beyond 5 minutes, for an IIN without an account too', async () => {
    const iin = makeIin('1985-05-05', 'male', 7);
    const waits: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      const attempt = await tryOnce(iin, 'wrong');
      if (attempt.answer === '429 sign_in_delayed') {
        waits.push(String(attempt.retryAfter));
        t.clock.advance(Number(attempt.retryAfter) * 1000);
        expect((await tryOnce(iin, 'wrong')).answer).toBe('401 bad_credentials');
      }
    }
    expect(waits.slice(0, 10)).toEqual(['1', '2', '4', '8', '16', '32', '64', '128', '256', '300']);
    expect(waits.slice(10).every((wait) => wait === '300')).toBe(true);
    expect(delayAfter(SIGN_IN_BACKOFF.freeFailures - 1)).toBe(0);
    expect(delayAfter(1000)).toBe(SIGN_IN_BACKOFF.maxDelayMs);

    // A count untouched for a day is forgotten by the deadline jobs.
    t.clock.advance(SIGN_IN_BACKOFF.forgetAfterMs + 1000);
    expect((await runDueJobs(t.database.db, t.clock)).signInFailuresForgotten).toBeGreaterThan(0);
    const rows = await t.database.db
      .selectFrom('sign_in_failures')
      .select('iin')
      .where('iin', '=', iin)
      .execute();
    expect(rows).toEqual([]);
  });

  it('logs each delay with the IIN masked, never in full', async () => {
    const iin = makeIin('1990-02-02', 'female', 11);
    const lines: string[] = [];
    const attempt: SignInAttempt = {
      db: t.database.db,
      now: t.clock.now(),
      log: { warn: (fields, message) => lines.push(JSON.stringify({ ...fields, message })) },
    };
    for (let i = 0; i <= SIGN_IN_BACKOFF.freeFailures; i += 1)
      await recordSignInFailure(attempt, iin);
    await expect(checkSignInDelay(attempt, iin)).rejects.toMatchObject({ code: 'sign_in_delayed' });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toContain(maskIin(iin));
      expect(line).not.toContain(iin);
    }
  });
});
