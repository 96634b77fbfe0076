/**
 * The test PKI on disk: `npm run pki -- <command> …` (tsx server/src/signature/test-ca/cli.ts).
 *
 *   pki init   --dir <dir> [--label TEST] [--force]
 *   pki person --dir <dir> --iin <12 digits> --surname <..> --given-name <..> --password <..>
 *              [--patronymic <..>] [--bin <12 digits> [--org <..>] [--role <oid>]]
 *              [--not-before <ISO>] [--not-after <ISO>] [--3des | --aes]
 *              [--only auth|sign] [--name <file base, default the IIN>] [--out <dir>]
 *   pki revoke --dir <dir> (--serial <hex> | --cert <pem file>) [--issuer intermediate|root]
 *              [--reason <RFC 5280 code>] [--date <ISO>]   (also rewrites that CA's CRL)
 *   pki crl    --dir <dir> [--issuer intermediate|root] [--this-update <ISO>] [--next-update <ISO>]
 *
 * The directory holds, for a TEST CA only, the CA keys UNENCRYPTED next to their certificates:
 *   root-ca.pem, root-ca.key.pem, intermediate-ca.pem, intermediate-ca.key.pem,
 *   ca-chain.pem (intermediate + root), revoked.json,
 *   intermediate-ca.crl.pem / intermediate-ca.crl (DER), root-ca.crl.pem / root-ca.crl (DER)
 * and the person files: <name>-auth.p12, <name>-sign.p12 (password-protected PKCS#12),
 * <name>-auth.pem / <name>-sign.pem (certificates), <name>-auth.key.pem / <name>-sign.key.pem.
 * Trust it with KEZEK_TRUSTED_CAS=<dir>/root-ca.pem,<dir>/intermediate-ca.pem and
 * KEZEK_CRLS=<dir>/intermediate-ca.crl,<dir>/root-ca.crl.
 */
import 'reflect-metadata'; // before @peculiar/x509 (tsyringe needs it)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as x509 from '@peculiar/x509';
import {
  createCrl,
  createTestCa,
  importTestCa,
  issuePersonKey,
  normalizeSerialHex,
  toP12,
} from './index.ts';
import type { KeyType, P12Algorithm, RevokedEntry, TestCa } from './index.ts';

const FILES = {
  rootCert: 'root-ca.pem',
  rootKey: 'root-ca.key.pem',
  intermediateCert: 'intermediate-ca.pem',
  intermediateKey: 'intermediate-ca.key.pem',
  chain: 'ca-chain.pem',
  revoked: 'revoked.json',
} as const;

/** CRLs of the CLI are valid for ten years by default: a demo clock may move far ahead. */
const DEFAULT_CRL_DAYS = 3650;

type Issuer = 'intermediate' | 'root';

interface RevocationState {
  intermediate: { serialNumberHex: string; revokedAt: string; reason?: number }[];
  root: { serialNumberHex: string; revokedAt: string; reason?: number }[];
  crlNumber: { intermediate: number; root: number };
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The real clock by default (this is tooling, not the server). */
  now: () => Date;
}

const USAGE = `usage:
  pki init   --dir <dir> [--label TEST] [--force]
  pki person --dir <dir> --iin <iin> --surname <s> --given-name <g> --password <p>
             [--patronymic <p>] [--bin <bin> [--org <name>] [--role <oid>]]
             [--not-before <ISO>] [--not-after <ISO>] [--3des | --aes]
             [--only auth|sign] [--name <base>] [--out <dir>]
  pki revoke --dir <dir> (--serial <hex> | --cert <pem>) [--issuer intermediate|root]
             [--reason <code>] [--date <ISO>]
  pki crl    --dir <dir> [--issuer intermediate|root] [--this-update <ISO>] [--next-update <ISO>]`;

class UsageError extends Error {}

function date(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new UsageError(`--${name}: not a date: ${value}`);
  return parsed;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function issuerOf(value: string | undefined): Issuer {
  const issuer = value ?? 'intermediate';
  if (issuer !== 'intermediate' && issuer !== 'root') {
    throw new UsageError(`--issuer must be intermediate or root: ${issuer}`);
  }
  return issuer;
}

async function loadCa(dir: string): Promise<TestCa> {
  const read = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new UsageError(`${path} is missing: run \`pki init --dir ${dir}\``);
    return readFileSync(path, 'utf8');
  };
  return importTestCa({
    rootCertificatePem: read(FILES.rootCert),
    rootPrivateKeyPem: read(FILES.rootKey),
    intermediateCertificatePem: read(FILES.intermediateCert),
    intermediatePrivateKeyPem: read(FILES.intermediateKey),
  });
}

function readState(dir: string): RevocationState {
  const path = join(dir, FILES.revoked);
  if (!existsSync(path))
    return { intermediate: [], root: [], crlNumber: { intermediate: 0, root: 0 } };
  return JSON.parse(readFileSync(path, 'utf8')) as RevocationState;
}

function writeState(dir: string, state: RevocationState): void {
  writeFileSync(join(dir, FILES.revoked), `${JSON.stringify(state, null, 2)}\n`);
}

async function writeCrl(
  dir: string,
  ca: TestCa,
  issuer: Issuer,
  state: RevocationState,
  thisUpdate: Date,
  nextUpdate: Date,
  io: CliIo,
): Promise<void> {
  state.crlNumber[issuer] += 1;
  const entries: RevokedEntry[] = state[issuer].map((entry) => ({
    serialNumberHex: entry.serialNumberHex,
    revokedAt: new Date(entry.revokedAt),
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
  }));
  const crl = await createCrl(ca[issuer], entries, {
    thisUpdate,
    nextUpdate,
    crlNumber: state.crlNumber[issuer],
  });
  const base = issuer === 'root' ? 'root-ca' : 'intermediate-ca';
  writeFileSync(join(dir, `${base}.crl.pem`), crl.pem);
  writeFileSync(join(dir, `${base}.crl`), crl.der);
  writeState(dir, state);
  io.out(
    `${base}.crl (DER) and ${base}.crl.pem: ${entries.length} revoked, ` +
      `valid ${thisUpdate.toISOString()} – ${nextUpdate.toISOString()}`,
  );
}

function crlDates(io: CliIo, thisUpdate?: Date, nextUpdate?: Date) {
  const start = thisUpdate ?? io.now();
  return {
    thisUpdate: start,
    nextUpdate: nextUpdate ?? new Date(start.getTime() + DEFAULT_CRL_DAYS * 86_400_000),
  };
}

const OPTIONS = {
  dir: { type: 'string' },
  label: { type: 'string' },
  force: { type: 'boolean' },
  iin: { type: 'string' },
  surname: { type: 'string' },
  'given-name': { type: 'string' },
  patronymic: { type: 'string' },
  password: { type: 'string' },
  bin: { type: 'string' },
  org: { type: 'string' },
  role: { type: 'string' },
  'not-before': { type: 'string' },
  'not-after': { type: 'string' },
  '3des': { type: 'boolean' },
  aes: { type: 'boolean' },
  only: { type: 'string' },
  name: { type: 'string' },
  out: { type: 'string' },
  serial: { type: 'string' },
  cert: { type: 'string' },
  issuer: { type: 'string' },
  reason: { type: 'string' },
  date: { type: 'string' },
  'this-update': { type: 'string' },
  'next-update': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one command; returns the exit code. Errors of usage print the usage and give 2. */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli: CliIo = {
    out: io.out ?? ((line) => console.log(line)),
    err: io.err ?? ((line) => console.error(line)),
    now: io.now ?? (() => new Date()),
  };
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...extra] = positionals;
    if (values.help || command === undefined || command === 'help') {
      cli.out(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const dir = resolve(required(values.dir, 'dir'));

    switch (command) {
      case 'init': {
        if (existsSync(join(dir, FILES.rootKey)) && !values.force) {
          throw new UsageError(`${dir} already holds a CA (use --force to replace it)`);
        }
        mkdirSync(dir, { recursive: true });
        const ca = await createTestCa(values.label ? { label: values.label } : {});
        writeFileSync(join(dir, FILES.rootCert), ca.root.certificatePem);
        writeFileSync(join(dir, FILES.rootKey), ca.root.privateKeyPem);
        writeFileSync(join(dir, FILES.intermediateCert), ca.intermediate.certificatePem);
        writeFileSync(join(dir, FILES.intermediateKey), ca.intermediate.privateKeyPem);
        writeFileSync(
          join(dir, FILES.chain),
          ca.intermediate.certificatePem + ca.root.certificatePem,
        );
        const state: RevocationState = {
          intermediate: [],
          root: [],
          crlNumber: { intermediate: 0, root: 0 },
        };
        const { thisUpdate, nextUpdate } = crlDates(cli);
        await writeCrl(dir, ca, 'intermediate', state, thisUpdate, nextUpdate, cli);
        await writeCrl(dir, ca, 'root', state, thisUpdate, nextUpdate, cli);
        cli.out(
          `test CA in ${dir}: ${ca.root.certificate.subject} → ${ca.intermediate.certificate.subject}`,
        );
        cli.out(
          `KEZEK_TRUSTED_CAS=${join(dir, FILES.rootCert)},${join(dir, FILES.intermediateCert)} ` +
            `KEZEK_CRLS=${join(dir, 'intermediate-ca.crl')},${join(dir, 'root-ca.crl')}`,
        );
        return 0;
      }

      case 'person': {
        const ca = await loadCa(dir);
        if (values['3des'] && values.aes)
          throw new UsageError('--3des and --aes exclude each other');
        const algorithm: P12Algorithm = values.aes ? 'aes256' : '3des';
        const only = values.only;
        if (only !== undefined && only !== 'auth' && only !== 'sign') {
          throw new UsageError(`--only must be auth or sign: ${only}`);
        }
        const keyTypes: KeyType[] = only ? [only] : ['auth', 'sign'];
        const iin = required(values.iin, 'iin');
        const password = required(values.password, 'password');
        const person = {
          iin,
          surname: required(values.surname, 'surname'),
          givenName: required(values['given-name'], 'given-name'),
          ...(values.patronymic !== undefined ? { patronymic: values.patronymic } : {}),
          ...(values.bin !== undefined ? { bin: values.bin } : {}),
          ...(values.org !== undefined ? { organization: values.org } : {}),
          ...(values.role !== undefined ? { employeeRole: values.role } : {}),
          ...(values['not-before'] !== undefined
            ? { notBefore: date(values['not-before'], 'not-before') }
            : {}),
          ...(values['not-after'] !== undefined
            ? { notAfter: date(values['not-after'], 'not-after') }
            : {}),
        };
        const out = resolve(values.out ?? dir);
        mkdirSync(out, { recursive: true });
        const base = values.name ?? iin;
        for (const keyType of keyTypes) {
          const key = await issuePersonKey(ca, keyType, person);
          const stem = join(out, `${base}-${keyType}`);
          writeFileSync(`${stem}.p12`, toP12(key, password, algorithm));
          writeFileSync(`${stem}.pem`, key.certificatePem);
          writeFileSync(`${stem}.key.pem`, key.privateKeyPem);
          cli.out(
            `${stem}.p12 (${algorithm}), .pem, .key.pem: ${keyType.toUpperCase()} ` +
              `serial ${key.serialNumberHex}, ${key.certificate.subject}`,
          );
        }
        return 0;
      }

      case 'revoke': {
        const ca = await loadCa(dir);
        const issuer = issuerOf(values.issuer);
        if ((values.serial === undefined) === (values.cert === undefined)) {
          throw new UsageError('give exactly one of --serial and --cert');
        }
        const serial = normalizeSerialHex(
          values.serial ??
            new x509.X509Certificate(readFileSync(values.cert as string, 'utf8')).serialNumber,
        );
        const reason = values.reason === undefined ? undefined : Number(values.reason);
        if (
          reason !== undefined &&
          (!Number.isInteger(reason) || reason < 0 || reason > 10 || reason === 7)
        ) {
          throw new UsageError(`--reason must be an RFC 5280 CRLReason code: ${values.reason}`);
        }
        const revokedAt = date(values.date, 'date') ?? cli.now();
        const state = readState(dir);
        if (!state[issuer].some((entry) => entry.serialNumberHex === serial)) {
          state[issuer].push({
            serialNumberHex: serial,
            revokedAt: revokedAt.toISOString(),
            ...(reason !== undefined ? { reason } : {}),
          });
        }
        cli.out(`revoked ${serial} (${issuer} CA)`);
        const { thisUpdate, nextUpdate } = crlDates(cli);
        await writeCrl(dir, ca, issuer, state, thisUpdate, nextUpdate, cli);
        return 0;
      }

      case 'crl': {
        const ca = await loadCa(dir);
        const issuer = issuerOf(values.issuer);
        const { thisUpdate, nextUpdate } = crlDates(
          cli,
          date(values['this-update'], 'this-update'),
          date(values['next-update'], 'next-update'),
        );
        await writeCrl(dir, ca, issuer, readState(dir), thisUpdate, nextUpdate, cli);
        return 0;
      }

      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      cli.err(`pki: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
