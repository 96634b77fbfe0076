import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { benefitLabel, statusChange, statusLabel } from './labels.ts';

const categories = [
  {
    code: 'large_family',
    class: 'first_priority' as const,
    name: {
      kk: 'Көп балалы отбасылардың балалары',
      ru: 'Дети из многодетных семей',
      en: 'Children of large families',
    },
  },
];

describe('application labels', () => {
  it('names statuses, changes of status and benefits in the interface language', async () => {
    await i18n.changeLanguage('kk');
    const t = i18n.t;
    expect(statusLabel(t, 'queued')).toBe('Кезекте');
    expect(statusChange(t, 'queued', 'withdrawn')).toBe('Кезекте → Кезектен шығарылды');
    expect(statusChange(t, null, 'queued')).toBe('Кезекте');
    expect(statusChange(t, null, null)).toBe('—');
    expect(benefitLabel(t, categories, 'large_family', 'kk')).toBe(
      'Көп балалы отбасылардың балалары',
    );
    expect(benefitLabel(t, categories, null, 'kk')).toBe('Жеңілдіксіз');
    await i18n.changeLanguage('ru');
    expect(statusLabel(i18n.t, 'withdrawn')).toBe('Снят с очереди');
    expect(benefitLabel(i18n.t, categories, 'large_family', 'ru')).toBe(
      'Дети из многодетных семей',
    );
    // A status this screen does not know yet is shown as it is, not as an empty cell.
    expect(statusLabel(i18n.t, 'archived')).toBe('archived');
    await i18n.changeLanguage('kk');
  });
});
