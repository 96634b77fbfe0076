import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

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
