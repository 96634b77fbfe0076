// What a parent's phone downloads on the first visit (docs/operations.md, "The web app"): every
// file compressed (Brotli, or gzip), hashed files cached for good, the page itself revalidated on
// each visit; the staff's and the administrator's screens not loaded at all; the app installable.
import { expect, test } from '@playwright/test';

test('the first visit downloads compressed, cacheable files, and the app can be installed', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(new URL(response.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(scripts.length).toBeGreaterThan(0);
  expect(
    scripts.filter((path) => /(Admin|Staff|Workspace|Queue|Choose|Policy)/.test(path)),
  ).toEqual([]);

  for (const [encoding, expected] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    const asset = await page.request.get(scripts[0]!, { headers: { 'accept-encoding': encoding } });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['content-encoding']).toBe(expected);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  const index = await page.request.get('/', { headers: { 'accept-encoding': 'br' } });
  expect(index.headers()['cache-control']).toBe('no-cache');
  // A client route is the same page, revalidated too.
  const route = await page.request.get('/applicant');
  expect(route.headers()['cache-control']).toBe('no-cache');
  expect(await route.text()).toContain('<div id="root">');

  const manifestLink = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(manifestLink!)).json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string }[];
  };
  expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size)!;
    const response = await page.request.get(icon.src);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});
