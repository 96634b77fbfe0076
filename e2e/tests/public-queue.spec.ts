// The public queue (issue 18; docs/rules.md, "The public queue"): families of the spec's own fill
// one queue of Astana past a page; anyone opens it from the first page (kk) and reads pseudonyms
// and numbers, never a name; a parent (ru, at a phone's size) finds the pseudonym on the
// application and jumps to the own row on the second page.
import { expect, test, type APIRequest, type Page, type TestInfo } from '@playwright/test';
import { PUBLIC_QUEUE_PAGE } from '@kezek/contracts';
import type { LocalDate } from '@kezek/domain';
import { makeFamily, type FamilyMember, type FamilyParent } from './families.ts';
import { registerChild } from './prepare.ts';
import { chooseLanguage, parentSignsIn, photograph } from './support.ts';

const GROUP_YEAR = 2024;
const FAMILIES = 5;
const CHILDREN_PER_FAMILY = 11;
const PSEUDONYM = /^[a-z2-7]{10}$/;

interface Queue {
  districtId: number;
  children: FamilyMember[];
  /** The queue's length with them: other specs' children of the year may wait there too. */
  total: number;
  /** The family whose child registered last: its row is on the second page. */
  parent: FamilyParent;
  contacts: { email: string; phone: string };
  applicationId: string;
}

/**
 * 55 children born in GROUP_YEAR registered through the API by five families (a parent asks for
 * at most 60 nonces a minute, two a registration), then waited for until the renumbering has
 * listed them all after the children of the year that other specs left waiting.
 */
async function fillQueue(
  requests: APIRequest,
  baseURL: string,
  testInfo: TestInfo,
): Promise<Queue> {
  const anonymous = await requests.newContext({ baseURL });
  const regions = (await (await anonymous.get('/api/regions')).json()) as {
    items: { districts: { id: number }[] }[];
  };
  const districtId = regions.items.find((region) => region.districts.length === 1)!.districts[0]!
    .id;
  /** The queue's length: its pages of the most rows read to the end. */
  const waiting = async () => {
    let count = 0;
    for (;;) {
      const body = (await (
        await anonymous.get(
          `/api/public/queue?districtId=${districtId}&groupYear=${GROUP_YEAR}` +
            `&limit=${PUBLIC_QUEUE_PAGE.max}${count > 0 ? `&cursor=${count}` : ''}`,
        )
      ).json()) as { items: unknown[] };
      count += body.items.length;
      if (body.items.length < PUBLIC_QUEUE_PAGE.max) return count;
    }
  };
  const before = await waiting();
  const children: FamilyMember[] = [];
  let last: Omit<Queue, 'districtId' | 'children' | 'total'> | undefined;
  for (let f = 0; f < FAMILIES; f += 1) {
    const request = await requests.newContext({ baseURL });
    const family = await makeFamily(request, testInfo, {
      parent: {
        lastName: 'Сәрсенова',
        firstName: `Гүлнар${f}`,
        middleName: 'Болатқызы',
        birthDate: '1990-02-02',
        sex: 'female',
      },
      children: Array.from({ length: CHILDREN_PER_FAMILY }, (_, c) => ({
        lastName: 'Сәрсенов',
        firstName: `Нұрасыл${f}${c}`,
        middleName: 'Маратұлы',
        birthDate: `${GROUP_YEAR}-0${1 + (c % 9)}-1${c % 10}` as LocalDate,
        sex: 'male' as const,
      })),
    });
    const contacts = { email: `gulnar${f}.sarsenova@example.kz`, phone: `+7701555070${f}` };
    for (const child of family.children) {
      const applicationId = await registerChild(request, family.parent, child.iin, contacts, 'kk');
      last = { parent: family.parent, contacts, applicationId };
    }
    children.push(...family.children);
    await request.dispose();
  }
  const total = before + children.length;
  await expect.poll(waiting).toBe(total);
  await anonymous.dispose();
  return { districtId, children, total, ...last! };
}

/** No child's name in the page's content (the header names a signed-in parent): pseudonyms only. */
async function expectNoNames(page: Page, children: FamilyMember[]): Promise<void> {
  const text = await page.locator('main').innerText();
  expect(text).not.toContain('Сәрсенов');
  for (const child of children) expect(text).not.toContain(child.firstName);
}

let queue: Queue;

// One queue for both tests, filled once: a failed test must not make the next worker fill it again.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(240_000);
  queue = await fillQueue(playwright.request, testInfo.project.use.baseURL!, testInfo);
});

test('anyone reads the public queue under pseudonyms, page by page (kk)', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Ашық кезек' }).first().click();
  await expect(page.getByRole('heading', { name: 'Ашық кезек', level: 1 })).toBeVisible();
  await page.getByLabel('Аудан').selectOption({ label: 'Астана' });
  await page.getByLabel('Топ жылы (туған жылы)').selectOption(String(GROUP_YEAR));
  await expect(page).toHaveURL(
    new RegExp(`/queue\\?districtId=${queue.districtId}&groupYear=${GROUP_YEAR}$`),
  );

  const table = page.getByRole('table', { name: 'Кезектегі балалар' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(PUBLIC_QUEUE_PAGE.default);
  await expect(rows.first().getByRole('cell').first()).toHaveText('1');
  await expect(rows.first().getByRole('cell').nth(2)).toHaveText(PSEUDONYM);
  await expect(table).toContainText('Жалпы кезек');
  await expectNoNames(page, queue.children);
  // Anonymous: nothing is marked as one's own and there is no row to jump to.
  await expect(page.getByText('Менің өтінішім')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Менің жолыма өту/ })).toHaveCount(0);
  await photograph(page, 'public-queue-kk', { phone: true });

  const paging = page.getByRole('navigation', { name: 'Кезек беттері' });
  await expect(paging.getByRole('button', { name: 'Алдыңғы бет' })).toBeDisabled();
  await paging.getByRole('button', { name: 'Келесі бет' }).click();
  await expect(page).toHaveURL(/cursor=50/);
  await expect(rows).toHaveCount(queue.total - PUBLIC_QUEUE_PAGE.default);
  await expect(rows.first().getByRole('cell').first()).toHaveText('51');
  await expect(paging.getByRole('button', { name: 'Келесі бет' })).toBeDisabled();
  await expectNoNames(page, queue.children);
  await paging.getByRole('button', { name: 'Алдыңғы бет' }).click();
  await expect(rows.first().getByRole('cell').first()).toHaveText('1');
});

test('a parent finds the pseudonym on the application and jumps to the own row (ru, phone)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await parentSignsIn(page, queue.parent.files, queue.parent.password, queue.contacts);
  await chooseLanguage(page, 'Русский');
  const application = (await (
    await page.request.get(`/api/applications/${queue.applicationId}`)
  ).json()) as { pseudonym: string };
  expect(application.pseudonym).toMatch(PSEUDONYM);

  await page.goto(`/applicant/applications/${queue.applicationId}`);
  await expect(page.getByText('Псевдоним в открытой очереди')).toBeVisible();
  await expect(page.getByText(application.pseudonym, { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Посмотреть открытую очередь' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/queue\\?districtId=${queue.districtId}&groupYear=${GROUP_YEAR}$`),
  );
  const cards = page.getByRole('list', { name: 'Дети в очереди' }).getByRole('listitem');
  await expect(cards).toHaveCount(PUBLIC_QUEUE_PAGE.default);
  // The family's other children wait on the first page: marked as the parent's own.
  await expect(cards.filter({ hasText: 'Моё заявление' }).first()).toBeVisible();

  await page.getByRole('button', { name: `К моей строке (${application.pseudonym})` }).click();
  await expect(page).toHaveURL(new RegExp(`cursor=50.*mine=${application.pseudonym}`));
  const own = cards.filter({ hasText: application.pseudonym });
  await expect(own).toHaveAttribute('aria-current', 'true');
  await expect(own).toBeFocused();
  await expect(own).toBeInViewport();
  await expect(own).toContainText('Моё заявление');
  await expect(own).toContainText(`№ ${queue.total}`);
  await expectNoNames(page, queue.children);
  await photograph(page, 'public-queue-own-row-ru-phone');

  // At a desktop's size the same row of the table is marked.
  await page.setViewportSize({ width: 1280, height: 800 });
  const row = page
    .getByRole('table', { name: 'Дети в очереди' })
    .getByRole('row')
    .filter({ hasText: application.pseudonym });
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(row).toContainText('Моё заявление');
  await photograph(page, 'public-queue-own-row-ru');
});
