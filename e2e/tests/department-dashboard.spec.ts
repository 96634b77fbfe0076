// The department's dashboard (docs/dashboard.md) as the Astana officer uses it: in Kazakh the
// figures as charts, a figure's table view and its CSV and XLSX downloads (the same numbers as
// the table); in Russian the queue by group year, desktop and phone, axe-clean. A direction made
// through the API (as a parent and the staff would) and the jobs' tick put numbers in it.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, photograph } from './support.ts';
import { OFFICER, issueDirection, signInWithPassword, waitingChild } from './workspace-support.ts';

const NO1 = 'Детский сад № 1 «Балбобек»';
/** The current Almaty month, YYYY-MM (the server's clock is set to now below). */
const thisMonth = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 7);

test.beforeEach(async ({ request }) => {
  // Other specs move the server's clock; the demo keys are valid around the real date.
  await request.post('/api/test/clock', { data: { now: new Date().toISOString() } });
});

/** The last row (the current month) of a figure's table view, cell by column. */
async function lastRow(page: Page, figure: string, tableView: string) {
  const section = page.getByRole('region', { name: figure });
  await section.getByRole('switch', { name: tableView }).check();
  const table = section.getByRole('table', { name: figure });
  await expect(table).toBeVisible();
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const cells = await table.getByRole('row').last().getByRole('cell').allInnerTexts();
  // The row's first cell is its header (the month).
  return Object.fromEntries(headers.slice(1).map((header, i) => [header, cells[i]]));
}

test('the officer reads the dashboard in kk: charts, a table view, CSV and XLSX', async ({
  page,
  request,
  baseURL,
}) => {
  await waitingChild(request, baseURL!, { kindergarten: NO1, firstName: 'Аружан' });
  await issueDirection(request, baseURL!, {
    kindergarten: NO1,
    language: 'kk',
    firstName: 'Дана',
  });
  // The jobs take the new history in; the queue is counted at the first tick of a run and then
  // every 15 minutes of the server's clock.
  await request.post('/api/test/clock', {
    data: { now: new Date(Date.now() + 16 * 60_000).toISOString() },
  });
  expect((await request.post('/api/test/tick')).status()).toBe(200);

  await signInWithPassword(page, OFFICER);
  await page.goto('/department');
  await page
    .getByRole('navigation', { name: 'Білім бөлімінің бөлімдері' })
    .getByRole('link', { name: 'Көрсеткіштер' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Көрсеткіштер тақтасы' })).toBeVisible();
  // Every figure is drawn, each chart named for what it shows.
  for (const name of [
    'Кезек туған жылдары бойынша',
    'Кезек санаттары бойынша',
    'Кезек аудандар бойынша',
    'Бөлінген орындар және сұраныс',
    'Кезекке дейінгі күтудің медианасы, күн',
    'Жолдамалар айлар бойынша',
  ])
    await expect(page.getByRole('img', { name: new RegExp(`^${name}: диаграмма`) })).toBeVisible();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await photograph(page, 'dashboard-kk', { phone: true });

  const figure = 'Жолдамалар айлар бойынша';
  const row = await lastRow(page, figure, 'Кесте түрінде');
  expect(Number(row['Берілді'])).toBeGreaterThanOrEqual(1);
  await photograph(page, 'dashboard-table-kk');

  const section = page.getByRole('region', { name: figure });
  const [csvFile] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('link', { name: `${figure}: CSV жүктеу` }).click(),
  ]);
  expect(csvFile.suggestedFilename()).toMatch(/^kezek-directions-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const [header, ...rows] = readFileSync((await csvFile.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(header).toBe('Ай,Берілді,Мерзімі өтті,Қайтарып алынды,Бас тартылды,Қабылданды');
  // The file's current month holds the numbers the table view shows.
  expect(rows.at(-1)).toBe(
    [
      thisMonth(),
      row['Берілді'],
      row['Мерзімі өтті'],
      row['Қайтарып алынды'],
      row['Бас тартылды'],
      row['Қабылданды'],
    ].join(','),
  );
  const [xlsxFile] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('link', { name: `${figure}: XLSX жүктеу` }).click(),
  ]);
  expect(xlsxFile.suggestedFilename()).toMatch(/\.xlsx$/);
  // An XLSX file is a ZIP archive.
  expect(
    readFileSync((await xlsxFile.path())!)
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
});

test('the officer reads the queue by group year in ru, desktop and phone', async ({ page }) => {
  await page.goto('/');
  await chooseLanguage(page, 'Русский');
  await signInWithPassword(page, OFFICER, { iin: 'ИИН', password: 'Пароль', submit: 'Войти' });
  await page.goto('/department/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Панель показателей' })).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^Очередь по годам рождения: диаграмма/ }),
  ).toBeVisible();
  await photograph(page, 'dashboard-ru', { phone: true });
  const row = await lastRow(page, 'Очередь по годам рождения', 'Таблицей');
  // The child of the first test waits in group year 2022.
  expect(Number(row['2022'])).toBeGreaterThanOrEqual(1);
  await photograph(page, 'dashboard-table-ru', { phone: true });
});
