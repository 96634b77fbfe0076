import type { FastifyInstance } from 'fastify';

/**
 * A `fetch` that hands the eGov Mobile stand-in's requests (eds/src/egov-mobile.ts) to the app
 * in memory: the app's own URLs (KEZEK_PUBLIC_URL) carry no socket in unit tests.
 */
export function fetchInto(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.toString());
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'PUT',
      url: url.pathname + url.search,
      headers: init?.headers as Record<string, string>,
      payload: init?.body as string | undefined,
      remoteAddress: '10.77.0.1',
    });
    return new Response(response.body, {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'text/plain') },
    });
  };
}
