import { createHmac } from 'node:crypto';

/** RFC 4648 base32, lowercase: no 0/1/8/9, so a pseudonym read aloud is not mistaken. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 10;

/**
 * The public pseudonym of an application (docs/rules.md, "The public queue"): the first 50 bits
 * of HMAC-SHA-256 over its id with the server's key, as 10 characters of lowercase base32. Stable
 * for the application's life; without the key nobody can tell which id it stands for.
 */
export class Pseudonyms {
  private readonly key: string;

  constructor(key: string) {
    this.key = key;
  }

  of(applicationId: string): string {
    const digest = createHmac('sha256', this.key).update(applicationId).digest();
    let bits = 0;
    let value = 0;
    let text = '';
    for (const byte of digest) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && text.length < LENGTH) {
        bits -= 5;
        text += BASE32[(value >> bits) & 31];
      }
      if (text.length === LENGTH) return text;
      value &= (1 << bits) - 1;
    }
    return text;
  }
}
