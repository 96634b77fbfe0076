import { describe, expect, it } from 'vitest';
import { documentFileName } from './file-name.ts';

const pdf = { content_type: 'application/pdf', application_number: 'UO.2026.000003.1' };

describe('documentFileName', () => {
  it.each([
    [
      'an issued document: its title and the number',
      { ...pdf, kind: 'registration_notice', title: 'Тіркеу туралы хабарлама' },
      'Тіркеу туралы хабарлама UO.2026.000003.1.pdf',
    ],
    [
      'an upload keeps its own name',
      { ...pdf, kind: 'attachment', title: 'анықтама.pdf' },
      'анықтама.pdf',
    ],
    [
      'no path or control characters',
      { ...pdf, kind: 'attachment', title: '../a\u0000b/c:d.png' },
      '.._a_b_c_d.png',
    ],
    [
      'an empty title falls back to the kind',
      { ...pdf, kind: 'child_card', title: '  ', application_number: null },
      'child_card.pdf',
    ],
  ])('%s', (_case, document, expected) => {
    expect(documentFileName(document)).toBe(expected);
  });
});
