import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  type APIRequestContext,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { parseMail, type ParsedMail } from '../../server/src/notify/servers.test-helper.ts';

export const DEMO_ADMIN = { iin: '791028302728', password: 'kezek-admin-2026' };
export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;

/**
 * No axe violations on the page as it is now (WCAG 2.1 A and AA rules). Waits for running
 * transitions first: a modal fading in is half transparent, and its text would fail contrast.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      // Loaders spin forever; a fade or a slide ends.
      .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
      .every((animation) => animation.playState !== 'running'),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Toasts come and go by CSS transition (not the Web Animations waited for above): a scan that
    // catches one half-faded reads a false contrast failure.
    .exclude('.mantine-Notifications-root')
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/**
 * A full-page picture for review, checked by axe first: no notice over the page (they close by
 * themselves unless hovered), and from the top (the header is fixed and would otherwise be drawn
 * in the middle of a full-page picture). With `phone`, a second one at a phone's size (390×844),
 * `<name>-phone.png`.
 */
export async function photograph(
  page: Page,
  name: string,
  options: { phone?: boolean } = {},
): Promise<void> {
  await expectAccessible(page);
  await page.mouse.move(0, 0);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  if (!options.phone) return;
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true });
  await page.setViewportSize(size);
}

export async function chooseLanguage(
  page: Page,
  endonym: 'Қазақша' | 'Русский' | 'English',
): Promise<void> {
  await page.getByRole('button', { name: endonym }).click();
}

/** One demo person with their key files, from `GET /api/demo/keys` (demo mode). */
export interface DemoPerson {
  iin: string;
  fullName: string;
  role: string;
  keys: { keyType: 'auth' | 'sign'; url: string }[];
}

/** The demo key files and their password, as the sign-in page lists them. */
export async function demoKeys(
  request: APIRequestContext,
): Promise<{ password: string; items: DemoPerson[] }> {
  const response = await request.get('/api/demo/keys');
  expect(response.status()).toBe(200);
  return (await response.json()) as { password: string; items: DemoPerson[] };
}

/** The bytes of one demo key file. */
export async function demoKeyFile(
  request: APIRequestContext,
  person: DemoPerson,
  keyType: 'auth' | 'sign',
): Promise<Buffer> {
  const url = person.keys.find((key) => key.keyType === keyType)?.url;
  if (!url) throw new Error(`${person.fullName} has no ${keyType} key`);
  const response = await request.get(url);
  expect(response.status()).toBe(200);
  return response.body();
}

/** Picks `file` in the browser's file chooser opened by clicking `opener` (like a user does). */
export async function chooseFile(page: Page, opener: Locator, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await opener.click();
  await (await chooser).setFiles(file);
}

/** The demo parent whose full name starts with `name` (e.g. "Нұрланова Әсел"). */
export async function demoParent(
  request: APIRequestContext,
  name: string,
): Promise<{ password: string; parent: DemoPerson }> {
  const { password, items } = await demoKeys(request);
  const parent = items.find(
    (person) => person.role === 'applicant' && person.fullName.startsWith(name),
  );
  if (!parent) throw new Error(`No demo parent named ${name}`);
  return { password, parent };
}

/** Saves the parent's AUTH and SIGN key files in the test's output folder, as a user would. */
export async function saveKeyFiles(
  request: APIRequestContext,
  person: DemoPerson,
  testInfo: TestInfo,
): Promise<{ auth: string; sign: string }> {
  const files = { auth: '', sign: '' };
  for (const keyType of ['auth', 'sign'] as const) {
    const file = testInfo.outputPath(
      `${keyType === 'auth' ? 'AUTH_' : ''}RSA256_${person.iin}.p12`,
    );
    writeFileSync(file, await demoKeyFile(request, person, keyType));
    files[keyType] = file;
  }
  return files;
}

type UiLanguage = 'kk' | 'ru' | 'en';

/** The key-file dialog's wording (web/src/i18n: eds.dialog.*). */
const KEY_DIALOG: Record<
  UiLanguage,
  {
    auth: string;
    sign: string;
    method: string;
    file: string;
    password: string;
    submit: string;
    submitAuth: string;
  }
> = {
  kk: {
    auth: 'Кіру кілтін таңдаңыз',
    method: 'Кілт файлы (.p12)',
    sign: 'Қол қою кілтін таңдаңыз',
    file: 'Кілт файлы',
    password: 'Кілттің құпиясөзі',
    submit: 'Қол қою',
    submitAuth: 'Кіру',
  },
  ru: {
    auth: 'Выберите ключ для входа',
    method: 'Файл ключа (.p12)',
    sign: 'Выберите ключ для подписи',
    file: 'Файл ключа',
    password: 'Пароль ключа',
    submit: 'Подписать',
    submitAuth: 'Войти',
  },
  en: {
    auth: 'Choose your authentication key',
    method: 'Key file (.p12)',
    sign: 'Choose your signing key',
    file: 'Key file',
    password: 'Key password',
    submit: 'Sign',
    submitAuth: 'Sign in',
  },
};

/** Chooses how to sign in the signing dialog (web/src/eds/SignDialog.tsx): its segment's label. */
export async function chooseSignMethod(dialog: Locator, method: string): Promise<void> {
  const segment = dialog.getByRole('radio', { name: method });
  if (!(await segment.isChecked())) await dialog.locator('label', { hasText: method }).click();
  await expect(segment).toBeChecked();
}

/**
 * Signs with a key file in the signing dialog that the page has just opened (NCALayer does not
 * run here): chooses the key file, picks the file, types the password, presses "Sign" and waits
 * for the dialog to close.
 */
export async function signInKeyDialog(
  page: Page,
  keyType: 'auth' | 'sign',
  file: string,
  password: string,
  language: UiLanguage = 'kk',
): Promise<void> {
  const words = KEY_DIALOG[language];
  const dialog = page.getByRole('dialog', { name: words[keyType] });
  await expect(dialog).toBeVisible();
  await chooseSignMethod(dialog, words.method);
  await chooseFile(page, dialog.getByRole('button', { name: words.file }), file);
  await dialog.getByLabel(words.password).fill(password);
  await dialog
    .getByRole('button', {
      name: keyType === 'auth' ? words.submitAuth : words.submit,
      exact: true,
    })
    .click();
  await expect(dialog).toBeHidden();
}

/**
 * A demo parent signs in with their AUTH key file on the applicant page (in Kazakh) and, at the
 * first sign-in, gives the e-mail and phone. Ends on the applicant page with the journal.
 */
export async function parentSignsIn(
  page: Page,
  files: { auth: string },
  password: string,
  contacts: { email: string; phone: string },
): Promise<void> {
  await page.goto('/applicant');
  await page.getByRole('button', { name: 'Кілт файлымен кіру (.p12)' }).click();
  await signInKeyDialog(page, 'auth', files.auth, password);
  const contactsTitle = page.getByRole('heading', { name: 'Байланыс деректері' });
  const journal = page.getByRole('heading', { name: 'Өтініштер журналы' });
  await expect(contactsTitle.or(journal)).toBeVisible();
  if (await contactsTitle.isVisible()) {
    await page.getByLabel('Электрондық пошта').fill(contacts.email);
    await page.getByLabel('Телефон').fill(contacts.phone);
    await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();
  }
  await expect(journal).toBeVisible();
}

/** A message the SMTP server of e2e/server.ts received, decoded for the test. */
export interface ReceivedMail extends ParsedMail {
  id: number;
  from: string;
  to: string[];
  raw: string;
}

/** Everything the test SMTP server received so far (e2e/server.ts: `GET <port + 1>/mail`). */
export async function receivedMail(request: APIRequestContext): Promise<ReceivedMail[]> {
  const port = Number(process.env.E2E_PORT ?? 3100) + 1;
  const response = await request.get(`http://127.0.0.1:${port}/mail`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as {
    items: { id: number; from: string; to: string[]; raw: string }[];
  };
  return items.map((item) => ({ ...item, ...parseMail(item.raw) }));
}
