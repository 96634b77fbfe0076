import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A child in a list's cell: the name, and the IIN under it. */
export function ChildCell({ child }: { child: { fullName: string; iin: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm">{child.fullName}</Text>
      <Text size="sm" c="dimmed">
        {t('department.iinValue', { iin: child.iin })}
      </Text>
    </>
  );
}
