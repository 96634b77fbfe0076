// The kindergarten workspace and the education department (docs/rules.md, "Kindergarten
// workspace" and "Refusals reviewed by the department"), as the staff member and the officer use
// them: checking a direction, accepting, refusing, the officer's decision either way, and a
// departure that sends the staff to the free places. Directions come from the API as a parent
// would take them; everything the test checks is what the people see.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  SCREENSHOTS,
  chooseLanguage,
  demoParent,
  expectAccessible,
  parentSignsIn,
  saveKeyFiles,
  signInKeyDialog,
} from './support.ts';
import {
  OFFICER,
  STAFF,
  STAFF_KOKSHETAU,
  demoAccount,
  issueDirection,
  signInWithPassword,
  waitingChild,
  type IssuedDirection,
} from './workspace-support.ts';

const NO1 = 'Детский сад № 1 «Балбобек»';
const NO1_KK = '№ 1 «Балбөбек» балабақшасы';
const NO7_KK = '№ 7 «Ақбота» балабақшасы';

test.beforeEach(async ({ request }) => {
  // Other specs move the server's clock; the demo keys are valid around the real date.
  await request.post('/api/test/clock', { data: { now: new Date().toISOString() } });
});

type StaffKeys = { password: string; files: { sign: string } };

async function keysOf(page: Page, iin: string, testInfo: Parameters<typeof saveKeyFiles>[2]) {
  const { password, person } = await demoAccount(page.request, iin);
  return { password, files: await saveKeyFiles(page.request, person, testInfo) };
}

/** The staff member's workspace, on the kindergarten, with the direction found by IIN or number. */
async function findInWorkspace(
  page: Page,
  direction: IssuedDirection,
  kindergarten: string | null,
  by: 'iin' | 'number',
) {
  await page.getByRole('link', { name: 'БМҰ қызметкерінің жұмыс кабинеті' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'БМҰ қызметкерінің жұмыс кабинеті' }),
  ).toBeVisible();
  // A staff member of one kindergarten is not asked which.
  if (kindergarten)
    await page.getByLabel('Балабақша', { exact: true }).selectOption({ label: kindergarten });
  const search = page.getByRole('search', { name: 'Жолдаманы іздеу' });
  if (by === 'number') {
    await search.getByRole('radio', { name: 'Жолдама нөмірі бойынша' }).check();
    await search.getByRole('textbox', { name: 'Жолдама нөмірі' }).fill(direction.number);
  } else {
    await search.getByRole('textbox', { name: 'Баланың ЖСН' }).fill(direction.childIin);
  }
  await search.getByRole('button', { name: 'Іздеу' }).click();
  const card = page.getByRole('region', { name: `${direction.number} жолдамасы` });
  await expect(card).toBeVisible();
  return card;
}

/** «БМҰ-ға қабылдау»: the confirmation, then the staff member's signature. */
async function accept(page: Page, card: Locator, staff: StaffKeys) {
  await card.getByRole('button', { name: 'БМҰ-ға қабылдау' }).click();
  await page
    .getByRole('dialog', { name: 'Баланы БМҰ-ға қабылдау' })
    .getByRole('button', { name: 'Қол қою және қабылдау' })
    .click();
  await signInKeyDialog(page, 'sign', staff.files.sign, staff.password);
  // Accepted, the child is in the kindergarten's enrolled list, which opens at once.
  await expect(page).toHaveURL(/\/staff\/enrolments\?kindergartenId=\d+$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Қабылданған балалардың тізімі' }),
  ).toBeVisible();
}

/** The child's row in the enrolled list (of the kindergarten, when there is a choice), by IIN. */
async function enrolledRow(page: Page, direction: IssuedDirection, kindergarten: string | null) {
  await page.getByRole('link', { name: 'Қабылданған балалар' }).click();
  if (kindergarten)
    await page.getByLabel('Балабақша', { exact: true }).selectOption({ label: kindergarten });
  await page.getByRole('textbox', { name: 'Іздеу' }).fill(direction.childIin);
  return page.getByRole('row', { name: new RegExp(direction.childIin) });
}

test('the staff member checks a direction, downloads the child card and accepts the child', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(150_000);
  const direction = await issueDirection(page.request, baseURL!, {
    kindergarten: NO1,
    language: 'kk',
    firstName: 'Аружан',
  });
  const staff = await keysOf(page, STAFF.iin, testInfo);
  await signInWithPassword(page, STAFF);
  const card = await findInWorkspace(page, direction, NO1_KK, 'iin');
  await expect(card).toContainText(direction.childIin);
  await expect(card).toContainText(direction.childName);
  await expect(card).toContainText('Бекова Гүлжан Маратқызы');
  await expect(card).toContainText(NO1_KK);
  await expect(card).toContainText('2022');
  await expect(card).toContainText('Жеңілдіксіз');
  await expect(card).toContainText('Қабылдауды күтуде');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}workspace-direction-kk.png`, fullPage: true });

  const download = page.waitForEvent('download');
  await card.getByRole('link', { name: 'Баланың карточкасын жүктеу' }).click();
  expect((await download).suggestedFilename()).toBe(`child-card-${direction.number}.pdf`);

  await card.getByRole('button', { name: 'БМҰ-ға қабылдау' }).click();
  const confirm = page.getByRole('dialog', { name: 'Баланы БМҰ-ға қабылдау' });
  await expect(confirm).toContainText(direction.childName);
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Болдырмау' }).click();
  await accept(page, card, staff);
  await expect(page.getByText(`${direction.childName} балабақшаға қабылданды.`)).toBeVisible();
  await expect(page.getByLabel('Балабақша', { exact: true }).locator('option:checked')).toHaveText(
    NO1_KK,
  );

  // The child is in the enrolled list (docs/rules.md, "Kindergarten workspace").
  const row = await enrolledRow(page, direction, NO1_KK);
  await expect(row).toContainText(direction.number);
  await expect(row).toContainText(direction.childName);
  await expect(
    row.getByRole('button', { name: `Кетуін белгілеу: ${direction.childName}` }),
  ).toBeVisible();

  // Seed 004: the staff's «Список очередников и архивных заявок»: the enrolled child in the
  // archive of the kindergarten's district.
  await page
    .getByRole('navigation')
    .getByRole('link', { name: 'Кезектегілер мен мұрағаттағы өтініштер тізімі' })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Кезектегілер мен мұрағаттағы өтініштер тізімі' }),
  ).toBeVisible();
  await page.getByLabel('Топтың жылы (туған жылы)').selectOption('2022');
  await expect(page.getByRole('table', { name: 'Кезек' })).toBeVisible();
  await page.getByRole('tab', { name: 'Мұрағаттағы өтініштер' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Мұрағаттағы өтініштер' })
      .getByRole('row', { name: new RegExp(direction.childName) }),
  ).toContainText('Балабақшаға қабылданды');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}staff-queue-archive-kk.png`, fullPage: true });

  // The same direction in Russian.
  await chooseLanguage(page, 'Русский');
  await page.getByRole('link', { name: 'Рабочий кабинет сотрудника ДДО' }).click();
  await page.getByLabel('Детский сад', { exact: true }).selectOption({ label: NO1 });
  const search = page.getByRole('search', { name: 'Поиск направления' });
  await search.getByRole('radio', { name: 'По номеру направления' }).check();
  await search.getByRole('textbox', { name: 'Номер направления' }).fill(direction.number);
  await search.getByRole('button', { name: 'Поиск', exact: true }).click();
  const ru = page.getByRole('region', { name: `Направление ${direction.number}` });
  await expect(ru).toContainText('Зачислен');
  await expect(ru).toContainText('Год очереди');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}workspace-enrolled-ru.png`, fullPage: true });
  await chooseLanguage(page, 'Қазақша');
});

/** The staff member refuses the direction with a reason (signed). */
async function refuse(
  page: Page,
  direction: IssuedDirection,
  kindergarten: string,
  staff: StaffKeys,
  reason: string,
) {
  await signInWithPassword(page, STAFF);
  const card = await findInWorkspace(page, direction, kindergarten, 'number');
  await card.getByRole('button', { name: 'Бас тарту' }).click();
  const dialog = page.getByRole('dialog', { name: 'Есепке алудан бас тарту' });
  await dialog.getByRole('button', { name: 'Қол қою және бас тарту' }).click();
  await expect(dialog.getByText('Себебін көрсетіңіз (кемінде 3 таңба).')).toBeVisible();
  await dialog.getByLabel('Бас тарту себебі').fill(reason);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Қол қою және бас тарту' }).click();
  await signInKeyDialog(page, 'sign', staff.files.sign, staff.password);
  await expect(card).toContainText('Бас тарту қаралуда');
  await expect(card).toContainText('Бас тарту білім бөлімінде қаралуда');
  await expect(card).toContainText(`Себебі: ${reason}`);
  await expect(card.getByRole('button', { name: 'БМҰ-ға қабылдау' })).toHaveCount(0);
}

/**
 * The officer signs in in a browser of their own (the staff member stays signed in in theirs), on
 * the department's refusals, and finds the child's row.
 */
async function officerFinds(browser: Browser, direction: IssuedDirection) {
  const context = await browser.newContext({ locale: 'kk-KZ', timezoneId: 'Asia/Almaty' });
  const page = await context.newPage();
  await signInWithPassword(page, OFFICER);
  await expect(page).toHaveURL(/\/department\/refusals$/);
  const table = page.getByRole('table', { name: 'Шешім күтіп тұрған бас тартулар' });
  const row = table.getByRole('row', { name: new RegExp(direction.childName) });
  await expect(row).toBeVisible();
  return { officerPage: page, row };
}

test('a refusal goes to the education department, which confirms it', async ({
  page: staffPage,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const direction = await issueDirection(staffPage.request, baseURL!, {
    kindergarten: 'Детский сад № 7 «Акбота»',
    language: 'ru',
    firstName: 'Інжу',
  });
  const staff = await keysOf(staffPage, STAFF.iin, testInfo);
  const officer = await keysOf(staffPage, OFFICER.iin, testInfo);
  await refuse(staffPage, direction, NO7_KK, staff, 'Медициналық анықтама ұсынылмады');

  const { officerPage: page, row } = await officerFinds(browser, direction);
  await expect(row).toContainText('Медициналық анықтама ұсынылмады');
  await expect(row).toContainText('ОМАРОВА АЙГЕРІМ');
  await expect(row).toContainText(`ЖСН ${STAFF.iin}`);
  await expect(row).toContainText(direction.number);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}department-refusals-kk.png`, fullPage: true });
  await chooseLanguage(page, 'Русский');
  await expect(page.getByRole('table', { name: 'Отказы, ожидающие решения' })).toContainText(
    direction.childName,
  );
  await page.screenshot({ path: `${SCREENSHOTS}department-refusals-ru.png`, fullPage: true });
  await chooseLanguage(page, 'Қазақша');

  await row.getByRole('button', { name: `Бас тартуды растау: ${direction.childName}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Бас тартуды растау' });
  await expect(dialog).toContainText('ҚАБЫЛДАНБАЙДЫ');
  await dialog.getByLabel('Түсініктеме').fill('Анықтама міндетті');
  await dialog.getByRole('button', { name: 'Қол қою және бас тартуды растау' }).click();
  await signInKeyDialog(page, 'sign', officer.files.sign, officer.password);
  await expect(
    page.getByText(`Бас тарту расталды: ${direction.childName} қабылданбады.`),
  ).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.getByLabel('Көрсетілетін бас тартулар').selectOption({ label: 'Расталған' });
  await expect(
    page.getByRole('table', { name: 'Расталған бас тартулар' }).getByRole('row', {
      name: new RegExp(direction.childName),
    }),
  ).toContainText('Анықтама міндетті');

  // The parent: a banner that says what happened and what comes next, no enrolment deadline, and
  // history rows that name the kindergarten and the department.
  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  const { password, parent } = await demoParent(parentPage.request, 'Бекова Гүлжан');
  const parentFiles = await saveKeyFiles(parentPage.request, parent, testInfo);
  await parentSignsIn(parentPage, parentFiles, password, {
    email: 'gulzhan.bekova@example.kz',
    phone: '+77015550011',
  });
  await parentPage
    .getByRole('table', { name: 'Өтініштер журналы' })
    .getByRole('row', { name: new RegExp(direction.childName) })
    .getByRole('link')
    .first()
    .click();
  await expect(parentPage.getByText('Қабылдаудан бас тарту расталды')).toBeVisible();
  await expect(parentPage.getByText('Қабылдату мерзімі')).toHaveCount(0);
  await expectAccessible(parentPage);
  await parentPage.screenshot({ path: `${SCREENSHOTS}applicant-refused-kk.png`, fullPage: true });
  await parentPage.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  const parentHistory = parentPage.getByRole('table', { name: 'Өзгерістер тарихы' });
  // The fourth column names who acted.
  const actorIn = (event: RegExp) =>
    parentHistory.getByRole('row', { name: event }).getByRole('cell').nth(3);
  await expect(actorIn(/Білім бөлімі бас тартуды растады/)).toHaveText('Білім бөлімі');
  await expect(actorIn(/Балабақша бас тартты/)).toHaveText('Балабақша');
  await expect(parentHistory).not.toContainText('Басқа пайдаланушы');
  await expectAccessible(parentPage);
  await parentContext.close();

  // The application: refused, its history with who signed what.
  await page.getByRole('link', { name: 'Өтініштерді іздеу' }).click();
  await page.getByRole('textbox', { name: 'Баланың ЖСН' }).fill(direction.childIin);
  await page.getByRole('button', { name: 'Іздеу' }).click();
  const record = page.getByRole('region', { name: /өтініші$/ });
  await expect(record).toContainText('Бас тартылды');
  const history = record.getByRole('table', { name: 'Өзгерістер тарихы' });
  await expect(
    history.getByRole('row', { name: /Білім бөлімі бас тартуды растады/ }),
  ).toContainText(`ЖСН ${OFFICER.iin}`);
  await expect(history.getByRole('row', { name: /Балабақша бас тартты/ })).toContainText(
    'ОМАРОВА АЙГЕРІМ',
  );
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}department-application-kk.png`, fullPage: true });

  // The district's queue in order: a child who waits, at their queue number.
  const waiting = await waitingChild(staffPage.request, baseURL!, {
    kindergarten: NO1,
    firstName: 'Мирас',
  });
  await page.getByRole('link', { name: 'Кезек', exact: true }).click();
  await page.getByLabel('Топтың жылы (туған жылы)').selectOption('2022');
  const queued = page
    .getByRole('table', { name: 'Кезек' })
    .getByRole('row', { name: new RegExp(waiting.number.replaceAll('.', '\\.')) });
  await expect(queued.getByRole('cell').first()).toHaveText(String(waiting.queueNumber));
  await expect(queued).toContainText(waiting.childName);
  await expect(queued).toContainText('Кезекте');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}department-queue-kk.png`, fullPage: true });

  // The kindergartens of the district with their free places: № 7 has the refused child's place.
  await page.getByRole('link', { name: 'Балабақшалар және бос орындар' }).click();
  const akbota = page
    .getByRole('table', { name: 'Балабақшалар' })
    .getByRole('row', { name: new RegExp(NO7_KK) });
  await expect(akbota).toContainText('2022');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}department-kindergartens-kk.png`, fullPage: true });
  await page.context().close();
});

test('the department rejects a refusal, and the kindergarten then accepts the child', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const direction = await issueDirection(page.request, baseURL!, {
    kindergarten: NO1,
    language: 'kk',
    firstName: 'Дана',
  });
  const staff = await keysOf(page, STAFF.iin, testInfo);
  const officer = await keysOf(page, OFFICER.iin, testInfo);
  await refuse(page, direction, NO1_KK, staff, 'Топта орын жоқ');

  const { officerPage, row } = await officerFinds(browser, direction);
  await row.getByRole('button', { name: `Бас тартуды қабылдамау: ${direction.childName}` }).click();
  const dialog = officerPage.getByRole('dialog', { name: 'Бас тартуды қабылдамау' });
  await dialog.getByRole('button', { name: 'Қол қою және бас тартуды қабылдамау' }).click();
  await expect(dialog.getByText(/Бас тарту неге қабылданбайтынын жазыңыз/)).toBeVisible();
  await dialog.getByLabel('Түсініктеме').fill('Бос орындар бар, баланы қабылдаңыз');
  await dialog.getByRole('button', { name: 'Қол қою және бас тартуды қабылдамау' }).click();
  await signInKeyDialog(officerPage, 'sign', officer.files.sign, officer.password);
  await expect(
    officerPage.getByText(
      `Бас тарту қабылданбады: балабақша ${direction.childName} баланы қабылдауға міндетті.`,
    ),
  ).toBeVisible();
  await officerPage.context().close();

  // The staff member searches again.
  const card = await findInWorkspace(page, direction, NO1_KK, 'number');
  await expect(card).toContainText('Қабылдауды күтуде');
  await expect(card).toContainText('Білім бөлімі бас тартуды қабылдамады: баланы қабылдау қажет');
  await expect(card).toContainText('Бос орындар бар, баланы қабылдаңыз');
  await expect(card.getByRole('button', { name: 'Бас тарту' })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({
    path: `${SCREENSHOTS}workspace-refusal-rejected-kk.png`,
    fullPage: true,
  });
  await accept(page, card, staff);
});

test('a departure is signed, and the staff are sent to add the free places', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(150_000);
  // Kokshetau's № 9: a staff member of one kindergarten.
  const direction = await issueDirection(page.request, baseURL!, {
    kindergarten: 'Детский сад № 9 «Ак желкен»',
    language: 'ru',
    firstName: 'Айым',
  });
  const staff = await keysOf(page, STAFF_KOKSHETAU.iin, testInfo);
  await signInWithPassword(page, STAFF_KOKSHETAU);
  await accept(page, await findInWorkspace(page, direction, null, 'number'), staff);
  const row = await enrolledRow(page, direction, null);
  await row.getByRole('button', { name: `Кетуін белгілеу: ${direction.childName}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Баланың шығуы' });
  await expect(dialog).toContainText(direction.childIin);
  await dialog.getByLabel('Кету себебі').fill('Отбасы басқа қалаға көшті');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}enrolled-departure-kk.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await signInKeyDialog(page, 'sign', staff.files.sign, staff.password);

  const notice = page.getByRole('status').filter({ hasText: 'Бос орындарды енгізіңіз' });
  await expect(notice).toContainText('автоматты түрде ҚОСПАЙДЫ');
  await page.getByLabel('Балалар', { exact: true }).selectOption({ label: 'Кеткендер' });
  await expect(row).toContainText('кетті');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}enrolled-places-notice-kk.png`, fullPage: true });
  await chooseLanguage(page, 'Русский');
  const noticeRu = page.getByRole('status').filter({ hasText: 'Внесите свободные места' });
  await expect(noticeRu).toContainText('НЕ добавляет освободившиеся места автоматически');
  await page.screenshot({ path: `${SCREENSHOTS}enrolled-places-notice-ru.png`, fullPage: true });
  await noticeRu.getByRole('link', { name: 'Добавить свободные места' }).click();
  await expect(page).toHaveURL(/\/staff\/places$/);
  await chooseLanguage(page, 'Қазақша');
});
