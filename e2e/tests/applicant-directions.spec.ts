// Turns and directions in the browser (docs/rules.md, "Turns and places released", "Choice and
// directions"). In Kazakh: the turn comes (notice and e-mail), the parent chooses a state
// kindergarten and signs, gets the direction PDF with its QR address, revokes it
// within 24 hours, takes the place again in free choice, extends the direction once, and a day
// later the revoke button is gone; the public page proves the direction genuine. In Russian: a
// private kindergarten under the state order, with the warning, the map and leaving the queue.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/src/demo/people.ts';
import { readPdf } from '../../server/src/documents/pdf-text.test-helper.ts';
import { makeFamily } from './families.ts';
import { addPlaces, registerChild, setClock } from './prepare.ts';
import {
  SCREENSHOTS,
  chooseLanguage,
  expectAccessible,
  receivedMail,
  signInKeyDialog,
} from './support.ts';

const staff = (name: string) => DEMO_ACCOUNTS.find((a) => a.fullName.startsWith(name))!;
const HOUR = 3_600_000;

/** The value shown for a term of a details list (`<dt>label</dt><dd>value</dd>`). */
const detail = (page: Page, label: string) =>
  page
    .locator('dl > div')
    .filter({ has: page.locator('dt').getByText(label, { exact: true }) })
    .locator('dd');

/** Every generated PDF of the documents tab, by its title in the table. */
async function documentText(page: Page, title: string): Promise<string> {
  const link = page
    .getByRole('link', { name: `Жүктеу: ${title}` })
    .or(page.getByRole('link', { name: `Скачать: ${title}` }));
  const href = await link.first().getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.headers()['content-type']).toBe('application/pdf');
  return (await readPdf(await response.body())).text;
}

test.afterAll(async ({ request }) => {
  await setClock(request, new Date());
});

test('a parent chooses a state kindergarten, revokes, chooses again in free choice and extends (kk)', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const start = new Date('2026-12-02T10:00:00+05:00');
  await setClock(page.request, start);
  const { parent, children } = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Жұмабаева',
      firstName: 'Айгүл',
      middleName: 'Серікқызы',
      birthDate: '1994-04-04',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Жұмабаев',
        firstName: 'Ерасыл',
        middleName: 'Данияұлы',
        birthDate: '2021-06-06',
        sex: 'male',
      },
    ],
  });
  const { files, password } = parent;
  const id = await registerChild(
    page.request,
    parent,
    children[0]!.iin,
    { email: 'aigul.zhumabaeva@example.kz', phone: '+77011112233' },
    'kk',
  );
  const release = await addPlaces(baseURL!, staff('Омарова'), {
    kindergarten: 'Детский сад № 1 «Балбобек»',
    groupYear: 2021,
    language: 'kk',
    count: 1,
  });
  expect(release.turnsGiven).toBe(1);

  // The turn: the notice on the application, the e-mail on the SMTP server.
  await page.goto(`/applicant/applications/${id}`);
  await expect(page.getByText('Кезегіңіз келді', { exact: true })).toBeVisible();
  await expect
    .poll(
      async () =>
        (await receivedMail(page.request)).some(
          (mail) =>
            mail.to.includes('aigul.zhumabaeva@example.kz') &&
            mail.subject.includes('кезегіңіз келді'),
        ),
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(true);
  await expect(page.getByRole('link', { name: 'Жеке балабақшаны таңдау' })).toHaveCount(0);

  // Choosing (docs/rules.md, "Choice and directions").
  await page.getByRole('link', { name: 'Мемлекеттік балабақшаны таңдау' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Мемлекеттік балабақшаны таңдау' }),
  ).toBeVisible();
  await expect(page.getByText('Оқыту тіліне және таңдалынған', { exact: false })).toBeVisible();
  const places = page.getByRole('table', { name: 'Бос орындар' });
  await expect(places.getByRole('row')).toHaveCount(2);
  await expect(places).toContainText('№ 1 «Балбөбек» балабақшасы');
  await expect(places).toContainText('сізге, кезек бойынша');
  // No tiles load here (no network): the map stays folded away and the list does the work.
  await expect(page.getByTestId('kindergarten-map')).toHaveAttribute('aria-hidden', 'true');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await expect(page.getByText('Алдымен тізімнен балабақшаны таңдаңыз.')).toBeVisible();
  await page.getByRole('radio', { name: '№ 1 «Балбөбек» балабақшасы таңдау' }).check();
  await page.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  const confirm = page.getByRole('dialog', { name: 'Таңдауға қол қойып, жіберу' });
  await expect(confirm).toContainText('«№ 1 «Балбөбек» балабақшасы»');
  await confirm.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);

  // The direction in the documents tab, its PDF read back.
  await expect(page).toHaveURL(/tab=documents/);
  await expect(page.getByText(/NP\.2026\.\d{6} жолдамасы берілді/).first()).toBeVisible();
  const generated = page.getByRole('table', { name: 'Жалпы құжаттар' });
  await expect(generated).toContainText('БМҰ-ға жолдама');
  await expect(generated).toContainText('Бала карточкасы');
  const paper = await documentText(page, 'БМҰ-ға жолдама');
  expect(paper).toContain('Мектепке дейінгі ұйымға жолдама');
  const number = /NP\.2026\.\d{6}/.exec(paper)![0];
  const code = /Тексеру коды: ([A-Z2-9]{8})/.exec(paper)![1]!;
  expect(paper.replace(/\s+/g, '')).toContain(`/verify/${number}?code=${code}`);

  // Revoking within 24 hours (docs/rules.md, "Choice and directions"): a reason, the signature,
  // back to the same place.
  await page.getByRole('tab', { name: 'Өтініш туралы ақпарат' }).click();
  await expect(detail(page, 'Жолдама нөмірі')).toHaveText(number);
  await expect(detail(page, 'Күйі')).toHaveText('Берілді');
  // The stop-list rules beside the deadline (seed 000): 10 working days, out after the second.
  await expect(page.getByText(/өтініш 10 жұмыс күніне стоп-параққа түседі/)).toBeVisible();
  await expect(page.getByText(/Жолдама 2-рет жойылғанда бала кезектен алынады/)).toBeVisible();
  await page.getByRole('button', { name: 'Жолдаманы кері қайтару' }).click();
  const revoke = page.getByRole('dialog', { name: 'Жолдаманы кері қайтару' });
  await expect(revoke).toContainText('№ 1 «Балбөбек» балабақшасы');
  await revoke.getByRole('button', { name: 'Қол қойып, кері қайтару' }).click();
  await expect(revoke.getByText('Міндетті, кемінде 3 таңба').last()).toBeVisible();
  await revoke.getByLabel('Кері қайтару себебі').fill('Үйден алыс');
  await revoke.getByRole('button', { name: 'Қол қойып, кері қайтару' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(page.getByText('Жолдама кері қайтарылды', { exact: false }).first()).toBeVisible();
  await expect(detail(page, 'Күйі')).toHaveText('Кері қайтарылды');
  await expect(page.getByText('Кезекте · ', { exact: false })).toBeVisible();

  // After the turn window the place is open to free choice: the same child takes it again.
  await setClock(page.request, new Date(start.getTime() + 3 * 24 * HOUR + 60_000));
  expect((await (await page.request.post('/api/test/tick')).json()).turnsLapsed).toBe(0);
  await page.reload();
  await page.getByRole('link', { name: 'Мемлекеттік балабақшаны таңдау' }).click();
  await expect(places).toContainText('еркін таңдау');
  await page.getByRole('radio', { name: '№ 1 «Балбөбек» балабақшасы таңдау' }).check();
  await page.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await confirm.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(page).toHaveURL(/tab=documents/);

  // Extending once (docs/rules.md, "Choice and directions"): the days, the signature, the new
  // date; then no second extension.
  await page.getByRole('tab', { name: 'Өтініш туралы ақпарат' }).click();
  const before = await detail(page, 'Қабылдату мерзімі').textContent();
  await page.getByRole('button', { name: 'Жолдаманы ұзарту' }).click();
  const extend = page.getByRole('dialog', { name: 'Жолдаманы ұзарту' });
  await expect(extend).toContainText('30 күнтізбелік күннен');
  await extend.getByLabel('Неше күнге').fill('10');
  await extend.getByRole('button', { name: 'Қол қойып, ұзарту' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(
    page
      .getByText('Жолдама', { exact: false })
      .getByText('дейін ұзартылды', { exact: false })
      .first(),
  ).toBeVisible();
  await expect(detail(page, 'Қабылдату мерзімі')).not.toHaveText(before!);
  await expect(page.getByRole('button', { name: 'Жолдаманы ұзарту' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Жолдаманы кері қайтару' })).toBeVisible();

  // A day after the issue the applicant can no longer revoke it.
  await setClock(page.request, new Date(start.getTime() + 4 * 24 * HOUR + 2 * HOUR));
  await page.reload();
  await expect(detail(page, 'Күйі')).toHaveText('Берілді');
  await expect(page.getByRole('button', { name: 'Жолдаманы кері қайтару' })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}applicant-direction-kk.png`, fullPage: true });

  // The printed link without its code: the number is filled in, and nothing is announced before
  // the code is typed.
  await page.goto(`/verify/${number}`);
  await expect(page.getByLabel('Жолдама нөмірі')).toHaveValue(number);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('Құжат жалған болуы мүмкін', { exact: false })).toHaveCount(0);

  // The public check of the first (revoked) direction, as its QR code opens it, and a forgery.
  await page.goto(`/verify/${number}?code=${code}`);
  await expect(page.getByText('Жолдама түпнұсқа · Енді жарамсыз')).toBeVisible();
  await expect(detail(page, 'Күйі')).toHaveText('Кері қайтарылды');
  await expectAccessible(page);
  await page.getByLabel('Тексеру коды').fill('AAAAAAAA');
  await page.getByRole('button', { name: 'Тексеру' }).click();
  await expect(
    page.getByText('Мұндай нөмірі мен коды бар жолдама жоқ', { exact: false }),
  ).toBeVisible();
});

test('a parent takes a private kindergarten under the state order and leaves the queue (ru)', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  await setClock(page.request, new Date('2026-12-10T10:00:00+05:00'));
  const { parent, children } = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Петрова',
      firstName: 'Анна',
      middleName: 'Игоревна',
      birthDate: '1991-09-09',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Петров',
        firstName: 'Марк',
        middleName: 'Олегович',
        birthDate: '2022-08-08',
        sex: 'male',
      },
    ],
  });
  const { files, password } = parent;
  const id = await registerChild(
    page.request,
    parent,
    children[0]!.iin,
    { email: 'anna.petrova@example.kz', phone: '+77015550707' },
    'ru',
  );
  const release = await addPlaces(baseURL!, staff('Тлеубаев'), {
    kindergarten: 'Частный детский сад «Нурлы алем»',
    groupYear: 2022,
    language: 'ru',
    count: 1,
  });
  expect(release).toMatchObject({ turnsGiven: 0, state: 'free_choice' });
  // The map's tiles come from this test, so the map appears.
  let tiles = 0;
  await page.route('https://tile.openstreetmap.org/**', async (route) => {
    tiles += 1;
    await route.fulfill({ path: new URL('../fixtures/tile.png', import.meta.url).pathname });
  });

  await page.goto(`/applicant/applications/${id}`);
  await chooseLanguage(page, 'Русский');
  await page.getByRole('link', { name: 'Выбрать частный сад' }).click();
  const warning = page.getByRole('dialog', { name: 'Внимание' });
  await expect(warning).toContainText(
    'без последующего сохранения номера в общегородской очередности',
  );
  await expectAccessible(page);
  await warning.getByRole('button', { name: 'ОК' }).click();
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'Выбор частного детского сада по государственному заказу',
    }),
  ).toBeVisible();
  const map = page.getByRole('region', { name: 'Карта детских садов со свободными местами' });
  await expect(map).toBeVisible();
  expect(tiles).toBeGreaterThan(0);
  await map.locator('path.leaflet-interactive').first().click();
  await expect(
    page.getByRole('radio', { name: 'Выбрать Частный детский сад «Нурлы алем»' }),
  ).toBeChecked();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}applicant-choose-private-ru.png`, fullPage: true });
  await page.getByRole('button', { name: 'Подписать и отправить' }).click();
  const confirm = page.getByRole('dialog', { name: 'Подписать и отправить выбор' });
  await expect(confirm).toContainText('заявление снято с общегородской очереди');
  await confirm.getByRole('button', { name: 'Подписать и отправить' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password, 'ru');

  await expect(page).toHaveURL(/tab=documents/);
  await expect(page.getByRole('table', { name: 'Общие документы' })).toContainText(
    'Направление в частный ДДО',
  );
  const paper = await documentText(page, 'Направление в частный ДДО');
  expect(paper).toContain(
    'Направление в частную дошкольную организацию по государственному заказу',
  );
  await page.getByRole('tab', { name: 'Информация о заявлении' }).click();
  await expect(detail(page, 'Текущее состояние')).toHaveText(
    'Принято решение (Исключен из очереди)',
  );
  await expect(
    page.getByText('заявление снято с общегородской очереди', { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Продлить направление' })).toBeVisible();

  // The in-app copy of the notice.
  const applicationPage = page.url();
  await page.goto('/applicant/messages');
  await expect(
    page.getByRole('heading', { name: /^Выдано направление NP\.2026\.\d{6}$/ }),
  ).toBeVisible();
  await expectAccessible(page);

  // Seed 000: a private direction, too, may be revoked within 24 hours; the child is back in
  // the queue at its place.
  await page.goto(applicationPage);
  await page.getByRole('button', { name: 'Отозвать направление' }).click();
  const revoke = page.getByRole('dialog', { name: 'Отозвать направление' });
  await expect(revoke.getByRole('button', { name: 'Подтвердить отказ' })).toHaveCount(0);
  await revoke.getByLabel('Причина снятия').fill('Передумали');
  await revoke.getByRole('button', { name: 'Подписать и отозвать' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password, 'ru');
  await expect(page.getByText('Направление отозвано', { exact: false }).first()).toBeVisible();
  await expect(detail(page, 'Текущее состояние')).toHaveText('Принято решение (В очереди)');
  await page.screenshot({ path: `${SCREENSHOTS}applicant-private-revoked-ru.png`, fullPage: true });
});
