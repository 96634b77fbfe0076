import { NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDepartmentKindergartens } from '../api/department.ts';
import { languagesText } from '../shell/options.ts';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { useMyDistricts } from '../shell/districts.ts';

/** The kindergartens of the officer's districts with their free places and enrolled children. */
export function KindergartensPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const districts = useMyDistricts();
  const [districtId, setDistrictId] = useState<number | null>(null);
  const list = useDepartmentKindergartens(districtId);
  const rows = list.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.kindergartens.lead')}>
        {t('department.kindergartens.title')}
      </PageTitle>
      <NativeSelect
        label={t('fields.district')}
        value={districtId === null ? '' : String(districtId)}
        onChange={(event) =>
          setDistrictId(event.currentTarget.value ? Number(event.currentTarget.value) : null)
        }
        data={[{ value: '', label: t('department.kindergartens.allDistricts') }, ...districts]}
        maw={420}
      />
      <ProblemAlert error={list.error} />
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder aria-busy={list.isFetching}>
          <TableHeading>{t('department.kindergartens.tableTitle')}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fields.name')}</Table.Th>
              <Table.Th scope="col">{t('fields.kindergartenType')}</Table.Th>
              <Table.Th scope="col">{t('fields.languages')}</Table.Th>
              <Table.Th scope="col">{t('fields.address')}</Table.Th>
              <Table.Th scope="col">{t('department.kindergartens.free')}</Table.Th>
              <Table.Th scope="col">{t('department.kindergartens.freeTotal')}</Table.Th>
              <Table.Th scope="col">{t('department.kindergartens.enrolled')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending ? (
              <LoadingRow colSpan={7} />
            ) : rows.length === 0 ? (
              <EmptyRow colSpan={7}>{t('department.kindergartens.empty')}</EmptyRow>
            ) : (
              rows.map((kindergarten) => (
                <Table.Tr key={kindergarten.id}>
                  <Table.Td>{kindergartenName(kindergarten.name, lng)}</Table.Td>
                  <Table.Td>{t(`kgType.${kindergarten.type}`)}</Table.Td>
                  <Table.Td>{languagesText(kindergarten.languages, t)}</Table.Td>
                  <Table.Td>{kindergarten.address}</Table.Td>
                  <Table.Td>
                    {kindergarten.free.length === 0
                      ? '—'
                      : kindergarten.free.map((row) => (
                          <Text size="sm" key={`${row.groupYear}-${row.language}`}>
                            {t('department.kindergartens.freeRow', {
                              year: row.groupYear,
                              language: t(`languageShort.${row.language}`),
                              free: row.free,
                            })}
                          </Text>
                        ))}
                  </Table.Td>
                  <Table.Td>{kindergarten.freeTotal}</Table.Td>
                  <Table.Td>{kindergarten.enrolled}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
