// The applicant's screens in Kazakh (and the application in Russian), each checked with axe and
// photographed for review: the service page, both steps of the form, the journal and the three
// tabs of an application. Along the way the benefit is changed (signed), and the other parent
// attaches the application from their journal (signed application.attach).
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  SCREENSHOTS,
  chooseFile,
  chooseLanguage,
  demoParent,
  expectAccessible,
  parentSignsIn,
  photograph,
  saveKeyFiles,
  signInKeyDialog,
} from './support.ts';

/** A 1×1 PNG: a scan of a proof as a phone would make it. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf0000000301010018dd8db00000000049454e44ae426082',
  'hex',
);

test('the applicant screens pass axe and are photographed; the benefit changes and the other parent attaches', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const { password, parent } = await demoParent(page.request, 'Сейтқалиева Динара');
  const files = await saveKeyFiles(page.request, parent, testInfo);
  const scan = testInfo.outputPath('мүгедектік-анықтама.png');
  writeFileSync(scan, PNG);

  await parentSignsIn(page, files, password, {
    email: 'dinara@example.kz',
    phone: '+77015550202',
  });
  await photograph(page, 'applicant-journal-empty-kk');
  // A parent's menu has no staff or administration areas; the page has its own title.
  const menu = page.getByRole('navigation', { name: 'Негізгі мәзір' });
  await expect(menu.getByRole('link', { name: 'Өтініш берушіге' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Балабақша қызметкеріне' })).toHaveCount(0);
  await expect(menu.getByRole('link', { name: 'Әкімшілік' })).toHaveCount(0);
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await expect(page).toHaveTitle(`${heading} — kezek`);

  await page.getByRole('link', { name: 'Баланы кезекке қою' }).first().click();
  await expect(page.getByRole('heading', { name: 'Қызмет туралы' })).toBeVisible();
  await photograph(page, 'applicant-service-kk');

  // Akmola oblast has four districts: the district choice appears; Astana has none.
  await page.getByLabel('Нұсқаулықпен танысқанымды растаймын').check();
  await page.getByLabel('Өңір').selectOption({ label: 'Ақмола облысы' });
  await expect(page.getByLabel('Аудан немесе қала')).toBeVisible();
  await page.getByRole('button', { name: 'Өтінімді беру' }).click();
  await expect(page.getByText('Міндетті өріс')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Өңір').selectOption({ label: 'Астана қаласы' });
  await expect(page.getByLabel('Аудан немесе қала')).toHaveCount(0);
  await page.getByRole('button', { name: 'Өтінімді беру' }).click();

  await expect(page.getByLabel('Өтініш берушінің тегі')).toHaveValue('Сейтқалиева');
  // The manual's address fields (seed 001, fig. 6).
  const address = page.getByRole('group', { name: 'Тұратын мекенжайы' });
  await address.getByLabel('Қала (елді мекен)').fill('Астана');
  await address.getByLabel('Көше').fill('Мәңгілік Ел даңғылы');
  await address.getByLabel('Үй').fill('55');
  await address.getByLabel('Пәтер').fill('7');
  await photograph(page, 'applicant-form-step1-kk');
  await page.getByRole('button', { name: 'Ары қарай' }).click();

  await page
    .getByRole('radiogroup', { name: 'Тізілімдегі балаларыңыз' })
    .getByRole('radio', { name: /Сейтқалиева Айару Арманқызы/ })
    .check();
  await expect(page.getByLabel(/^Баланың аты/)).toHaveValue('Айару');
  await page.getByLabel('Жеңілдік берілген тұлға').check();
  await page
    .getByLabel('Жеңілдік санаты')
    .selectOption({ label: 'Мүгедектігі бар ата-аналардың балалары' });
  await chooseFile(page, page.getByRole('button', { name: 'Файлдарды қосу' }), scan);
  await expect(
    page.getByRole('listitem').filter({ hasText: 'мүгедектік-анықтама.png' }),
  ).toContainText('Жүктелді');
  await photograph(page, 'applicant-form-step2-kk');

  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Қол қою кілтін таңдаңыз' })).toBeVisible();
  await expectAccessible(page);
  // The dialog covers the window only: a picture of the window, not of the whole page.
  await page.screenshot({ path: `${SCREENSHOTS}applicant-sign-dialog-kk.png` });
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(page).toHaveURL(/\/applicant\/applications\/\d+\?registered=true$/);
  await page
    .getByRole('dialog', { name: 'Өтініш тіркелді' })
    .getByRole('button', { name: 'ОК' })
    .click();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await photograph(page, 'applicant-detail-info-kk');

  await page.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  await expect(page.getByRole('table', { name: 'Өзгерістер тарихы' })).toContainText(
    'Өтініш тіркелді',
  );
  await photograph(page, 'applicant-detail-history-kk');

  await page.getByRole('tab', { name: 'Жалпы құжаттар' }).click();
  await expect(page.getByRole('table', { name: 'Өтінішке қосымшалар' })).toContainText(
    'мүгедектік-анықтама.png',
  );
  await photograph(page, 'applicant-detail-documents-kk');

  // Change the benefit: give it up (signed); the class changes, the registration instant stays.
  const before = (await (await page.request.get(`/api/applications/${id}`)).json()) as {
    registeredAt: string;
  };
  await page.getByRole('button', { name: 'Жеңілдікті өзгерту' }).click();
  const panel = page.getByRole('region', { name: 'Жеңілдікті өзгерту' });
  await expect(panel.getByLabel('Жеңілдік берілген тұлға')).toBeChecked();
  await expect(panel.getByLabel('Жеңілдік санаты')).toHaveValue('disabled_parent');
  await expectAccessible(page);
  await panel.getByLabel('Жеңілдік берілген тұлға').uncheck();
  await panel.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(page.getByText('Жеңілдік өзгертілді.')).toBeVisible();
  // The confirmation closes by itself even while the pointer rests on it.
  const toast = page
    .locator('.mantine-Notification-root')
    .filter({ hasText: 'Жеңілдік өзгертілді.' });
  await toast.hover();
  await expect(toast).toHaveCount(0, { timeout: 8000 });
  await expect(panel).toHaveCount(0);
  const after = (await (await page.request.get(`/api/applications/${id}`)).json()) as {
    registeredAt: string;
    benefit: { categoryCode: string | null };
  };
  expect(after.registeredAt).toBe(before.registeredAt);
  expect(after.benefit.categoryCode).toBeNull();
  await page.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Өзгерістер тарихы' })
      .getByRole('row', { name: /Жеңілдік өзгертілді/ }),
  ).toContainText('Жеңілдік: Жеңілдіксіз');

  // The journal with its row.
  await page.getByRole('link', { name: 'Өтініштер журналына оралу' }).click();
  await expect(
    page.getByRole('table', { name: 'Өтініштер журналы' }).getByRole('row', { name: /Айару/ }),
  ).toContainText('Жеңілдіксіз');
  await photograph(page, 'applicant-journal-kk');

  // On a phone the journal is a list of cards: the status and the queue number on screen, one tap
  // opens the application; each document is a full-width row with its download.
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('table', { name: 'Өтініштер журналы' })).toBeHidden();
  const aiaru = page
    .getByRole('list', { name: 'Өтініштер журналы' })
    .getByRole('listitem')
    .filter({ hasText: 'Айару' });
  await expect(aiaru).toContainText('Мәртебесі: Кезекте');
  await expect(aiaru).toContainText(/Кезек нөмірі: \d+/);
  const box = (await aiaru.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await photograph(page, 'applicant-journal-cards-kk');
  await aiaru.getByRole('link').click();
  await page.getByRole('tab', { name: 'Жалпы құжаттар' }).click();
  const download = page.getByRole('link', { name: 'Жүктеу: Тіркеу туралы хабарлама' });
  await expect(download).toBeVisible();
  const button = (await download.boundingBox())!;
  expect(button.width).toBeGreaterThan(300);
  expect(button.x + button.width).toBeLessThanOrEqual(390);
  await photograph(page, 'applicant-documents-phone-kk');
  await page.setViewportSize(desktop);
  await page.getByRole('link', { name: 'Өтініштер журналына оралу' }).click();

  // One screen in Russian: the application's information.
  await chooseLanguage(page, 'Русский');
  await page
    .getByRole('table', { name: 'Журнал заявлений' })
    .getByRole('row', { name: /Айару/ })
    .getByRole('link')
    .click();
  await expect(page.getByRole('tab', { name: 'Информация о заявлении' })).toBeVisible();
  await expect(page.getByText('Текущее состояние')).toBeVisible();
  await expect(page.getByText('Принято решение (В очереди)', { exact: true })).toBeVisible();
  // Without a benefit the number in the benefit category is 0, as on the registration notice.
  await expect(
    page
      .locator('dl > div')
      .filter({ has: page.getByText('Номер очереди по льготной категории', { exact: true }) })
      .locator('dd'),
  ).toHaveText('0');
  await expect(
    page.getByText(/\(в очереди с \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}\)/),
  ).toBeVisible();
  await photograph(page, 'applicant-detail-info-ru');
  await chooseLanguage(page, 'Қазақша');

  // The other parent (Арман) signs in and attaches Айару's application to his journal.
  await page.getByRole('banner').getByRole('button', { name: 'Шығу' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Кіру' })).toBeVisible();
  const other = await demoParent(page.request, 'Сейтқалиев Арман');
  const otherFiles = await saveKeyFiles(page.request, other.parent, testInfo);
  await parentSignsIn(page, otherFiles, password, {
    email: 'arman@example.kz',
    phone: '+77015550303',
  });
  const attach = page.getByRole('region', { name: 'Балам бойынша өтінішті қосу' });
  await attach.getByRole('button', { name: 'Қол қою және қосу' }).click();
  await expect(attach.getByText('Міндетті өріс')).toBeVisible();
  const childOption = async (name: string) =>
    (await attach.getByLabel('Бала').locator('option', { hasText: name }).getAttribute('value'))!;
  await attach.getByLabel('Бала').selectOption(await childOption('Алихан'));
  await attach.getByRole('button', { name: 'Қол қою және қосу' }).click();
  await signInKeyDialog(page, 'sign', otherFiles.sign, password);
  // Алихан has no application: said so, nothing attached.
  await expect(attach.getByRole('alert')).toContainText('Бұл баланың кезекте тұрған өтініші жоқ.');
  await attach.getByLabel('Бала').selectOption(await childOption('Айару'));
  await attach.getByRole('button', { name: 'Қол қою және қосу' }).click();
  await signInKeyDialog(page, 'sign', otherFiles.sign, password);
  await expect(
    page.getByText(/^UO\.\d{4}\.\d{6}\.1 өтініші журналыңызға қосылды\.$/),
  ).toBeVisible();
  const row = page.getByRole('table', { name: 'Өтініштер журналы' }).getByRole('row', {
    name: /Айару/,
  });
  await expect(row).toContainText(parent.fullName);
  await photograph(page, 'applicant-journal-attached-kk');
  await row.getByRole('link').click();
  await page.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Өзгерістер тарихы' })
      .getByRole('row', { name: /Өтініш екінші ата-анаға қосылды/ }),
  ).toContainText('Сіз');
});
