import { Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useKindergartens, useRegions } from '../api/reference.ts';
import { useUser } from '../api/session.ts';
import { kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { districtIndex, languagesText } from '../shell/options.ts';

function StaffHome() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const user = useUser();
  const kindergartens = useKindergartens();
  const regions = useRegions();
  const mine = new Set(user?.kindergartenIds ?? []);
  const items = (kindergartens.data?.items ?? []).filter((item) => mine.has(item.id));
  const districts = districtIndex(regions.data?.items ?? []);

  return (
    <Stack gap="lg">
      <PageTitle description={t('staffArea.lead')}>{t('staffArea.title')}</PageTitle>
      <ProblemAlert error={kindergartens.error} />
      <section>
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder>
            <TableHeading>{t('staffArea.tableTitle')}</TableHeading>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.name')}</Table.Th>
                <Table.Th scope="col">{t('fields.kindergartenType')}</Table.Th>
                <Table.Th scope="col">{t('fields.languages')}</Table.Th>
                <Table.Th scope="col">{t('fields.district')}</Table.Th>
                <Table.Th scope="col">{t('fields.address')}</Table.Th>
                <Table.Th scope="col">{t('fields.phone')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kindergartens.isPending ? (
                <LoadingRow colSpan={6} />
              ) : items.length === 0 ? (
                <EmptyRow colSpan={6}>{t('staffArea.empty')}</EmptyRow>
              ) : (
                items.map((item) => {
                  const place = districts.get(item.districtId);
                  return (
                    <Table.Tr key={item.id}>
                      <Table.Td>{kindergartenName(item.name, lng)}</Table.Td>
                      <Table.Td>{t(`kgType.${item.type}`)}</Table.Td>
                      <Table.Td>{languagesText(item.languages, t)}</Table.Td>
                      <Table.Td>{place ? localName(place.district.name, lng) : ''}</Table.Td>
                      <Table.Td>{item.address}</Table.Td>
                      <Table.Td>{item.phone ?? ''}</Table.Td>
                    </Table.Tr>
                  );
                })
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <AnchorLink to="/staff/places">{t('places.homeLink')}</AnchorLink>
    </Stack>
  );
}

export function StaffHomePage() {
  return (
    <RequireRole roles={['staff']}>
      <StaffHome />
    </RequireRole>
  );
}
