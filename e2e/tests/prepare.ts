// Preparing state through the API, as another actor would do it, so that a spec can drive only
// the screens it is about: a parent's application, places added by a kindergarten, the clock.
// Signatures are real CMS made with the demo key files (@kezek/eds, as the browser makes them).
import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { openP12, signCms, toBase64, utf8 } from '@kezek/eds';
import type { FamilyParent } from './families.ts';

async function csrf(request: APIRequestContext): Promise<string> {
  const me = await request.get('/api/me');
  expect(me.status()).toBe(200);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

async function nonce(request: APIRequestContext): Promise<string> {
  return ((await (await request.get('/api/nonce')).json()) as { nonce: string }).nonce;
}

/** One of the parent's key files, opened as the browser's key-file dialog opens it. */
const openKey = (parent: FamilyParent, keyType: 'auth' | 'sign') =>
  openP12(new Uint8Array(readFileSync(parent.files[keyType])), parent.password);

/**
 * Signs in `request` (a page's `page.request` shares the page's cookies) with the parent's AUTH
 * key, gives the contacts at the first sign-in, and registers the child in the queue of Astana.
 * Returns the application's id.
 */
export async function registerChild(
  request: APIRequestContext,
  parent: FamilyParent,
  childIin: string,
  contacts: { email: string; phone: string },
  language: 'kk' | 'ru' | 'en',
): Promise<string> {
  const auth = openKey(parent, 'auth');
  const signIn = await request.post('/api/auth/eds', {
    data: { cms: toBase64(signCms(utf8(await nonce(request)), auth, { includeChain: true })) },
  });
  expect(signIn.status()).toBe(200);
  const headers = { 'x-csrf-token': await csrf(request), 'accept-language': language };
  expect((await request.patch('/api/me', { data: contacts, headers })).status()).toBe(200);
  const regions = (await (await request.get('/api/regions')).json()) as {
    items: { code: string; districts: { id: number }[] }[];
  };
  const astana = regions.items.find((region) => region.districts.length === 1)!;
  const sign = openKey(parent, 'sign');
  const content = {
    action: 'application.create',
    nonce: await nonce(request),
    districtId: astana.districts[0]!.id,
    applicant: contacts,
    child: { iin: childIin },
  };
  const created = await request.post('/api/applications', {
    data: { cms: toBase64(signCms(utf8(JSON.stringify(content)), sign, { includeChain: true })) },
    headers,
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/**
 * The parent (signed in on `request` by registerChild) takes a place for the application with a
 * signed direction.choose, as the choosing page does. Returns the direction.
 */
export async function chooseDirection(
  request: APIRequestContext,
  parent: FamilyParent,
  applicationId: string,
  placeId: string,
): Promise<{ id: string; number: string }> {
  const content = {
    action: 'direction.choose',
    nonce: await nonce(request),
    applicationId,
    placeId,
  };
  const cms = signCms(utf8(JSON.stringify(content)), openKey(parent, 'sign'), {
    includeChain: true,
  });
  const response = await request.post(`/api/applications/${applicationId}/direction`, {
    data: { cms: toBase64(cms) },
    headers: { 'x-csrf-token': await csrf(request) },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; number: string };
}

/** A staff member (IIN and password) adds free places through the API, as their screen does. */
export async function addPlaces(
  baseURL: string,
  staff: { iin: string; password: string },
  places: { kindergarten: string; groupYear: number; language: 'kk' | 'ru' | 'en'; count: number },
): Promise<{ id: string; turnsGiven: number; state: string }> {
  const request = await playwrightRequest.newContext({ baseURL });
  try {
    expect((await request.post('/api/auth/password', { data: staff })).status()).toBe(200);
    const kindergartens = (await (await request.get('/api/kindergartens')).json()) as {
      items: { id: number; name: { ru: string } }[];
    };
    const kindergarten = kindergartens.items.find((k) => k.name.ru === places.kindergarten);
    if (!kindergarten) throw new Error(`No kindergarten ${places.kindergarten}`);
    const response = await request.post('/api/places', {
      data: {
        kindergartenId: kindergarten.id,
        groupYear: places.groupYear,
        language: places.language,
        count: places.count,
      },
      headers: { 'x-csrf-token': await csrf(request) },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: string; turnsGiven: number; state: string };
  } finally {
    await request.dispose();
  }
}

/** Moves the server's clock (the test API); every deadline follows it. */
export async function setClock(request: APIRequestContext, now: Date): Promise<void> {
  const response = await request.post('/api/test/clock', { data: { now: now.toISOString() } });
  expect(response.status()).toBe(200);
}

/** The server's clock now (the test API; it may have been moved). */
export async function serverNow(request: APIRequestContext): Promise<Date> {
  const response = await request.post('/api/test/clock', { data: { advance: 'PT0S' } });
  expect(response.status()).toBe(200);
  return new Date(((await response.json()) as { now: string }).now);
}
