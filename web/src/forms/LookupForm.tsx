import { Button, Group, Radio, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export type LookupKey = 'iin' | 'number';

/** The number a search can be made by, besides the child's IIN: its words and its pattern. */
export interface NumberKey {
  option: string;
  label: string;
  hint: string;
  pattern: RegExp;
  invalid: string;
}

const IIN = /^\d{12}$/;

/**
 * «Іздеу түрі» (docs/rules.md, "Kindergarten workspace"): a search by the child's IIN or by a
 * number, checked here before anything is asked of the server.
 */
export function LookupForm({
  label,
  numberKey,
  busy,
  onSearch,
}: {
  label: string;
  numberKey: NumberKey;
  busy: boolean;
  onSearch: (by: LookupKey, value: string) => void;
}) {
  const { t } = useTranslation();
  const [by, setBy] = useState<LookupKey>('iin');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = value.trim();
    if (!(by === 'iin' ? IIN : numberKey.pattern).test(text)) {
      setError(by === 'iin' ? t('workspace.search.badIin') : numberKey.invalid);
      return;
    }
    setError(null);
    onSearch(by, text);
  };
  return (
    <form noValidate onSubmit={submit} role="search" aria-label={label}>
      <Stack gap="sm" maw={560}>
        <Radio.Group
          label={t('workspace.search.by')}
          value={by}
          onChange={(next) => {
            setBy(next as LookupKey);
            setError(null);
          }}
        >
          <Group mt={4}>
            <Radio value="iin" label={t('workspace.search.byIin')} />
            <Radio value="number" label={numberKey.option} />
          </Group>
        </Radio.Group>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            label={by === 'iin' ? t('workspace.search.iin') : numberKey.label}
            description={by === 'iin' ? t('fields.iinHint') : numberKey.hint}
            inputMode={by === 'iin' ? 'numeric' : 'text'}
            maxLength={by === 'iin' ? 12 : 20}
            value={value}
            error={error}
            onChange={(event) => setValue(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy} mb={error ? 22 : 0}>
            {t('common.search')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
