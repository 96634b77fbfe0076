/** The kindergarten's name for a reader of `language` (there is no English name). */
export const kindergartenNameIn = (
  row: { name_kk: string; name_ru: string },
  language: string,
): string => (language === 'kk' ? row.name_kk : row.name_ru);
