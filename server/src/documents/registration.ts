import type { Content, TableCell } from 'pdfmake/interfaces';
import type { ApplicantAddress, Language } from '@kezek/contracts';
import { printedBenefitQueueNumber, type LocalizedName } from '@kezek/domain';
import { formatAlmatyInstant, formatDate } from './format.ts';
import {
  documentMessages,
  type DocumentMessages,
  type RegistrationDocumentKind,
} from './messages.ts';
import { PDF_MONO_FONT, renderPdf, type PdfDefinition } from './pdf.ts';

export type { RegistrationDocumentKind } from './messages.ts';

export interface RegistrationDocumentData {
  applicationNumber: string;
  /** The public queue's name of the application; absent for one registered before pseudonyms. */
  pseudonym?: string;
  registeredAt: Date;
  district: LocalizedName;
  region: LocalizedName;
  child: { iin: string; fullName: string; birthDate: string };
  applicant: {
    iin: string;
    fullName: string;
    email: string;
    phone: string;
    address: string | null;
    /** The parts, printed each on its row; absent for an application registered before them. */
    addressParts?: ApplicantAddress | null;
  };
  queueNumber: number;
  benefitQueueNumber: number | null;
  benefit: { category: LocalizedName } | null;
  groupYear: number;
  /** The received uploads, in the order they were attached. */
  attachments: { name: string; sha256: string }[];
}

export const REGISTRATION_DOCUMENT_KINDS: readonly RegistrationDocumentKind[] = [
  'registration_notice',
  'documents_receipt',
  'record_book_entry',
];

const PDF_LANGUAGE: Record<Language, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en' };
const MUTED = '#555555';

/**
 * One of the three output documents of a registration (docs/rules.md, "Documents and
 * notifications") in the applicant's language: registration notice, receipt of documents, entry
 * in the record book. Pure: the same data gives
 * the same bytes (the registration instant is the PDF's creation date), so it may be rendered
 * when first read.
 */
export function registrationPdf(
  kind: RegistrationDocumentKind,
  data: RegistrationDocumentData,
  language: Language,
): Promise<Buffer> {
  return renderPdf(definitionOf(kind, data, language, documentMessages[language]));
}

function definitionOf(
  kind: RegistrationDocumentKind,
  data: RegistrationDocumentData,
  language: Language,
  m: DocumentMessages,
): PdfDefinition {
  const title = m.titles[kind];
  const instant = formatAlmatyInstant(data.registeredAt);
  return {
    info: {
      title: `${title} ${data.applicationNumber}`,
      author: 'kezek',
      subject: m.service,
      keywords: data.applicationNumber,
      creationDate: data.registeredAt,
    },
    language: PDF_LANGUAGE[language],
    pageMargins: [50, 70, 50, 60],
    header: () => ({
      margin: [50, 28, 50, 0],
      columns: [
        { text: [{ text: 'kezek', bold: true }, ` · ${m.service}`], width: '*' },
        { text: data.applicationNumber, width: 'auto', alignment: 'right' },
      ],
      columnGap: 12,
      fontSize: 7.5,
      color: MUTED,
    }),
    footer: (page: number, count: number) => ({
      margin: [50, 20, 50, 0],
      columns: [
        { text: m.generatedElectronically(instant), width: '*' },
        { text: m.page(page, count), width: 'auto', alignment: 'right' },
      ],
      columnGap: 12,
      fontSize: 7.5,
      color: MUTED,
    }),
    content: [
      { text: title, fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      {
        text: `${data.region[language]} · ${data.district[language]}`,
        alignment: 'center',
        color: MUTED,
        margin: [0, 0, 0, 14],
      },
      ...bodyOf(kind, data, language, m, instant),
    ],
    styles: {
      paragraph: { margin: [0, 0, 0, 8], lineHeight: 1.2 },
      note: { fontSize: 8.5, color: MUTED, margin: [0, 6, 0, 0], lineHeight: 1.2 },
      heading: { bold: true, fontSize: 11, margin: [0, 10, 0, 4] },
    },
  };
}

function bodyOf(
  kind: RegistrationDocumentKind,
  data: RegistrationDocumentData,
  language: Language,
  m: DocumentMessages,
  instant: string,
): Content[] {
  switch (kind) {
    case 'registration_notice':
      return [
        { text: m.notice.intro(data.applicationNumber, instant), style: 'paragraph' },
        detailsTable(data, language, m, instant, { contacts: false }),
        { text: m.notice.queueMayChange, style: 'note' },
        { text: m.notice.interest, style: 'note' },
        { text: m.notice.contacts, style: 'note' },
      ];
    case 'documents_receipt':
      return [
        { text: m.receipt.intro(data.applicationNumber, instant), style: 'paragraph' },
        detailsTable(data, language, m, instant, { contacts: false }),
        { text: m.receipt.heading, style: 'heading' },
        ...attachmentList(data, m),
      ];
    case 'record_book_entry':
      return [
        {
          text: m.recordBook.intro(data.applicationNumber, instant, data.district[language]),
          style: 'paragraph',
        },
        detailsTable(data, language, m, instant, { contacts: true, entry: true }),
      ];
  }
}

function section(label: string): TableCell[] {
  return [{ text: label, colSpan: 2, bold: true, fillColor: '#eeeeee', margin: [0, 2] }, {}];
}

function row(label: string, value: string | number): TableCell[] {
  return [{ text: label, color: MUTED }, { text: String(value) }];
}

function detailsTable(
  data: RegistrationDocumentData,
  language: Language,
  m: DocumentMessages,
  instant: string,
  options: { contacts: boolean; entry?: boolean },
): Content {
  const l = m.labels;
  const body: TableCell[][] = [
    section(m.sections.application),
    row(options.entry ? l.entryNumber : l.applicationNumber, data.applicationNumber),
    row(l.registeredAt, instant),
    row(l.region, data.region[language]),
    row(l.district, data.district[language]),
    section(m.sections.child),
    row(l.fullName, data.child.fullName),
    row(l.iin, data.child.iin),
    row(l.birthDate, formatDate(data.child.birthDate)),
    section(m.sections.applicant),
    row(l.fullName, data.applicant.fullName),
    row(l.iin, data.applicant.iin),
  ];
  if (options.contacts) {
    body.push(
      row(l.phone, data.applicant.phone),
      row(l.email, data.applicant.email),
      ...addressRows(data.applicant, l, m.notGiven),
    );
  }
  body.push(
    section(m.sections.queue),
    row(l.groupYear, data.groupYear),
    row(l.benefit, data.benefit ? data.benefit.category[language] : m.noBenefit),
    row(l.queueNumber, data.queueNumber),
    row(
      l.benefitQueueNumber,
      printedBenefitQueueNumber(data.benefit !== null, data.benefitQueueNumber) ?? '—',
    ),
    ...(data.pseudonym ? [row(l.pseudonym, data.pseudonym)] : []),
  );
  return {
    table: { widths: [170, '*'], body, dontBreakRows: true },
    layout: 'lightHorizontalLines',
  };
}

function attachmentList(data: RegistrationDocumentData, m: DocumentMessages): Content[] {
  if (data.attachments.length === 0) return [{ text: m.receipt.none, style: 'paragraph' }];
  const c = m.receipt.columns;
  const body: TableCell[][] = [
    [
      { text: c.index, bold: true },
      { text: c.name, bold: true },
      { text: c.sha256, bold: true },
    ],
    ...data.attachments.map((attachment, index): TableCell[] => [
      String(index + 1),
      attachment.name,
      { text: attachment.sha256, font: PDF_MONO_FONT, fontSize: 6.5 },
    ]),
  ];
  return [
    {
      table: { headerRows: 1, widths: [18, '*', 'auto'], body, dontBreakRows: true },
      layout: 'lightHorizontalLines',
    },
    { text: m.receipt.checksum, style: 'note' },
  ];
}

/** The address as the manual's fields (seed 001, fig. 6), or the one line kept before them. */
function addressRows(
  applicant: RegistrationDocumentData['applicant'],
  l: (typeof documentMessages)[Language]['labels'],
  notGiven: string,
): TableCell[][] {
  const parts = applicant.addressParts;
  if (!parts) return [row(l.address, applicant.address ?? notGiven)];
  return [
    row(l.city, parts.city),
    row(l.addressDistrict, parts.district ?? notGiven),
    row(l.street, parts.street),
    row(l.house, parts.house),
    row(l.flat, parts.flat ?? notGiven),
  ];
}
