import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, SCREENSHOTS, chooseLanguage, expectAccessible } from './support.ts';

test('the administrator signs in, adds a kindergarten and sees the list in Kazakh', async ({
  page,
}) => {
  await page.goto('/');
  // Kazakh is the default language.
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expectAccessible(page);
  // A visitor's home page: the applicant's card and the public queue are links, and no work
  // area is offered.
  const areas = page.getByRole('region', { name: 'Қызмет бөлімдері' });
  await expect(areas.getByRole('link')).toHaveCount(2);
  await expect(areas.getByRole('link', { name: /Ашық кезек/ })).toBeVisible();
  await areas.getByRole('link', { name: /Өтініш берушіге/ }).click();
  await expect(page).toHaveURL(/\/applicant$/);
  await page.goto('/');

  await chooseLanguage(page, 'English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('IIN').fill(DEMO_ADMIN.iin);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong IIN or password.');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('link', { name: 'Kindergartens' }).click();
  // The administration's pages load when first opened: the list shows once it has come.
  await expect(page).toHaveURL(/\/admin\/kindergartens$/);
  await expect(page.getByRole('button', { name: 'Add kindergarten' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add kindergarten' }).click();

  // A bad phone is refused in the user's language before anything is sent.
  await page.getByLabel('Region').selectOption({ label: 'Astana city' });
  await page.getByLabel('District').selectOption({ label: 'Astana' });
  await page.getByLabel('Name (Kazakh)').fill('№ 101 «Таңшолпан» балабақшасы');
  await page.getByLabel('Name (Russian)').fill('Детский сад № 101 «Таншолпан»');
  await page.getByLabel('Kindergarten type').selectOption({ label: 'State' });
  await page.getByRole('checkbox', { name: 'Kazakh' }).check();
  await page.getByRole('checkbox', { name: 'Russian' }).check();
  await page.getByLabel('Address').fill('г. Астана, ул. Таншолпан, 3');
  await page.getByLabel('Phone').fill('12345');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/\+7 and 10 digits/).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Phone').fill('+77172501101');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    page
      .getByText('Kindergarten «Детский сад № 101 «Таншолпан»» was added.')
      .or(page.getByText(/was added/))
      .first(),
  ).toBeVisible();

  await chooseLanguage(page, 'Қазақша');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await page.getByRole('link', { name: 'Балабақшалар' }).click();
  await page.getByLabel('Іздеу').or(page.getByRole('searchbox')).first().fill('Таңшолпан');
  const row = page.getByRole('row', { name: /№ 101 «Таңшолпан» балабақшасы/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Мемлекеттік');
  await expect(page.getByRole('columnheader', { name: 'Атауы' })).toBeVisible();
  await page.getByLabel('Іздеу').or(page.getByRole('searchbox')).first().fill('');
  await expect(page.getByRole('heading', { name: 'Балабақшалар тізімі' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}admin-kindergartens-kk.png`, fullPage: true });
});
