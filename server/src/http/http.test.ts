import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { isPagePath } from './errors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('isPagePath', () => {
  it.each([
    ['GET', '/applicant', true],
    ['GET', '/verify/NP.2026.000123?code=ABCDEFGH', true],
    ['GET', '/assets/index-xk1TeNf4.js', false],
    ['GET', '/favicon.ico', false],
    ['GET', '/fonts/a.woff2?v=1', false],
    ['GET', '/api/applications', false],
    ['POST', '/applicant', false],
  ])('%s %s → %s', (method, url, page) => {
    expect(isPagePath({ method, url })).toBe(page);
  });
});

describe('HTTP surface', () => {
  it('answers health with the database kind', async () => {
    const response = await new TestClient(t.app).get('/api/health');
    expect(response.json()).toMatchObject({
      status: 'ok',
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      revocation: { warnings: [], ocsp: 'off' },
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await new TestClient(t.app).get('/api/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      code: 'not_found',
    });
  });

  it('sends security headers: CSP without inline scripts, no framing, no sniffing', async () => {
    const response = await new TestClient(t.app).get('/api/health');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' wss://127.0.0.1:13579");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes OpenAPI 3.1 generated from the validating schemas', async () => {
    const document = (await new TestClient(t.app).get('/api/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    for (const path of [
      '/api/auth/password',
      '/api/me',
      '/api/regions',
      '/api/kindergartens',
      '/api/admin/kindergartens',
      '/api/admin/staff',
      '/api/admin/policy',
      '/api/admin/calendar/{date}',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    const body =
      document.paths['/api/admin/kindergartens'].post.requestBody.content['application/json']
        .schema;
    expect(body.required).toEqual(
      expect.arrayContaining(['districtId', 'name', 'type', 'languages', 'address']),
    );
    expect((await new TestClient(t.app).get('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('moves the test clock', async () => {
    const client = new TestClient(t.app);
    const set = await client.post('/api/test/clock', { now: '2026-03-20T10:00:00+05:00' });
    expect(set.json()).toEqual({ now: '2026-03-20T05:00:00.000Z' });
    const advanced = await client.post('/api/test/clock', { advance: 'P3DT2H' });
    expect(advanced.json()).toEqual({ now: '2026-03-23T07:00:00.000Z' });
    expect((await client.post('/api/test/clock', { advance: 'three days' })).statusCode).toBe(400);
  });

  it('adds people to the registry through the test API, deriving birth date and sex from the IIN', async () => {
    const response = await new TestClient(t.app).post('/api/test/persons', {
      persons: [{ iin: '061211600012', lastName: 'Тестов', firstName: 'Тест' }],
    });
    expect(response.json()).toEqual({ added: 1 });
    const row = await t.database.db
      .selectFrom('persons')
      .selectAll()
      .where('iin', '=', '061211600012')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ birth_date: '2006-12-11', sex: 'female' });
  });
});

describe('the applicant’s instructions', () => {
  it.each([
    ['kk', 'Нұсқаулық', '«Өтініш берушіге» карточкасын'],
    ['ru', 'Инструкция', 'откройте карточку «Заявителю»'],
  ])('are a PDF in %s that starts from this site’s home page', async (language, word, step1) => {
    const response = await new TestClient(t.app).get(`/api/public/instructions/${language}.pdf`);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(response.rawPayload)).text.replace(/\s+/g, ' ');
    expect(text).toContain(word);
    expect(text).toContain(step1);
  });
});

describe('test API outbox', () => {
  it('lists the queued messages (none before anything happened)', async () => {
    const response = await new TestClient(t.app).get('/api/test/outbox');
    expect(response.json()).toEqual({ items: [] });
  });
});

describe('without KEZEK_TEST_API', () => {
  it('has no test routes', async () => {
    const plain = await startTestApp({ KEZEK_TEST_API: '0', KEZEK_DEMO: '0' });
    try {
      const response = await new TestClient(plain.app).post('/api/test/clock', { advance: 'P1D' });
      expect(response.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
