import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@kezek/contracts';
import { childEnrolled, refusalConfirmed, refusalRejected } from './workspace-messages.ts';

const params = {
  applicationNumber: 'UO.2026.000024.1',
  directionNumber: 'NP.2026.000107',
  childName: 'Нұрланов Әли Ержанұлы',
  kindergarten: '№ 1 «Балбөбек» балабақшасы',
};

describe('the kindergarten’s answer, in the applicant’s language', () => {
  it('tells that the child was enrolled', () => {
    expect(childEnrolled(params, 'kk').subject).toBe(
      'Нұрланов Әли Ержанұлы балабақшаға қабылданды',
    );
    expect(childEnrolled(params, 'ru').body).toContain(
      'зачислен в детский сад «№ 1 «Балбөбек» балабақшасы» по направлению NP.2026.000107',
    );
    expect(childEnrolled(params, 'en').body).toContain('Direction number: NP.2026.000107');
  });

  it('tells the confirmed refusal with its reason, and that the queue place is not restored', () => {
    const ru = refusalConfirmed({ ...params, reason: 'Нет медицинской справки' }, 'ru');
    expect(ru.body).toContain('Причина: Нет медицинской справки');
    expect(ru.body).toContain('место в очереди не восстанавливается');
    expect(refusalConfirmed({ ...params, reason: 'x' }, 'kk').body).toContain(
      'кезектегі орны қалпына келтірілмейді',
    );
  });

  it('tells the rejected refusal with the new last day', () => {
    const kk = refusalRejected({ ...params, until: '16.03.2026' }, 'kk');
    expect(kk.subject).toBe('NP.2026.000107 жолдамасы қайтадан күшінде');
    expect(kk.sms).toContain('16.03.2026');
    expect(refusalRejected({ ...params, until: '16.03.2026' }, 'en').body).toContain(
      'valid until 16.03.2026',
    );
  });

  it('keeps every SMS within two Cyrillic (UCS-2) segments', () => {
    for (const language of LANGUAGES) {
      for (const message of [
        childEnrolled(params, language),
        refusalConfirmed({ ...params, reason: 'x' }, language),
        refusalRejected({ ...params, until: '16.03.2026' }, language),
      ]) {
        expect(message.sms.length, message.sms).toBeLessThanOrEqual(134);
      }
    }
  });
});
