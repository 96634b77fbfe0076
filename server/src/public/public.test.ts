import { afterEach, describe, expect, it } from 'vitest';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the public settings', () => {
  it('name the map tiles and let the CSP load images from their origin only', async () => {
    t = await startTestApp({ KEZEK_MAP_TILES: 'https://tiles.example.kz/{z}/{x}/{y}.png' });
    const response = await new TestClient(t.app).get('/api/public/config');
    expect(response.json()).toEqual({ mapTiles: 'https://tiles.example.kz/{z}/{x}/{y}.png' });
    expect(response.headers['content-security-policy']).toMatch(
      /img-src 'self' data: blob: https:\/\/tiles\.example\.kz;/,
    );
  });

  it('say there is no map when the operator turned it off', async () => {
    t = await startTestApp({ KEZEK_MAP_TILES: 'off' });
    const response = await new TestClient(t.app).get('/api/public/config');
    expect(response.json()).toEqual({ mapTiles: null });
    expect(response.headers['content-security-policy']).toMatch(/img-src 'self' data: blob:;/);
  });
});
