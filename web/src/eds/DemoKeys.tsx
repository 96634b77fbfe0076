import { Anchor, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { isApiError } from '../api/errors.ts';
import { queryKeys } from '../api/query-client.ts';
import { translate } from '../i18n/message.tsx';
import { TableHeading } from '../shell/common.tsx';

export interface DemoKeys {
  password: string;
  items: {
    iin: string;
    fullName: string;
    role: string;
    keys: { keyType: 'auth' | 'sign'; url: string }[];
  }[];
}

/** `GET /api/demo/keys`: null when the server is not in demo mode (404). */
async function fetchDemoKeys(signal: AbortSignal): Promise<DemoKeys | null> {
  try {
    return await api<DemoKeys>('/api/demo/keys', { signal });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

/** Only a path of this site: the list comes from the server, the link must stay here. */
export function sameSite(url: string): string | null {
  return url.startsWith('/api/') ? url : null;
}

/** The demo people and their key files; `data` is null outside demo mode. */
export function useDemoKeys() {
  return useQuery({
    queryKey: queryKeys.demoKeys,
    queryFn: ({ signal }) => fetchDemoKeys(signal),
    staleTime: Infinity,
    retry: false,
  });
}

/**
 * Demo mode only: the demo people's AUTH and SIGN key files and their one password, so that a
 * visitor can try the real EDS sign-in. Shows nothing outside demo mode.
 */
export function DemoKeysSection() {
  const { t } = useTranslation();
  const demo = useDemoKeys();
  if (!demo.data || demo.data.items.length === 0) return null;
  const { password, items } = demo.data;
  return (
    <Stack gap="sm" className="demo-keys">
      <Text>{t('demo.lead')}</Text>
      <Group gap="xs">
        <Text fw={500}>{t('demo.password')}</Text>
        <Code fz="md" className="demo-password">
          {password}
        </Code>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs">
          <TableHeading>{t('demo.title')}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fields.fullName')}</Table.Th>
              <Table.Th scope="col">{t('fields.role')}</Table.Th>
              <Table.Th scope="col">{t('fields.iin')}</Table.Th>
              <Table.Th scope="col">{t('demo.files')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((person) => (
              <Table.Tr key={person.iin}>
                <Table.Td>{person.fullName}</Table.Td>
                <Table.Td>{translate(t, `role.${person.role}`)}</Table.Td>
                <Table.Td>{person.iin}</Table.Td>
                <Table.Td>
                  <Group gap="md" wrap="nowrap">
                    {(['auth', 'sign'] as const).map((keyType) => {
                      const url = sameSite(
                        person.keys.find((key) => key.keyType === keyType)?.url ?? '',
                      );
                      if (!url) return null;
                      const label = t(keyType === 'auth' ? 'demo.authKey' : 'demo.signKey');
                      return (
                        <Anchor
                          key={keyType}
                          href={url}
                          download
                          aria-label={`${label}: ${person.fullName}`}
                        >
                          {label}
                        </Anchor>
                      );
                    })}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
