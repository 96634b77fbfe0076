import type { Problem } from '@kezek/contracts';

/** One field's problem in a 400/422 answer: `path` names the field, e.g. `name.kk`. */
export type FieldIssue = NonNullable<Problem['errors']>[number];

/** Problem codes known without a body, by HTTP status (a proxy or a crash may answer bare). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
  500: 'internal_error',
};

/** An RFC 9457 problem answered by the API, or `network` when no answer came. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[];
  /** A 429's Retry-After, in seconds, when the server said it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: {
    status: number;
    code?: string | undefined;
    title?: string | undefined;
    detail?: string | undefined;
    errors?: FieldIssue[] | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    const code =
      problem.code ??
      CODE_BY_STATUS[problem.status] ??
      (problem.status >= 500 ? 'internal_error' : 'unknown');
    super(problem.title ?? code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = code;
    this.title = problem.title ?? code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = problem.retryAfterSeconds;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Retry-After in seconds (RFC 9110 §10.2.3: a number of seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Reads a problem body leniently: any JSON object with a string `code` counts. */
export function problemFrom(status: number, body: unknown, retryAfter?: number): ApiError {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const errors = Array.isArray(record.errors)
      ? record.errors
          .filter((item): item is Record<string, unknown> => !!item && typeof item === 'object')
          .map((item) => ({
            path: Array.isArray(item.path) ? item.path.join('.') : String(item.path ?? ''),
            code: String(item.code ?? ''),
            message: String(item.message ?? ''),
          }))
      : undefined;
    return new ApiError({
      status: typeof record.status === 'number' ? record.status : status,
      code: typeof record.code === 'string' ? record.code : undefined,
      title: typeof record.title === 'string' ? record.title : undefined,
      detail: typeof record.detail === 'string' ? record.detail : undefined,
      errors,
      retryAfterSeconds: retryAfter,
    });
  }
  return new ApiError({ status, retryAfterSeconds: retryAfter });
}
