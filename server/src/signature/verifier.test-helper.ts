import { createTestCa, issuePersonKeys } from './test-ca/index.ts';
import { createTrustStore } from './trust.ts';

/**
 * The setup of the verifier's tests: a test CA, one person's AUTH and SIGN keys, and a trust
 * store of the CA's root and issuing CA (no CRL).
 */
export async function personOfTestCa(label?: string) {
  const ca = await createTestCa(label === undefined ? {} : { label });
  const person = await issuePersonKeys(ca, {
    iin: '900101300123',
    surname: 'ИВАНОВ',
    givenName: 'АЙДАР',
  });
  const trust = createTrustStore({
    certificates: [ca.root.certificatePem, ca.intermediate.certificatePem],
  });
  return { ca, person, trust };
}
