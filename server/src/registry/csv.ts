import { parse } from 'csv-parse/sync';
import { registryPersonSchema, type RegistryPerson } from '@kezek/contracts';

export class CsvImportError extends Error {}

/**
 * Reads `iin,lastName,firstName,middleName,parentIins` (parents separated by `;`), all rows or none:
 * the first bad row stops the import with its line number.
 */
export function parsePersonsCsv(text: string): RegistryPerson[] {
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
  return rows.map((row, index) => {
    const candidate = {
      iin: row.iin,
      lastName: row.lastName,
      firstName: row.firstName,
      ...(row.middleName ? { middleName: row.middleName } : {}),
      ...(row.parentIins ? { parentIins: row.parentIins.split(';').map((iin) => iin.trim()) } : {}),
    };
    const result = registryPersonSchema.safeParse(candidate);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new CsvImportError(
        `line ${index + 2}: ${issue.path.join('.') || 'row'}: ${issue.message}`,
      );
    }
    return result.data;
  });
}
