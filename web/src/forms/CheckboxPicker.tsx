import { Checkbox, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type PickerGroup = { group: string; items: { value: string; label: string }[] };

/**
 * A multiple choice as a list of labelled checkboxes (grouped, with a filter when long): each
 * option is a real checkbox named by its label, unlike a combobox.
 */
export function CheckboxPicker({
  label,
  description,
  groups,
  value = [],
  onChange,
  error,
}: {
  label: string;
  description?: string;
  groups: PickerGroup[];
  value?: string[];
  onChange?: (value: string[]) => void;
  error?: ReactNode;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const total = groups.reduce((sum, group) => sum + group.items.length, 0);
  const needle = filter.trim().toLocaleLowerCase();
  const shown = groups
    .map((group) => ({
      group: group.group,
      items: needle
        ? group.items.filter((item) => item.label.toLocaleLowerCase().includes(needle))
        : group.items,
    }))
    .filter((group) => group.items.length > 0);

  return (
    <Checkbox.Group
      label={label}
      description={description}
      value={value}
      onChange={onChange}
      error={error}
    >
      <Stack gap="xs" mt="xs">
        {total > 12 ? (
          <TextInput
            type="search"
            size="sm"
            label={t('picker.filter')}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
          />
        ) : null}
        <Text size="sm" aria-live="polite">
          {t('picker.selected', { count: value.length })}
        </Text>
        <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars>
          <Stack gap="sm" pr="xs">
            {shown.length === 0 ? <Text size="sm">{t('common.nothingFound')}</Text> : null}
            {shown.map((group) => (
              <Stack key={group.group} gap={6}>
                <Text size="sm" fw={600}>
                  {group.group}
                </Text>
                {group.items.map((item) => (
                  <Checkbox key={item.value} value={item.value} label={item.label} />
                ))}
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Checkbox.Group>
  );
}
