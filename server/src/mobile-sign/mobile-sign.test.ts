import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EgovMobileError,
  readSigningRequest,
  sendSignatures,
  signWithEgovMobile,
  signingUrlOf,
} from '@kezek/eds';
import { signCms } from '../signature/test-ca/index.ts';
import { gostCms } from '../signature/test-ca/gost.ts';
import { base64, nonceFor, utf8 } from '../testing/eds.ts';
import { fetchInto } from '../testing/egov.ts';
import { sweepSigningRequests } from './queries.ts';
import { TestClient } from '../testing/harness.ts';
import { buildWorld, type World } from '../testing/world.ts';

let w: World;
let app: { fetch: typeof fetch };

beforeAll(async () => {
  w = await buildWorld({ KEZEK_MOBILE_SIGN_TTL_SECONDS: '120' });
  app = { fetch: fetchInto(w.t.app) };
});
afterAll(() => w.t.close());

const create = (client: TestClient, keyType: 'auth' | 'sign', content: string) =>
  client.post('/api/mobile-sign', { keyType, content });

async function signInRequest(client: TestClient) {
  const response = await create(client, 'auth', await nonceFor(client));
  expect(response.statusCode).toBe(200);
  return response.json<{ id: string; qr: string; deepLink: string; expiresAt: string }>();
}

const poll = (client: TestClient, id: string) => client.get(`/api/mobile-sign/${id}`);

describe('eGov Mobile signing', () => {
  it('signs a person in: QR code, API №1, API №2, PUT, the browser takes the CMS once', async () => {
    const browser = new TestClient(w.t.app);
    const request = await signInRequest(browser);
    expect(request.qr).toMatch(/^mobileSign:http:\/\/localhost:\d+\/api\/egov\/sign\/[\w-]{43}$/);
    const url1 = request.qr.slice('mobileSign:'.length);
    expect(request.deepLink).toBe(
      `https://mgovsign.page.link/?link=${encodeURIComponent(url1)}` +
        '&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov',
    );
    expect(signingUrlOf(request.deepLink)).toBe(url1);
    expect((await poll(browser, request.id)).json()).toMatchObject({ state: 'waiting' });

    const keys = w.keysOf('applicantA')!;
    const read = await signWithEgovMobile(request.qr, keys.auth, { ...app, language: 'ru' });
    expect(read.info).toMatchObject({
      description: 'kezek жүйесіне кіру / Вход в kezek',
      organisation: { bin: '000000000000', nameRu: 'kezek — очередь в детские сады' },
      document: { auth_type: 'Token' },
    });
    expect(read.documents.documentsToSign).toHaveLength(1);
    expect(read.documents.documentsToSign[0]).toMatchObject({
      id: request.id,
      nameKz: 'kezek жүйесіне кіру',
      nameRu: 'Вход в kezek',
      document: { file: { mime: 'text/plain' } },
    });

    const signed = (await poll(browser, request.id)).json<{ state: string; cms: string }>();
    expect(signed.state).toBe('signed');
    // Taken once: the CMS is not handed out again.
    expect((await poll(browser, request.id)).json()).toEqual({
      state: 'expired',
      expiresAt: request.expiresAt,
    });
    // The same gate as a key file's signature: the browser posts it to sign in.
    const signedIn = await browser.post('/api/auth/eds', { cms: signed.cms });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.iin).toBe(w.A.iin);
    // The request is single-use: the app cannot send another signature for it.
    const again = await sendSignatures(read, keys.auth, app).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(EgovMobileError);
    expect((again as EgovMobileError).body).toMatchObject({ code: 'mobile_sign_used' });
  });

  it('names the action and the application in kk and ru, and the action goes through', async () => {
    const client = w.clients.applicantA;
    const applicationId = await w.freshApplication('A');
    const number = (await client.get(`/api/applications/${applicationId}`)).json().number;
    const content = JSON.stringify({
      action: 'application.withdraw',
      nonce: await nonceFor(client),
      applicationId,
      reason: 'Көшеміз',
    });
    const request = (await create(client, 'sign', content)).json<{ id: string; qr: string }>();
    const keys = w.keysOf('applicantA')!;
    const read = await signWithEgovMobile(request.qr, keys.sign, app);
    expect(read.info.description).toBe(
      `Баланы кезектен шығару: ${number} / Снятие ребёнка с очереди: ${number}`,
    );
    expect(new TextDecoder().decode(read.contents[0])).toBe(content);
    const { cms } = (await poll(client, request.id)).json<{ cms: string }>();
    const withdrawn = await client.post(`/api/applications/${applicationId}/withdraw`, { cms });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    const history = (await client.get(`/api/applications/${applicationId}/history`)).json();
    expect(history.items.map((h: { event: string }) => h.event)).toContain('application.withdrawn');
  });

  it('refuses content that is not this browser’s kezek action', async () => {
    const client = w.clients.applicantA;
    const otherBrowser = new TestClient(w.t.app);
    const foreignNonce = await nonceFor(otherBrowser);
    const cases: [string, 'auth' | 'sign', string, number, string][] = [
      ['another browser’s nonce', 'auth', foreignNonce, 401, 'nonce_invalid'],
      ['no JSON', 'sign', 'қол қойыңыз', 400, 'sign_content_invalid'],
      [
        'an action kezek does not have',
        'sign',
        JSON.stringify({ action: 'bank.transfer', nonce: await nonceFor(client) }),
        400,
        'sign_content_invalid',
      ],
    ];
    for (const [why, keyType, content, status, code] of cases) {
      const response = await create(client, keyType, content);
      expect({ why, status: response.statusCode, code: response.json().code }).toEqual({
        why,
        status,
        code,
      });
    }
    const count = await w.t.database.db
      .selectFrom('mobile_sign_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeLessThanOrEqual(2);
  });

  it('keeps a request to its browser and to its token', async () => {
    const browser = new TestClient(w.t.app);
    const request = await signInRequest(browser);
    expect((await poll(new TestClient(w.t.app), request.id)).statusCode).toBe(404);
    const url1 = signingUrlOf(request.qr);
    const info = await (await app.fetch(url1)).json();
    const noToken = await app.fetch(info.document.uri);
    expect(noToken.status).toBe(403);
    const wrongToken = await app.fetch(info.document.uri, {
      headers: { authorization: 'Bearer AAAA' },
    });
    expect(wrongToken.status).toBe(403);
    const unknown = await app.fetch(url1.replace(/.{4}$/, 'AAAA'));
    expect(unknown.status).toBe(404);
  });

  it('refuses a signature over other bytes, a broken CMS and a GOST key, and the browser is told why', async () => {
    const keys = w.keysOf('applicantB')!;
    for (const [sent, code] of [
      ['other', 'signed_content_mismatch'],
      ['broken', 'malformed_cms'],
      ['gost', 'unsupported_algorithm'],
    ] as const) {
      const browser = new TestClient(w.t.app);
      const request = await signInRequest(browser);
      const read = await readSigningRequest(request.qr, app);
      const data = {
        other: () => base64(signCms(utf8('something else'), keys.auth, { includeChain: true })),
        broken: () => base64(utf8('not a CMS at all')),
        // A GOST key of the national CA: refused by algorithm, as at every signed endpoint.
        gost: () => base64(gostCms(read.contents[0]!, keys.auth)),
      }[sent]();
      const body = {
        ...read.documents,
        documentsToSign: [
          {
            ...read.documents.documentsToSign[0]!,
            document: { file: { mime: 'text/plain', data } },
          },
        ],
      };
      const put = await app.fetch(read.info.document.uri, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${read.info.document.auth_token}`,
          'content-type': 'application/json',
          'accept-language': 'kk',
        },
        body: JSON.stringify(body),
      });
      expect(put.status).toBe(400);
      expect(await put.json()).toMatchObject({ code });
      expect((await poll(browser, request.id)).json()).toMatchObject({ state: 'refused', code });
    }
  });

  it('expires: the app is told in its language, the browser sees it, the sweep forgets it', async () => {
    const browser = new TestClient(w.t.app);
    const request = await signInRequest(browser);
    const url1 = signingUrlOf(request.qr);
    w.t.clock.advance(121_000);
    try {
      const titles: Record<string, string> = {};
      for (const language of ['kk', 'ru', 'en']) {
        const response = await app.fetch(url1, { headers: { 'accept-language': language } });
        expect(response.status).toBe(410);
        const problem = await response.json();
        expect(problem.code).toBe('mobile_sign_expired');
        titles[language] = problem.title;
      }
      expect(titles).toEqual({
        kk: 'Қол қою сұрауының мерзімі өтті; жаңа код алыңыз',
        ru: 'Срок запроса на подпись истёк; получите новый код',
        en: 'This signing request has expired; ask for a new code',
      });
      expect((await poll(browser, request.id)).json()).toMatchObject({ state: 'expired' });
      // A minute of grace, then the jobs forget it.
      expect(await sweepSigningRequests(w.t.database.db, w.t.clock.now())).toBe(0);
      w.t.clock.advance(60_000);
      expect(await sweepSigningRequests(w.t.database.db, w.t.clock.now())).toBeGreaterThan(0);
      expect((await poll(browser, request.id)).statusCode).toBe(404);
      w.t.clock.advance(-60_000);
    } finally {
      w.t.clock.advance(-121_000);
    }
  });
});
