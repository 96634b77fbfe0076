import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustStore, parseCertificates } from './trust.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const NCA_DIR = resolve(REPO_ROOT, 'server/test-fixtures/nca-test');
const nca = (name: string) => join(NCA_DIR, name);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kezek-trust-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTrustStore', () => {
  it('reads a PEM bundle, a DER certificate and CRLs in PEM or DER; skips blank paths', () => {
    const root = readFileSync(nca('root_rsa.pem'), 'utf8');
    const issuing = readFileSync(nca('nca_rsa.pem'), 'utf8');
    writeFileSync(join(dir, 'bundle.pem'), `${issuing}\n${root}`);
    const [testCa] = parseCertificates(readFileSync(nca('nca_rsa_test.pem'), 'utf8'));
    writeFileSync(join(dir, 'test-ca.cer'), testCa!.der);
    const crlDer = readFileSync(nca('nca_rsa_test.crl'));
    const crlPem = `-----BEGIN X509 CRL-----\n${crlDer.toString('base64')}\n-----END X509 CRL-----\n`;
    writeFileSync(join(dir, 'test.crl.pem'), crlPem);

    const store = loadTrustStore(
      [join(dir, 'bundle.pem'), ' ', join(dir, 'test-ca.cer'), nca('root_rsa.pem')],
      [nca('nca_rsa_test.crl'), join(dir, 'test.crl.pem'), ''],
    );
    expect(store.roots).toHaveLength(1); // the duplicate root counts once
    expect(store.intermediates).toHaveLength(2);
    expect(store.crls).toHaveLength(2);
    expect(store.crlsIssuedBy(testCa!.subject)).toHaveLength(2);
    expect(store.certificatesNamed(testCa!.subject)).toHaveLength(1);
  });

  it.each([
    { name: 'a missing file', write: null, error: /cannot read certificate file/ },
    {
      name: 'a PEM file without certificates',
      write: '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n',
      error: /no certificate in/,
    },
    { name: 'neither PEM nor DER', write: 'hello', error: /invalid certificate file/ },
    {
      name: 'a broken PEM',
      write: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      error: /invalid certificate file/,
    },
  ])('throws on $name', ({ write, error }) => {
    const path = join(dir, `bad-${Math.random()}.pem`);
    if (write !== null) writeFileSync(path, write);
    expect(() => loadTrustStore([path], [])).toThrow(error);
  });

  it('throws on a CRL file that is not a CRL', () => {
    expect(() => loadTrustStore([], [nca('root_rsa.pem')])).toThrow(/no CRL in/);
  });
});

describe('name keys', () => {
  it('ignores case, surrounding and repeated white space, not the letters', () => {
    const [cert] = parseCertificates(readFileSync(nca('nca_rsa.pem'), 'utf8'));
    const key = cert!.subject.key;
    expect(key).toContain('"ұлттық куәландырушы орталық (rsa)"');
    expect(key).toBe(parseCertificates(readFileSync(nca('nca_rsa.pem'), 'utf8'))[0]!.subject.key);
    expect(key).not.toBe(cert!.issuer.key);
  });
});
