import type { Language } from '@kezek/contracts';
import { formatAlmatyInstant, formatDate } from './format.ts';
import { renderPdf } from './pdf.ts';

export interface DirectionDocumentData {
  number: string;
  verifyCode: string;
  /** The public page the QR code opens: it says whether the direction is genuine and live. */
  verifyUrl: string;
  issuedAt: Date;
  validUntil: Date;
  enrolWorkingDays: number;
  kindergarten: { name: string; address: string; phone: string | null };
  groupYear: number;
  language: string;
  child: { iin: string; fullName: string; birthDate: string };
  applicant: { iin: string; fullName: string; phone: string; email: string };
  applicationNumber: string;
  registeredAt: Date;
  benefit: string | null;
  benefitDocMaxAgeDays: number;
  /**
   * A private kindergarten under the state order (docs/rules.md, "Documents and notifications"):
   * the paper says so in its title.
   */
  toPrivate: boolean;
}

const TEXT: Record<Language, Record<string, string>> = {
  kk: {
    direction: 'Мектепке дейінгі ұйымға жолдама',
    privateDirection:
      'Мемлекеттік білім беру тапсырысы бойынша жеке мектепке дейінгі ұйымға жолдама',
    card: 'Бала карточкасы',
    number: 'Жолдама нөмірі',
    kindergarten: 'Балабақша',
    address: 'Мекенжайы',
    phone: 'Телефон',
    groupYear: 'Топтың жылы',
    language: 'Оқыту тілі',
    child: 'Бала',
    iin: 'ЖСН',
    birthDate: 'Туған күні',
    applicant: 'Өтініш беруші',
    email: 'Электрондық пошта',
    application: 'Өтініш нөмірі',
    registeredAt: 'Тіркелген күні',
    benefit: 'Жеңілдік',
    noBenefit: 'жоқ',
    issuedAt: 'Берілген күні',
    validUntil: 'Жарамды',
    rule: 'Баланы балабақшаға {days} жұмыс күні ішінде қабылдату қажет; әйтпесе жолдама автоматты түрде жойылады.',
    benefitRule:
      'Жеңілдікті растайтын құжаттар жолдама сұралғанға дейін {days} күнтізбелік күннен ерте берілмеген болуы тиіс.',
    verify: 'Түпнұсқалығын тексеру: QR-кодты сканерлеңіз немесе {url} бетінде кодты енгізіңіз',
    code: 'Тексеру коды',
    footer: 'Құжат kezek жүйесінде электронды түрде қалыптастырылды.',
  },
  ru: {
    direction: 'Направление в дошкольную организацию',
    privateDirection: 'Направление в частную дошкольную организацию по государственному заказу',
    card: 'Карточка ребенка',
    number: 'Номер направления',
    kindergarten: 'Детский сад',
    address: 'Адрес',
    phone: 'Телефон',
    groupYear: 'Год группы',
    language: 'Язык обучения',
    child: 'Ребенок',
    iin: 'ИИН',
    birthDate: 'Дата рождения',
    applicant: 'Заявитель',
    email: 'Электронная почта',
    application: 'Номер заявления',
    registeredAt: 'Дата регистрации',
    benefit: 'Льгота',
    noBenefit: 'нет',
    issuedAt: 'Дата выдачи',
    validUntil: 'Действительно до',
    rule: 'Ребенка необходимо зачислить в детский сад в течение {days} рабочих дней; иначе направление аннулируется автоматически.',
    benefitRule:
      'Документы, подтверждающие льготу, должны быть выданы не ранее чем за {days} календарных дней до запроса направления.',
    verify: 'Проверка подлинности: отсканируйте QR-код или введите код на странице {url}',
    code: 'Код проверки',
    footer: 'Документ сформирован в электронном виде в системе kezek.',
  },
  en: {
    direction: 'Direction to a preschool organisation',
    privateDirection: 'Direction to a private preschool organisation under the state order',
    card: 'Child card',
    number: 'Direction number',
    kindergarten: 'Kindergarten',
    address: 'Address',
    phone: 'Phone',
    groupYear: 'Group year',
    language: 'Language of instruction',
    child: 'Child',
    iin: 'IIN',
    birthDate: 'Birth date',
    applicant: 'Applicant',
    email: 'E-mail',
    application: 'Application number',
    registeredAt: 'Registered',
    benefit: 'Benefit',
    noBenefit: 'none',
    issuedAt: 'Issued',
    validUntil: 'Valid until',
    rule: 'The child must be enrolled within {days} working days; otherwise the direction is cancelled automatically.',
    benefitRule:
      'Benefit proof documents must be issued at most {days} calendar days before the direction was requested.',
    verify: 'To check it is genuine, scan the QR code or enter the code at {url}',
    code: 'Verification code',
    footer: 'Generated electronically by kezek.',
  },
};

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

const table = (rows: [string, string][]) => ({
  table: {
    widths: [170, '*'],
    body: rows.map(([label, value]) => [{ text: label, color: '#555555' }, value]),
  },
  layout: 'lightHorizontalLines',
  margin: [0, 6, 0, 6] as [number, number, number, number],
});

export type DirectionDocumentKind = 'direction' | 'private_direction' | 'child_card';

/** The documents a direction hands the applicant, with their titles for the documents tab. */
export function directionDocumentList(data: DirectionDocumentData, language: Language) {
  const t = TEXT[language];
  const kind: DirectionDocumentKind = data.toPrivate ? 'private_direction' : 'direction';
  return [
    { kind, title: `${directionTitle(data, language)} ${data.number}` },
    { kind: 'child_card' as DirectionDocumentKind, title: t.card! },
  ];
}

const directionTitle = (data: DirectionDocumentData, language: Language) =>
  data.toPrivate ? TEXT[language].privateDirection! : TEXT[language].direction!;

const header = (title: string) => [
  { text: 'kezek', fontSize: 9, color: '#555555' },
  {
    text: title,
    fontSize: 15,
    bold: true,
    margin: [0, 4, 0, 6] as [number, number, number, number],
  },
];

const footer = (language: Language) => ({
  text: TEXT[language].footer!,
  fontSize: 8,
  color: '#555555',
  margin: [0, 12, 0, 0] as [number, number, number, number],
});

/**
 * The direction or the child card (docs/rules.md, "Documents and notifications"), in the
 * applicant's language. Pure: the same data gives the same bytes, so it may be rendered when first
 * read.
 */
export function directionPdf(
  kind: DirectionDocumentKind,
  data: DirectionDocumentData,
  language: Language,
): Promise<Buffer> {
  return kind === 'child_card' ? childCard(data, language) : direction(data, language);
}

function direction(data: DirectionDocumentData, language: Language): Promise<Buffer> {
  const t = TEXT[language];
  const title = directionTitle(data, language);
  return renderPdf({
    info: { title: `${title} ${data.number}`, creationDate: data.issuedAt },
    content: [
      ...header(title),
      table([
        [t.number!, data.number],
        [t.kindergarten!, data.kindergarten.name],
        [t.address!, data.kindergarten.address],
        // Seed 002: the parent calls the kindergarten before going; the paper names who is sent.
        ...(data.kindergarten.phone
          ? [[t.phone!, data.kindergarten.phone] as [string, string]]
          : []),
        [t.groupYear!, String(data.groupYear)],
        [t.language!, data.language],
        [t.child!, data.child.fullName],
        [t.iin!, data.child.iin],
        [t.applicant!, data.applicant.fullName],
        [t.issuedAt!, formatAlmatyInstant(data.issuedAt)],
        [t.validUntil!, formatAlmatyInstant(data.validUntil)],
      ]),
      { text: fill(t.rule!, { days: data.enrolWorkingDays }), margin: [0, 4, 0, 4] },
      ...(data.benefit
        ? [
            {
              text: fill(t.benefitRule!, { days: data.benefitDocMaxAgeDays }),
              margin: [0, 0, 0, 4] as [number, number, number, number],
            },
          ]
        : []),
      {
        columns: [
          { qr: data.verifyUrl, fit: 110 },
          {
            stack: [
              { text: `${t.code}: ${data.verifyCode}`, bold: true },
              { text: fill(t.verify!, { url: data.verifyUrl }), fontSize: 9 },
            ],
            margin: [10, 0, 0, 0],
          },
        ],
        margin: [0, 8, 0, 0],
      },
      footer(language),
    ],
  });
}

function childCard(data: DirectionDocumentData, language: Language): Promise<Buffer> {
  const t = TEXT[language];
  return renderPdf({
    info: { title: `${t.card} ${data.child.iin}`, creationDate: data.issuedAt },
    content: [
      ...header(t.card!),
      table([
        [t.child!, data.child.fullName],
        [t.iin!, data.child.iin],
        [t.birthDate!, formatDate(data.child.birthDate)],
        [t.applicant!, data.applicant.fullName],
        [`${t.applicant} — ${t.iin}`, data.applicant.iin],
        [t.phone!, data.applicant.phone],
        [t.email!, data.applicant.email],
        [t.application!, data.applicationNumber],
        [t.registeredAt!, formatAlmatyInstant(data.registeredAt)],
        [t.benefit!, data.benefit ?? t.noBenefit!],
        [t.number!, data.number],
        [t.kindergarten!, data.kindergarten.name],
        [t.groupYear!, String(data.groupYear)],
      ]),
      footer(language),
    ],
  });
}
