/**
 * The +7 phone mask: the input shows "+7 701 234 56 78", the API takes "+77012345678"
 * (contracts' phoneSchema). Typing, pasting "8 701 …", "+7 (701) …" or ten bare digits all work.
 */

/** The up to 10 digits after +7 in what the user typed. */
export function phoneDigits(text: string): string {
  let digits = text.replace(/\D/g, '');
  if (/^\s*\+\s*7/.test(text)) digits = digits.slice(1);
  // Kazakh numbers after +7 begin with 7 (70x, 77x mobiles, 7xxx towns): a leading 8 is the
  // trunk prefix of "8 701 …", a leading 7 of eleven digits the country code.
  else if (digits.startsWith('8') || (digits.length >= 11 && digits.startsWith('7'))) {
    digits = digits.slice(1);
  }
  return digits.slice(0, 10);
}

/** "+7 701 234 56 78" for as many digits as there are; empty for none. */
export function formatPhone(digits: string): string {
  if (!digits) return '';
  const groups = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
  return `+7 ${groups.filter(Boolean).join(' ')}`;
}

/**
 * The input's next value after the user changed `previous` to `typed`. Deleting a space or the
 * "+7" of the mask deletes the digit before it instead, so backspace never gets stuck.
 */
export function nextPhoneValue(previous: string, typed: string): string {
  let digits = phoneDigits(typed);
  if (typed.length < previous.length && digits === phoneDigits(previous)) {
    digits = digits.slice(0, -1);
  }
  return formatPhone(digits);
}

/** The API's form of a masked value: "+77012345678", or undefined when nothing was typed. */
export function phoneForApi(value: string): string | undefined {
  const digits = phoneDigits(value);
  return digits ? `+7${digits}` : undefined;
}
