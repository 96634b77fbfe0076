// The free places base (docs/rules.md, "Turns and places released"), in Kazakh and Russian: a
// kindergarten staff member opens the free places base, adds places through the dialog and its
// confirmation window (saved data cannot be
// corrected), sees the new rows — waiting, because a child of that group year was waiting and got
// the turn (the parent's e-mail arrives), and in free choice when nobody waits — filters the list,
// and a server refusal is told in the user's language. A staff member of another kindergarten
// sees none of these places; the education department of the district reads them, adds none.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { localDateOf } from '@kezek/domain';
import { makeFamily } from './families.ts';
import { registerChild, serverNow } from './prepare.ts';
import { SCREENSHOTS, chooseLanguage, expectAccessible, receivedMail } from './support.ts';

/** README demo accounts: Astana kindergartens № 1 and № 7; Kokshetau kindergarten № 9. */
const ASTANA_STAFF = { iin: '870514430032', password: 'kezek-staff-2026' };
const KOKSHETAU_STAFF = { iin: '900809430044', password: 'kezek-staff-2026' };
const ASTANA_OFFICER = { iin: '840217430012', password: 'kezek-officer-2026' };
const AKBOTA = '№ 7 «Ақбота» балабақшасы';

async function signsIn(page: Page, account: { iin: string; password: string }, area = '/staff') {
  await page.goto('/signin');
  await page.getByLabel('ЖСН').fill(account.iin);
  await page.getByRole('textbox', { name: 'Құпиясөз', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Кіру', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${area}$`));
}

async function shot(page: Page, name: string) {
  await expectAccessible(page);
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** "31.07.2026 17:29" (as the table shows it) → "2026-07-31". */
function isoDate(shown: string): string {
  const [day, month, year] = shown.slice(0, 10).split('.');
  return `${year}-${month}-${day}`;
}

function options(select: Locator) {
  return select.locator('option').allTextContents();
}

test('staff add free places with a confirmation, the waiting child gets the turn, the list filters, another kindergarten sees nothing', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);

  // A child born this year (by the server's clock; no demo child is) waits in Astana's queue: the
  // only child of that group year. The spec's own family registers through the API (prepare.ts).
  const thisYear = Number(localDateOf(await serverNow(page.request)).slice(0, 4));
  const { parent, children } = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Ким',
      firstName: 'Светлана',
      middleName: 'Викторовна',
      birthDate: '1990-02-02',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Ким',
        firstName: 'Алина',
        middleName: 'Денисовна',
        birthDate: `${thisYear}-01-01`,
        sex: 'female',
      },
    ],
  });
  const email = 'svetlana.kim@example.kz';
  await registerChild(
    page.request,
    parent,
    children[0]!.iin,
    { email, phone: '+77015550505' },
    'kk',
  );
  const kindergartens = (await (await page.request.get('/api/kindergartens')).json()).items as {
    id: number;
    name: { kk: string };
  }[];
  const akbotaId = kindergartens.find((item) => item.name.kk === AKBOTA)!.id;
  const yearsOfAkbota = `/api/places/group-years?kindergartenId=${akbotaId}`;
  // A parent neither adds places nor is told for which years.
  expect((await page.request.get(yearsOfAkbota)).status()).toBe(403);
  expect((await page.request.post('/api/auth/logout')).status()).toBeLessThan(300);

  // The staff member opens the base from the staff area's navigation.
  await signsIn(page, ASTANA_STAFF);
  const staffName = (await (await page.request.get('/api/me')).json()).user.fullName as string;
  await page
    .getByRole('navigation', { name: 'Балабақша қызметкерінің бөлімдері' })
    .getByRole('link', { name: 'Бос орындар базасы' })
    .click();
  await expect(page).toHaveURL(/\/staff\/places$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'БМҰ-дағы бос орындардың базасы' }),
  ).toBeVisible();
  const table = page.getByRole('table', { name: 'Бос орындар тізімі' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Балабақшаның атауы',
    'Топтың жылы',
    'Тіл',
    'Барлығы',
    'Бос',
    'Пайдаланушы',
    'Балабақша түрі',
    'Қосылған күні',
    'Жағдайы',
  ]);
  await expectAccessible(page);

  // The dialog: nothing chosen yet, two kindergartens to choose from; the fields are checked.
  await page.getByRole('button', { name: 'Бос орындарды қосу' }).click();
  const dialog = page.getByRole('dialog', { name: 'Бос орындарды қосу' });
  await expect(dialog).toBeVisible();
  const kindergarten = dialog.getByLabel('Балабақша');
  expect(await options(kindergarten)).toEqual([
    '— Таңдаңыз —',
    '№ 1 «Балбөбек» балабақшасы',
    AKBOTA,
  ]);
  await expect(dialog.getByLabel('Оқыту тілі')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Сақтау' }).click();
  await expect(dialog.getByText('Міндетті өріс')).toHaveCount(4);
  await expectAccessible(page);

  // Only the chosen kindergarten's languages; the group years the server gives for it.
  await kindergarten.selectOption({ label: AKBOTA });
  expect(await options(dialog.getByLabel('Оқыту тілі'))).toEqual([
    '— Таңдаңыз —',
    'Қазақ тілі',
    'Орыс тілі',
  ]);
  const years = (await (await page.request.get(yearsOfAkbota)).json()).items as number[];
  expect(years.at(-1)).toBe(thisYear);
  expect(years.length).toBeGreaterThanOrEqual(7);
  await expect(dialog.getByLabel('Топтың жылы')).toBeEnabled();
  expect(await options(dialog.getByLabel('Топтың жылы'))).toEqual([
    '— Таңдаңыз —',
    ...years.map(String),
  ]);
  await dialog.getByLabel('Оқыту тілі').selectOption({ label: 'Қазақ тілі' });
  await dialog.getByLabel('Топтың жылы').selectOption(String(thisYear));
  await dialog.getByLabel('Бос орындардың саны').fill('600');
  await dialog.getByRole('button', { name: 'Сақтау' }).click();
  await expect(dialog.getByText('Ең көбі 500 болуы керек')).toBeVisible();
  await dialog.getByLabel('Бос орындардың саны').fill('2');
  await dialog.getByRole('button', { name: 'Сақтау' }).click();

  // The confirmation window with the seed's warning and what is about to be saved.
  const confirmation = page.getByRole('dialog', { name: 'Растау терезесі' });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toContainText(
    'Сақтаудың алдында БМҰ-дағы бос орындар туралы енгізілген деректерді ТЕКСЕРІҢІЗ! Сақталынған деректерге түзетулер енгізуге болмайды!',
  );
  await expect(confirmation.locator('dd')).toHaveText([
    AKBOTA,
    'Қазақ тілі',
    String(thisYear),
    '2',
  ]);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}staff-places-confirm-kk.png` });
  await confirmation.getByRole('button', { name: 'ОК' }).click();
  await expect(confirmation).toBeHidden();

  // Saved: the child of that year got the turn; the new row is marked and waits for the turn.
  await expect(page.getByRole('status').filter({ hasText: 'Бос орындар сақталды' })).toContainText(
    `${AKBOTA}, ${thisYear} топтың жылы: 2 орын қосылды. Кезегі келген балалар: 1;`,
  );
  // The new row: other specs' places of this year at Akbota (a transfer's returned place) may wait too.
  const waitingRow = table
    .getByRole('row')
    .filter({ hasText: 'Күтуде' })
    .filter({ hasText: `${AKBOTA}Жаңа` });
  await expect(waitingRow).toHaveCount(1);
  await expect(waitingRow.getByRole('cell')).toHaveText([
    `${AKBOTA}Жаңа`,
    String(thisYear),
    'Қазақ тілі',
    '2',
    '2',
    staffName,
    'Мемлекеттік',
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/,
    'Күтуде',
  ]);
  await expect
    .poll(
      async () =>
        (await receivedMail(page.request)).find(
          (mail) => mail.to.includes(email) && mail.subject.includes('кезегіңіз келді'),
        )?.text,
      { timeout: 20_000, intervals: [1000] },
    )
    .toContain(AKBOTA);

  // A second batch of that year in Russian: nobody else waits, so it goes to free choice at once.
  await page.getByRole('button', { name: 'Бос орындарды қосу' }).click();
  await dialog.getByLabel('Балабақша').selectOption({ label: AKBOTA });
  await dialog.getByLabel('Оқыту тілі').selectOption({ label: 'Орыс тілі' });
  await dialog.getByLabel('Топтың жылы').selectOption(String(thisYear));
  await dialog.getByLabel('Бос орындардың саны').fill('1');
  await dialog.getByRole('button', { name: 'Сақтау' }).click();
  await confirmation.getByRole('button', { name: 'ОК' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Бос орындар сақталды' })).toContainText(
    'Бұл топ жылының кезегінде күтіп тұрған бала жоқ, сондықтан орындар бірден еркін таңдауға өтті.',
  );
  const freeRow = table
    .getByRole('row')
    .filter({ hasText: 'Еркін таңдауда' })
    .filter({ hasText: 'Орыс тілі' })
    .filter({ has: page.getByRole('cell', { name: String(thisYear), exact: true }) });
  await expect(freeRow).toHaveCount(1);
  await expect(freeRow).toContainText('Жаңа');
  const addedAt = await freeRow.getByRole('cell').nth(7).textContent();
  await shot(page, 'staff-places-kk');

  // Filters: state, group year, language, kindergarten, kindergarten type and the day added.
  const filters = page.getByRole('group', { name: 'Сүзгілер' });
  // Akbota's rows of this group year (the cell, not the date added, which holds the year too).
  const ours = table
    .getByRole('row')
    .filter({ hasText: AKBOTA })
    .filter({ has: page.getByRole('cell', { name: String(thisYear), exact: true }) });
  await filters.getByLabel('Топтың жылы').fill(String(thisYear));
  await expect(ours).toHaveCount(2);
  await filters.getByLabel('Жағдайы').selectOption({ label: 'Күтуде' });
  await expect(ours).toHaveCount(1);
  await expect(ours).toContainText('Қазақ тілі');
  await filters.getByLabel('Жағдайы').selectOption({ label: 'Барлығы' });
  await filters.getByLabel('Оқыту тілі').selectOption({ label: 'Орыс тілі' });
  await expect(ours).toHaveCount(1);
  await expect(ours).toContainText('Еркін таңдауда');
  await filters.getByLabel('Оқыту тілі').selectOption({ label: 'Барлығы' });
  await filters
    .getByLabel('Балабақша', { exact: true })
    .selectOption({ label: '№ 1 «Балбөбек» балабақшасы' });
  await expect(ours).toHaveCount(0);
  await filters.getByLabel('Балабақша', { exact: true }).selectOption({ label: AKBOTA });
  await expect(ours).toHaveCount(2);
  await filters.getByLabel('Балабақша түрі').selectOption({ label: 'Мини-орталық' });
  await expect(ours).toHaveCount(0);
  await expect(table).toContainText('Бос орындар табылмады.');
  await filters.getByLabel('Балабақша түрі').selectOption({ label: 'Мемлекеттік' });
  // Dates are typed as people here write them, DD.MM.YYYY, whatever the browser's locale.
  const day = isoDate(addedAt!).split('-').reverse().join('.');
  await filters.getByLabel('Қосылған күні, бастап').fill(day);
  await filters.getByLabel('Қосылған күні, дейін').fill(day);
  await expect(filters.getByLabel('Қосылған күні, бастап')).toHaveValue(day);
  await expect(ours).toHaveCount(2);
  await filters.getByLabel('Қосылған күні, бастап').fill(`01.01.${Number(day.slice(-4)) + 1}`);
  await expect(ours).toHaveCount(0);
  await expectAccessible(page);
  await filters.getByRole('button', { name: 'Сүзгілерді тазалау' }).click();
  await expect(ours).toHaveCount(2);

  // In Russian: the seed's words; a refusal of the server is told under its field, nothing saved.
  await chooseLanguage(page, 'Русский');
  await expect(
    page.getByRole('heading', { level: 1, name: 'База свободных мест в ДДО' }),
  ).toBeVisible();
  const tableRu = page.getByRole('table', { name: 'Список свободных мест' });
  await expect(tableRu.getByRole('columnheader')).toHaveText([
    'Название детского сада',
    'Год группы',
    'Язык',
    'Всего',
    'Свободно',
    'Пользователь',
    'Тип детского сада',
    'Дата добавления',
    'Состояние',
  ]);
  const akbotaRu = 'Детский сад № 7 «Акбота»';
  const oursRu = tableRu
    .getByRole('row')
    .filter({ hasText: akbotaRu })
    .filter({ has: page.getByRole('cell', { name: String(thisYear), exact: true }) });
  await expect(oursRu.filter({ hasText: 'Ожидает' })).toHaveCount(1);
  await expect(oursRu.filter({ hasText: 'В свободном выборе' })).toHaveCount(1);
  await shot(page, 'staff-places-ru');

  // The server is asked about a year it does not offer (as if the page had been open since
  // another year): the page, reloaded, is told of one year too many.
  await page.route('**/api/places/group-years?*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { items: number[] };
    await route.fulfill({ response, json: { items: [...body.items, thisYear + 1] } });
  });
  await page.reload();
  await page.getByRole('button', { name: 'Добавить свободные места' }).click();
  const dialogRu = page.getByRole('dialog', { name: 'Добавление свободных мест' });
  await dialogRu.getByLabel('Детский сад').selectOption({ label: akbotaRu });
  await dialogRu.getByLabel('Язык обучения').selectOption({ label: 'Русский' });
  await dialogRu.getByLabel('Год группы').selectOption(String(thisYear + 1));
  await dialogRu.getByLabel('Количество свободных мест').fill('3');
  await dialogRu.getByRole('button', { name: 'Сохранить' }).click();
  const confirmationRu = page.getByRole('dialog', { name: 'Окно подтверждения' });
  await expect(confirmationRu).toContainText(
    'Перед сохранением ПРОВЕРЬТЕ введённые данные о свободных местах в ДДО! В сохранённые данные нельзя внести исправления!',
  );
  await confirmationRu.getByRole('button', { name: 'ОК' }).click();
  await expect(
    dialogRu.getByText(
      'Для этого года группы места добавить нельзя: выберите год рождения детей, не достигших предельного возраста.',
    ),
  ).toBeVisible();
  await expectAccessible(page);
  await dialogRu.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialogRu).toBeHidden();
  await page.unroute('**/api/places/group-years?*');
  await expect(oursRu).toHaveCount(2);

  // Another kindergarten's staff member sees none of these places.
  await chooseLanguage(page, 'Қазақша');
  await page.getByRole('button', { name: 'Шығу', exact: true }).click();
  await signsIn(page, KOKSHETAU_STAFF);
  await page.getByRole('link', { name: 'Бос орындар базасы' }).click();
  await expect(table).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: AKBOTA })).toHaveCount(0);
  const theirs = (await (await page.request.get('/api/places?limit=200')).json()).items as {
    kindergarten: { name: { ru: string } };
  }[];
  expect(theirs.filter((batch) => batch.kindergarten.name.ru === akbotaRu)).toEqual([]);
  expect((await page.request.get(yearsOfAkbota)).status()).toBe(404);
  await expectAccessible(page);

  // The education department of Astana reads the places of its district and adds none.
  await page.getByRole('button', { name: 'Шығу', exact: true }).click();
  await signsIn(page, ASTANA_OFFICER, '/department/refusals');
  await page.getByRole('link', { name: 'Балабақша қызметкеріне' }).click();
  await expect(page).toHaveURL(/\/staff\/places$/);
  await expect(ours).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Бос орындарды қосу' })).toHaveCount(0);
  // Away from the main menu: its hovered active link is drawn in too light a blue (AppLayout).
  await page.mouse.move(600, 600);
  await expectAccessible(page);
});
