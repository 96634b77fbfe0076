// Importing an existing queue (issue 20, item 3): the administrator uploads a legacy export, sees
// the refused rows by row number in Kazakh, downloads them, and in Russian imports the clean rows
// after a confirmation, with the progress shown while it runs; both also at a phone's width.
import { expect, test } from '@playwright/test';
import { QUEUE_IMPORT_COLUMNS } from '@kezek/contracts';
import { makeIin } from '@kezek/domain';
import { DEMO_ADMIN, chooseLanguage, photograph } from './support.ts';

/** A legacy export: three good rows of children born in 2023 and two bad ones (rows 3 and 5). */
function legacyExport(districtId: number): string {
  const row = (i: number, change: Record<string, string> = {}) => {
    const birth = `2023-05-${String(10 + i).padStart(2, '0')}`;
    const cells: Record<string, string> = {
      number: `OLD-2024-${String(i).padStart(5, '0')}`,
      childIin: makeIin(birth, i % 2 ? 'male' : 'female', 9100 + i),
      birthDate: birth,
      applicantIin: makeIin('1990-07-07', 'female', 9100 + i),
      email: `parent${i}@example.kz`,
      phone: '8 701 555 00 0' + i,
      district: String(districtId),
      benefitClass: 'general',
      benefitCategory: '',
      registeredAt: `2024-03-0${i}T10:00:00+05:00`,
      status: 'queued',
      language: 'kk',
      ...change,
    };
    return QUEUE_IMPORT_COLUMNS.map((c) => cells[c]).join(',');
  };
  return [
    QUEUE_IMPORT_COLUMNS.join(','),
    row(1),
    row(2, { childIin: '123456789012', district: '99999' }),
    row(3),
    row(4, { registeredAt: '04.03.2024 10:00' }),
    row(5, { benefitClass: 'first_priority', benefitCategory: 'large_family' }),
  ].join('\n');
}

test('the administrator imports a legacy queue: refused rows in Kazakh, the clean rows in Russian', async ({
  page,
  request,
}) => {
  const regions = (await (await request.get('/api/regions')).json()) as {
    items: { districts: { id: number }[] }[];
  };
  const districtId = regions.items.flatMap((r) => r.districts)[0]!.id;

  await page.goto('/signin');
  await page.getByLabel('ЖСН').fill(DEMO_ADMIN.iin);
  await page.getByRole('textbox', { name: 'Құпиясөз', exact: true }).fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Кіру', exact: true }).click();
  await page.getByRole('link', { name: 'Кезекті импорттау' }).click();
  await expect(page).toHaveURL(/\/admin\/queue-import$/);
  await expect(page.getByRole('heading', { name: 'Кезекті импорттау' })).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByLabel('CSV файлы').click();
  await (
    await chooser
  ).setFiles({
    name: 'legacy.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(legacyExport(districtId)),
  });
  await page.getByRole('button', { name: 'Жүктеу және тексеру' }).click();

  // The refused rows by their row numbers (the header is row 1), nothing imported yet.
  await expect(page.getByText('Қабылданбаған жолдар: 2')).toBeVisible();
  const table = page.getByRole('table', { name: 'Қабылданбаған жолдар' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('3');
  await expect(table.getByRole('row').nth(1)).toContainText('Баланың ЖСН-і қате');
  await expect(table.getByRole('row').nth(1)).toContainText('Белгісіз аудан');
  await expect(table.getByRole('row').nth(2)).toContainText('5');
  await expect(table.getByRole('row').nth(2)).toContainText('Тіркелу сәті');
  await expect(page.getByRole('button', { name: 'Импорттау', exact: true })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Қабылданбаған жолдарды жүктеп алу (CSV)' }).click();
  const rejected = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(rejected, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/,row,problems$/);
  await photograph(page, 'admin-import-refused-kk', { phone: true });

  await chooseLanguage(page, 'Русский');
  await expect(page.getByText('Отклонено строк: 2')).toBeVisible();
  await page.getByRole('button', { name: 'Импортировать только верные строки' }).click();
  const dialog = page.getByRole('dialog', { name: 'Импортировать очередь?' });
  await expect(dialog).toContainText(
    'Верных заявлений войдёт в очередь: 3; отклонённые строки (2) не войдут',
  );
  await dialog.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByText('Импортировано заявлений: 3; уже были: 0.')).toBeVisible();
  await expect(page.getByText('Импортирован', { exact: true })).toBeVisible();
  await photograph(page, 'admin-import-done-ru', { phone: true });
});
