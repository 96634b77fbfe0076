import { z } from 'zod';
import { isValidIin } from '@kezek/domain';
import type { DemoRequest } from './demo/mode.ts';

const flag = z.enum(['0', '1']).transform((value) => value === '1');
const pathList = z.string().transform((value) =>
  value
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean),
);

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
      .optional(),
    KEZEK_DATA_DIR: z.string().min(1).default('./data'),
    /** Unset: the demo runs on an empty or demo-seeded database without trusted CAs (demo/mode.ts). */
    KEZEK_DEMO: z
      .enum(['0', '1'])
      .optional()
      .transform((value): DemoRequest =>
        value === undefined ? 'auto' : value === '1' ? 'on' : 'off',
      ),
    KEZEK_TEST_API: flag.default(false),
    KEZEK_ADMIN_IIN: z.string().refine(isValidIin, { message: 'is not a valid IIN' }).optional(),
    KEZEK_ADMIN_PASSWORD: z
      .string()
      .min(10, { message: 'needs at least 10 characters' })
      .optional(),
    KEZEK_SESSION_SECRET: z
      .string()
      .min(32, { message: 'needs at least 32 characters' })
      .optional(),
    /** The key of the public pseudonyms: changing it changes every application's pseudonym. */
    KEZEK_PSEUDONYM_KEY: z.string().min(32, { message: 'needs at least 32 characters' }).optional(),
    /**
     * The transparency log's signing key (docs/transparency.md): an Ed25519 private key, PEM
     * (PKCS #8), e.g. `openssl genpkey -algorithm ed25519`. Unset: a key made once and kept in
     * the database, good for the demo and development only.
     */
    KEZEK_LOG_KEY_FILE: z.string().min(1).optional(),
    /** The transparency log's name in its signed heads. Unset: the host of KEZEK_PUBLIC_URL. */
    KEZEK_LOG_ID: z.string().min(1).max(200).optional(),
    KEZEK_TRUSTED_CAS: pathList.optional(),
    KEZEK_CRLS: pathList.optional(),
    /** CRLs fetched over HTTP on schedule, besides those the certificates name. */
    KEZEK_CRL_URLS: pathList.pipe(z.array(z.url({ protocol: /^https?$/ }))).optional(),
    /** Fetch the CRLs (and delta CRLs) at the distribution points the certificates name. */
    KEZEK_CRL_FETCH: flag.default(true),
    /** How often a fetched CRL is fetched again (and earlier as its nextUpdate nears). */
    KEZEK_CRL_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** OCSP for the signer's certificate when no fresh CRL is held: off, aia, or a responder URL. */
    KEZEK_OCSP: z.union([z.enum(['off', 'aia']), z.url({ protocol: /^https?$/ })]).default('off'),
    /** /api/health warns when a CA's revocation data expires within this many hours. */
    KEZEK_REVOCATION_WARN_HOURS: z.coerce.number().min(0).max(720).default(6),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
      .optional(),
    SMS_GATEWAY_URL: z.url().optional(),
    /**
     * Where the public reaches this service: the QR codes on directions point here. Unset, the
     * address this instance listens on (publicUrlOf).
     */
    KEZEK_PUBLIC_URL: z.url().optional(),
    /**
     * eGov Mobile signing (docs/mobile-signing.md): how long a QR code or app link can be signed,
     * and the organisation the app names as the one asking (its BIN as registered with the eGov
     * side, and its name in kk, ru and en).
     */
    KEZEK_MOBILE_SIGN_TTL_SECONDS: z.coerce.number().int().min(30).max(600).default(300),
    KEZEK_ORGANISATION_BIN: z
      .string()
      .regex(/^\d{12}$/, { message: 'must be 12 digits' })
      .default('000000000000'),
    KEZEK_ORGANISATION_NAME_KK: z
      .string()
      .min(1)
      .max(200)
      .default('kezek — мектепке дейінгі кезек'),
    KEZEK_ORGANISATION_NAME_RU: z
      .string()
      .min(1)
      .max(200)
      .default('kezek — очередь в детские сады'),
    KEZEK_ORGANISATION_NAME_EN: z.string().min(1).max(200).default('kezek — the preschool queue'),
    /**
     * Map tiles for the kindergartens' map, as an https `{z}/{x}/{y}` template, or `off`. The page
     * shows the map only once a tile has loaded (the list alone otherwise), and the CSP allows
     * images from this origin only.
     */
    KEZEK_MAP_TILES: z
      .union([
        z.literal('off'),
        z
          .url({ protocol: /^https$/ })
          .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), {
            message: 'needs {z}, {x} and {y}',
          }),
      ])
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    /**
     * The reverse proxies (addresses, CIDRs or proxy-addr's `loopback`, `uniquelocal`) whose
     * X-Forwarded-For and X-Forwarded-Proto are believed: client addresses for the rate limits,
     * HTTPS for the Secure cookie and HSTS. Unset: the peer is the client.
     */
    KEZEK_TRUST_PROXY: z
      .string()
      .regex(/^[\w.:/, -]+$/, { message: 'must list addresses or CIDRs, separated by commas' })
      .optional(),
    /**
     * Multiplies every request limit (http/limits.ts). 1 serves people; a load test or a test
     * fixture that acts as many people through one account raises it.
     */
    KEZEK_RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(1_000_000).default(1),
    /**
     * Who may read GET /metrics (Prometheus text format): `off` (404 for everyone), `token` (a
     * `Authorization: Bearer` header with KEZEK_METRICS_TOKEN; 401 without it), or `public`.
     * Unset: `token` when KEZEK_METRICS_TOKEN is set, `off` otherwise.
     */
    KEZEK_METRICS: z.enum(['off', 'token', 'public']).optional(),
    KEZEK_METRICS_TOKEN: z.string().min(32, { message: 'needs at least 32 characters' }).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .refine(
    (env) => (env.KEZEK_ADMIN_IIN === undefined) === (env.KEZEK_ADMIN_PASSWORD === undefined),
    {
      message: 'KEZEK_ADMIN_IIN and KEZEK_ADMIN_PASSWORD go together',
      path: ['KEZEK_ADMIN_IIN'],
    },
  )
  .refine((env) => env.KEZEK_METRICS !== 'token' || env.KEZEK_METRICS_TOKEN !== undefined, {
    message: 'is token: set KEZEK_METRICS_TOKEN too',
    path: ['KEZEK_METRICS'],
  });

/** The addresses that mean "this machine": a browser on it reaches them as localhost. */
const LOCAL_HOSTS = new Set(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost']);

/**
 * The public address when KEZEK_PUBLIC_URL is unset: the HOST and PORT this instance listens on,
 * so that a QR code printed by a server on port 3100 opens port 3100.
 */
function publicUrlOf(env: { HOST: string; PORT: number }): string {
  const host = LOCAL_HOSTS.has(env.HOST)
    ? 'localhost'
    : env.HOST.includes(':')
      ? `[${env.HOST}]`
      : env.HOST;
  return `http://${host}:${env.PORT}`;
}

const configSchema = envSchema.transform((env) => ({
  ...env,
  KEZEK_PUBLIC_URL: env.KEZEK_PUBLIC_URL ?? publicUrlOf(env),
  KEZEK_LOG_ID: env.KEZEK_LOG_ID ?? new URL(env.KEZEK_PUBLIC_URL ?? publicUrlOf(env)).host,
  KEZEK_METRICS: env.KEZEK_METRICS ?? (env.KEZEK_METRICS_TOKEN ? 'token' : 'off'),
}));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {}

/** Reads the environment; an empty variable counts as unset. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = issue.path.join('.') || 'environment';
  const shown = typeof present[name] === 'string' ? ` (got "${present[name]}")` : '';
  const secret = /PASSWORD|SECRET|TOKEN/.test(name);
  throw new ConfigError(`invalid configuration: ${name} ${issue.message}${secret ? '' : shown}`);
}
