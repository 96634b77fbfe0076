import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A form's last row: Cancel, then the button that sends the form (its label the children). */
export function CancelAndSubmit({
  onCancel,
  pending,
  color,
  disabled,
  children,
}: {
  onCancel: () => void;
  /** The form is being sent: the send button spins and Cancel waits for it. */
  pending?: boolean;
  /** The send button's colour: red.9 for what cannot be undone. */
  color?: string | undefined;
  /** The form cannot be sent as it is. */
  disabled?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending} color={color} disabled={disabled}>
        {children}
      </Button>
    </Group>
  );
}
