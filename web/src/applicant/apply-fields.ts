import { z } from 'zod';
import { addMonths, DEFAULT_POLICY, MAX_PREFERENCES, wantedFromRefusal } from '@kezek/domain';
import { applicantContactsSchema, createApplicationFieldsSchema } from '@kezek/contracts';
import type { CreateApplicationFields, NearbyPreference } from '@kezek/contracts';
import { phoneForApi } from '../forms/phone.ts';
import type { IssueOverrides } from '../forms/validation.tsx';

/** What the two steps of the form hold (texts as typed; phones masked "+7 701 …"). */
export interface ApplyValues {
  applicant: {
    email: string;
    phone: string;
    extraEmail: string;
    extraPhone: string;
    /** The manual's address fields (seed 001, fig. 6); all empty: no address. */
    address: AddressValues;
  };
  child: { iin: string };
  beneficiary: boolean;
  benefit: { categoryCode: string };
  /** The month (`YYYY-MM`) from which a place is wanted; '' for at once. */
  wantedFrom: string;
  /** Kindergarten ids by rank where the region ranks ('' for a rank left empty). */
  preferences: string[];
  /** Then any kindergarten within a radius of home. */
  nearby: NearbyValues;
}

/** "Any within N km of home" as typed: the radius ('' for none), the home's degrees ('' unset). */
export interface NearbyValues {
  radiusKm: string;
  lat: number | string;
  lon: number | string;
}

export const NO_NEARBY: NearbyValues = { radiusKm: '', lat: '', lon: '' };

/** The form's "any within N km of home" as the saved application holds it. */
export function nearbyValues(nearby: NearbyPreference | null): NearbyValues {
  return nearby
    ? { radiusKm: String(nearby.radiusKm), lat: nearby.home.lat, lon: nearby.home.lon }
    : NO_NEARBY;
}

/** A radius chosen without a home marked: said before anything is signed. */
export function homeMissing(values: NearbyValues): boolean {
  return (
    values.radiusKm !== '' && (typeof values.lat !== 'number' || typeof values.lon !== 'number')
  );
}

/** The radius and home as the contract takes them; no radius (or no home yet): undefined. */
export function nearbyOf(values: NearbyValues): NearbyPreference | undefined {
  if (values.radiusKm === '' || homeMissing(values)) return undefined;
  return {
    radiusKm: Number(values.radiusKm) as NearbyPreference['radiusKm'],
    home: { lat: Number(values.lat), lon: Number(values.lon) },
  };
}

export type AttachmentRef = { id: string; sha256: string };

export const ADDRESS_FIELDS = ['city', 'district', 'street', 'house', 'flat'] as const;
export type AddressValues = Record<(typeof ADDRESS_FIELDS)[number], string>;

/** The address as the contract takes it: none when every field is empty, else its parts. */
function addressOf(values: AddressValues) {
  if (ADDRESS_FIELDS.every((field) => values[field].trim() === '')) return undefined;
  return {
    city: values.city.trim(),
    district: optionalText(values.district),
    street: values.street.trim(),
    house: values.house.trim(),
    flat: optionalText(values.flat),
  };
}

export function emptyApplyValues(contacts: { email?: string; phone?: string } = {}): ApplyValues {
  return {
    applicant: {
      email: contacts.email ?? '',
      phone: contacts.phone ?? '',
      extraEmail: '',
      extraPhone: '',
      address: { city: '', district: '', street: '', house: '', flat: '' },
    },
    child: { iin: '' },
    beneficiary: false,
    benefit: { categoryCode: '' },
    wantedFrom: '',
    preferences: [],
    nearby: NO_NEARBY,
  };
}

function optionalText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The ranked kindergartens best first, the empty ranks left out; none: undefined. */
function rankedIds(ranks: readonly string[]): number[] | undefined {
  const ids = ranks.filter((rank) => rank !== '').map(Number);
  return ids.length ? ids : undefined;
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
      address: addressOf(values.applicant.address),
    },
    child: { iin: values.child.iin.trim() },
    benefit: values.beneficiary
      ? { categoryCode: values.benefit.categoryCode, attachments: [...attachments] }
      : undefined,
    wantedFrom: values.wantedFrom || undefined,
    preferences: rankedIds(values.preferences),
    nearby: nearbyOf(values.nearby),
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

/** How many months ahead the form offers as the month a place is wanted from. */
const WANTED_FROM_MONTHS = 36;

/**
 * The months a place may be wanted from: this month and the next ones, each before the child
 * reaches the age limit (domain wantedFromRefusal; the server checks it again by the region's
 * policy).
 */
export function wantedFromChoices(today: string, birthDate: string | null): string[] {
  const months: string[] = [];
  for (let i = 0; i < WANTED_FROM_MONTHS; i += 1) {
    const month = addMonths(`${today.slice(0, 7)}-01`, i).slice(0, 7);
    if (birthDate && wantedFromRefusal(month, today, birthDate, DEFAULT_POLICY.ageLimitYears))
      break;
    months.push(month);
  }
  return months;
}

/**
 * The ranks after `id` is chosen for `rank`: a kindergarten chosen at another rank swaps places
 * with the one it replaces, so that none is ranked twice.
 */
export function rankedWith(ranks: readonly string[], rank: number, id: string): string[] {
  const next = Array.from({ length: MAX_PREFERENCES }, (_, i) => ranks[i] ?? '');
  const other = id === '' ? -1 : next.indexOf(id);
  if (other !== -1 && other !== rank) next[other] = next[rank]!;
  next[rank] = id;
  return next;
}
