/** An error the client caused or may act on: answered as RFC 9457 problem+json with a stable code. */
export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: { path: string; code: string; message: string }[] | undefined;
  /** A 429's `Retry-After` (RFC 9110 §10.2.3), in seconds. */
  retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    title: string,
    errors?: { path: string; code: string; message: string }[],
  ) {
    super(title);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

export const notFound = () => new Problem(404, 'not_found', 'Not found');
/** Deny by default: a row the caller may not reach does not exist for them (404). */
export async function found<T>(row: Promise<T | undefined>): Promise<T> {
  const value = await row;
  if (value === undefined) throw notFound();
  return value;
}
export const forbidden = () => new Problem(403, 'forbidden', 'Not allowed');
export const notSignedIn = () => new Problem(401, 'not_signed_in', 'Sign in first');
/** A limit was reached: the client may try again after `retryAfterSeconds`. */
export function tooManyRequests(code: string, title: string, retryAfterSeconds: number): Problem {
  const problem = new Problem(429, code, title);
  problem.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return problem;
}
export const conflict = (code: string, title: string) => new Problem(409, code, title);
export const unprocessable = (code: string, title: string) => new Problem(422, code, title);

/** Maps a unique-constraint name to the conflict it means to the client. */
export function uniqueViolation(
  error: unknown,
  byConstraint: Record<string, Problem>,
): Problem | null {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code !== '23505' || !pgError.constraint) return null;
  return byConstraint[pgError.constraint] ?? null;
}

export function foreignKeyViolation(error: unknown, problem: Problem): Problem | null {
  return (error as { code?: string }).code === '23503' ? problem : null;
}

/** Throws the first problem that explains a database error, or the error itself. */
export function rethrow(error: unknown, ...explanations: (Problem | null)[]): never {
  throw explanations.find((problem) => problem !== null) ?? error;
}
