import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import {
  createTestCa,
  issuePersonKeys,
  signCms,
  type CmsSigner,
  type PersonKeys,
  type TestCa,
} from '../signature/test-ca/index.ts';
import { TestClient, type TestApp } from './harness.ts';

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A test CA written to a PEM file, for KEZEK_TRUSTED_CAS. */
export async function trustedTestCa(label = 'TEST'): Promise<{ ca: TestCa; trustFile: string }> {
  const ca = await createTestCa({ label });
  const dir = await mkdtemp(path.join(tmpdir(), 'kezek-ca-'));
  const trustFile = path.join(dir, 'ca.pem');
  await writeFile(trustFile, ca.root.certificatePem + ca.intermediate.certificatePem);
  return { ca, trustFile };
}

export function keysFor(
  ca: TestCa,
  person: { iin: string; lastName: string; firstName: string },
): Promise<PersonKeys> {
  return issuePersonKeys(ca, {
    iin: person.iin,
    surname: person.lastName.toUpperCase(),
    givenName: person.firstName.toUpperCase(),
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
  });
}

export async function nonceFor(client: TestClient): Promise<string> {
  return (await client.get('/api/nonce')).json<{ nonce: string }>().nonce;
}

/** An applicant signed in with the AUTH key, holding the CSRF token, as the browser would be. */
export async function signedInWithEds(t: TestApp, keys: PersonKeys): Promise<TestClient> {
  const client = new TestClient(t.app);
  const cms = base64(signCms(utf8(await nonceFor(client)), keys.auth, { includeChain: true }));
  const response = await client.post('/api/auth/eds', { cms });
  expect(response.statusCode).toBe(200);
  await client.refreshCsrf();
  return client;
}

/**
 * The body of a signed call whose content was changed after signing (its `note` field): every
 * check made before verification passes, verification fails with `bad_signature`.
 */
export async function tamperedBody(
  client: TestClient,
  key: CmsSigner,
  action: string,
  fields: object,
): Promise<{ cms: string }> {
  return {
    cms: tampered((await signedBody(client, key, action, { ...fields, note: 'aaaa' })).cms),
  };
}

/** A base64 CMS with the signed `aaaa` changed to `bbbb`. */
export function tampered(cmsBase64: string): string {
  const der = Buffer.from(cmsBase64, 'base64');
  der.write('bbbb', der.indexOf(Buffer.from('aaaa')));
  return der.toString('base64');
}

/** The body of a signed call: `{ action, nonce, ...fields }` signed with the SIGN key. */
export async function signedBody(
  client: TestClient,
  key: CmsSigner,
  action: string,
  fields: object,
): Promise<{ cms: string }> {
  const content = JSON.stringify({ action, nonce: await nonceFor(client), ...fields });
  return { cms: base64(signCms(utf8(content), key, { includeChain: true })) };
}
