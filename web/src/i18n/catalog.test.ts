import { describe, expect, it } from 'vitest';
import { SIGNATURE_PROBLEM_CODES } from '@kezek/contracts';
import type { P12FormatReason } from '@kezek/eds';
import type { SignErrorCode } from '../eds/errors.ts';
import { AREAS, en, kk, ru } from './catalogs.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`.replace(PLURAL_SUFFIX, '')],
  );
}

function strings(tree: object): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === 'object' && value !== null ? strings(value as object) : [String(value)],
  );
}

const PROBLEM_CODES = [
  'validation_failed',
  'bad_url',
  'log_range',
  'sign_content_invalid',
  'mobile_sign_expired',
  'mobile_sign_used',
  'signed_content_mismatch',
  'invalid_iin',
  'not_signed_in',
  'metrics_token_required',
  'bad_credentials',
  'sign_in_delayed',
  'forbidden',
  'csrf_invalid',
  'not_found',
  'rate_limited',
  'request_in_flight',
  'region_code_taken',
  'district_name_taken',
  'kindergarten_name_taken',
  'staff_iin_taken',
  'unknown_region',
  'unknown_district',
  'unknown_kindergarten',
  'internal_error',
  // Registering a child and the applicant's actions (issue 4).
  'child_already_queued',
  'private_enrolment_pending',
  'benefit_documents_required',
  'upload_quota_exceeded',
  'import_columns_missing',
  'import_not_clean',
  'import_busy',
  'import_file_gone',
  'child_too_old',
  'wanted_from_out_of_range',
  'turn_decline_used',
  'transfer_not_enrolled',
  'transfer_already_requested',
  'transfer_own_kindergarten',
  'transfer_not_open',
  'preferences_required',
  'preferences_too_many',
  'preferences_repeated',
  'preferences_outside_district',
  'home_outside_district',
  'protocol_period',
  'unknown_person',
  'not_a_parent',
  'unknown_attachment',
  'unknown_benefit_category',
  'action_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  // Places, turns and directions (issue 5).
  'language_not_taught',
  'place_taken',
  'not_your_turn',
  'stop_listed',
  'already_extended',
  'extension_too_long',
  'revoke_window_closed',
  'child_too_young',
  'group_year_out_of_range',
  // Uploads (issue 8).
  'file_type_mismatch',
  'image_too_large',
  // The kindergarten workspace and the education department (issue 6).
  'organisation_mismatch',
  'direction_not_issued',
  'direction_expired',
  'benefit_documents_unchecked',
  'refusal_overruled',
  'refusal_decided',
  'already_departed',
  'departure_date_invalid',
  ...SIGNATURE_PROBLEM_CODES,
];

/** Every way the browser's signer can fail has its message (eds.errors.<code>). */
const SIGNER_CODES: (SignErrorCode | P12FormatReason | string)[] = [
  'cancelled',
  'ncalayer_cancelled',
  'ncalayer_failed',
  'p12_password',
  'not_pkcs12',
  'no_private_key',
  'no_certificate',
  'unsupported_key',
  'wrongKeyAuth',
  'wrongKeySign',
  'wrongKeyUnknown',
  'certExpired',
  'certNotYetValid',
];

describe('message catalogs', () => {
  it('have the same keys in kk, ru and en', () => {
    const expected = [...new Set(keys(kk))].sort();
    expect([...new Set(keys(ru))].sort()).toEqual(expected);
    expect([...new Set(keys(en))].sort()).toEqual(expected);
  });

  it('give every top-level key to one area only', () => {
    for (const areas of Object.values(AREAS)) {
      const owners = areas.flatMap((area) => Object.keys(area));
      expect(owners.filter((key, index) => owners.indexOf(key) !== index)).toEqual([]);
    }
  });

  it('have no empty message', () => {
    for (const catalog of [kk, ru, en]) {
      expect(strings(catalog).filter((text) => text.trim() === '')).toEqual([]);
    }
  });

  it('name every problem code of the API', () => {
    for (const catalog of [kk, ru, en]) {
      for (const code of PROBLEM_CODES) {
        expect((catalog.errors as Record<string, string>)[code], code).toBeTruthy();
      }
    }
  });

  it('name every failure of the signer', () => {
    for (const catalog of [kk, ru, en]) {
      for (const code of SIGNER_CODES) {
        expect((catalog.eds.errors as Record<string, string>)[code], code).toBeTruthy();
      }
    }
  });

  it('write Kazakh in Kazakh', () => {
    expect(kk.signin.title).toBe('Жүйеге кіру');
    expect(kk.app.subtitle).toMatch(/[әғқңөұүһі]/);
  });
});
