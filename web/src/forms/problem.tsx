import type { FormErrors } from '@mantine/form';
import { ApiError } from '../api/errors.ts';
import { fieldIssueMessage, normalizeIssuePath } from '../api/messages.ts';
import { Msg } from '../i18n/message.tsx';
import { ProblemAlert } from '../shell/common.tsx';

export interface ProblemFieldOptions {
  /** Problem codes that concern one field, e.g. `{ staff_iin_taken: 'iin' }`. */
  codeFields?: Record<string, string>;
  /** Server paths named differently in the form. */
  pathAliases?: Record<string, string>;
}

/**
 * The field errors carried by a problem answer: its `errors[]` (400/422), or a code that names
 * one field. Empty when the problem concerns no field.
 */
export function problemFieldErrors(error: unknown, options: ProblemFieldOptions = {}): FormErrors {
  const errors: FormErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const issue of error.errors) {
    const normalized = normalizeIssuePath(issue.path);
    const path = options.pathAliases?.[normalized] ?? normalized;
    if (!path || path in errors) continue;
    const message = fieldIssueMessage(issue);
    errors[path] = typeof message === 'string' ? message : <Msg message={message} />;
  }
  const field = options.codeFields?.[error.code];
  if (field && !(field in errors)) {
    errors[field] = <Msg message={{ key: `errors.${error.code}` }} />;
  }
  return errors;
}

/**
 * The general message of a failed save, above the form; left out when the problem's code is
 * one that names a field (the field already says it).
 */
export function FormProblemAlert({
  error,
  codeFields,
}: {
  error: unknown;
  codeFields?: Record<string, string>;
}) {
  if (!error) return null;
  if (error instanceof ApiError && codeFields?.[error.code]) return null;
  return <ProblemAlert error={error} />;
}
