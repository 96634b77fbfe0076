import { stringify } from 'csv-stringify/sync';
import type { DirectionMode, Language } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import { formatAlmatyInstant, languageName } from '../documents/format.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';
import {
  protocolPeriod,
  toProtocolBatch,
  toProtocolDirection,
  type ProtocolQuery,
} from './protocol.ts';
import { protocolBatches, protocolDirections } from './queries.ts';

interface CsvWords {
  header: [string, string, string, string, string, string, string, string, string];
  batch: string;
  direction: string;
  yes: string;
  no: string;
  modes: Record<DirectionMode, string>;
}

/** The CSV's words in the reader's language: the same columns as the protocol page shows. */
const WORDS: Record<Language, CsvWords> = {
  kk: {
    header: [
      'Жазба',
      'Уақыты',
      'Балабақша',
      'Туған жылы',
      'Тілі',
      'Орын саны',
      'Қайтарылған',
      'Бүркеншік ат',
      'Тәсілі',
    ],
    batch: 'Орындар',
    direction: 'Жолдама',
    yes: 'иә',
    no: 'жоқ',
    modes: {
      turn: 'кезек бойынша',
      free_choice: 'еркін таңдау',
      private: 'жекеменшік балабақша',
    },
  },
  ru: {
    header: [
      'Запись',
      'Время',
      'Детский сад',
      'Год рождения',
      'Язык',
      'Мест',
      'Возврат',
      'Псевдоним',
      'Способ',
    ],
    batch: 'Места',
    direction: 'Направление',
    yes: 'да',
    no: 'нет',
    modes: {
      turn: 'по очереди',
      free_choice: 'свободный выбор',
      private: 'частный детский сад',
    },
  },
  en: {
    header: [
      'Record',
      'Time',
      'Kindergarten',
      'Birth year',
      'Language',
      'Places',
      'Returned',
      'Pseudonym',
      'Mode',
    ],
    batch: 'Places',
    direction: 'Direction',
    yes: 'yes',
    no: 'no',
    modes: {
      turn: 'turn',
      free_choice: 'free choice',
      private: 'private kindergarten',
    },
  },
};

/**
 * A district's protocol of a period as CSV (RFC 4180, UTF-8 with a byte order mark so that
 * spreadsheets read the Kazakh letters): a header row in `language`, then every place batch and
 * every direction of the period, each list oldest first. Times are Almaty wall time. A field
 * starting like a formula is quoted as text (`escape_formulas`): a kindergarten's name is
 * entered by staff, and the file is opened in spreadsheets.
 */
export async function protocolCsv(
  db: Db,
  pseudonyms: Pseudonyms,
  query: ProtocolQuery,
  language: Language,
): Promise<string> {
  const period = protocolPeriod(query);
  const words = WORDS[language];
  const [batches, directions] = await Promise.all([
    protocolBatches(db, period),
    protocolDirections(db, period),
  ]);
  const toDirection = toProtocolDirection(pseudonyms);
  /** A row of either list: what it is, when, where, then its own columns. */
  const line = (
    record: string,
    row: { at: Date; name_kk: string; name_ru: string; group_year: number },
    own: (string | number)[],
  ) => [
    record,
    formatAlmatyInstant(row.at),
    kindergartenNameIn(row, language),
    row.group_year,
    ...own,
  ];
  const rows = [
    words.header,
    ...batches.map((row) => {
      const batch = toProtocolBatch(row);
      return line(words.batch, row, [
        languageName(batch.language, language),
        batch.count,
        batch.returned ? words.yes : words.no,
        '',
        '',
      ]);
    }),
    ...directions.map((row) => {
      const direction = toDirection(row);
      return line(words.direction, row, [
        '',
        '',
        '',
        direction.pseudonym,
        words.modes[direction.mode],
      ]);
    }),
  ];
  return stringify(rows, { bom: true, escape_formulas: true });
}
