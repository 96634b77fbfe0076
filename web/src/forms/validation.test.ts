import { describe, expect, it } from 'vitest';
import {
  createKindergartenSchema,
  createRegionSchema,
  passwordSignInSchema,
  policySchema,
} from '@kezek/contracts';
import { issueMessage } from './validation.tsx';

function messages(schema: { safeParse: (v: unknown, o: object) => unknown }, value: unknown) {
  const result = schema.safeParse(value, { reportInput: true }) as {
    success: boolean;
    error?: { issues: Parameters<typeof issueMessage>[0][] };
  };
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.join('.');
    out[path] ??= issueMessage(issue, { 'code|invalid_format': 'validation.regionCode' }).key;
  }
  return out;
}

describe('issueMessage', () => {
  it('tells an empty, a short and a wrong IIN apart', () => {
    expect(messages(passwordSignInSchema, { iin: '', password: '' })).toEqual({
      iin: 'validation.required',
      password: 'validation.required',
    });
    expect(messages(passwordSignInSchema, { iin: '123', password: 'x' }).iin).toBe(
      'validation.iinFormat',
    );
    expect(messages(passwordSignInSchema, { iin: '123456789012', password: 'x' }).iin).toBe(
      'validation.iinInvalid',
    );
    expect(messages(passwordSignInSchema, { iin: '791028302728', password: 'x' })).toEqual({});
  });

  it('maps the kindergarten form', () => {
    const errors = messages(createKindergartenSchema, {
      districtId: undefined,
      name: { kk: ' ', ru: 'x' },
      type: undefined,
      languages: [],
      address: 'a',
      lat: 100,
      lon: null,
      phone: '8701',
      website: 'nope',
      email: 'nope',
      ownerIin: null,
    });
    expect(errors).toEqual({
      districtId: 'validation.required',
      'name.kk': 'validation.required',
      type: 'validation.required',
      languages: 'validation.selectAtLeastOne',
      lat: 'validation.numberMax',
      phone: 'validation.phone',
      website: 'validation.url',
      email: 'validation.email',
    });
  });

  it('uses overrides and number bounds', () => {
    expect(
      messages(createRegionSchema, { code: 'A B', name: { kk: 'a', ru: 'b', en: 'c' } }),
    ).toEqual({ code: 'validation.regionCode' });
    const policy = messages(policySchema, {
      ageLimitYears: 0,
      turnWindowDays: 3,
      enrolWorkingDays: 5,
      stopListWorkingDays: 10,
      maxExpiries: 2,
      extensionMaxDays: 30,
      revokeHours: 24,
      interestMonths: 1.5,
      firstPriorityRatio: [1, undefined],
      privateMinAgeYears: 3,
      benefitDocMaxAgeDays: 10,
      allocation: 'choose',
      freeChoice: 'batched',
      freeChoiceWindowMinutes: 2,
      siblingPriority: 'within_class',
    });
    expect(policy).toEqual({
      freeChoiceWindowMinutes: 'validation.numberMin',
      ageLimitYears: 'validation.numberMin',
      interestMonths: 'validation.integer',
      'firstPriorityRatio.1': 'validation.required',
    });
  });
});
