import { describe, expect, it } from 'vitest';
import i18n from './index.ts';
import { formatDateTime, formatFileSize, formatInstantDate, formatShortDate } from './format.ts';

describe('dates and sizes for the journal and the application', () => {
  it('writes dates as the seeds do: 09.05.2020', () => {
    expect(formatShortDate('2020-05-09')).toBe('09.05.2020');
    expect(formatShortDate('not a date')).toBe('not a date');
  });

  it('shows instants in Asia/Almaty (UTC+5), whatever the browser’s zone', () => {
    expect(formatDateTime('2026-11-23T17:04:09.123Z')).toBe('23.11.2026 22:04');
    expect(formatDateTime('2026-11-23T17:04:09.123Z', { seconds: true })).toBe(
      '23.11.2026 22:04:09',
    );
    // After 19:00 UTC it is the next day in Almaty.
    expect(formatDateTime('2027-03-02T18:59:59.999Z')).toBe('02.03.2027 23:59');
    expect(formatInstantDate('2027-03-02T19:00:00.000Z')).toBe('03.03.2027');
    expect(formatDateTime('2026-11-23T22:04:09+05:00')).toBe('23.11.2026 22:04');
  });

  it('writes file sizes in the interface language', async () => {
    await i18n.changeLanguage('ru');
    expect(formatFileSize(300)).toBe('1 КБ');
    expect(formatFileSize(2.5 * 1024 * 1024)).toBe('2,5 МБ');
    await i18n.changeLanguage('en');
    expect(formatFileSize(2.5 * 1024 * 1024)).toBe('2.5 MB');
    await i18n.changeLanguage('kk');
  });
});
