/**
 * Byte helpers that work the same in the browser and in node (no Buffer): node-forge speaks
 * "binary strings" (one character per byte), the rest of kezek speaks Uint8Array and base64.
 */

const CHUNK = 0x8000;

/** Bytes → node-forge binary string. Chunked: `String.fromCharCode.apply` overflows on big input. */
export function bytesToBinary(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return binary;
}

/** node-forge binary string → bytes. */
export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i) & 0xff;
  return bytes;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Map([...BASE64].map((char, index) => [char, index]));

/** Standard base64 with padding (what `{ "cms": … }` carries). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : BASE64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : BASE64[n & 63]!;
  }
  return out;
}

/** Base64 (whitespace and a PEM armour are ignored) → bytes; throws on other characters. */
export function fromBase64(text: string): Uint8Array {
  const clean = text
    .replace(/-----(BEGIN|END) [A-Z0-9 #]+-----/g, '')
    .replace(/\s+/g, '')
    .replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new Error('invalid base64 length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    const sextet = BASE64_INDEX.get(char === '-' ? '+' : char === '_' ? '/' : char);
    if (sextet === undefined) throw new Error(`invalid base64 character: ${char}`);
    value = (value << 6) | sextet;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** UTF-8 bytes of a text (the nonce, the JSON of a signed action). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
