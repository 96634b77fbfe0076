const DAY_MS = 24 * 60 * 60 * 1000;
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import {
  createTestCa,
  importTestCa,
  issuePersonKeys,
  toP12,
  type TestCa,
} from '../signature/test-ca/index.ts';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from './people.ts';

/** One password for every demo key file; the sign-in page shows it next to the downloads. */
export const DEMO_KEY_PASSWORD = 'kezek-demo-2026';

interface DemoSigner {
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | undefined;
  role: string;
}

function demoSigners(): DemoSigner[] {
  const parents = DEMO_PERSONS.filter((person) => !person.parentIins).map((person) => ({
    iin: person.iin,
    surname: person.lastName,
    firstName: person.firstName,
    patronymic: person.middleName,
    role: 'applicant',
  }));
  const accounts = DEMO_ACCOUNTS.map((account) => {
    const [surname, firstName, ...patronymic] = account.fullName.split(' ');
    return {
      iin: account.iin,
      surname: surname!,
      firstName: firstName!,
      patronymic: patronymic.join(' ') || undefined,
      role: account.role,
    };
  });
  return [...parents, ...accounts];
}

async function loadDemoCa(db: Db): Promise<TestCa | null> {
  const rows = await db.selectFrom('demo_pki').selectAll().execute();
  const pem = Object.fromEntries(rows.map((row) => [row.name, row.pem]));
  if (!pem.rootCertificate || !pem.rootKey || !pem.intermediateCertificate || !pem.intermediateKey)
    return null;
  return importTestCa({
    rootCertificatePem: pem.rootCertificate,
    rootPrivateKeyPem: pem.rootKey,
    intermediateCertificatePem: pem.intermediateCertificate,
    intermediatePrivateKeyPem: pem.intermediateKey,
  });
}

/**
 * The demo's test CA and a 3DES-protected AUTH and SIGN key file for every demo parent and
 * account, made once. Returns the CA certificates the server must trust.
 */
export async function ensureDemoPki(db: Db, clock: Clock): Promise<string[]> {
  let ca = await loadDemoCa(db);
  if (!ca) {
    const created = await createTestCa({ label: 'DEMO' });
    await db
      .insertInto('demo_pki')
      .values([
        { name: 'rootCertificate', pem: created.root.certificatePem },
        { name: 'rootKey', pem: created.root.privateKeyPem },
        { name: 'intermediateCertificate', pem: created.intermediate.certificatePem },
        { name: 'intermediateKey', pem: created.intermediate.privateKeyPem },
      ])
      .onConflict((oc) => oc.doNothing())
      .execute();
    // Another instance may have won the race: use whatever the database holds.
    ca = (await loadDemoCa(db))!;
  }
  const issued = new Set(
    (await db.selectFrom('demo_keys').select('iin').execute()).map((row) => row.iin),
  );
  const now = clock.now();
  for (const signer of demoSigners().filter((s) => !issued.has(s.iin))) {
    const keys = await issuePersonKeys(ca, {
      iin: signer.iin,
      surname: signer.surname.toUpperCase(),
      givenName: signer.firstName.toUpperCase(),
      ...(signer.patronymic && { patronymic: signer.patronymic.toUpperCase() }),
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + 730 * DAY_MS),
    });
    const fullName = [signer.surname, signer.firstName, signer.patronymic]
      .filter(Boolean)
      .join(' ');
    await db
      .insertInto('demo_keys')
      .values(
        (['auth', 'sign'] as const).map((keyType) => ({
          iin: signer.iin,
          key_type: keyType,
          full_name: fullName,
          role: signer.role,
          p12: Buffer.from(toP12(keys[keyType], DEMO_KEY_PASSWORD, '3des')),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return [ca.root.certificatePem, ca.intermediate.certificatePem];
}

/** The demo key files' holders and kinds, by role and name (not the files). */
export function listDemoKeys(db: Db) {
  return db
    .selectFrom('demo_keys')
    .select(['iin', 'key_type', 'full_name', 'role'])
    .orderBy('role')
    .orderBy('full_name')
    .orderBy('key_type')
    .execute();
}

/** One demo key file (PKCS#12), or undefined. */
export function demoKeyFile(db: Db, iin: string, keyType: string) {
  return db
    .selectFrom('demo_keys')
    .select('p12')
    .where('iin', '=', iin)
    .where('key_type', '=', keyType)
    .executeTakeFirst();
}
