// Batched free choice (docs/rules.md, "Batched free choice"), in Kazakh and in Russian: the
// administrator saves the policy `freeChoice: batched`; a parent requests a free-choice place, is
// told before signing when requests are decided and that the order is the queue's, sees the
// request registered with its decision time; the server's clock passes the round's end, the
// deadline jobs run, and the parent sees the direction. Group year 2024 of Astana: no other spec
// releases places for it.
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/src/demo/people.ts';
import { makeFamily } from './families.ts';
import { addPlaces, registerChild, setClock } from './prepare.ts';
import { DEMO_ADMIN, chooseLanguage, photograph, signInKeyDialog } from './support.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const staff = DEMO_ACCOUNTS.find((a) => a.fullName.startsWith('Омарова'))!;

/** The administrator sets Astana's free choice (the policy screen's PUT, through the API). */
async function setFreeChoice(
  baseURL: string,
  freeChoice: 'first_come' | 'batched',
  windowMinutes = 120,
): Promise<void> {
  const request = await playwrightRequest.newContext({ baseURL });
  try {
    expect((await request.post('/api/auth/password', { data: DEMO_ADMIN })).status()).toBe(200);
    const csrf = ((await (await request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
    const regions = (await (await request.get('/api/regions')).json()) as {
      items: { id: number; districts: unknown[] }[];
    };
    const astana = regions.items.find((region) => region.districts.length === 1)!;
    const url = `/api/admin/policy?regionId=${astana.id}`;
    const policy = await (await request.get(url)).json();
    const saved = await request.put(url, {
      data: { ...policy, freeChoice, freeChoiceWindowMinutes: windowMinutes },
      headers: { 'x-csrf-token': csrf },
    });
    expect(saved.status(), await saved.text()).toBe(200);
  } finally {
    await request.dispose();
  }
}

const tick = async (request: APIRequestContext) => {
  const response = await request.post('/api/test/tick');
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, number>;
};

test.afterAll(async ({ request, baseURL }) => {
  await setFreeChoice(baseURL!, 'first_come');
  await setClock(request, new Date());
});

const CASES = [
  {
    language: 'kk' as const,
    start: new Date('2026-12-21T10:00:00+05:00'),
    parent: {
      lastName: 'Жақсыбекова',
      firstName: 'Гүлнар',
      middleName: 'Ерланқызы',
      birthDate: '1992-02-12',
      sex: 'female' as const,
    },
    child: {
      lastName: 'Жақсыбеков',
      firstName: 'Нұрсұлтан',
      middleName: 'Асланұлы',
      birthDate: '2024-02-02',
      sex: 'male' as const,
    },
    contacts: { email: 'gulnar.zhaksybekova@example.kz', phone: '+77015550808' },
    text: {
      choose: 'Мемлекеттік балабақшаны таңдау',
      notice: 'Жарыссыз еркін таңдау',
      mode: 'еркін таңдау: шешім 24.12.2026 12:01 кезек реті бойынша',
      radio: '№ 1 «Балбөбек» балабақшасы таңдау',
      send: 'Қол қою және жіберу',
      confirm: 'Таңдауға қол қойып, жіберу',
      confirmText: 'Сұрау 24.12.2026 12:01 қаралады: орындар кезек реті бойынша беріледі',
      registered: 'Еркін таңдау сұрауы тіркелді',
      decideAt: '24.12.2026 12:01 қаралады',
      granted: 'Сұрау қанағаттандырылды',
      direction: /NP\.2026\.\d{6} жолдамасы берілді/,
    },
  },
  {
    language: 'ru' as const,
    start: new Date('2026-12-28T10:00:00+05:00'),
    parent: {
      lastName: 'Ким',
      firstName: 'Елена',
      middleName: 'Викторовна',
      birthDate: '1990-10-10',
      sex: 'female' as const,
    },
    child: {
      lastName: 'Ким',
      firstName: 'Виктор',
      middleName: 'Сергеевич',
      birthDate: '2024-03-03',
      sex: 'male' as const,
    },
    contacts: { email: 'elena.kim@example.kz', phone: '+77015550909' },
    text: {
      choose: 'Выбрать гос. сад',
      notice: 'Свободный выбор без гонки',
      mode: 'свободный выбор: решение 31.12.2026 12:01 в порядке очереди',
      radio: 'Выбрать Детский сад № 1 «Балбобек»',
      send: 'Подписать и отправить',
      confirm: 'Подписать и отправить выбор',
      confirmText:
        'Запрос будет рассмотрен 31.12.2026 12:01: места предоставляются в порядке очереди',
      registered: 'Запрос в свободном выборе зарегистрирован',
      decideAt: 'будет рассмотрен 31.12.2026 12:01',
      granted: 'Запрос удовлетворен',
      direction: /выдано направление NP\.2026\.\d{6}/,
    },
  },
];

for (const c of CASES) {
  test(`a batched free-choice request is registered, then granted in queue order (${c.language})`, async ({
    page,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    await setClock(page.request, c.start);
    await setFreeChoice(baseURL!, 'batched', 120);
    const { parent, children } = await makeFamily(page.request, testInfo, {
      parent: c.parent,
      children: [c.child],
    });
    const id = await registerChild(page.request, parent, children[0]!.iin, c.contacts, c.language);
    // The place is offered to the child's turn first; the turn lapses unused (3 days), and the
    // place is in free choice.
    const release = await addPlaces(baseURL!, staff, {
      kindergarten: 'Детский сад № 1 «Балбобек»',
      groupYear: 2024,
      language: 'kk',
      count: 1,
    });
    expect(release.turnsGiven).toBe(1);
    const opened = new Date(c.start.getTime() + 3 * DAY + MINUTE);
    await setClock(page.request, opened);
    expect((await tick(page.request)).turnsLapsed).toBeGreaterThanOrEqual(1);

    await page.goto(`/applicant/applications/${id}`);
    if (c.language === 'ru') await chooseLanguage(page, 'Русский');
    await page.getByRole('link', { name: c.text.choose }).click();
    await expect(page.getByText(c.text.notice)).toBeVisible();
    await expect(page.getByRole('table')).toContainText(c.text.mode);
    await page.getByRole('radio', { name: c.text.radio }).check();
    await photograph(page, `free-choice-batched-choose-${c.language}`, { phone: true });
    await page.getByRole('button', { name: c.text.send }).click();
    const confirm = page.getByRole('dialog', { name: c.text.confirm });
    await expect(confirm).toContainText(c.text.confirmText);
    await confirm.getByRole('button', { name: c.text.send }).click();
    await signInKeyDialog(page, 'sign', parent.files.sign, parent.password, c.language);

    // Registered: the application page says when it is decided; no direction yet.
    await expect(page).toHaveURL(new RegExp(`/applicant/applications/${id}$`));
    const registered = page.getByRole('alert').filter({ hasText: c.text.registered });
    await expect(registered).toContainText(c.text.decideAt);
    await photograph(page, `free-choice-batched-registered-${c.language}`, { phone: true });

    // The round ends; the deadline jobs decide it in queue order.
    await setClock(page.request, new Date(opened.getTime() + 120 * MINUTE));
    expect((await tick(page.request)).freeChoiceRequestsDecided).toBe(1);
    await page.reload();
    const granted = page.getByRole('alert').filter({ hasText: c.text.granted });
    await expect(granted).toContainText(c.text.direction);
    await photograph(page, `free-choice-batched-granted-${c.language}`, { phone: true });
  });
}
