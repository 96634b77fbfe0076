import { Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { CancelAndSubmit } from './CancelAndSubmit.tsx';

/**
 * The confirmation before a signed decision that carries a reason or a comment: what will
 * happen, the text (at least 3 characters when `required`), cancel or go on to the signature.
 */
export function ReasonDialog({
  opened,
  title,
  children,
  label,
  description,
  required,
  missing,
  confirm,
  danger,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  label: string;
  description?: string | undefined;
  required: boolean;
  /** What to say when a required text is missing. */
  missing: string;
  confirm: string;
  danger: boolean;
  onClose: () => void;
  onConfirm: (text: string) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (required && text.trim().length < 3) {
      setError(missing);
      return;
    }
    onConfirm(text.trim());
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          {children}
          <Textarea
            label={label}
            description={description}
            required={required}
            maxLength={500}
            autosize
            minRows={3}
            value={text}
            error={error}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setError(null);
            }}
          />
          <CancelAndSubmit onCancel={onClose} color={danger ? 'red.9' : undefined}>
            {confirm}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Modal>
  );
}
