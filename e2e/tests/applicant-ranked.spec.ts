// Ranked preferences (issue 17; docs/rules.md, "Ranked preferences"), in a region of the spec's
// own whose policy ranks: the parent ranks two kindergartens in the form (kk), then any within
// 2 km of home, marking home on the map (its tiles served by the test), signs, sees the ranking
// on the application; places at the second-ranked kindergarten give the child the offer,
// which the parent sees in the application (ru, at a phone's size too) and declines.
import { randomInt } from 'node:crypto';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from '@playwright/test';
import { makeFamily } from './families.ts';
import { addPlaces } from './prepare.ts';
import {
  DEMO_ADMIN,
  chooseLanguage,
  parentSignsIn,
  photograph,
  signInKeyDialog,
} from './support.ts';

async function adminContext(baseURL: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post('/api/auth/password', { data: DEMO_ADMIN })).status()).toBe(200);
  const csrf = ((await (await api.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
  return { api, csrf };
}

/** A 1×1 transparent PNG: every tile of the test's map. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A region with one district, two kindergartens 2.2 km apart and the policy `allocation: ranked`. */
async function rankedRegion(baseURL: string, suffix: number) {
  const { api, csrf } = await adminContext(baseURL);
  const headers = { 'x-csrf-token': csrf };
  const post = async (url: string, data: object) => {
    const response = await api.post(url, { data, headers });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: number }).id;
  };
  const regionId = await post('/api/admin/regions', {
    code: `ranked-${suffix}`,
    name: {
      kk: `Рейтинг облысы ${suffix}`,
      ru: `Рейтинговая область ${suffix}`,
      en: `Ranked ${suffix}`,
    },
  });
  const districtId = await post('/api/admin/districts', {
    regionId,
    name: { kk: 'Орталық аудан', ru: 'Центральный район', en: 'Central district' },
  });
  const kindergarten = (name: string, lat: number) =>
    post('/api/admin/kindergartens', {
      districtId,
      name: { kk: `${name} бақшасы ${suffix}`, ru: `Сад ${name} ${suffix}` },
      type: 'state',
      languages: ['kk', 'ru'],
      address: 'Орталық көше, 1',
      lat,
      lon: 71.4,
    });
  const first = await kindergarten('Айгөлек', 51.2);
  const second = await kindergarten('Балапан', 51.22);
  const url = `/api/admin/policy?regionId=${regionId}`;
  const policy = (await (await api.get(url)).json()) as object;
  const saved = await api.put(url, { data: { ...policy, allocation: 'ranked' }, headers });
  expect(saved.status(), await saved.text()).toBe(200);
  await api.dispose();
  return { districtId, first, second };
}

test('a parent ranks kindergartens (kk) and is offered the place of one of them (ru)', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const suffix = randomInt(1000, 9999);
  const region = await rankedRegion(baseURL!, suffix);
  const family = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Жұмабаева',
      firstName: 'Айнұр',
      middleName: 'Серікқызы',
      birthDate: '1994-04-04',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Жұмабаев',
        firstName: 'Ерасыл',
        middleName: 'Асқарұлы',
        birthDate: '2022-06-06',
        sex: 'male',
      },
    ],
  });
  const contacts = { email: 'ainur.zhumabaeva@example.kz', phone: '87015550606' };
  await parentSignsIn(page, family.parent.files, family.parent.password, contacts);

  await page.goto(`/applicant/new?districtId=${region.districtId}`);
  await page.getByRole('button', { name: 'Ары қарай' }).click();
  await page
    .getByRole('radiogroup', { name: 'Тізілімдегі балаларыңыз' })
    .getByRole('radio', { name: /Ерасыл/ })
    .check();
  const ranking = page.getByRole('group', { name: 'Қалаған ретімен балабақшалар' });
  // Five ranks and the radius around home.
  await expect(ranking.getByRole('combobox')).toHaveCount(6);
  // Sent without a ranking, the form says what is missing before anything is signed.
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await expect(ranking.getByText('Міндетті өріс')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await ranking.getByLabel('1-таңдау').selectOption({ label: `Балапан бақшасы ${suffix}` });
  // A kindergarten chosen again at another rank swaps the two: none is ranked twice.
  await ranking.getByLabel('2-таңдау').selectOption({ label: `Айгөлек бақшасы ${suffix}` });
  await ranking.getByLabel('1-таңдау').selectOption({ label: `Айгөлек бақшасы ${suffix}` });
  await expect(ranking.getByLabel('2-таңдау')).toHaveValue(String(region.second));
  await ranking.getByLabel('1-таңдау').selectOption({ label: `Балапан бақшасы ${suffix}` });
  await expect(ranking.getByLabel('2-таңдау')).toHaveValue(String(region.first));
  // Then any kindergarten within 2 km of home: home marked by a click on the map.
  await page.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ contentType: 'image/png', body: TILE }),
  );
  await ranking.getByLabel('Одан кейін үйге жақын кез келген балабақша').selectOption({
    label: '2 км радиуста',
  });
  await expect(ranking.getByLabel('Үйдің ендігі')).toHaveValue('');
  const map = ranking.getByRole('region', { name: 'Карта: үйіңізді белгілеңіз' });
  await expect(map).toBeVisible();
  await expect(ranking.getByRole('list', { name: 'Картаның белгілері' })).toContainText('Үй');
  await map.click();
  await expect(ranking.getByLabel('Үйдің ендігі')).toHaveValue(/^51\.2\d*$/);
  await expect(ranking.getByLabel('Үйдің бойлығы')).toHaveValue(/^71\.\d+$/);
  await photograph(page, 'ranked-form-kk', { phone: true });
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', family.parent.files.sign, family.parent.password);
  await expect(page).toHaveURL(/\/applicant\/applications\/\d+\?registered=true$/);
  await page.getByRole('dialog').getByRole('button', { name: 'ОК' }).click();
  await expect(
    page.getByText(`1. Балапан бақшасы ${suffix}; 2. Айгөлек бақшасы ${suffix}`),
  ).toBeVisible();
  await expect(page.getByText('Үйден 2 км радиустағы кез келген балабақша')).toBeVisible();

  // Places at the second-ranked kindergarten: the only ones of this round, so they are offered.
  const release = await addPlaces(baseURL!, DEMO_ADMIN, {
    kindergarten: `Сад Айгөлек ${suffix}`,
    groupYear: 2022,
    language: 'ru',
    count: 1,
  });
  expect(release.turnsGiven).toBe(1);
  await chooseLanguage(page, 'Русский');
  await page.reload();
  await expect(page.getByText('Детские сады в порядке предпочтения')).toBeVisible();
  await expect(page.getByText('Ваша очередь подошла', { exact: true })).toBeVisible();
  await photograph(page, 'ranked-offer-ru', { phone: true });

  // The parent declines the offer (once in 12 months): confirmed, signed, the child keeps its
  // place and the button is gone until a year has passed.
  await page.getByRole('button', { name: 'Отказаться от очереди' }).click();
  const confirm = page.getByRole('dialog', { name: 'Отказаться от очереди' });
  await expect(confirm).toContainText('один раз в 12 месяцев');
  await confirm.getByRole('button', { name: 'Подписать и отказаться' }).click();
  await signInKeyDialog(page, 'sign', family.parent.files.sign, family.parent.password, 'ru');
  await expect(
    page.getByText('Вы отказались от очереди. Ребенок сохраняет место в очереди.'),
  ).toBeVisible();
  await expect(page.getByText('Ваша очередь подошла', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Отказаться от очереди' })).toHaveCount(0);

  // Waiting again, the parent changes the ranking: only the kindergarten with the free place.
  await page.getByRole('button', { name: 'Изменить порядок детских садов' }).click();
  const panel = page.getByRole('region', { name: 'Изменить порядок детских садов' });
  await panel.getByLabel('Выбор 1').selectOption({ label: `Сад Айгөлек ${suffix}` });
  await expect(panel.getByLabel('Выбор 2')).toHaveValue(String(region.second));
  await panel.getByLabel('Выбор 2').selectOption({ label: '—' });
  await panel.getByRole('button', { name: 'Подписать и сохранить' }).click();
  await signInKeyDialog(page, 'sign', family.parent.files.sign, family.parent.password, 'ru');
  await expect(page.getByText('Порядок детских садов изменен.')).toBeVisible();
  await expect(page.getByText(`1. Сад Айгөлек ${suffix}`, { exact: true })).toBeVisible();
  await expect(page.getByText('Любой детский сад в радиусе 2 км от дома')).toBeVisible();
});
