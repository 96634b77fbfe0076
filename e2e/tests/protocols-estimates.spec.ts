// Public protocols and wait estimates (issue 18 items 3 and 6; docs/rules.md "Public protocols",
// docs/wait-estimates.md). A family's children of GROUP_YEAR (no other spec registers that year)
// wait in Astana's queue; staff release one place at a time 200, 130 and 60 days ago and today,
// each a turn, and the last is taken: a direction. Anyone then reads Astana's protocol of the
// period from the public queue (kk, desktop and phone) and downloads it as CSV; the parent of a
// child registered after it all sees when a turn is likely (kk and ru, desktop and phone).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { LocalDate } from '@kezek/domain';
import { makeFamily, type FamilyMember, type FamilyParent } from './families.ts';
import { addPlaces, chooseDirection, registerChild, serverNow, setClock } from './prepare.ts';
import { chooseLanguage, parentSignsIn, photograph } from './support.ts';
import { STAFF } from './workspace-support.ts';

const GROUP_YEAR = 2023;
const DAY = 24 * 3_600_000;
const KINDERGARTEN = 'Детский сад № 1 «Балбобек»';
const contacts = { email: 'aigerim.temirova@example.kz', phone: '+77015550231' };

interface World {
  parent: FamilyParent;
  children: FamilyMember[];
  waiting: string;
  pseudonym: string;
  now: Date;
}
let world: World;

/** DD.MM.YYYY of an instant in Almaty, as the date fields take it. */
const typed = (at: Date) => {
  const local = new Date(at.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
  const [year, month, day] = local.split('-');
  return `${day}.${month}.${year}`;
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(180_000);
  const baseURL = testInfo.project.use.baseURL!;
  const request = await playwright.request.newContext({ baseURL });
  await setClock(request, new Date());
  const now = await serverNow(request);
  const family = await makeFamily(request, testInfo, {
    parent: {
      lastName: 'Темірова',
      firstName: 'Әйгерім',
      middleName: 'Серікқызы',
      birthDate: '1991-04-04',
      sex: 'female',
    },
    children: ['Айсұлу', 'Баянсұлу', 'Гүлсұлу', 'Дәмесұлу'].map((firstName, c) => ({
      lastName: 'Темірова',
      firstName,
      middleName: 'Маратқызы',
      birthDate: `${GROUP_YEAR}-0${c + 1}-15` as LocalDate,
      sex: 'female' as const,
    })),
  });
  const [a1, a2, a3, late] = family.children;
  const ids = [];
  for (const child of [a1!, a2!, a3!])
    ids.push(await registerChild(request, family.parent, child.iin, contacts, 'kk'));
  // One place at a time, each a turn in its month; the windows lapse as the clock comes back.
  for (const daysAgo of [200, 130, 60]) {
    await setClock(request, new Date(now.getTime() - daysAgo * DAY));
    await addPlaces(baseURL, STAFF, {
      kindergarten: KINDERGARTEN,
      groupYear: GROUP_YEAR,
      language: 'kk',
      count: 1,
    });
  }
  await setClock(request, now);
  expect((await request.post('/api/test/tick')).status()).toBe(200);
  const today = await addPlaces(baseURL, STAFF, {
    kindergarten: KINDERGARTEN,
    groupYear: GROUP_YEAR,
    language: 'kk',
    count: 1,
  });
  expect(today.turnsGiven).toBe(1);
  let chosen: { pseudonym: string } | undefined;
  for (const id of ids) {
    const application = (await (await request.get(`/api/applications/${id}`)).json()) as {
      status: string;
      pseudonym: string;
    };
    if (application.status !== 'turn') continue;
    await chooseDirection(request, family.parent, id, today.id);
    chosen = application;
    break;
  }
  const waiting = await registerChild(request, family.parent, late!.iin, contacts, 'kk');
  await request.dispose();
  world = {
    parent: family.parent,
    children: family.children,
    waiting,
    pseudonym: chosen!.pseudonym,
    now,
  };
});

/** No child's or parent's name in the text: pseudonyms only. */
function expectNoNames(text: string) {
  expect(text).not.toContain('Темірова');
  for (const child of world.children) expect(text).not.toContain(child.firstName);
}

test('anyone reads a district’s protocol from the public queue and downloads it (kk)', async ({
  page,
}) => {
  await page.goto('/queue');
  await page.getByLabel('Аудан').selectOption({ label: 'Астана' });
  await page.getByRole('link', { name: 'Орындар мен жолдамалар хаттамалары' }).click();
  await expect(
    page.getByRole('heading', { name: 'Орындар мен жолдамалар хаттамалары', level: 1 }),
  ).toBeVisible();
  await expect(page.getByLabel('Аудан')).toHaveValue(/\d+/);
  const from = page.getByLabel('Бастап');
  await from.fill(typed(new Date(world.now.getTime() - 201 * DAY)));
  await from.press('Enter');
  const to = page.getByLabel('Дейін');
  await to.fill(typed(world.now));
  await to.press('Enter');
  await to.press('Escape');
  await expect(page).toHaveURL(/from=/);

  const batches = page.getByRole('table', { name: 'Бөлінген орындар' });
  const ours = batches
    .getByRole('row')
    .filter({ hasText: '№ 1 «Балбөбек» балабақшасы' })
    .filter({
      hasText: String(GROUP_YEAR),
    });
  await expect(ours).toHaveCount(4);
  const directions = page.getByRole('table', { name: 'Берілген жолдамалар' });
  const direction = directions.getByRole('row').filter({ hasText: world.pseudonym });
  await expect(direction).toContainText('Кезек бойынша');
  await expect(direction).toContainText('№ 1 «Балбөбек» балабақшасы');
  expectNoNames(await page.locator('main').innerText());
  await photograph(page, 'protocols-kk', { phone: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'CSV жүктеп алу' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const [header, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(header).toBe(
    'Жазба,Уақыты,Балабақша,Туған жылы,Тілі,Орын саны,Қайтарылған,Бүркеншік ат,Тәсілі',
  );
  expect(rows.filter((row) => row.includes(world.pseudonym))).toEqual([
    expect.stringMatching(/^Жолдама,.*,кезек бойынша$/),
  ]);
  expectNoNames(csv);

  // A period longer than 366 days is refused with the reason.
  await from.fill(typed(new Date(world.now.getTime() - 400 * DAY)));
  await from.press('Enter');
  await expect(
    page.getByText('Кезең аяқталуынан кеш басталмауы және 366 күннен аспауы керек.'),
  ).toBeVisible();
});

async function estimateShown(
  page: Page,
  sentences: { title: string; basis: RegExp; median: RegExp },
) {
  const section = page.getByRole('region', { name: sentences.title });
  await expect(section).toBeVisible();
  await expect(section).toContainText(sentences.median);
  await expect(section).toContainText(sentences.basis);
}

test('the parent of a waiting child sees when a turn is likely (kk and ru, desktop and phone)', async ({
  page,
}) => {
  await parentSignsIn(page, world.parent.files, world.parent.password, contacts);
  await page.goto(`/applicant/applications/${world.waiting}`);
  await estimateShown(page, {
    title: 'Кезек қашан келуі ықтимал',
    median: /Медиана: \d+ айдан кейін; 90 % ықтималдықпен \d+–\d+ айдан кейін\./,
    basis: new RegExp(
      `Соңғы 12 айда сіздің санаттағы ${GROUP_YEAR} жылы туған балаларға кезек \\d+ рет келді; ` +
        'сіздің санаттан алдыңыздағы балалар: \\d+\\.',
    ),
  });
  await photograph(page, 'wait-estimate-kk', { phone: true });
  await chooseLanguage(page, 'Русский');
  await estimateShown(page, {
    title: 'Когда вероятна очередь',
    median: /Медиана: через \d+ мес\.; с вероятностью 90 % — через \d+–\d+ мес\./,
    basis: new RegExp(
      `За последние 12 месяцев очередь подошла у детей ${GROUP_YEAR} года рождения вашей ` +
        'категории \\d+ раз; детей вашей категории впереди вашего: \\d+\\.',
    ),
  });
  await photograph(page, 'wait-estimate-ru', { phone: true });
});
