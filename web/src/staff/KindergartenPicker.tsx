import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useKindergartens } from '../api/reference.ts';
import { hasRole, useUser } from '../api/session.ts';
import type { Kindergarten } from '../api/types.ts';
import { kindergartenName, useLanguage } from '../i18n/format.ts';

/** The kindergartens the user acts for: a staff member's own; an administrator's, every one. */
export function useMyKindergartens(): { items: Kindergarten[]; pending: boolean; error: unknown } {
  const user = useUser();
  const kindergartens = useKindergartens();
  const all = kindergartens.data?.items ?? [];
  const mine = new Set(user?.kindergartenIds ?? []);
  return {
    items: hasRole(user, ['admin']) ? all : all.filter((item) => mine.has(item.id)),
    pending: kindergartens.isPending,
    error: kindergartens.error,
  };
}

/** The chosen kindergarten: the one asked for if it is the user's, else the first of theirs. */
export function chosenKindergarten(items: readonly Kindergarten[], wanted: number | undefined) {
  return items.find((item) => item.id === wanted) ?? items[0] ?? null;
}

/**
 * «Мектепке дейінгі ұйымды таңдаңыз» (docs/rules.md, "Kindergarten workspace"): shown only when
 * the user works for several kindergartens; with one, it is simply named.
 */
export function KindergartenPicker({
  items,
  value,
  onChange,
}: {
  items: readonly Kindergarten[];
  value: Kindergarten;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  if (items.length < 2) return null;
  return (
    <NativeSelect
      label={t('workspace.kindergarten')}
      value={String(value.id)}
      onChange={(event) => onChange(Number(event.currentTarget.value))}
      data={items.map((item) => ({
        value: String(item.id),
        label: kindergartenName(item.name, lng),
      }))}
      maw={480}
    />
  );
}
