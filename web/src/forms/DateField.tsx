import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { isLocalDate } from '@kezek/domain';

/** A date as people here write it, DD.MM.YYYY, as the ISO date the API takes (or null). */
export function parseDottedDate(text: string): string | null {
  const match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (!match) return null;
  const [, day, month, year] = match;
  const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  return isLocalDate(iso) ? iso : null;
}

type DateFieldProps = Omit<
  DateInputProps,
  'value' | 'onChange' | 'minDate' | 'maxDate' | 'valueFormat' | 'dateParser'
> & {
  /** `YYYY-MM-DD`, or '' when empty. */
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
};

/**
 * A calendar date, typed or picked, shown DD.MM.YYYY in the interface's language whatever the
 * browser's own locale (a native date input follows the browser: mm/dd/yyyy in an English one).
 */
export function DateField({ value, onChange, min, max, ...props }: DateFieldProps) {
  const { t } = useTranslation();
  return (
    <DateInput
      valueFormat="DD.MM.YYYY"
      dateParser={parseDottedDate}
      placeholder={t('fields.datePlaceholder')}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      minDate={min}
      maxDate={max}
      clearable
      clearButtonProps={{ 'aria-label': t('fields.clearDate') }}
      nextLabel={t('fields.nextMonth')}
      previousLabel={t('fields.previousMonth')}
      // Days of other months and weekends drawn in the text colour: the dimmed and red defaults
      // are too faint to read.
      hideOutsideDates
      weekendDays={[]}
      {...props}
    />
  );
}
