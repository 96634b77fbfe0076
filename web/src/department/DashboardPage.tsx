import '@mantine/charts/styles.css';
import { BarChart, CompositeChart, LineChart, type ChartSeries } from '@mantine/charts';
import {
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DASHBOARD_FIGURES, type Language } from '@kezek/contracts';
import {
  dashboardExportUrl,
  useDashboard,
  type Dashboard,
  type DashboardFigure,
  type DashboardFigureName,
  type DashboardFilters,
} from '../api/dashboard.ts';
import {
  formatDateTime,
  formatMonth,
  kindergartenName,
  localName,
  useLanguage,
} from '../i18n/format.ts';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';

const COLORS = ['blue.7', 'teal.7', 'orange.7', 'grape.7', 'red.7', 'cyan.8', 'lime.8', 'indigo.7'];
/** The kindergartens a bar chart shows; the table view has them all. */
const CHART_KINDERGARTENS = 15;
const PERIODS = [6, 12, 24, 36] as const;

/** A series' column name: a district's, a class's or a measure's; a group year as it is. */
function seriesLabel(figure: DashboardFigure, key: string, t: TFunction, lng: Language): string {
  const series = figure.series.find((s) => s.key === key);
  if (series?.name) return localName(series.name, lng);
  if (/^\d{4}$/.test(key)) return key;
  if (key === 'out_of_turn' || key === 'first_priority' || key === 'general')
    return t(`department.queueClass.${key}`);
  return t(`department.dashboard.series.${key as 'issued'}`);
}

function rowLabel(row: DashboardFigure['rows'][number], lng: Language): string {
  return row.name ? kindergartenName(row.name, lng) : formatMonth(row.key, lng);
}

/** A figure's table: the same numbers the chart draws; a value not counted shows as a dash. */
function FigureTable({ figure, title }: { figure: DashboardFigure; title: string }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    // Scrolled sideways on a narrow screen: a region of its own that the keyboard can reach.
    <div
      className="dashboard-table"
      role="region"
      aria-label={t('department.dashboard.tableLabel', { title })}
      tabIndex={0}
    >
      <Table striped withTableBorder miw={360}>
        <caption>
          <VisuallyHidden>{title}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              {t(
                figure.rowKind === 'month'
                  ? 'department.dashboard.month'
                  : 'department.dashboard.kindergarten',
              )}
            </Table.Th>
            {figure.series.map((s) => (
              <Table.Th scope="col" key={s.key}>
                {seriesLabel(figure, s.key, t, lng)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {figure.rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={figure.series.length + 1}>
                {t('department.dashboard.empty')}
              </Table.Td>
            </Table.Tr>
          ) : (
            figure.rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Th scope="row" fw="normal">
                  {rowLabel(row, lng)}
                </Table.Th>
                {row.values.map((value, i) => (
                  <Table.Td key={figure.series[i]!.key}>{value ?? '—'}</Table.Td>
                ))}
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** The chart of a figure: lines over months, bars for counts, bars by kindergarten. */
function FigureChart({ name, figure }: { name: DashboardFigureName; figure: DashboardFigure }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const kindergartens = figure.rowKind === 'kindergarten';
  const rows = kindergartens ? figure.rows.slice(0, CHART_KINDERGARTENS) : figure.rows;
  const data = rows.map((row) => ({
    label: rowLabel(row, lng),
    ...Object.fromEntries(figure.series.map((s, i) => [s.key, row.values[i]])),
  }));
  const series: ChartSeries[] = figure.series.map((s, i) => ({
    name: s.key,
    label: seriesLabel(figure, s.key, t, lng),
    color: COLORS[i % COLORS.length]!,
  }));
  const common = {
    h: kindergartens ? Math.max(160, rows.length * 36) : 280,
    data,
    dataKey: 'label',
    withLegend: true,
    // The wrapper is the chart's one accessible element; the table view holds the numbers.
    accessibilityLayer: false,
    // Counts are whole; a median may be half a day.
    yAxisProps: { allowDecimals: name === 'medianWait' },
  };
  if (name === 'releasedAgainstDemand')
    return (
      <CompositeChart
        {...common}
        withRightYAxis
        rightYAxisProps={{ allowDecimals: false }}
        series={[
          { ...series[0]!, type: 'bar' },
          { ...series[1]!, type: 'line', yAxisId: 'right' },
        ]}
      />
    );
  if (name === 'directions' || kindergartens)
    return (
      <BarChart
        {...common}
        series={series}
        {...(kindergartens && {
          orientation: 'vertical' as const,
          xAxisProps: { allowDecimals: false },
          yAxisProps: { width: 160 },
        })}
      />
    );
  return <LineChart {...common} series={series} connectNulls={false} curveType="linear" />;
}

function FigureCard({
  name,
  figure,
  filters,
}: {
  name: DashboardFigureName;
  figure: DashboardFigure;
  filters: DashboardFilters;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const title = t(`department.dashboard.figures.${name}.title`);
  const empty = figure.rows.length === 0 || figure.series.length === 0;
  return (
    <Card withBorder component="section" aria-labelledby={headingId} data-figure={name}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {t(`department.dashboard.figures.${name}.description`)}
        </Text>
        <Switch
          label={t('department.dashboard.tableView')}
          checked={asTable}
          onChange={(event) => setAsTable(event.currentTarget.checked)}
        />
        {asTable ? (
          <FigureTable figure={figure} title={title} />
        ) : empty ? (
          <Text>{t('department.dashboard.empty')}</Text>
        ) : (
          <div role="img" aria-label={t('department.dashboard.chartLabel', { title })}>
            <FigureChart name={name} figure={figure} />
          </div>
        )}
        {figure.rowKind === 'kindergarten' && figure.rows.length > CHART_KINDERGARTENS && (
          <Text size="sm">
            {t('department.dashboard.topShown', { count: CHART_KINDERGARTENS })}
          </Text>
        )}
        <Group gap="xs">
          {(['csv', 'xlsx'] as const).map((format) => (
            <Button
              key={format}
              component="a"
              href={dashboardExportUrl(filters, name, format, lng)}
              download
              variant="light"
              size="compact-sm"
              aria-label={t('department.dashboard.downloadLabel', {
                title,
                format: format.toUpperCase(),
              })}
            >
              {t('department.dashboard.download', { format: format.toUpperCase() })}
            </Button>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

function Updated({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const at = (instant: string | null) =>
    instant ? formatDateTime(instant) : t('department.dashboard.never');
  return (
    <Text size="sm" c="dimmed">
      {t('department.dashboard.updated', {
        at: at(dashboard.summarisedAt),
        queue: at(dashboard.queueCountedAt),
      })}
    </Text>
  );
}

/**
 * The department's dashboard (docs/dashboard.md): the queue, places and directions of the
 * officer's districts (an administrator's: every district, or one chosen) month by month, each
 * figure a chart with its table view and its downloads.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const [filters, setFilters] = useState<DashboardFilters>({ districtId: null, months: 12 });
  const query = useDashboard(filters);
  const dashboard = query.data;
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.dashboard.lead')}>
        {t('department.dashboard.title')}
      </PageTitle>
      <Group align="end">
        <NativeSelect
          label={t('fields.district')}
          value={filters.districtId === null ? '' : String(filters.districtId)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilters((f) => ({ ...f, districtId: value ? Number(value) : null }));
          }}
          data={[
            { value: '', label: t('department.dashboard.allDistricts') },
            ...(dashboard?.districts ?? []).map((d) => ({
              value: String(d.id),
              label: localName(d.name, lng),
            })),
          ]}
          maw={360}
        />
        <NativeSelect
          label={t('department.dashboard.period')}
          value={String(filters.months)}
          onChange={(event) => {
            const months = Number(event.currentTarget.value);
            setFilters((f) => ({ ...f, months }));
          }}
          data={PERIODS.map((months) => ({
            value: String(months),
            label: t('department.dashboard.months', { count: months }),
          }))}
          maw={240}
        />
      </Group>
      <ProblemAlert error={query.error} />
      {dashboard && (
        <Stack gap="md" aria-busy={query.isFetching}>
          <Updated dashboard={dashboard} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            {DASHBOARD_FIGURES.map((name) => (
              <FigureCard
                key={name}
                name={name}
                figure={dashboard.figures[name]}
                filters={filters}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
