import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { DashboardFigure, DashboardFigureName, Language } from '@kezek/contracts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

interface ExportWords {
  titles: Record<DashboardFigureName, string>;
  month: string;
  kindergarten: string;
  /** The measures' and the classes' column names; group years stay numbers. */
  series: Record<string, string>;
}

/** The words of the downloads, as the page says them (web/src/i18n/department/*.json). */
const WORDS: Record<Language, ExportWords> = {
  kk: {
    titles: {
      queueByGroupYear: 'Кезек туған жылдары бойынша',
      queueByClass: 'Кезек санаттары бойынша',
      queueByDistrict: 'Кезек аудандар бойынша',
      releasedAgainstDemand: 'Бөлінген орындар және сұраныс',
      medianWait: 'Кезекке дейінгі күтудің медианасы, күн',
      directions: 'Жолдамалар айлар бойынша',
      refusalsByKindergarten: 'Балабақшалардың бас тартулары',
      freePlacesByKindergarten: 'Балабақшалардағы бос орындар',
    },
    month: 'Ай',
    kindergarten: 'Балабақша',
    series: {
      out_of_turn: 'Кезектен тыс',
      first_priority: 'Бірінші кезекте',
      general: 'Жалпы кезек',
      released: 'Бөлінген орындар',
      waiting: 'Кезекте күтетіндер',
      issued: 'Берілді',
      expired: 'Мерзімі өтті',
      revoked: 'Қайтарып алынды',
      refused: 'Бас тартылды',
      enrolled: 'Қабылданды',
      free: 'Бос орындар',
    },
  },
  ru: {
    titles: {
      queueByGroupYear: 'Очередь по годам рождения',
      queueByClass: 'Очередь по категориям',
      queueByDistrict: 'Очередь по районам',
      releasedAgainstDemand: 'Выделенные места и спрос',
      medianWait: 'Медиана ожидания очереди, дней',
      directions: 'Направления по месяцам',
      refusalsByKindergarten: 'Отказы детских садов',
      freePlacesByKindergarten: 'Свободные места в детских садах',
    },
    month: 'Месяц',
    kindergarten: 'Детский сад',
    series: {
      out_of_turn: 'Внеочередники',
      first_priority: 'Первоочередники',
      general: 'Общая очередь',
      released: 'Выделено мест',
      waiting: 'Ожидают в очереди',
      issued: 'Выдано',
      expired: 'Истекло',
      revoked: 'Отозвано',
      refused: 'Отказано',
      enrolled: 'Зачислено',
      free: 'Свободные места',
    },
  },
  en: {
    titles: {
      queueByGroupYear: 'Queue by group year',
      queueByClass: 'Queue by class',
      queueByDistrict: 'Queue by district',
      releasedAgainstDemand: 'Places released against demand',
      medianWait: 'Median wait to a turn, days',
      directions: 'Directions per month',
      refusalsByKindergarten: 'Refusals by kindergarten',
      freePlacesByKindergarten: 'Free places by kindergarten',
    },
    month: 'Month',
    kindergarten: 'Kindergarten',
    series: {
      out_of_turn: 'Out of turn',
      first_priority: 'First priority',
      general: 'General',
      released: 'Places released',
      waiting: 'Waiting',
      issued: 'Issued',
      expired: 'Expired',
      revoked: 'Revoked',
      refused: 'Refused',
      enrolled: 'Enrolled',
      free: 'Free places',
    },
  },
};

/** A figure as a header row and its rows, in `language`: what both downloads hold. */
export function figureTable(
  figure: DashboardFigure,
  language: Language,
): { header: string[]; rows: (string | number | null)[][] } {
  const words = WORDS[language];
  const header = [
    figure.rowKind === 'month' ? words.month : words.kindergarten,
    ...figure.series.map((s) => s.name?.[language] ?? words.series[s.key] ?? s.key),
  ];
  const rows = figure.rows.map((row) => [
    row.name
      ? kindergartenNameIn({ name_kk: row.name.kk, name_ru: row.name.ru }, language)
      : row.key,
    ...row.values,
  ]);
  return { header, rows };
}

export function figureTitle(name: DashboardFigureName, language: Language): string {
  return WORDS[language].titles[name];
}

/**
 * A figure as CSV (RFC 4180, UTF-8 with a byte order mark for spreadsheets; formula-like names
 * quoted as text, as the protocols do): the header row, then a row per month or kindergarten;
 * a value not counted is an empty field.
 */
export function figureCsv(figure: DashboardFigure, language: Language): string {
  const { header, rows } = figureTable(figure, language);
  return stringify([header, ...rows.map((row) => row.map((cell) => cell ?? ''))], {
    bom: true,
    escape_formulas: true,
  });
}

/** A figure as an Excel workbook of one sheet, named by the figure, with the same table. */
export async function figureXlsx(
  name: DashboardFigureName,
  figure: DashboardFigure,
  language: Language,
): Promise<Buffer> {
  const { header, rows } = figureTable(figure, language);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kezek';
  // Sheet names are at most 31 characters, without : \ / ? * [ ].
  const sheet = workbook.addWorksheet(
    figureTitle(name, language)
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 31),
  );
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 40 : Math.max(12, (header[index] ?? '').length + 2);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
