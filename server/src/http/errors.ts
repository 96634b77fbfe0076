import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { LANGUAGES, RULE_ISSUE_CODES, type Language } from '@kezek/contracts';
import { problemTitle } from '../i18n/problems.ts';
import { Problem } from '../problem.ts';

export function requestLanguage(request: FastifyRequest): Language {
  // A request Fastify refused before routing (a bad URL) has no decorations: the first named.
  const chosen =
    typeof request.languages === 'function'
      ? request.languages([...LANGUAGES])
      : request.headers['accept-language']?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(chosen as string) ? (chosen as Language) : 'kk';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (problem.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: problemTitle(problem.code, requestLanguage(request), problem.message),
      status: problem.status,
      code: problem.code,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
}

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** Field issues as one problem: a rule refusal (an IIN with a wrong check digit) is a 422, the rest a 400. */
export function problemFromIssues(errors: FieldIssue[]): Problem {
  const ruleCodes = new Set(
    errors
      .map((e) => e.code)
      .filter((code) => (RULE_ISSUE_CODES as readonly string[]).includes(code)),
  );
  if (ruleCodes.size === 1 && errors.every((e) => ruleCodes.has(e.code))) {
    const [code] = ruleCodes;
    return new Problem(422, code!, 'Rule refusal', errors);
  }
  return new Problem(400, 'validation_failed', 'Invalid input', errors);
}

/** zod issues as field issues; a custom issue's `params.code` is its code. */
export function fieldIssues(
  issues: readonly { path: PropertyKey[]; code: string; message: string; params?: unknown }[],
): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: (issue.params as { code?: string } | undefined)?.code ?? issue.code,
    message: issue.message,
  }));
}

function fromValidation(error: FastifyError): Problem | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  return problemFromIssues(
    error.validation.map((issue) => ({
      path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      code: (issue.params as { params?: { code?: string } }).params?.code ?? issue.keyword,
      message: issue.message ?? '',
    })),
  );
}

const statusCodes: Record<number, string> = {
  400: 'validation_failed',
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * A page path (not /api, no file extension): the SPA answers it when it is built. An extension
 * starts with a letter, so a direction number (`/verify/NP.2026.000123`) is a page.
 */
export function isPagePath(request: Pick<FastifyRequest, 'method' | 'url'>): boolean {
  return (
    request.method === 'GET' &&
    !request.url.startsWith('/api/') &&
    !/\.[a-z][a-z0-9]*(\?|$)/i.test(request.url)
  );
}

export function registerErrorHandling(
  app: FastifyInstance,
  servePage?: (request: FastifyRequest, reply: FastifyReply) => unknown,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return sendProblem(request, reply, error);
    const validation = fromValidation(error);
    if (validation) return sendProblem(request, reply, validation);
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return sendProblem(request, reply, new Problem(400, 'invalid_json', error.message));
    }
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return sendProblem(request, reply, new Problem(403, 'csrf_invalid', 'Invalid CSRF token'));
    }
    const status = error.statusCode ?? 500;
    if (status < 500 && statusCodes[status]) {
      return sendProblem(request, reply, new Problem(status, statusCodes[status]!, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, new Problem(500, 'internal_error', 'Internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (servePage && isPagePath(request)) return servePage(request, reply);
    return sendProblem(request, reply, new Problem(404, 'not_found', 'Not found'));
  });
}
