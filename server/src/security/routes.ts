import type { RouteOptions } from 'fastify';

export interface ApiRoute {
  /** `METHOD /api/path/:param` (or `GET /metrics`), as the tables of the security tests name routes. */
  key: string;
  method: string;
  url: string;
  route: RouteOptions;
}

/** The routes of the server besides the web app's files, one per method (HEAD twins left out). */
export function apiRoutes(routes: readonly RouteOptions[]): ApiRoute[] {
  return routes.flatMap((route) =>
    [route.method]
      .flat()
      .filter(
        (method) => method !== 'HEAD' && (route.url.startsWith('/api') || route.url === '/metrics'),
      )
      .map((method) => ({ key: `${method} ${route.url}`, method, url: route.url, route })),
  );
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4520000000049454e44ae426082',
  'hex',
);

/** A multipart/form-data upload of one file in the field `file`, as the browser sends it. */
export function multipartFile(
  url: string,
  filename: string,
  content: Buffer,
  type = 'application/octet-stream',
) {
  const boundary = '----kezek-security';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { url, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
