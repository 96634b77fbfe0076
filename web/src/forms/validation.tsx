import type { FormErrors } from '@mantine/form';
import type { z } from 'zod';
import { Msg } from '../i18n/message.tsx';
import type { MessageRef } from '../i18n/message.tsx';

type Issue = z.core.$ZodIssue;

/**
 * Message keys that replace the generic one for a field: keyed by the form path (`code`) or by
 * path and issue code (`languages|custom`).
 */
export type IssueOverrides = Record<string, string>;

function isEmptyInput(input: unknown): boolean {
  return (
    input === undefined ||
    input === null ||
    input === '' ||
    (typeof input === 'number' && Number.isNaN(input))
  );
}

function lastSegment(path: PropertyKey[]): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : '';
}

/**
 * Maps a zod issue to a localized message by its code and parameters, never by its (English)
 * text: the contracts' schemas carry English messages for API clients.
 */
export function issueMessage(issue: Issue, overrides?: IssueOverrides): MessageRef {
  const path = issue.path.map(String).join('.');
  const override = overrides?.[`${path}|${issue.code}`] ?? overrides?.[path];
  if (override) return { key: override };
  switch (issue.code) {
    case 'custom': {
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      if (code === 'invalid_iin') {
        // One rule in the contract; the user is better told which part is wrong.
        if (isEmptyInput(issue.input)) return { key: 'validation.required' };
        if (typeof issue.input === 'string' && !/^\d{12}$/.test(issue.input)) {
          return { key: 'validation.iinFormat' };
        }
        return { key: 'validation.iinInvalid' };
      }
      return { key: 'validation.invalid' };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1
          ? { key: 'validation.required' }
          : { key: 'validation.tooShort', values: { count: min } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return min <= 1
          ? { key: 'validation.selectAtLeastOne' }
          : { key: 'validation.tooFewItems', values: { count: min } };
      }
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive
          ? { key: 'validation.numberMin', values: { min } }
          : { key: 'validation.numberGreater', values: { min } };
      }
      return { key: 'validation.invalid' };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'validation.tooLong', values: { count: max } };
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { key: 'validation.tooManyItems', values: { count: max } };
      }
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive
          ? { key: 'validation.numberMax', values: { max } }
          : { key: 'validation.numberLess', values: { max } };
      }
      return { key: 'validation.invalid' };
    }
    case 'invalid_format': {
      if (issue.format === 'email') return { key: 'validation.email' };
      if (issue.format === 'url') return { key: 'validation.url' };
      if (issue.format === 'date' || issue.format === 'datetime') return { key: 'validation.date' };
      const field = lastSegment(issue.path);
      if (/iin$/i.test(field)) return { key: 'validation.iinFormat' };
      if (/phone$/i.test(field)) return { key: 'validation.phone' };
      return { key: 'validation.invalidFormat' };
    }
    case 'invalid_type': {
      if (isEmptyInput(issue.input)) return { key: 'validation.required' };
      if (issue.expected === 'int') return { key: 'validation.integer' };
      if (issue.expected === 'number') return { key: 'validation.number' };
      return { key: 'validation.invalid' };
    }
    case 'invalid_value':
      return isEmptyInput(issue.input)
        ? { key: 'validation.required' }
        : { key: 'validation.invalidOption' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** The form-path → message map of a failed parse; the first issue of a path wins. */
export function issuesToFormErrors(issues: readonly Issue[], overrides?: IssueOverrides) {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (path in errors) continue;
    errors[path] = <Msg message={issueMessage(issue, overrides)} />;
  }
  return errors;
}

/**
 * A Mantine form `validate` function from a contracts schema. `toInput` turns the form's values
 * (strings from inputs) into the API body the schema describes; paths must match the form's.
 * mantine-form-zod-resolver keeps only each issue's message (English here), so this reads the
 * issue codes itself.
 */
export function zodValidate<Values>(
  schema: z.ZodType,
  toInput: (values: Values) => unknown = (values) => values,
  overrides?: IssueOverrides,
): (values: Values) => FormErrors {
  return (values) => {
    const result = schema.safeParse(toInput(values), { reportInput: true });
    return result.success ? {} : issuesToFormErrors(result.error.issues, overrides);
  };
}

/** Trims; an empty text becomes null (the API's "not given" for optional fields). */
export function textOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A number input's value (number or '' when empty) as number, or null when empty. */
export function numberOrNull(value: number | string): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isNaN(number) ? Number.NaN : number;
}

/** A select's value as a positive id, or undefined when nothing is chosen. */
export function idOrUndefined(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const id = Number(value);
  return Number.isInteger(id) ? id : undefined;
}
