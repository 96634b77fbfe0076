import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Problem, notFound } from '../problem.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The request carries `Authorization: Bearer <token>`; compared in constant time. */
function bearerIs(request: FastifyRequest, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * GET /metrics in the Prometheus text format (docs/operations.md, "Metrics"). KEZEK_METRICS
 * decides who reads it: `off` answers 404 as for a path that does not exist, `token` answers 401
 * without the bearer token, `public` answers everyone.
 */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  const { KEZEK_METRICS: access, KEZEK_METRICS_TOKEN: token } = app.config;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (access === 'off') throw notFound();
    if (access === 'token' && !bearerIs(request, token!)) {
      reply.header('www-authenticate', 'Bearer realm="kezek metrics"');
      throw new Problem(401, 'metrics_token_required', 'The metrics token is required');
    }
    const text = await app.metrics.scrape();
    return reply.type(app.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
};
