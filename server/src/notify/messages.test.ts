import { describe, expect, it } from 'vitest';
import { registrationAccepted } from './messages.ts';

const params = {
  applicationNumber: 'UO.2026.000024.1',
  childName: 'Нұрланов Әли Ержанұлы',
  queueNumber: 1834,
  district: { kk: 'Есіл ауданы', ru: 'район Есиль', en: 'Yesil district' },
};

describe('registrationAccepted', () => {
  it('is written in Kazakh', () => {
    const m = registrationAccepted(params, 'kk');
    expect(m.subject).toBe('UO.2026.000024.1 өтініші тіркелді: бала кезекке қойылды');
    expect(m.body).toMatch(/^Сәлеметсіз бе!\n\n/);
    expect(m.body).toContain('Өтініш нөмірі: UO.2026.000024.1');
    expect(m.body).toContain('Бала: Нұрланов Әли Ержанұлы');
    expect(m.body).toContain('Аудан (қала): Есіл ауданы');
    expect(m.body).toContain('Кезек нөмірі: 1834');
    expect(m.body).toContain('«Жалпы құжаттар»');
    expect(m.sms).toBe(
      'kezek: UO.2026.000024.1 өтініші тіркелді, бала кезекке қойылды. Кезек нөмірі: 1834.',
    );
  });

  it('is written in Russian', () => {
    const m = registrationAccepted(params, 'ru');
    expect(m.subject).toBe(
      'Заявление UO.2026.000024.1 зарегистрировано: ребенок поставлен на очередь',
    );
    expect(m.body).toMatch(/^Здравствуйте!\n\n/);
    expect(m.body).toContain('Ребенок: Нұрланов Әли Ержанұлы');
    expect(m.body).toContain('Район (город): район Есиль');
    expect(m.body).toContain('Номер очереди: 1834');
    expect(m.body).toContain('«Журнал заявлений»');
    expect(m.sms).toContain('Номер очереди: 1834');
  });

  it('is written in English', () => {
    const m = registrationAccepted(params, 'en');
    expect(m.subject).toBe('Application UO.2026.000024.1 registered: the child is in the queue');
    expect(m.body).toContain('District (city): Yesil district');
    expect(m.body).toContain('Queue number: 1834');
  });

  it('keeps the SMS within two Cyrillic (UCS-2) segments', () => {
    for (const language of ['kk', 'ru', 'en'] as const) {
      expect(registrationAccepted(params, language).sms.length).toBeLessThanOrEqual(134);
    }
  });
});
