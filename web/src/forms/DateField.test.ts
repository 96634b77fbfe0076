import { describe, expect, it } from 'vitest';
import { parseDottedDate } from './DateField.tsx';

describe('parseDottedDate', () => {
  it.each([
    ['03.12.2026', '2026-12-03'],
    ['3.1.2026', '2026-01-03'],
    [' 29.02.2024 ', '2024-02-29'],
    ['29.02.2025', null],
    ['12/03/2026', null],
    ['2026-12-03', null],
    ['', null],
  ])('%s → %s', (text, iso) => {
    expect(parseDottedDate(text)).toBe(iso);
  });
});
