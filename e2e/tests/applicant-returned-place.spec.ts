// A place given back goes on at once (docs/rules.md). In Kazakh: a parent revokes a direction
// within 24 hours (the dialog, a reason, the signature) and the history says the place went to
// the next child in line; the next parent in line signs in and finds the turn for that place,
// with the turn's own deadline, in the application, on the choosing page, in the messages and in
// the history tab. Group year 2025: no other spec queues a child of that year.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/src/demo/people.ts';
import { makeFamily } from './families.ts';
import { addPlaces, chooseDirection, registerChild, setClock } from './prepare.ts';
import { parentSignsIn, photograph, signInKeyDialog } from './support.ts';

const HOUR = 3_600_000;
const staff = DEMO_ACCOUNTS.find((a) => a.fullName.startsWith('Омарова'))!;

test.afterAll(async ({ request }) => {
  await setClock(request, new Date());
});

test('a revoked place goes at once to the next child in line, who sees the turn (kk)', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const start = new Date('2026-12-15T10:00:00+05:00');
  await setClock(page.request, start);
  const first = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Сапарова',
      firstName: 'Динара',
      middleName: 'Қайратқызы',
      birthDate: '1993-03-03',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Сапаров',
        firstName: 'Алмас',
        middleName: 'Ержанұлы',
        birthDate: '2025-03-03',
        sex: 'male',
      },
    ],
  });
  const next = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Омаров',
      firstName: 'Бауыржан',
      middleName: 'Серікұлы',
      birthDate: '1990-05-05',
      sex: 'male',
    },
    children: [
      {
        lastName: 'Омарова',
        firstName: 'Аружан',
        middleName: 'Бауыржанқызы',
        birthDate: '2025-04-04',
        sex: 'female',
      },
    ],
  });
  const nextContacts = { email: 'baurzhan.omarov@example.kz', phone: '+77015550404' };
  // The first child is registered first, so is first in line; the next parent registers from
  // their own device.
  const firstId = await registerChild(
    page.request,
    first.parent,
    first.children[0]!.iin,
    { email: 'dinara.saparova@example.kz', phone: '+77015550303' },
    'kk',
  );
  const device = await playwrightRequest.newContext({ baseURL });
  const nextId = await registerChild(
    device,
    next.parent,
    next.children[0]!.iin,
    nextContacts,
    'kk',
  );
  await device.dispose();
  const release = await addPlaces(baseURL!, staff, {
    kindergarten: 'Детский сад № 1 «Балбобек»',
    groupYear: 2025,
    language: 'kk',
    count: 1,
  });
  expect(release.turnsGiven).toBe(1);
  await chooseDirection(page.request, first.parent, firstId, release.id);

  // Two hours later the first parent revokes the direction (docs/rules.md, "Choice and
  // directions").
  await setClock(page.request, new Date(start.getTime() + 2 * HOUR));
  await page.goto(`/applicant/applications/${firstId}`);
  await page.getByRole('button', { name: 'Жолдаманы кері қайтару' }).click();
  const revoke = page.getByRole('dialog', { name: 'Жолдаманы кері қайтару' });
  await expect(revoke).toContainText('№ 1 «Балбөбек» балабақшасы');
  await revoke.getByLabel('Кері қайтару себебі').fill('Үйден алыс');
  await revoke.getByRole('button', { name: 'Қол қойып, кері қайтару' }).click();
  await signInKeyDialog(page, 'sign', first.parent.files.sign, first.parent.password);
  await expect(page.getByText('Жолдама кері қайтарылды', { exact: false }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  await expect(page.getByRole('row', { name: /Жолдамадан бас тартылды/ }).last()).toContainText(
    'Орын кезектегі келесі балаға берілді',
  );
  await photograph(page, 'returned-place-revoked-kk');

  // The next parent signs in: the turn for that place, until their own deadline (the batch's
  // window ended at 10:00; this turn was given at 12:00).
  await page.getByRole('banner').getByRole('button', { name: 'Шығу' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Кіру' })).toBeVisible();
  await parentSignsIn(page, next.parent.files, next.parent.password, nextContacts);
  const row = page.getByRole('table', { name: 'Өтініштер журналы' }).getByRole('row', {
    name: /Аружан/,
  });
  await expect(row).toContainText('Кезек келді');
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/applicant/applications/${nextId}`));
  await expect(page.getByText('Кезегіңіз келді', { exact: true })).toBeVisible();
  await expect(page.getByText('18.12.2026 12:00 дейін', { exact: false })).toBeVisible();
  await photograph(page, 'returned-place-turn-kk', { phone: true });

  await page.getByRole('link', { name: 'Мемлекеттік балабақшаны таңдау' }).click();
  const places = page.getByRole('table', { name: 'Бос орындар' });
  await expect(places).toContainText('№ 1 «Балбөбек» балабақшасы');
  await expect(places).toContainText('сізге, кезек бойынша');

  await page.goto(`/applicant/applications/${nextId}?tab=history`);
  await expect(page.getByRole('row', { name: /Кезек келді/ }).last()).toContainText(
    'Қайтарылған орынға; 18.12.2026 12:00 дейін таңдау',
  );
  await photograph(page, 'returned-place-history-kk', { phone: true });

  await page.goto('/applicant/messages');
  await expect(page.getByRole('heading', { name: /өтініші: кезегіңіз келді$/ })).toBeVisible();

  // The parent takes the place. Behind a busy public address the first nonce is refused (429,
  // Retry-After: 1): the page waits that second, asks once more and signs; the parent sees only
  // the direction.
  let refusedOnce = false;
  await page.route('**/api/nonce', async (route) => {
    if (refusedOnce) return route.continue();
    refusedOnce = true;
    await route.fulfill({
      status: 429,
      headers: { 'retry-after': '1', 'content-type': 'application/problem+json' },
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Too many',
        status: 429,
        code: 'rate_limited',
      }),
    });
  });
  await page.goto(`/applicant/applications/${nextId}`);
  await page.getByRole('link', { name: 'Мемлекеттік балабақшаны таңдау' }).click();
  await page.getByRole('radio', { name: '№ 1 «Балбөбек» балабақшасы таңдау' }).check();
  await page.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await page
    .getByRole('dialog', { name: 'Таңдауға қол қойып, жіберу' })
    .getByRole('button', { name: 'Қол қою және жіберу' })
    .click();
  await signInKeyDialog(page, 'sign', next.parent.files.sign, next.parent.password);
  expect(refusedOnce).toBe(true);
  await expect(page.getByText(/NP\.2026\.\d{6} жолдамасы берілді/).first()).toBeVisible();
  await expect(page.getByText('Тым көп әрекет', { exact: false })).toHaveCount(0);
});
