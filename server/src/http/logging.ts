import type { FastifyServerOptions } from 'fastify';
import { maskIin } from '@kezek/domain';

/** Request logs never carry full IINs, cookies or tokens. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    serializers: {
      req: (request) => ({
        method: request.method,
        url: request.url.replace(/\d{12}/g, (iin: string) => maskIin(iin)),
        remoteAddress: request.ip,
      }),
    },
  };
}
