// Transfers (issue 17, item 5; docs/rules.md, "Transfers"): the parent of a child enrolled at
// № 7 asks, on the application page, for a transfer to № 1 (the ranking, the confirmation, the
// signature) and sees the open request; after places are added at № 1 (through the API, as the
// staff would) the parent sees the transfer granted. In Kazakh and in Russian. Group year 2020:
// no other spec adds places of that year (staff-places owns this year's at № 7), and the
// registration spec's child of 2020 has left the queue before this spec runs.
import { randomInt } from 'node:crypto';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from '@playwright/test';
import { openP12, signCms, toBase64, utf8 } from '@kezek/eds';
import { makeFamily } from './families.ts';
import { addPlaces, chooseDirection, registerChild, setClock } from './prepare.ts';
import { DEMO_ADMIN, chooseLanguage, demoKeyFile, photograph, signInKeyDialog } from './support.ts';
import { STAFF, demoAccount } from './workspace-support.ts';

test.describe.configure({ mode: 'serial' });

const NO1 = 'Детский сад № 1 «Балбобек»';
const NO7 = 'Детский сад № 7 «Акбота»';

test.afterAll(async ({ request }) => {
  await setClock(request, new Date());
});

/** The staff of № 7 accept the direction with their signed direction.accept, as their screen does. */
async function staffAccepts(baseURL: string, directionId: string) {
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    expect((await api.post('/api/auth/password', { data: STAFF })).status()).toBe(200);
    const csrf = ((await (await api.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
    const nonce = ((await (await api.get('/api/nonce')).json()) as { nonce: string }).nonce;
    const { password, person } = await demoAccount(api, STAFF.iin);
    const key = openP12(new Uint8Array(await demoKeyFile(api, person, 'sign')), password);
    const content = { action: 'direction.accept', nonce, directionId };
    const response = await api.post(`/api/directions/${directionId}/accept`, {
      data: { cms: toBase64(signCms(utf8(JSON.stringify(content)), key, { includeChain: true })) },
      headers: { 'x-csrf-token': csrf },
    });
    expect(response.status(), await response.text()).toBe(200);
  } finally {
    await api.dispose();
  }
}

/** A child of a new family enrolled at № 7; the page is signed in as the parent. */
async function enrolledChild(
  request: APIRequestContext,
  baseURL: string,
  testInfo: Parameters<typeof makeFamily>[1],
  language: 'kk' | 'ru',
) {
  const suffix = randomInt(10, 99);
  const family = await makeFamily(request, testInfo, {
    parent: {
      lastName: 'Ахметова',
      firstName: 'Сәуле',
      middleName: 'Ерланқызы',
      birthDate: `1992-0${(suffix % 9) + 1}-11`,
      sex: 'female',
    },
    children: [
      {
        lastName: 'Ахметов',
        firstName: language === 'kk' ? 'Нұрлан' : 'Руслан',
        middleName: 'Асқарұлы',
        birthDate: '2020-12-20',
        sex: 'male',
      },
    ],
  });
  const applicationId = await registerChild(
    request,
    family.parent,
    family.children[0]!.iin,
    { email: `saule.${suffix}@example.kz`, phone: `+770155506${suffix}` },
    language,
  );
  const release = await addPlaces(baseURL, DEMO_ADMIN, {
    kindergarten: NO7,
    groupYear: 2020,
    language: 'kk',
    count: 1,
  });
  expect(release.turnsGiven).toBe(1);
  const direction = await chooseDirection(request, family.parent, applicationId, release.id);
  await staffAccepts(baseURL, direction.id);
  return { family, applicationId };
}

const WORDS = {
  kk: {
    request: 'Басқа балабақшаға ауыстыруды сұрау',
    first: '1-таңдау',
    no1: '№ 1 «Балбөбек» балабақшасы',
    next: 'Жалғастыру',
    confirm: 'Растаңыз',
    sign: 'Қол қою және жіберу',
    open: 'Ауыстыру туралы өтініш берілді',
    granted: 'Ауыстыру қанағаттандырылды',
  },
  ru: {
    request: 'Подать заявку на перевод',
    first: 'Выбор 1',
    no1: NO1,
    next: 'Продолжить',
    confirm: 'Подтвердите',
    sign: 'Подписать и отправить',
    open: 'Заявка на перевод подана',
    granted: 'Перевод выполнен',
  },
} as const;

for (const language of ['kk', 'ru'] as const) {
  test(`a parent requests a transfer and sees it granted when places are added (${language})`, async ({
    page,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    const words = WORDS[language];
    await setClock(page.request, new Date('2026-12-16T10:00:00+05:00'));
    const { family, applicationId } = await enrolledChild(
      page.request,
      baseURL!,
      testInfo,
      language,
    );

    await page.goto(`/applicant/applications/${applicationId}`);
    if (language === 'ru') await chooseLanguage(page, 'Русский');
    await page.getByRole('button', { name: words.request }).click();
    await page.getByLabel(words.first).selectOption({ label: words.no1 });
    await page.getByRole('button', { name: words.next }).click();
    await expect(page.getByText(words.confirm, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: words.sign }).click();
    await signInKeyDialog(page, 'sign', family.parent.files.sign, family.parent.password, language);
    const open = page.getByRole('alert', { name: words.open });
    await expect(open).toBeVisible();
    await expect(open).toContainText(words.no1);
    await photograph(page, `transfer-open-${language}`);

    // A place of the child's year is added at № 1 (by the administrator: sign-ins are limited
    // per IIN): the transfer goes first.
    const release = await addPlaces(baseURL!, DEMO_ADMIN, {
      kindergarten: NO1,
      groupYear: 2020,
      language: 'kk',
      count: 1,
    });
    expect(release.turnsGiven).toBe(0);
    await page.reload();
    const granted = page.getByRole('alert', { name: words.granted });
    await expect(granted).toBeVisible();
    await expect(granted).toContainText(words.no1);
    await photograph(page, `transfer-granted-${language}`, { phone: true });
  });
}
