import type { TFunction } from 'i18next';
import type { Language } from '@kezek/contracts';
import type { ApplicationStatus, BenefitCategory } from '../api/applications.ts';
import { localName } from '../i18n/format.ts';
import { hasMessage, translate } from '../i18n/message.tsx';

/** An application status in the interface language (`status.<code>`), else the code itself. */
export function statusLabel(t: TFunction, status: string | null | undefined): string {
  if (!status) return '—';
  const key = `status.${status}`;
  return hasMessage(key) ? translate(t, key) : status;
}

/** A benefit category's name by its code; "No benefit" without one. */
export function benefitLabel(
  t: TFunction,
  categories: readonly BenefitCategory[] | undefined,
  code: string | null | undefined,
  lng: Language,
): string {
  if (!code) return t('journal.noBenefit');
  const category = categories?.find((item) => item.code === code);
  return category ? localName(category.name, lng) : code;
}

/**
 * Statuses in which the child holds a place in the queue («в очереди с …»: docs/rules.md, "The
 * journal and the application").
 */
export function isWaiting(status: ApplicationStatus): boolean {
  return status === 'queued' || status === 'turn' || status === 'stop_listed';
}

/** "Кезекте → Кезектен шығарылды", or one side, or a dash. */
export function statusChange(t: TFunction, from: string | null, to: string | null): string {
  if (from && to && from !== to) return `${statusLabel(t, from)} → ${statusLabel(t, to)}`;
  if (to) return statusLabel(t, to);
  if (from) return statusLabel(t, from);
  return '—';
}
