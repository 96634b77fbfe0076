import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const DEMO_ADMIN = { iin: '791028302728', password: 'kezek-admin-2026' };
export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;

/** No axe violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
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
