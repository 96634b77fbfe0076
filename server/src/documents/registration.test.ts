import { describe, expect, it } from 'vitest';
import type { Language } from '@kezek/contracts';
import { BENEFIT_CATEGORIES } from '@kezek/domain';
import { formatAlmatyInstant, formatDate } from './format.ts';
import { documentMessages } from './messages.ts';
import { readPdf } from './pdf-text.test-helper.ts';
import { renderPdf } from './pdf.ts';
import {
  REGISTRATION_DOCUMENT_KINDS,
  registrationPdf,
  type RegistrationDocumentData,
} from './registration.ts';

const category = BENEFIT_CATEGORIES.find((c) => c.class === 'first_priority')!;

const data: RegistrationDocumentData = {
  applicationNumber: 'UO.2026.000024.1',
  pseudonym: 'k7q2mx4ab3',
  // 15:04 in Almaty (UTC+5)
  registeredAt: new Date('2026-11-23T10:04:27.512Z'),
  district: { kk: 'Есіл ауданы', ru: 'район Есиль', en: 'Yesil district' },
  region: { kk: 'Астана қаласы', ru: 'город Астана', en: 'Astana city' },
  child: { iin: '220315500010', fullName: 'Нұрланов Әли Ержанұлы', birthDate: '2022-03-15' },
  applicant: {
    iin: '791028302728',
    fullName: 'Нұрланов Ержан Болатұлы',
    email: 'erzhan@example.kz',
    phone: '+77011234567',
    address: 'Астана, Қабанбай батыр даңғылы, 11, 42',
  },
  queueNumber: 1834,
  benefitQueueNumber: 57,
  benefit: { category: category.name },
  groupYear: 2022,
  attachments: [
    { name: 'Анықтама-Әлеуметтік.pdf', sha256: 'ab'.repeat(32) },
    { name: 'справка.png', sha256: '0123456789abcdef'.repeat(4) },
  ],
};

const expectedTitles: Record<Language, string[]> = {
  kk: [
    'Тіркеу туралы хабарлама',
    'Құжаттарды қабылдау туралы хабарлама',
    'Баланы есепке алу кітабында тіркеу',
  ],
  ru: [
    'Уведомление о регистрации',
    'Извещение о приеме документов',
    'Регистрация ребенка в книге учета',
  ],
  en: [
    'Registration notice',
    'Receipt of documents',
    'Registration of the child in the record book',
  ],
};

const generatedLine: Record<Language, string> = {
  kk: 'Құжат kezek сервисінде 23.11.2026 15:04 электрондық түрде қалыптастырылды.',
  ru: 'Документ сформирован в электронном виде сервисом kezek 23.11.2026 15:04.',
  en: 'Generated electronically by the kezek service on 23.11.2026 15:04.',
};

describe('formatting', () => {
  it('writes instants in Almaty time and dates as DD.MM.YYYY', () => {
    expect(formatAlmatyInstant(new Date('2026-11-23T10:04:59Z'))).toBe('23.11.2026 15:04');
    expect(formatAlmatyInstant(new Date('2026-12-31T19:30:00Z'))).toBe('01.01.2027 00:30');
    expect(formatDate('2022-03-15')).toBe('15.03.2022');
    expect(() => formatDate('15.03.2022')).toThrow(RangeError);
  });
});

/** The three documents as a registration issues them: kind, title of the documents tab, bytes. */
const registrationDocuments = (source: RegistrationDocumentData, language: Language) =>
  Promise.all(
    REGISTRATION_DOCUMENT_KINDS.map(async (kind) => ({
      kind,
      title: documentMessages[language].titles[kind],
      pdf: await registrationPdf(kind, source, language),
    })),
  );

describe('registration documents', () => {
  for (const language of ['kk', 'ru', 'en'] as const) {
    it(`renders the three documents in ${language}`, async () => {
      const documents = await registrationDocuments(data, language);
      expect(documents.map((d) => d.kind)).toEqual(REGISTRATION_DOCUMENT_KINDS);
      expect(documents.map((d) => d.title)).toEqual(expectedTitles[language]);
      const m = documentMessages[language];
      for (const document of documents) {
        expect(document.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const { text, pages, info } = await readPdf(document.pdf);
        expect(pages).toBe(1);
        expect(text).toContain(document.title);
        expect(text).toContain('kezek');
        expect(text).toContain(m.service);
        expect(text).toContain(generatedLine[language]);
        expect(text).toContain('UO.2026.000024.1');
        expect(text).toContain('Нұрланов Әли Ержанұлы');
        expect(text).toContain('220315500010');
        expect(text).toContain('15.03.2022');
        expect(text).toContain('23.11.2026 15:04');
        expect(text).toContain('1834');
        expect(text).toContain('57');
        expect(text).toContain(data.district[language]);
        expect(text).toContain(data.region[language]);
        expect(text).toContain(category.name[language]);
        expect(text).toContain(`${m.labels.queueNumber} 1834`);
        expect(text).toContain(`${m.labels.benefitQueueNumber} 57`);
        expect(text).toContain(`${m.labels.pseudonym} k7q2mx4ab3`);
        expect(info.Title).toBe(`${document.title} UO.2026.000024.1`);
        expect(info.CreationDate).toBe('D:20261123100427Z');
      }
      const receipt = (await readPdf(documents[1]!.pdf)).text;
      expect(receipt).toContain(m.receipt.heading);
      expect(receipt).toContain('Анықтама-Әлеуметтік.pdf');
      expect(receipt).toContain('ab'.repeat(32));
      expect(receipt).toContain('справка.png');
      expect(receipt).toContain('0123456789abcdef'.repeat(4));
      const book = (await readPdf(documents[2]!.pdf)).text;
      expect(book).toContain('+77011234567');
      expect(book).toContain('erzhan@example.kz');
      expect(book).toContain('Қабанбай батыр даңғылы');
    });
  }

  it('writes every Kazakh letter with the embedded font', async () => {
    const letters = 'ӘҒҚҢӨҰҮҺІ әғқңөұүһі';
    const { text } = await readPdf(
      await renderPdf({ info: { creationDate: data.registeredAt }, content: [letters] }),
    );
    expect(text).toBe(letters);
  });

  it('says so when no documents were attached, and shows no benefit as in the seeds', async () => {
    const documents = await registrationDocuments(
      {
        ...data,
        benefit: null,
        benefitQueueNumber: null,
        attachments: [],
        applicant: { ...data.applicant, address: null },
      },
      'ru',
    );
    const receipt = (await readPdf(documents[1]!.pdf)).text;
    expect(receipt).toContain('Документы, подтверждающие льготу, не прилагались.');
    expect(receipt).toContain('Тип льготы Без льготы');
    expect(receipt).toContain('Номер очереди по льготной категории 0');
    const book = (await readPdf(documents[2]!.pdf)).text;
    expect(book).toContain('Адрес —');
  });

  it('prints the address in the manual’s fields when it was given so (seed 001, fig. 6)', async () => {
    const documents = await registrationDocuments(
      {
        ...data,
        applicant: {
          ...data.applicant,
          addressParts: {
            city: 'Астана',
            street: 'Қабанбай батыр даңғылы',
            house: '11',
            flat: '42',
          },
        },
      },
      'kk',
    );
    const book = (await readPdf(documents[2]!.pdf)).text.replace(/\s+/g, ' ');
    for (const printed of [
      'Қала (елді мекен) Астана',
      'Аудан —',
      'Көше Қабанбай батыр даңғылы',
      'Үй 11',
      'Пәтер 42',
    ])
      expect(book).toContain(printed);
  });

  it('is deterministic: the same data gives the same bytes, whatever the clock says', async () => {
    const first = await registrationDocuments(data, 'kk');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await registrationDocuments(data, 'kk');
    for (let i = 0; i < first.length; i += 1) {
      expect(second[i]!.pdf.equals(first[i]!.pdf)).toBe(true);
    }
  });

  it('reads no images from files or URLs', async () => {
    await expect(
      renderPdf({
        info: { creationDate: data.registeredAt },
        images: { logo: 'https://example.com/logo.png' },
        content: [{ image: 'logo' }],
      }),
    ).rejects.toThrow(/data: URL/);
    await expect(
      renderPdf({
        info: { creationDate: data.registeredAt },
        images: { logo: { url: '/etc/passwd' } },
        content: [{ image: 'logo' }],
      }),
    ).rejects.toThrow(/data: URL/);
  });
});
