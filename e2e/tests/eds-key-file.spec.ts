// EDS sign-in with a .p12 key file opened in the browser (NCALayer is not running here): the
// demo's 3DES files downloaded from the sign-in page, an AES file made with the test CA, the real
// national CA file, and the messages for every way a user can get it wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openP12 } from '@kezek/eds';
import { toP12 } from '../../server/src/signature/test-ca/index.ts';
import {
  chooseSignMethod,
  SCREENSHOTS,
  chooseFile,
  chooseLanguage,
  demoKeyFile,
  demoKeys,
  expectAccessible,
  type DemoPerson,
} from './support.ts';

const NCA_AUTH_FILE = new URL(
  '../../server/test-fixtures/nca-test/AUTH_RSA256_test_individual.p12',
  import.meta.url,
).pathname;

/**
 * The bodies of the calls that carry a signature to the server: only ever `{ cms }` (no key, no
 * password), and none at all when the browser refused the key itself.
 */
function signedCalls(page: Page): string[][] {
  const calls: string[][] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/api/auth/eds')) {
      calls.push(Object.keys((request.postDataJSON() as object | null) ?? {}));
    }
  });
  return calls;
}

async function parents(page: Page): Promise<{ password: string; parents: DemoPerson[] }> {
  const { password, items } = await demoKeys(page.request);
  return { password, parents: items.filter((person) => person.role === 'applicant') };
}

test('a parent signs in with the demo 3DES key file, gives e-mail and phone and sees their name', async ({
  page,
}, testInfo) => {
  const { password, parents: people } = await parents(page);
  const parent = people[0]!;
  const sent = signedCalls(page);

  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Жүйеге кіру', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру', exact: true })).toBeVisible();

  // Demo mode: the people, their key files and the one password are listed.
  const demoTable = page.getByRole('table', { name: 'Демо кілттер' });
  const row = demoTable.getByRole('row', { name: new RegExp(parent.iin) });
  await expect(row).toContainText(parent.fullName);
  await expect(row).toContainText('Өтініш беруші');
  await expect(page.getByText(password, { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-signin-kk.png`, fullPage: true });

  // The visitor downloads the AUTH and SIGN files from the page, as a person would.
  const files: Record<'auth' | 'sign', string> = { auth: '', sign: '' };
  for (const [keyType, label] of [
    ['auth', 'Кіру кілті (AUTH)'],
    ['sign', 'Қол қою кілті (SIGN)'],
  ] as const) {
    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: label }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(
      `${keyType === 'auth' ? 'AUTH' : 'SIGN'}_RSA256_${parent.iin}.p12`,
    );
    files[keyType] = testInfo.outputPath(file.suggestedFilename());
    await file.saveAs(files[keyType]);
  }

  await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Кіру кілтін таңдаңыз' });
  await expect(dialog).toBeVisible();
  await chooseSignMethod(dialog, 'Кілт файлы (.p12)');
  await expect(dialog).toContainText('NCALayer жауап бермеді');
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-dialog-kk.png` });

  // Nothing chosen yet: both fields say so.
  await dialog.getByRole('button', { name: 'Кіру', exact: true }).click();
  await expect(dialog.getByText('Міндетті өріс')).toHaveCount(2);

  // The SIGN key is the wrong one for signing in: said before anything is sent.
  await chooseFile(page, dialog.getByRole('button', { name: 'Кілт файлы' }), files.sign);
  await dialog.getByLabel('Кілттің құпиясөзі').fill(password);
  await dialog.getByRole('button', { name: 'Кіру', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText(
    'Бұл — қол қою кілті (RSA256_…). Жүйеге кіру үшін аутентификация кілтін (AUTH_RSA256_…) таңдаңыз.',
  );
  await expect(alert).toContainText(parent.iin);
  await expect(alert).toContainText('қол қою кілті (RSA256_…)');
  await page.screenshot({ path: `${SCREENSHOTS}eds-dialog-wrong-key-kk.png` });

  // The AUTH key with a wrong password.
  await chooseFile(page, dialog.getByRole('button', { name: 'Кілт файлы' }), files.auth);
  await dialog.getByLabel('Кілттің құпиясөзі').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Кіру', exact: true }).click();
  await expect(dialog.getByText(/^Құпиясөз қате: ол бұл кілт файлын ашпайды/)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-dialog-wrong-password-kk.png` });
  expect(sent).toEqual([]);

  // The right password: signed in the browser, the CMS goes to the server.
  await dialog.getByLabel('Кілттің құпиясөзі').fill(password);
  await dialog.getByRole('button', { name: 'Кіру', exact: true }).click();
  await expect(dialog).toBeHidden();

  // First sign-in: e-mail and phone are required.
  await expect(page.getByRole('heading', { name: 'Жүйеге бірінші рет кіру' })).toBeVisible();
  expect(sent).toEqual([['cms']]);
  await expect(page.getByText(`Қош келдіңіз, ${parent.fullName}!`)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();
  await expect(page.getByText('Міндетті өріс')).toHaveCount(2);
  await page.getByLabel('Электрондық пошта').fill('parent@example.kz');
  await page.getByLabel('Телефон').fill('8 701 234 5');
  await expect(page.getByLabel('Телефон')).toHaveValue('+7 701 234 5');
  await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();
  await expect(page.getByText(/Телефон \+7 және 10 цифр түрінде болуы керек/)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-contacts-kk.png` });
  await page.getByLabel('Телефон').fill('87012345678');
  await expect(page.getByLabel('Телефон')).toHaveValue('+7 701 234 56 78');
  await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();

  // The applicant area greets the parent by name.
  await expect(page).toHaveURL(/\/applicant$/);
  await expect(
    page.getByRole('heading', { name: `Сәлеметсіз бе, ${parent.fullName}!` }),
  ).toBeVisible();
  await expect(page.getByRole('banner').getByText(parent.fullName)).toBeVisible();
  await expect(page.getByText('parent@example.kz')).toBeVisible();
  await expect(page.getByText('+7 701 234 56 78')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-applicant-kk.png`, fullPage: true });

  const me = (await (await page.request.get('/api/me')).json()) as {
    user: { iin: string; email: string; phone: string; roles: string[] };
  };
  expect(me.user).toMatchObject({
    iin: parent.iin,
    email: 'parent@example.kz',
    phone: '+77012345678',
    roles: ['applicant'],
  });
});

test('an AES-protected key file signs in from the applicant page, in Russian', async ({
  page,
}, testInfo) => {
  const { password, parents: people } = await parents(page);
  const parent = people[1]!;
  // The same key and certificate, protected with PBES2/AES-256 instead of 3DES.
  const opened = openP12(await demoKeyFile(page.request, parent, 'auth'), password);
  const aesFile = testInfo.outputPath('AUTH_RSA256_aes.p12');
  writeFileSync(aesFile, toP12(opened, 'Құпия-сөз 2026', 'aes256'));
  const notAKey = testInfo.outputPath('readme.txt');
  writeFileSync(notAKey, 'This is not a key file.\n');

  await page.goto('/applicant');
  await chooseLanguage(page, 'Русский');
  await expect(page.getByRole('heading', { name: 'Вход с ЭЦП' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Войти с файлом ключа (.p12)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Выберите ключ для входа' });
  await expect(dialog).toBeVisible();
  // Asked for a file on purpose: no word about NCALayer.
  await expect(dialog).not.toContainText('NCALayer');

  await chooseFile(page, dialog.getByRole('button', { name: 'Файл ключа' }), notAKey);
  await dialog.getByLabel('Пароль ключа').fill('Құпия-сөз 2026');
  await dialog.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(dialog.getByText(/^Это не файл ключа/)).toBeVisible();

  await chooseFile(page, dialog.getByRole('button', { name: 'Файл ключа' }), aesFile);
  await dialog.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The applicant page itself asks for the contacts, then greets.
  await expect(page.getByRole('heading', { name: 'Контактные данные' })).toBeVisible();
  await page.getByLabel('Электронная почта').fill('olga@example.kz');
  await page.getByLabel('Телефон').fill('+77172000000');
  await page.getByRole('button', { name: 'Сохранить и продолжить' }).click();
  await expect(
    page.getByRole('heading', { name: `Здравствуйте, ${parent.fullName}!` }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('the real national CA key file opens in the browser and is refused there as expired', async ({
  page,
}) => {
  const sent = signedCalls(page);
  await page.goto('/signin');
  await chooseLanguage(page, 'English');
  await page.getByRole('button', { name: 'Use a key file (.p12)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose your authentication key' });
  await chooseFile(page, dialog.getByRole('button', { name: 'Key file' }), NCA_AUTH_FILE);
  await dialog.getByLabel('Key password').fill('Qwerty12');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The certificate of this key expired on 22 August 2019.');
  // The 3DES file of the national CA is read, Cyrillic names and all.
  await expect(alert).toContainText('ТЕСТОВ ТЕСТ, IIN 123456789011, authentication key');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // Closing the dialog is not an error.
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(sent).toEqual([]);
  expect(readFileSync(NCA_AUTH_FILE).length).toBeGreaterThan(1000);
});
