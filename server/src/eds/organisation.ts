import { Problem } from '../problem.ts';
import type { SignerIdentity } from '../signature/verify.ts';

/**
 * Who may sign for a kindergarten (docs/rules.md, "Kindergarten workspace": the person of the
 * kindergarten account signs with their own EDS). The signed-action gate has already matched the signer's IIN to the signed-in
 * user; an individual's SIGN key is then enough. A certificate that speaks for an organisation
 * (an employee's, with `OU=BIN…`) signs for the kindergarten only when it is that kindergarten's
 * BIN: a staff member's key from another employer does not.
 */
export function requireSignerForKindergarten(
  signer: SignerIdentity,
  kindergarten: { bin: string | null },
): void {
  const forOrganisation = signer.employee || signer.bin !== null;
  if (forOrganisation && (kindergarten.bin === null || signer.bin !== kindergarten.bin)) {
    throw new Problem(
      403,
      'organisation_mismatch',
      'The employee certificate is not one of this kindergarten’s organisation',
    );
  }
}
