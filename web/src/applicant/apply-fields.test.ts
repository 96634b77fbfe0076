import { describe, expect, it } from 'vitest';
import { createApplicationFieldsSchema } from '@kezek/contracts';
import {
  applicationFormSchema,
  applicantStepSchema,
  emptyApplyValues,
  signedApplicationFields,
  toApplicationFields,
  rankedWith,
  wantedFromChoices,
} from './apply-fields.ts';

const sha = 'a'.repeat(64);

function filled() {
  const values = emptyApplyValues({ email: ' parent@example.kz ', phone: '+7 701 234 56 78' });
  values.child.iin = '200509521232';
  return values;
}

describe('the application form', () => {
  it('turns masked phones and empty optional fields into the contract’s shape', () => {
    const values = filled();
    values.applicant.extraPhone = '8 (777) 000-11-22';
    expect(toApplicationFields(values, 3, [])).toEqual({
      districtId: 3,
      applicant: {
        email: 'parent@example.kz',
        phone: '+77012345678',
        extraEmail: undefined,
        extraPhone: '+77770001122',
        address: undefined,
      },
      child: { iin: '200509521232' },
      benefit: undefined,
    });
  });

  it('asks an address begun for its city, street and house', () => {
    const values = filled();
    values.applicant.address.flat = '12';
    const result = applicantStepSchema.safeParse(toApplicationFields(values, 1, []));
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'applicant.address.city',
      'applicant.address.house',
      'applicant.address.street',
    ]);
  });

  it('validates step 1 with the contract: e-mail and phone are required', () => {
    const values = emptyApplyValues();
    const result = applicantStepSchema.safeParse(toApplicationFields(values, 1, []));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'applicant.email',
      'applicant.phone',
    ]);
  });

  it('asks for a category and at least one proof when the child is a beneficiary', () => {
    const values = filled();
    values.beneficiary = true;
    const result = applicationFormSchema.safeParse(toApplicationFields(values, 1, []));
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}|${issue.code}`)).toEqual([
      'benefit.categoryCode|too_small',
      'benefit.attachments|custom',
    ]);
  });

  it('signs exactly the fields the server reads, the proofs by id and sha256', () => {
    const values = filled();
    values.beneficiary = true;
    values.benefit.categoryCode = 'large_family';
    values.applicant.address = {
      city: ' Астана ',
      district: '',
      street: 'Кенесары көшесі',
      house: '1',
      flat: '',
    };
    const fields = signedApplicationFields(values, 1, [{ id: '12', sha256: sha }]);
    expect(fields).toEqual({
      districtId: 1,
      applicant: {
        email: 'parent@example.kz',
        phone: '+77012345678',
        address: {
          city: 'Астана',
          district: undefined,
          street: 'Кенесары көшесі',
          house: '1',
          flat: undefined,
        },
      },
      child: { iin: '200509521232' },
      benefit: { categoryCode: 'large_family', attachments: [{ id: '12', sha256: sha }] },
    });
    expect(createApplicationFieldsSchema.parse(fields)).toEqual(fields);
  });

  it('leaves the benefit out when the box is not ticked, whatever was chosen before', () => {
    const values = filled();
    values.benefit.categoryCode = 'orphan';
    expect(signedApplicationFields(values, 1, [{ id: '1', sha256: sha }]).benefit).toBeUndefined();
  });
});

describe('wantedFromChoices', () => {
  it('offers this month and the next ones, each before the child reaches the age limit', () => {
    expect(wantedFromChoices('2026-12-03', '2020-05-09')).toEqual([
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
    ]);
  });

  it('offers three years ahead while the child is unknown or young', () => {
    const months = wantedFromChoices('2026-12-03', null);
    expect(months).toHaveLength(36);
    expect(months.at(-1)).toBe('2029-11');
    expect(wantedFromChoices('2026-12-03', '2025-01-01')).toEqual(months);
  });
});

describe('rankedWith', () => {
  it.each([
    { ranks: [], rank: 0, id: '7', next: ['7', '', '', '', ''] },
    { ranks: ['7', '9'], rank: 0, id: '9', next: ['9', '7', '', '', ''] },
    { ranks: ['7', '9'], rank: 2, id: '7', next: ['', '9', '7', '', ''] },
    { ranks: ['7', '9'], rank: 1, id: '', next: ['7', '', '', '', ''] },
  ])('$ranks with $id at $rank: $next', ({ ranks, rank, id, next }) => {
    expect(rankedWith(ranks, rank, id)).toEqual(next);
  });
});
