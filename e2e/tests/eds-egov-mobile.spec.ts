// Signing with eGov Mobile (docs/mobile-signing.md): the browser side driven as a person would,
// the phone side by the eGov Mobile stand-in of @kezek/eds, which follows the QR-signing
// specification step by step with the parent's real key file — reading the QR code off the
// screen on a computer, following the app's button on a phone.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { openP12, signWithEgovMobile, type EgovSigningRequest } from '@kezek/eds';
import { makeFamily, type FamilyParent } from './families.ts';
import { addPlaces, registerChild } from './prepare.ts';
import { SCREENSHOTS, demoKeys, expectAccessible } from './support.ts';
import { STAFF } from './workspace-support.ts';

const PHONE = { width: 390, height: 844 };

/** What the QR code on the screen says, read from its pixels as a phone's camera would. */
async function scanQr(qr: Locator): Promise<string> {
  const image = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('No QR code could be read off the screen');
  return code.data;
}

/** The parent's phone: scans (or follows) the code and signs with their key in eGov Mobile. */
function phoneOf(parent: FamilyParent, language: 'kk' | 'ru') {
  return (scanned: string, keyType: 'auth' | 'sign'): Promise<EgovSigningRequest> =>
    signWithEgovMobile(
      scanned,
      openP12(new Uint8Array(readFileSync(parent.files[keyType])), parent.password),
      { language },
    );
}

function signingDialog(page: Page, keyType: 'auth' | 'sign', language: 'kk' | 'ru') {
  const names = {
    kk: { auth: 'Кіру кілтін таңдаңыз', sign: 'Қол қою кілтін таңдаңыз' },
    ru: { auth: 'Выберите ключ для входа', sign: 'Выберите ключ для подписи' },
  };
  return page.getByRole('dialog', { name: names[language][keyType] });
}

test('on a computer, in Kazakh: signs in and registers a child by scanning QR codes', async ({
  page,
}, testInfo) => {
  const { parent, children } = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Мұратова',
      firstName: 'Әйгерім',
      middleName: 'Болатқызы',
      birthDate: '1994-02-11',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Мұратов',
        firstName: 'Алдияр',
        middleName: 'Ерланұлы',
        birthDate: '2022-03-15',
        sex: 'male',
      },
    ],
  });
  const phone = phoneOf(parent, 'kk');

  await page.goto('/applicant');
  await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру', exact: true }).click();
  const signIn = signingDialog(page, 'auth', 'kk');
  // No NCALayer here and nothing remembered: eGov Mobile first, its QR code on a computer.
  await expect(signIn.getByRole('radio', { name: 'eGov Mobile' })).toBeChecked();
  await expect(signIn.getByRole('radio', { name: 'NCALayer' })).toHaveCount(0);
  const qr = signIn.getByRole('img', { name: 'eGov Mobile арқылы қол қоюға арналған QR-код' });
  await expect(qr).toBeVisible();
  await expect(signIn.getByRole('status').last()).toContainText('Қолтаңба күтілуде');
  await expect(signIn.getByRole('link', { name: 'eGov Mobile-да қол қою' })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}egov-mobile-qr-kk.png` });

  const scanned = await scanQr(qr);
  expect(scanned).toMatch(/^mobileSign:http:\/\/127\.0\.0\.1:\d+\/api\/egov\/sign\/[\w-]{43}$/);
  const signedIn = await phone(scanned, 'auth');
  expect(signedIn.info.description).toBe('kezek жүйесіне кіру / Вход в kezek');
  expect(signedIn.documents.documentsToSign[0]!.nameKz).toBe('kezek жүйесіне кіру');

  // The page continues by itself: the first sign-in asks for the contacts.
  await expect(signIn).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Байланыс деректері' })).toBeVisible();
  await page.getByLabel('Электрондық пошта').fill('aigerim.muratova@example.kz');
  await page.getByLabel('Телефон').fill('+77015550177');
  await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();
  await expect(page.getByRole('heading', { name: 'Өтініштер журналы' })).toBeVisible();

  // Registering the child; the dialog remembers eGov Mobile.
  await page.goto('/applicant/service');
  await page.getByLabel('Нұсқаулықпен танысқанымды растаймын').check();
  await page.getByLabel('Өңір').selectOption({ label: 'Астана қаласы' });
  await page.getByRole('button', { name: 'Өтінімді беру' }).click();
  await page.getByRole('button', { name: 'Ары қарай' }).click();
  await page
    .getByRole('radiogroup', { name: 'Тізілімдегі балаларыңыз' })
    .getByRole('radio', { name: /Алдияр/ })
    .check();
  await expect(page.getByLabel('Баланың ЖСН')).toHaveValue(children[0]!.iin);
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  const register = signingDialog(page, 'sign', 'kk');
  await expect(register.getByRole('radio', { name: 'eGov Mobile' })).toBeChecked();
  const registered = await phone(
    await scanQr(
      register.getByRole('img', { name: 'eGov Mobile арқылы қол қоюға арналған QR-код' }),
    ),
    'sign',
  );
  expect(registered.info.description).toBe('Баланы кезекке қою / Постановка ребёнка в очередь');
  const signedContent = JSON.parse(new TextDecoder().decode(registered.contents[0]));
  expect(signedContent).toMatchObject({
    action: 'application.create',
    child: { iin: children[0]!.iin },
  });

  await expect(page).toHaveURL(/\/applicant\/applications\/\d+\?registered=true$/);
  const notice = page.getByRole('dialog', { name: 'Өтініш тіркелді' });
  await expect(notice).toContainText(/UO\.\d{4}\.\d{6}\.1 өтініші тіркелді/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const history = (await (await page.request.get(`/api/applications/${id}/history`)).json()) as {
    items: { event: string }[];
  };
  expect(history.items[0]!.event).toBe('application.registered');
});

test('on a phone, in Russian: the app opens by its button, signs in and takes a place', async ({
  page,
  baseURL,
}, testInfo) => {
  await page.setViewportSize(PHONE);
  const { parent, children } = await makeFamily(page.request, testInfo, {
    parent: {
      lastName: 'Ким',
      firstName: 'Алина',
      middleName: 'Сергеевна',
      birthDate: '1993-09-21',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Ким',
        firstName: 'Тимур',
        middleName: 'Денисович',
        birthDate: '2021-04-02',
        sex: 'male',
      },
    ],
  });
  const phone = phoneOf(parent, 'ru');
  const contacts = { email: 'alina.kim@example.kz', phone: '+77015550178' };
  const applicationId = await registerChild(page.request, parent, children[0]!.iin, contacts, 'ru');
  await page.request.post('/api/auth/logout', { headers: { 'x-csrf-token': 'none' } });

  await page.goto('/applicant');
  await page.getByRole('button', { name: 'Русский' }).click();
  await page.getByRole('button', { name: 'Войти с ЭЦП', exact: true }).click();
  const signIn = signingDialog(page, 'auth', 'ru');
  const openApp = signIn.getByRole('link', { name: 'Подписать в eGov Mobile' });
  await expect(openApp).toBeVisible();
  // On a phone: the app's button, no QR code to scan with the same phone.
  await expect(signIn.getByRole('img', { name: 'QR-код для подписи в eGov Mobile' })).toHaveCount(
    0,
  );
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}egov-mobile-phone-ru.png` });
  const deepLink = (await openApp.getAttribute('href'))!;
  expect(deepLink).toMatch(
    /^https:\/\/mgovsign\.page\.link\/\?link=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fapi%2Fegov%2Fsign%2F[\w-]{43}&isi=1476128386&ibi=kz\.egov\.mobile&apn=kz\.mobile\.mgov$/,
  );
  await phone(deepLink, 'auth');
  await expect(signIn).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Журнал заявлений' })).toBeVisible();

  // A turn: a kindergarten adds as many places for the child's year as the child's queue number.
  const { number, queueNumber } = (await (
    await page.request.get(`/api/applications/${applicationId}`)
  ).json()) as { number: string; queueNumber: number };
  const release = await addPlaces(baseURL!, STAFF, {
    kindergarten: 'Детский сад № 1 «Балбобек»',
    groupYear: 2021,
    language: 'kk',
    count: queueNumber,
  });
  // Children ahead already on a turn take none: the child's own turn is what matters.
  expect(release.turnsGiven).toBeGreaterThanOrEqual(1);
  const status = (await (await page.request.get(`/api/applications/${applicationId}`)).json()) as {
    status: string;
  };
  expect(status.status).toBe('turn');
  await page.goto(`/applicant/applications/${applicationId}`);
  await page.getByRole('link', { name: 'Выбрать гос. сад' }).click();
  // The place offered by turn (other specs may have left free-choice places at the same kindergarten).
  await page
    .getByRole('row')
    .filter({ hasText: 'вам, по очереди' })
    .getByRole('radio', { name: /^Выбрать Детский сад № 1 «Балбобек»/ })
    .check();
  await page.getByRole('button', { name: 'Подписать и отправить' }).click();
  await page
    .getByRole('dialog', { name: 'Подписать и отправить выбор' })
    .getByRole('button', { name: 'Подписать и отправить' })
    .click();
  const choose = signingDialog(page, 'sign', 'ru');
  await expect(choose.getByRole('radio', { name: 'eGov Mobile' })).toBeChecked();
  const chosen = await phone(
    (await choose.getByRole('link', { name: 'Подписать в eGov Mobile' }).getAttribute('href'))!,
    'sign',
  );
  expect(chosen.info.description).toBe(
    `Балабақшаны таңдау және жолдама алу: ${number} / Выбор детского сада и получение направления: ${number}`,
  );
  await expect(choose).toBeHidden();
  await expect(page).toHaveURL(/tab=documents/);
  await expect(page.getByText(/Направление NP\.2026\.\d{6} выдано/).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}egov-mobile-chosen-ru.png`, fullPage: true });
});

test('demo mode: a newcomer signs in with the eGov Mobile simulator page', async ({ page }) => {
  // A demo parent no other spec signs in as (their first sign-in is asserted there).
  const taken = ['Смагулов', 'Нұрланова', 'Сейтқалиев', 'Бекова'];
  const { items } = await demoKeys(page.request);
  const applicants = items.filter((person) => person.role === 'applicant');
  const person = applicants
    .slice(1)
    .reverse()
    .find((candidate) => !taken.some((name) => candidate.fullName.startsWith(name)))!;

  await page.goto('/signin');
  await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру', exact: true }).click();
  const dialog = signingDialog(page, 'auth', 'kk');
  const opened = page.waitForEvent('popup');
  await dialog.getByRole('link', { name: /eGov Mobile имитациясы/ }).click();
  const simulator = await opened;
  await expect(
    simulator.getByRole('heading', { level: 1, name: 'eGov Mobile имитациясы (демо)' }),
  ).toBeVisible();
  await expect(simulator.getByLabel('QR-кодтың мәтіні немесе eGov Mobile сілтемесі')).toHaveValue(
    /^mobileSign:/,
  );
  await simulator.getByRole('button', { name: 'Кодты оқу' }).click();
  await expect(
    simulator.getByRole('heading', { name: 'kezek жүйесіне кіру / Вход в kezek' }),
  ).toBeVisible();
  await simulator.getByRole('combobox', { name: 'Кімнің кілтімен қол қою' }).click();
  await simulator
    .getByRole('option', { name: new RegExp(`^${person.fullName} .*Кіру кілті`) })
    .click();
  await expectAccessible(simulator);
  await simulator.screenshot({
    path: `${SCREENSHOTS}egov-mobile-simulator-kk.png`,
    fullPage: true,
  });
  await simulator.getByRole('button', { name: 'Қол қою және жіберу' }).click();
  await expect(simulator.getByText('Қол қойылды')).toBeVisible();

  // The first tab goes on by itself.
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Қош келдіңіз, ${person.fullName}!`)).toBeVisible();
});
