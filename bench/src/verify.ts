import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { makeIin } from '@kezek/domain';
import { createCrl } from '../../server/src/signature/test-ca/index.ts';
import { createTrustStore } from '../../server/src/signature/trust.ts';
import { verifyCms } from '../../server/src/signature/verify.ts';
import { BenchSigner, importSigningKey } from './load/cms.ts';
import { signCertificates, type BenchPki } from './people.ts';
import { percentile, round } from './percentiles.ts';

const SIGNERS = 8;
const CONTENTS_PER_SIGNER = 50;
const ROUNDS = 3;

/**
 * One RSA-2048 signature check by OpenSSL on this machine, in ms: the floor a verification could
 * reach. `openssl speed` prints a table whose columns depend on its version, so the verify/s
 * column is found by its header.
 */
export async function opensslVerifyMs(): Promise<number> {
  const { stdout } = await promisify(execFile)('openssl', ['speed', '-seconds', '2', 'rsa2048']);
  const lines = stdout.split('\n');
  const header =
    lines
      .find((line) => line.includes('verify/s'))
      ?.trim()
      .split(/\s+/) ?? [];
  const row =
    lines
      .find((line) => /^rsa\s+2048 bits/.test(line))
      ?.split(/\s+/)
      .slice(3) ?? [];
  const perSecond = Number(row[header.indexOf('verify/s')]);
  if (!(perSecond > 0)) throw new Error(`cannot read openssl speed's output:\n${stdout}`);
  return 1000 / perSecond;
}

/**
 * The server's verifier in-process, on CMS of the national profile as a citizen's signer makes
 * them (the signer's certificate only, the issuing CA from the trust store, a CRL configured):
 * a few signers with many contents each, verified once before measuring, so the chain cache is
 * warm as in real use, where a citizen signs again and again. Each sample is one verifyCms: one
 * read of the CMS, one digest, one RSA check.
 */
export async function measureVerify(pki: BenchPki) {
  const iins = Array.from({ length: SIGNERS }, (_, i) => makeIin('1980-01-01', 'female', 9100 + i));
  const certificates = await signCertificates(pki, iins);
  const key = await importSigningKey(pki.keyPem);
  const signers = await Promise.all(certificates.map((pem) => BenchSigner.create(pem, [], key)));
  const now = new Date();
  const crl = await createCrl(pki.ca, [], {
    thisUpdate: new Date(now.getTime() - 86_400_000),
    nextUpdate: new Date(now.getTime() + 86_400_000),
  });
  const trust = createTrustStore({
    certificates: [pki.ca.root.certificatePem, pki.ca.intermediate.certificatePem],
    crls: [crl.pem],
  });
  const cms: Uint8Array[] = [];
  for (let i = 0; i < CONTENTS_PER_SIGNER; i += 1) {
    for (const [s, signer] of signers.entries()) {
      const content = JSON.stringify({
        action: 'direction.choose',
        nonce: `${s}-${i}`,
        placeId: i,
      });
      const signed = await signer.sign(new TextEncoder().encode(content));
      cms.push(new Uint8Array(Buffer.from(signed, 'base64')));
    }
  }
  const options = { trust, at: now, keyType: 'sign' as const };
  for (const one of cms) await verifyCms(one, options);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const one of cms) {
      const start = performance.now();
      await verifyCms(one, options);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const floor = await opensslVerifyMs();
  const p50 = percentile(times, 50);
  return {
    verifySamples: times.length,
    verifyP50Ms: round(p50, 3),
    verifyP99Ms: round(percentile(times, 99), 3),
    opensslVerifyMs: round(floor, 4),
    verifyVsOpenssl: round(p50 / floor, 1),
  };
}
