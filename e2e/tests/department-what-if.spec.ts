// What-if (docs/what-if.md): an officer tries a release and a new kindergarten against today's
// queue; the page shows who would get a turn and the median wait, and nothing changes.
import { expect, request, test, type Page } from '@playwright/test';
import { makeFamily } from './families.ts';
import { registerChild } from './prepare.ts';
import { SCREENSHOTS, expectAccessible } from './support.ts';
import { OFFICER, signInWithPassword } from './workspace-support.ts';

const PHONE = { width: 390, height: 844 };

/** What the server holds that a release would change: batches and applications by status. */
async function footprint(page: Page) {
  const places = await page.request.get('/api/places?limit=100');
  expect(places.status()).toBe(200);
  const queue = await page.request.get('/api/queue/group-years?districtId=1');
  return { places: await places.text(), queue: await queue.text() };
}

test('in Kazakh on a computer: a release at a kindergarten, tried without changing anything', async ({
  page,
  baseURL,
}, testInfo) => {
  // A child waiting in the queue of Astana, registered by their parent in another browser.
  const groupYear = new Date().getFullYear() - 5;
  const parentBrowser = await request.newContext({ baseURL });
  const { parent, children } = await makeFamily(parentBrowser, testInfo, {
    parent: {
      lastName: 'Тұрсынова',
      firstName: 'Мадина',
      middleName: 'Асқарқызы',
      birthDate: '1992-07-01',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Тұрсынов',
        firstName: 'Ислам',
        middleName: 'Бауыржанұлы',
        birthDate: `${groupYear}-02-02`,
        sex: 'male',
      },
    ],
  });
  const applicationId = await registerChild(
    parentBrowser,
    parent,
    children[0]!.iin,
    { email: 'madina.tursynova@example.kz', phone: '+77015550179' },
    'kk',
  );
  const { queueNumber } = (await (
    await parentBrowser.get(`/api/applications/${applicationId}`)
  ).json()) as { queueNumber: number };
  await parentBrowser.dispose();

  await signInWithPassword(page, OFFICER);
  await expect(page).toHaveURL(/\/department/);
  await page.getByRole('link', { name: 'Егер… (болжам)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Егер… (болжам)' })).toBeVisible();
  const before = await footprint(page);

  await page
    .getByLabel('Балабақша', { exact: true })
    .selectOption({ label: '№ 1 «Балбөбек» балабақшасы' });
  const kindergartenId = Number(await page.getByLabel('Балабақша', { exact: true }).inputValue());
  await page.getByLabel('Топ жылы (туған жыл)').selectOption(String(groupYear));
  await page.getByLabel('Оқыту тілі').selectOption('kk');
  const language = 'kk';
  await page.getByLabel('Орын саны').fill(String(queueNumber));
  await page.getByRole('button', { name: 'Есептеу' }).click();

  await expect(
    page.getByText('Бұл — болжам: кезек, орындар мен хабарламалар өзгерген жоқ.'),
  ).toBeVisible();
  const turns = page.getByRole('table', { name: 'Кімге кезек келер еді' });
  await expect(turns.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Күту ұзақтығының медианасы' })).toContainText(
    String(groupYear),
  );
  // The page shows what the API answers for the same release.
  const answer = await page.request.post('/api/department/what-if', {
    data: { kind: 'release', kindergartenId, groupYear, language, count: queueNumber },
    headers: { 'x-csrf-token': await csrfToken(page) },
  });
  expect(answer.status()).toBe(200);
  const [group] = ((await answer.json()) as { groups: { turns: number[] }[] }).groups;
  // As many places as the new child's queue number: the new child gets a turn.
  expect(group!.turns).toContain(queueNumber);
  await expect(turns.getByRole('row').nth(1)).toContainText(`№ ${group!.turns.join(', ')}`);
  expect(await footprint(page)).toEqual(before);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}what-if-release-kk.png`, fullPage: true });
});

test('in Russian on a phone: a new kindergarten with two groups', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInWithPassword(page, OFFICER);
  await expect(page).toHaveURL(/\/department/);
  await page.getByRole('button', { name: 'Русский' }).click();
  await page.goto('/department/what-if');
  await expect(page.getByRole('heading', { level: 1, name: 'Что если… (прогноз)' })).toBeVisible();
  await page.locator('label', { hasText: 'Новый детский сад' }).click();
  await page.getByRole('button', { name: 'Добавить группу' }).click();
  await page.getByRole('button', { name: 'Добавить группу' }).click();
  await page.getByRole('button', { name: 'Убрать группу 3' }).click();
  const year = String(new Date().getFullYear() - 4);
  await page.getByLabel('Год группы (год рождения) (2)').selectOption(year);
  await page.getByLabel('Язык обучения (2)').selectOption('ru');
  await page.getByLabel('Количество мест (2)').fill('10');
  await page.getByRole('button', { name: 'Рассчитать' }).click();
  const turns = page.getByRole('table', { name: 'Кому пришла бы очередь' });
  await expect(turns.getByRole('row')).toHaveCount(3);
  await expect(turns).toContainText(`${year} г., русский, 10 мест`);
  await expect(
    page.getByText('Это прогноз: очередь, места и уведомления не изменились.'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}what-if-new-kindergarten-ru.png`, fullPage: true });
});

async function csrfToken(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}
