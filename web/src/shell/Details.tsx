import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A definition list of label and value pairs, as the seeds' information panels show them. */
export function Details({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="profile-details">
      {items.map((item) => (
        <div key={item.label}>
          <Text component="dt" size="sm" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" fw={500}>
            {item.value}
          </Text>
        </div>
      ))}
    </dl>
  );
}
