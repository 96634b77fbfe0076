import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { unprocessable } from '../problem.ts';
import { missingColumns } from './rows.ts';

export interface FileRecord {
  /** The row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  cells: Record<string, string>;
  /** The record as read, for the file of rejected rows. */
  record: string[];
}

export const fileSha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** About how many data rows a file has (its line breaks): the progress's total before a count. */
export function approximateRows(content: Buffer): number {
  let lines = 0;
  for (let at = content.indexOf(10); at !== -1; at = content.indexOf(10, at + 1)) lines += 1;
  const last = content.length > 0 && content[content.length - 1] !== 10 ? 1 : 0;
  return Math.max(0, lines + last - 1);
}

/** The header of the file; a problem when a required column is missing. */
export async function headerOf(content: Buffer): Promise<string[]> {
  for await (const { record } of recordsWithHeader(content, 'header')) return record;
  throw unprocessable('import_columns_missing', 'The file is empty');
}

/** Every data row of the file in order, its cells by the header's names. */
export async function* recordsOf(content: Buffer): AsyncGenerator<FileRecord> {
  yield* recordsWithHeader(content, 'data');
}

async function* recordsWithHeader(
  content: Buffer,
  want: 'header' | 'data',
): AsyncGenerator<FileRecord> {
  const parser = Readable.from([content]).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let header: string[] | null = null;
  let row = 1;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = record;
      const missing = missingColumns(header);
      if (missing.length > 0)
        throw unprocessable(
          'import_columns_missing',
          `The file lacks the columns ${missing.join(', ')}`,
        );
      if (want === 'header') {
        parser.destroy();
        yield { row, cells: {}, record: header };
        return;
      }
      continue;
    }
    row += 1;
    const cells: Record<string, string> = {};
    header.forEach((name, i) => (cells[name] = record[i] ?? ''));
    yield { row, cells, record };
  }
}
