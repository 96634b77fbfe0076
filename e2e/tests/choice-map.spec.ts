// The choice map (docs/rules.md, "Choice and directions"), with its tiles served by the test: the
// markers' legend, each name drawn as text even when it carries HTML (a name set through the
// administration once covered the page and navigated away), and without tiles a word that the map
// is unavailable while the list stays.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { makeFamily } from './families.ts';
import { addPlaces, registerChild } from './prepare.ts';
import { DEMO_ADMIN, SCREENSHOTS, expectAccessible } from './support.ts';

const HOSTILE_NAME =
  '№ 99 «Күншуақ» <a href="https://evil.example/" style="position:fixed;inset:0">Подпишите ЭЦП здесь</a>' +
  '<meta http-equiv="refresh" content="2;url=https://evil.example/">';
/** A 1×1 transparent PNG: every tile of the test's map. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function addHostileKindergarten(baseURL: string): Promise<void> {
  const admin = await playwrightRequest.newContext({ baseURL });
  try {
    expect((await admin.post('/api/auth/password', { data: DEMO_ADMIN })).status()).toBe(200);
    const me = (await (await admin.get('/api/me')).json()) as { csrfToken: string };
    const regions = (await (await admin.get('/api/regions')).json()) as {
      items: { districts: { id: number }[] }[];
    };
    const astana = regions.items.find((region) => region.districts.length === 1)!;
    const created = await admin.post('/api/admin/kindergartens', {
      data: {
        districtId: astana.districts[0]!.id,
        name: { kk: HOSTILE_NAME, ru: HOSTILE_NAME },
        type: 'state',
        languages: ['kk'],
        address: 'г. Астана, ул. Кунаева, 99',
        lat: 51.128,
        lon: 71.43,
      },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(created.status(), await created.text()).toBe(201);
  } finally {
    await admin.dispose();
  }
}

async function openChoice(page: Page, applicationId: string): Promise<void> {
  await page.goto(`/applicant/applications/${applicationId}`);
  await page.getByRole('link', { name: 'Мемлекеттік балабақшаны таңдау' }).click();
  await expect(page.getByRole('table', { name: 'Бос орындар' })).toBeVisible();
}

test('the choice map draws names as text, explains its colours, and says when it cannot load', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const family = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Серікова',
      firstName: 'Мадина',
      middleName: 'Асқарқызы',
      birthDate: '1994-04-04',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Серіков',
        firstName: 'Алан',
        middleName: 'Ерболұлы',
        birthDate: '2023-02-02',
        sex: 'male',
      },
    ],
  });
  const contacts = { email: 'madina.serikova@example.kz', phone: '+77015550909' };
  const applicationId = await registerChild(
    page.request,
    family.parent,
    family.children[0]!.iin,
    contacts,
    'kk',
  );
  await addHostileKindergarten(baseURL!);
  // As many places as the child's queue number: the turn reaches the child whoever waits ahead.
  const { queueNumber } = (await (
    await page.request.get(`/api/applications/${applicationId}`)
  ).json()) as { queueNumber: number };
  await addPlaces(baseURL!, DEMO_ADMIN, {
    kindergarten: HOSTILE_NAME,
    groupYear: 2023,
    language: 'kk',
    count: queueNumber,
  });
  // registerChild signed the parent in on page.request, whose cookies the page shares.

  // The tiles load: the map, its legend, and the hostile name as plain text in its tooltip.
  await page.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ contentType: 'image/png', body: TILE }),
  );
  await openChoice(page, applicationId);
  const map = page.getByRole('region', { name: 'Бос орындары бар балабақшалардың картасы' });
  await expect(map).toBeVisible();
  const legend = page.getByRole('list', { name: 'Картаның белгілері' });
  await expect(legend).toContainText('Таңдалған балабақша');
  await expect(legend).toContainText('Бос орны бар басқа балабақшалар');
  const markers = map.locator('path.leaflet-interactive');
  await expect(markers.first()).toBeVisible();
  const start = page.url();
  for (const marker of await markers.all()) await marker.hover({ force: true });
  await expect(
    page.locator('.leaflet-tooltip').filter({ hasText: 'Подпишите ЭЦП здесь' }),
  ).toHaveText(HOSTILE_NAME);
  await expect(page.locator('.leaflet-tooltip a')).toHaveCount(0);
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  // The list shows it as text too; nothing navigates away.
  await expect(page.getByRole('table', { name: 'Бос орындар' })).toContainText(HOSTILE_NAME);
  await expect(page.locator('a[href^="https://evil.example"]')).toHaveCount(0);
  await expect(page).toHaveURL(start);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}choice-map-kk.png`, fullPage: true });

  // No tiles: the map says so, and the list is still the way to choose.
  await page.unroute('https://tile.openstreetmap.org/**');
  await page.route('https://tile.openstreetmap.org/**', (route) => route.abort());
  await openChoice(page, applicationId);
  await expect(
    page.getByRole('status').filter({ hasText: 'Карта қазір қолжетімсіз' }),
  ).toBeVisible();
  await expect(page.getByRole('radio', { name: /№ 99 «Күншуақ»/ })).toBeVisible();
  await expectAccessible(page);
});
