import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { tooManyRequests } from '../problem.ts';

const MINUTE = 60_000;

/**
 * The request limits, a minute each. A signed-in caller is counted as a person (their account),
 * never by the address: behind a mobile carrier's NAT or in a public service centre hundreds of
 * parents share one address, and on a release morning a 429 would cost a parent the place.
 * Only anonymous requests are counted per address, with room for a centre of 200 parents
 * signing in at once (a sign-in takes a nonce and one attempt, a few more when a key is
 * mistyped). Password sign-in is counted per address and IIN (guessing is what it limits).
 */
export const LIMITS = {
  nonce: { perPerson: 60, perAddress: 1000 },
  edsSignIn: { perAddress: 1000 },
  signedAction: { perPerson: 120 },
  passwordSignIn: { perAddressAndIin: 5 },
  publicVerify: { perAddress: 1000 },
  /** Pages of the public queue (docs/rules.md, "The public queue"): a person browsing, or a NAT. */
  publicQueue: { perAddress: 1000 },
  /**
   * Public protocols (docs/rules.md, "Public protocols"): each reads up to a year of a district,
   * the CSV all of it; a person reads a few.
   */
  publicProtocols: { perAddress: 60 },
  /**
   * eGov Mobile signing requests a person (or an address, before sign-in) makes in a minute: one
   * per signature, each also needing a nonce.
   */
  mobileSign: { perPerson: 30, perAddress: 1000 },
  /** Polls of one browser for its signing request (every two seconds while the dialog is open). */
  mobileSignPoll: { perBrowser: 120 },
  /** Calls of the app for one signing request (API №1, №2 and the signed PUT). */
  mobileSignApp: { perRequest: 30 },
  /** Proof documents a person uploads in a minute (a benefit needs a few). */
  upload: { perPerson: 20, perAddress: 20 },
} as const;

export const rateLimited = (retryAfterSeconds: number) =>
  tooManyRequests('rate_limited', 'Too many attempts', retryAfterSeconds);

/** The signed-in person, or the address of an anonymous caller. */
export function callerKey(request: FastifyRequest): string {
  const userId = request.session.userId;
  return userId === undefined ? `address:${request.ip}` : `person:${userId}`;
}

const scaled = (request: FastifyRequest, max: number) =>
  max * request.server.config.KEZEK_RATE_LIMIT_SCALE;

/** A route's limit (after the session is read): per person when signed in, else per address. */
export function perCaller(limit: { perPerson?: number; perAddress: number }): RateLimitOptions {
  return {
    hook: 'preHandler',
    timeWindow: MINUTE,
    keyGenerator: callerKey,
    max: (request, key) =>
      scaled(
        request,
        key.startsWith('person:') ? (limit.perPerson ?? limit.perAddress) : limit.perAddress,
      ),
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl / 1000),
  };
}

/**
 * A route's limit per what `key` names: a browser's binding, a signing request's token — never
 * the address alone, which hundreds of parents may share.
 */
export function perKey(max: number, key: (request: FastifyRequest) => string): RateLimitOptions {
  return {
    hook: 'preHandler',
    timeWindow: MINUTE,
    max: (request) => scaled(request, max),
    keyGenerator: key,
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl / 1000),
  };
}

/** A route's limit per address and something the caller names (password sign-in: the IIN). */
export function perAddressAnd(
  max: number,
  named: (request: FastifyRequest) => string,
): RateLimitOptions {
  return perKey(max, (request) => `address:${request.ip}:${named(request)}`);
}

/** A limit checked inside a handler, per signed-in person: throws 429 when it is reached. */
export function perPersonCheck(app: FastifyInstance, max: number) {
  const check = app.createRateLimit({
    max: (request) => scaled(request, max),
    timeWindow: MINUTE,
    keyGenerator: callerKey,
  });
  return async (request: FastifyRequest): Promise<void> => {
    const limit = await check(request);
    if (!limit.isAllowed && limit.isExceeded) throw rateLimited(limit.ttlInSeconds);
  };
}
