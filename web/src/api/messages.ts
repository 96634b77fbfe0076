import { hasMessage } from '../i18n/message.tsx';
import type { MessageRef } from '../i18n/message.tsx';
import { ApiError } from './errors.ts';
import type { FieldIssue } from './errors.ts';

/** The i18n message of a failed call: `errors.<code>`, else the generic one. */
export function problemMessage(error: unknown): MessageRef {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (hasMessage(key)) return { key };
    if (error.status >= 500) return { key: 'errors.internal_error' };
  }
  return { key: 'errors.generic' };
}

/** The message of one field issue from the server: localized by its code when we know it. */
export function fieldIssueMessage(issue: FieldIssue): MessageRef | string {
  for (const key of [`validation.issue.${issue.code}`, `errors.${issue.code}`]) {
    if (hasMessage(key)) return { key };
  }
  return issue.message || { key: 'validation.invalid' };
}

/** `name.kk`, `/name/kk`, `body.name.kk`, `name[0]` → the form path `name.kk` / `name.0`. */
export function normalizeIssuePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\/+/, '')
    .replaceAll('/', '.')
    .replace(/^(body|query|params)\./, '');
}
