/**
 * A small reader of BER/DER elements (tag, length, value) for the CMS envelope, certificates and
 * CRLs. It slices: an element is a view into the input, and its children are read only when
 * asked for. asn1js (under pkijs and @peculiar/asn1-schema) decodes every node of the tree
 * eagerly: 0.6–1 ms for a 1.6 kB CMS, as long as 50 of the RSA checks it leads to
 * (docs/performance.md).
 *
 * It reads definite lengths (DER) and indefinite ones closed by end-of-contents (the BER of
 * streaming signers such as `openssl cms -stream`). Every length is checked against the bytes
 * that hold it, tag numbers and lengths are bounded, and so is nesting, so the work on hostile
 * input is bounded by its size times the nesting limit. Nothing here is cryptography: signatures
 * and digests are node's.
 */

/** Input that is not the BER/DER the caller expects; the caller turns it into its own error. */
export class DerError extends Error {
  override name = 'DerError';
}

export const TAG_CLASS = { universal: 0, context: 2 } as const;
export const TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  utcTime: 23,
  generalizedTime: 24,
} as const;

export interface Element {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  tagClass: number;
  constructed: boolean;
  tagNumber: number;
  /** The whole element as encoded: header, contents and, if indefinite, end-of-contents. */
  bytes: Uint8Array;
  /** The contents octets (without the end-of-contents of an indefinite length). */
  value: Uint8Array;
}

/** Deeper nesting than any certificate or CMS needs only serves to exhaust the stack. */
const MAX_DEPTH = 32;

/** The byte at `at`, or a DerError past the end. */
function byteAt(input: Uint8Array, at: number): number {
  if (at >= input.length) throw new DerError('truncated');
  return input[at] as number;
}

/** The element that starts at `offset` of `input`, which must hold it whole. */
function readAt(input: Uint8Array, offset: number, depth: number): Element {
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  const first = byteAt(input, offset);
  let at = offset + 1;
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let n = 0; ; n += 1) {
      if (n >= 3) throw new DerError('tag number too large');
      const b = byteAt(input, at++);
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const lengthByte = byteAt(input, at++);
  if (lengthByte === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive element');
    const start = at;
    while (byteAt(input, at) !== 0 || byteAt(input, at + 1) !== 0) {
      at += readAt(input, at, depth + 1).bytes.length;
    }
    return {
      tagClass,
      constructed,
      tagNumber,
      bytes: input.subarray(offset, at + 2),
      value: input.subarray(start, at),
    };
  }
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 4) throw new DerError('length too large');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + byteAt(input, at++);
  }
  if (length > input.length - at) throw new DerError('length beyond the input');
  return {
    tagClass,
    constructed,
    tagNumber,
    bytes: input.subarray(offset, at + length),
    value: input.subarray(at, at + length),
  };
}

/** The one element that `input` holds, with nothing after it. */
export function readElement(input: Uint8Array): Element {
  const element = readAt(input, 0, 0);
  if (element.bytes.length !== input.length) throw new DerError('trailing bytes');
  return element;
}

/** The elements inside a constructed element. */
export function childrenOf(element: Element, depth = 1): Element[] {
  if (!element.constructed) throw new DerError('a constructed element was expected');
  const children: Element[] = [];
  for (let at = 0; at < element.value.length;) {
    const child = readAt(element.value, at, depth);
    children.push(child);
    at += child.bytes.length;
  }
  return children;
}

export function is(
  element: Element | undefined,
  tagClass: number,
  tagNumber: number,
): element is Element {
  return element !== undefined && element.tagClass === tagClass && element.tagNumber === tagNumber;
}

/** The element if it is the universal type `tagNumber`, else a DerError naming `what`. */
export function expect(element: Element | undefined, tagNumber: number, what: string): Element {
  if (!is(element, TAG_CLASS.universal, tagNumber)) throw new DerError(`${what} is malformed`);
  return element as Element;
}

/** The children of a SEQUENCE (or SET, with `tagNumber`). */
export function sequence(
  element: Element | undefined,
  what: string,
  tagNumber: number = TAG.sequence,
) {
  return childrenOf(expect(element, tagNumber, what));
}

/** The value of an arc too long for a number: its 7-bit groups joined. */
function bigArc(groups: Uint8Array): bigint {
  let value = 0n;
  for (const b of groups) value = (value << 7n) | BigInt(b & 0x7f);
  return value;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oid(element: Element | undefined, what = 'an object identifier'): string {
  const bytes = expect(element, TAG.oid, what).value;
  if (bytes.length === 0 || bytes.length > 64) throw new DerError(`${what} is malformed`);
  if ((bytes[bytes.length - 1] as number) & 0x80) throw new DerError(`${what} is truncated`);
  const arcs: (number | bigint)[] = [];
  let arc = 0;
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    arc = arc * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    // Up to seven bytes (49 bits) a number is exact; longer arcs (UUIDs under 2.25) are bigints.
    arcs.push(i - start < 7 ? arc : bigArc(bytes.subarray(start, i + 1)));
    arc = 0;
    start = i + 1;
  }
  const head = arcs[0] as number | bigint;
  const [x, y] =
    typeof head === 'bigint'
      ? [2, head - 80n]
      : head < 80
        ? [Math.floor(head / 40), head % 40]
        : [2, head - 80];
  return [x, y, ...arcs.slice(1)].join('.');
}

/** The contents of a primitive element of the given universal type. */
export function primitive(element: Element | undefined, tagNumber: number, what: string) {
  const found = expect(element, tagNumber, what);
  if (found.constructed) throw new DerError(`${what} is malformed`);
  return found.value;
}

/** An OCTET STRING's bytes; BER may split it into a constructed string of segments. */
export function octetString(element: Element, what: string, depth = 0): Uint8Array {
  if (!element.constructed) return element.value;
  if (depth > MAX_DEPTH) throw new DerError(`${what} is nested too deeply`);
  return Buffer.concat(
    childrenOf(element).map((segment) =>
      octetString(expect(segment, TAG.octetString, what), what, depth + 1),
    ),
  );
}

/** A BIT STRING of whole bytes (signatures, keys). */
export function bitStringBytes(element: Element | undefined, what: string): Uint8Array {
  const bytes = primitive(element, TAG.bitString, what);
  if (bytes[0] !== 0) throw new DerError(`${what} is malformed`);
  return bytes.subarray(1);
}

/** A small non-negative INTEGER (versions, path lengths). */
export function smallInteger(element: Element | undefined, what: string): number {
  const bytes = primitive(element, TAG.integer, what);
  if (bytes.length === 0 || bytes.length > 4 || (bytes[0] as number) & 0x80) {
    throw new DerError(`${what} is out of range`);
  }
  return bytes.reduce((value, b) => value * 256 + b, 0);
}

export function boolean(element: Element | undefined, what: string): boolean {
  const bytes = primitive(element, TAG.boolean, what);
  if (bytes.length !== 1) throw new DerError(`${what} is malformed`);
  return bytes[0] !== 0;
}

const TIME = {
  [TAG.utcTime]: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/,
  [TAG.generalizedTime]: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{1,3})?Z$/,
} as const;

/** A UTCTime or GeneralizedTime in UTC (RFC 5280: two-digit years 50–99 are 19xx). */
export function time(element: Element | undefined, what: string): Date {
  const pattern =
    element && element.tagClass === TAG_CLASS.universal && !element.constructed
      ? TIME[element.tagNumber as keyof typeof TIME]
      : undefined;
  const match = pattern?.exec(latin1((element as Element).value));
  if (!match) throw new DerError(`${what} is not a time`);
  const [, y, mo, d, h, mi, s, fraction] = match.map(Number) as number[];
  const year = (element as Element).tagNumber === TAG.utcTime ? (y! < 50 ? 2000 : 1900) + y! : y!;
  // Without a fraction its group is undefined, and Number(undefined) is NaN: no fraction, 0 ms.
  const ms = Date.UTC(year, mo! - 1, d, h, mi, s) + Math.round((fraction || 0) * 1000);
  return new Date(ms);
}

const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF16 = new TextDecoder('utf-16be');

/** The text of a directory string, or null for a value that is not a string. */
export function text(element: Element): string | null {
  if (element.tagClass !== TAG_CLASS.universal || element.constructed) return null;
  switch (element.tagNumber) {
    case TAG.utf8String:
      try {
        return UTF8.decode(element.value);
      } catch {
        return latin1(element.value); // as asn1js reads invalid UTF-8
      }
    case 30: // BMPString
      return UTF16.decode(element.value);
    case 28: {
      // UniversalString: UTF-32BE
      const view = new DataView(element.value.buffer, element.value.byteOffset);
      const points = Array.from({ length: element.value.length >> 2 }, (_, i) => {
        const point = view.getUint32(i * 4);
        return point > 0x10ffff ? 0xfffd : point;
      });
      return String.fromCodePoint(...points);
    }
    case 18: // NumericString
    case 19: // PrintableString
    case 20: // TeletexString
    case 21: // VideotexString
    case 22: // IA5String
    case 25: // GraphicString
    case 26: // VisibleString
    case 27: // GeneralString
    case 29: // CharacterString
      return latin1(element.value);
    default:
      return null;
  }
}
