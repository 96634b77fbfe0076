/**
 * The one signer of the web app: every screen that signs (EDS sign-in with the AUTH key, every
 * signed action with the SIGN key) calls {@link sign} or {@link signAction}, which opens the
 * signing dialog (SignDialog.tsx) with what works on this device:
 *
 * - eGov Mobile: a signing request over the same bytes, its QR code on a computer or the app's
 *   button on a phone (docs/mobile-signing.md);
 * - NCALayer, when it answers on wss://127.0.0.1:13579 (ncalayer-js-client, `basics` module:
 *   CMS with attached content, the signer filter of the wanted key type);
 * - a .p12 key file and its password, signed in this browser with @kezek/eds (node-forge: it
 *   opens the national CA's 3DES files that WebCrypto cannot).
 *
 * The private key and its password never leave the browser or the phone: only the CMS is sent.
 */
import type { KeyType } from '@kezek/eds';
import { ncaLayerAnswers } from './ncalayer.ts';
import { fetchNonce, type Nonce } from './nonce.ts';
import { openSignDialog } from './SignDialog.tsx';

export type { KeyType };

export interface SignOptions {
  keyType: KeyType;
  /** When the certificate must be valid (default: now on this computer); see {@link serverNow}. */
  at?: Date;
  /** `file`: the dialog opens on the key file, without asking NCALayer. */
  method?: 'auto' | 'file';
}

/** A nonce lives 10 minutes (docs/api.md, "Signed actions"). */
const NONCE_TTL_MS = 10 * 60 * 1000;

/**
 * The server's clock when it issued `nonce` (its expiry minus the 10 minutes it lives): the key's
 * validity is checked at the server's time, which tests may move.
 */
export function serverNow(nonce: Nonce): Date {
  const expires = Date.parse(nonce.expiresAt);
  return Number.isNaN(expires) ? new Date() : new Date(expires - NONCE_TTL_MS);
}

/**
 * Signs `content` (a text is signed as its UTF-8 bytes) with the user's key of `keyType` and
 * returns the CMS SignedData with attached content, base64 DER — the `cms` of docs/api.md,
 * "Signed actions". Rejects with a {@link SignError} (`cancelled` when the user closed the
 * dialog).
 */
export async function sign(content: Uint8Array | string, options: SignOptions): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const file = options.method === 'file';
  return openSignDialog({
    content: bytes,
    keyType: options.keyType,
    at: options.at ?? new Date(),
    ncaLayer: file ? false : await ncaLayerAnswers(),
    ...(file && { method: 'file' as const }),
  });
}

/**
 * The body of a signed call (docs/api.md, "Signed actions"): a fresh nonce, the UTF-8 JSON
 * `{ action, nonce, ...fields }` signed with the SIGN key.
 */
export async function signAction(
  action: string,
  fields: Record<string, unknown>,
  options: Pick<SignOptions, 'method'> = {},
): Promise<{ cms: string }> {
  const nonce = await fetchNonce();
  // The envelope's own names win over fields of the same name.
  const { action: _action, nonce: _nonce, ...rest } = fields;
  const json = JSON.stringify({ action, nonce: nonce.nonce, ...rest });
  return { cms: await sign(json, { keyType: 'sign', at: serverNow(nonce), ...options }) };
}
