import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { placeDetails } from './history.ts';

describe('a history row’s words about a place', () => {
  it.each([
    [
      'kk',
      'application.turn_given',
      { placeReturned: true, turnUntil: '2026-04-09T11:00:00.000Z' },
      ['Қайтарылған орынға', '09.04.2026 16:00 дейін таңдау'],
    ],
    [
      'ru',
      'application.turn_given',
      { turnUntil: '2026-04-09T11:00:00.000Z' },
      ['выбрать до 09.04.2026 16:00'],
    ],
    [
      'en',
      'application.direction_revoked',
      { placeTo: 'turn', reason: 'Far from home' },
      ['The place went to the next child in line'],
    ],
    [
      'ru',
      'application.stop_listed',
      { placeTo: 'free_choice' },
      ['Место перешло в свободный выбор'],
    ],
    ['kk', 'application.withdrawn', null, []],
  ] as const)('%s: %s', async (language, event, details, expected) => {
    await i18n.changeLanguage(language);
    expect(placeDetails(i18n.t, event, details)).toEqual(expected);
    await i18n.changeLanguage('kk');
  });
});
