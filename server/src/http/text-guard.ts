/// <reference lib="es2024.string" />
import type { FieldIssue } from './errors.ts';

/**
 * Text a person can have typed: no NUL (PostgreSQL's text refuses it) and no lone UTF-16 surrogate
 * (not Unicode: it has no UTF-8 form). Node's isWellFormed decides the second.
 */
function acceptable(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

const joined = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Every string in a parsed body, query or signed content (keys too) that no text field takes, as
 * field issues: answered 400 `validation_failed` before anything is read, signed or consumed.
 */
export function unacceptableText(value: unknown, path = ''): FieldIssue[] {
  if (typeof value === 'string') {
    return acceptable(value)
      ? []
      : [{ path, code: 'invalid_text', message: 'NUL or a lone surrogate is not text' }];
  }
  if (Array.isArray(value))
    return value.flatMap((item, i) => unacceptableText(item, joined(path, i)));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...unacceptableText(key, joined(path, key)),
      ...unacceptableText(item, joined(path, key)),
    ]);
  }
  return [];
}
