import { z } from 'zod';
import { applicantContactsSchema, createApplicationFieldsSchema } from '@kezek/contracts';
import type { CreateApplicationFields } from '@kezek/contracts';
import { phoneForApi } from '../forms/phone.ts';
import type { IssueOverrides } from '../forms/validation.tsx';

/** What the two steps of the form hold (texts as typed; phones masked "+7 701 …"). */
export interface ApplyValues {
  applicant: {
    email: string;
    phone: string;
    extraEmail: string;
    extraPhone: string;
    address: string;
  };
  child: { iin: string };
  beneficiary: boolean;
  benefit: { categoryCode: string };
}

export type AttachmentRef = { id: string; sha256: string };

export function emptyApplyValues(contacts: { email?: string; phone?: string } = {}): ApplyValues {
  return {
    applicant: {
      email: contacts.email ?? '',
      phone: contacts.phone ?? '',
      extraEmail: '',
      extraPhone: '',
      address: '',
    },
    child: { iin: '' },
    beneficiary: false,
    benefit: { categoryCode: '' },
  };
}

function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The form's values as the signed fields of `application.create` (before validation). */
export function toApplicationFields(
  values: ApplyValues,
  districtId: number,
  attachments: readonly AttachmentRef[],
) {
  return {
    districtId,
    applicant: {
      email: values.applicant.email.trim(),
      phone: phoneForApi(values.applicant.phone),
      extraEmail: optionalText(values.applicant.extraEmail),
      extraPhone: phoneForApi(values.applicant.extraPhone),
      address: optionalText(values.applicant.address),
    },
    child: { iin: values.child.iin.trim() },
    benefit: values.beneficiary
      ? { categoryCode: values.benefit.categoryCode, attachments: [...attachments] }
      : undefined,
  };
}

/** Step 1: the applicant's contacts, by the contract's own schema. */
export const applicantStepSchema = z.object({ applicant: applicantContactsSchema });

/**
 * The whole application: the contract's schema, which also asks a claimed benefit for at least
 * one proof document (docs/rules.md, "Registration and eligibility").
 */
export const applicationFormSchema = createApplicationFieldsSchema;

export const applyIssueOverrides: IssueOverrides = {
  'benefit.attachments|custom': 'apply.attachmentsRequired',
};

/** The validated fields to sign: exactly what the server will read from the signature. */
export function signedApplicationFields(
  values: ApplyValues,
  districtId: number,
  attachments: readonly AttachmentRef[],
): CreateApplicationFields {
  return applicationFormSchema.parse(toApplicationFields(values, districtId, attachments));
}
