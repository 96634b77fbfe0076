import i18n, { currentLanguage } from '../i18n/index.ts';
import { ApiError, problemFrom, retryAfterSeconds } from './errors.ts';
import type { Session } from './query-client.ts';
import { queryClient, queryKeys } from './query-client.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal | undefined;
}

/** Builds `/api/...?a=1`, leaving out empty parameters. */
export function apiUrl(path: string, query?: QueryParams): string {
  const url = path.startsWith('/api/') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /\bjson\b/i.test(type);
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  if (!isJson(response)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send(path: string, options: RequestOptions, csrfToken: string | null) {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLanguage(),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', title: i18n.t('errors.network') });
  }
  const body = await readBody(response);
  if (!response.ok)
    throw problemFrom(
      response.status,
      body,
      retryAfterSeconds(response.headers.get('retry-after'), Date.now()),
    );
  return body;
}

function cachedCsrfToken(): string | null {
  return queryClient.getQueryData<Session>(queryKeys.me)?.csrfToken ?? null;
}

/** `GET /api/me`: a 401 means nobody is signed in, which is a normal state here. */
export async function fetchSession(signal?: AbortSignal): Promise<Session> {
  try {
    const body = (await send('/api/me', { signal }, null)) as Partial<Session> | undefined;
    return { user: body?.user ?? null, csrfToken: body?.csrfToken ?? null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { user: null, csrfToken: null };
    throw error;
  }
}

/** The CSRF token for a call of `method` (none for GET); asks `GET /api/me` once when unknown. */
export async function csrfTokenFor(method: HttpMethod): Promise<string | null> {
  if (method === 'GET') return null;
  const cached = cachedCsrfToken();
  if (cached) return cached;
  // No token yet (first call of the page): ask once, the answer stays in the query cache.
  const session = await queryClient.fetchQuery({
    queryKey: queryKeys.me,
    queryFn: () => fetchSession(),
  });
  return session.csrfToken;
}

/**
 * Calls the JSON API. Sends the interface language and, on every non-GET call, the CSRF token
 * from `GET /api/me`; throws {@link ApiError} for a problem answer. A stale CSRF token is renewed
 * once and the call repeated.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const token = await csrfTokenFor(method);
  try {
    return (await send(path, options, token)) as T;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'csrf_invalid') throw error;
    const session = await queryClient.fetchQuery({
      queryKey: queryKeys.me,
      queryFn: () => fetchSession(),
      staleTime: 0,
    });
    if (!session.csrfToken || session.csrfToken === token) throw error;
    return (await send(path, options, session.csrfToken)) as T;
  }
}
