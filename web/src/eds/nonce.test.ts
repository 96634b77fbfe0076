import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors.ts';
import { fetchNonce } from './nonce.ts';

const NONCE = { nonce: 'n1', expiresAt: '2026-12-02T10:10:00.000Z' };

function answer(status: number, body: object, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

const limited = (retryAfter?: string) =>
  answer(
    429,
    { status: 429, code: 'rate_limited', title: 'Too many attempts' },
    retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  );

describe('fetchNonce', () => {
  let replies: Response[];
  const asked = vi.fn();
  beforeEach(() => {
    vi.useFakeTimers();
    replies = [];
    asked.mockReset();
    vi.stubGlobal('fetch', async (url: string) => {
      asked(url);
      return replies.shift()!;
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('waits as long as Retry-After says and asks once more', async () => {
    replies.push(limited('3'), answer(200, NONCE));
    const result = fetchNonce();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(asked).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual(NONCE);
    expect(asked).toHaveBeenCalledTimes(2);
  });

  it('shows the limit when the second answer is a 429 too', async () => {
    replies.push(limited('1'), limited('1'));
    const result = fetchNonce();
    const refused = expect(result).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    await vi.advanceTimersByTimeAsync(1_000);
    await refused;
    expect(asked).toHaveBeenCalledTimes(2);
  });

  it('does not wait without a Retry-After, nor for longer than a minute', async () => {
    for (const reply of [limited(), limited('600')]) {
      replies.push(reply);
      await expect(fetchNonce()).rejects.toBeInstanceOf(ApiError);
    }
    expect(asked).toHaveBeenCalledTimes(2);
  });
});
