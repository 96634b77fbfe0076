import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { childrenOf, DerError, octetString, oid, readElement, text, time } from './der.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('readElement', () => {
  it('reads an indefinite length (BER) as its definite twin', () => {
    const definite = readElement(bytes(0x30, 0x06, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62));
    const indefinite = readElement(bytes(0x30, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0, 0));
    expect(childrenOf(indefinite).map((c) => [...c.value])).toEqual(
      childrenOf(definite).map((c) => [...c.value]),
    );
    expect(indefinite.value).toHaveLength(6);
  });

  it('joins the segments of a constructed OCTET STRING', () => {
    const segmented = readElement(bytes(0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0, 0));
    expect(Buffer.from(octetString(segmented, 'content')).toString()).toBe('ab');
  });

  it('refuses an OCTET STRING of segments nested deeper than 32', () => {
    let nested = bytes(0x04, 0x01, 0x61);
    for (let i = 0; i < 40; i += 1) nested = bytes(0x24, nested.length, ...nested);
    expect(() => octetString(readElement(nested), 'content')).toThrow(DerError);
  });

  it.each([
    ['empty input', bytes()],
    ['a truncated header', bytes(0x30)],
    ['a length beyond the input', bytes(0x04, 0x05, 0x61)],
    ['trailing bytes', bytes(0x05, 0x00, 0x00)],
    ['an indefinite length on a primitive', bytes(0x04, 0x80, 0, 0)],
    ['an unclosed indefinite length', bytes(0x30, 0x80, 0x05, 0x00)],
    ['a length of five bytes', bytes(0x04, 0x85, 0, 0, 0, 0, 1, 0x61)],
    ['a tag number of four bytes', bytes(0x1f, 0x81, 0x81, 0x81, 0x01, 0x00)],
    ['nesting deeper than 32', bytes(...Array(40).fill([0x30, 0x80]).flat(), ...Array(80).fill(0))],
  ])('refuses %s', (_name, input) => {
    expect(() => childrenOf(readElement(input))).toThrow(DerError);
  });
});

describe('values', () => {
  it.each([
    '1.2.840.113549.1.7.2',
    '0.9.2342.19200300.100.1.1',
    '2.999.3',
    '1.2.562949953421312.5',
    '2.25.329800735698586629295641978511506172918',
  ])('reads the OID %s as asn1js writes it', (value) => {
    const der = new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER());
    expect(oid(readElement(der))).toBe(value);
  });

  it('reads UTCTime (two-digit years: 50–99 are 19xx) and GeneralizedTime', () => {
    const utc = (s: string) => readElement(bytes(0x17, s.length, ...Buffer.from(s)));
    expect(time(utc('491231235959Z'), 't').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(utc('500101000000Z'), 't').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    const generalized = Buffer.from('20500101120000.5Z');
    const element = readElement(bytes(0x18, generalized.length, ...generalized));
    expect(time(element, 't').toISOString()).toBe('2050-01-01T12:00:00.500Z');
    // Without a fraction (as certificates from 2050, OCSP and CRLs write it): a valid date.
    const whole = Buffer.from('20500101120000Z');
    expect(time(readElement(bytes(0x18, whole.length, ...whole)), 't').toISOString()).toBe(
      '2050-01-01T12:00:00.000Z',
    );
    expect(() => time(utc('4912312359Z'), 't')).toThrow(DerError);
  });

  it('reads directory strings whatever their type', () => {
    const utf8 = Buffer.from('ҰЛТТЫҚ');
    expect(text(readElement(bytes(0x0c, utf8.length, ...utf8)))).toBe('ҰЛТТЫҚ');
    expect(text(readElement(bytes(0x13, 2, 0x4b, 0x5a)))).toBe('KZ');
    expect(text(readElement(bytes(0x1e, 4, 0x04, 0x1a, 0x04, 0x17)))).toBe('КЗ');
    expect(text(readElement(bytes(0x02, 1, 5)))).toBeNull();
  });
});
