/**
 * The chain verdict kept per signer certificate: reused inside its window and trust store
 * generation, never past them — a revocation, an expiry or a CRL gone stale is seen at once.
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCrl, createTestCa, issuePersonKey, signCms } from './test-ca/index.ts';
import type { IssuedKey, TestCa } from './test-ca/index.ts';
import { createTrustStore, type TrustStore } from './trust.ts';
import { ChainCache, SignatureError, verifyCms } from './verify.ts';
import type { SignatureErrorCode } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const PERSON = { iin: '900101300123', surname: 'ИВАНОВ', givenName: 'АЙДАР' };
const payload = (nonce: string) =>
  new TextEncoder().encode(JSON.stringify({ action: 'direction.choose', nonce }));

let ca: TestCa;
let key: IssuedKey;

beforeAll(async () => {
  ca = await createTestCa();
  key = await issuePersonKey(ca, 'sign', {
    ...PERSON,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date(AT.getTime() + DAY),
  });
});

async function storeWithCrl(revoked: string[], nextUpdate = new Date(AT.getTime() + 30 * DAY)) {
  const crl = await createCrl(ca, revoked, { thisUpdate: new Date('2026-05-01'), nextUpdate });
  return createTrustStore({
    certificates: [ca.root.certificatePem, ca.intermediate.certificatePem],
    crls: [crl.pem],
  });
}

async function codeAt(at: Date, trust: TrustStore, chains: ChainCache, nonce = 'n') {
  try {
    await verifyCms(signCms(payload(nonce), key), { trust, at, keyType: 'sign', chains });
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return error.code as SignatureErrorCode;
    throw error;
  }
}

describe('the chain cache', () => {
  it('checks the chain of a signer once; the next request reuses the verdict', async () => {
    const trust = await storeWithCrl([]);
    const chains = new ChainCache();
    expect(await codeAt(AT, trust, chains, 'first')).toBe('ok');
    expect(chains.counts).toEqual({ checked: 1, reused: 0 });
    expect(await codeAt(new Date(AT.getTime() + 3_600_000), trust, chains, 'second')).toBe('ok');
    expect(chains.counts).toEqual({ checked: 1, reused: 1 });
  });

  it('is bounded: past its size the least recently used verdict goes', async () => {
    const trust = await storeWithCrl([]);
    const other = await issuePersonKey(ca, 'sign', { ...PERSON, iin: '850505400456' });
    const chains = new ChainCache(1);
    for (const signer of [key, other, key]) {
      await verifyCms(signCms(payload('n'), signer), { trust, at: AT, keyType: 'sign', chains });
    }
    expect(chains.counts).toEqual({ checked: 3, reused: 0 });
  });

  it('keeps no refusal: a refused chain is checked again', async () => {
    const trust = await storeWithCrl([key.serialNumberHex]);
    const chains = new ChainCache();
    expect(await codeAt(AT, trust, chains)).toBe('cert_revoked');
    expect(await codeAt(AT, trust, chains)).toBe('cert_revoked');
    expect(chains.counts).toEqual({ checked: 2, reused: 0 });
  });

  it('sees a revocation on the next request: new CRLs are a new trust store generation', async () => {
    const before = await storeWithCrl([]);
    const after = await storeWithCrl([key.serialNumberHex]);
    expect(after.generation).not.toBe(before.generation);
    const chains = new ChainCache();
    expect(await codeAt(AT, before, chains)).toBe('ok');
    expect(await codeAt(AT, after, chains)).toBe('cert_revoked');
    expect(chains.counts).toEqual({ checked: 2, reused: 0 });
  });

  it('refuses a certificate that expired since its verdict was kept', async () => {
    const trust = await storeWithCrl([]);
    const chains = new ChainCache();
    expect(await codeAt(AT, trust, chains)).toBe('ok');
    expect(await codeAt(new Date(AT.getTime() + 2 * DAY), trust, chains)).toBe('cert_expired');
  });

  it('refuses a certificate before its notBefore even with a verdict kept for later', async () => {
    const trust = await storeWithCrl([]);
    const chains = new ChainCache();
    expect(await codeAt(AT, trust, chains)).toBe('ok');
    expect(await codeAt(new Date('2025-12-31T00:00:00Z'), trust, chains)).toBe(
      'cert_not_yet_valid',
    );
  });

  it('fails closed once the CRL the verdict relied on is past its nextUpdate', async () => {
    const trust = await storeWithCrl([], new Date(AT.getTime() + DAY / 2));
    const chains = new ChainCache();
    expect(await codeAt(AT, trust, chains)).toBe('ok');
    const later = new Date(AT.getTime() + (3 * DAY) / 4);
    const error = await verifyCms(signCms(payload('late'), key), {
      trust,
      at: later,
      keyType: 'sign',
      chains,
    }).catch((e: unknown) => e);
    expect((error as SignatureError).code).toBe('revocation_unknown');
    expect((error as SignatureError).message).toMatch(/out of date/);
  });
});
