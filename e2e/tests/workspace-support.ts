// A direction made through the API the way a parent and the staff would make it (EDS sign-in,
// registration, free places, choice), so that the workspace tests start at the kindergarten's
// door. Signing happens here in Node with the demo key files, as the browser signer would.
import { randomInt } from 'node:crypto';
import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { openP12, signCms, utf8 } from '@kezek/eds';
import { makeIin } from '@kezek/domain';
import { demoKeyFile, demoKeys, type DemoPerson } from './support.ts';

export const STAFF = { iin: '870514430032', password: 'kezek-staff-2026' };
export const STAFF_KOKSHETAU = { iin: '900809430044', password: 'kezek-staff-2026' };
/** Adds the places: sign-ins are limited per IIN, and the tests sign the staff member in often. */
const ADMIN = { iin: '791028302728', password: 'kezek-admin-2026' };
export const OFFICER = { iin: '840217430012', password: 'kezek-officer-2026' };

async function base64Cms(
  request: APIRequestContext,
  person: DemoPerson,
  keyType: 'auth' | 'sign',
  password: string,
  content: string,
) {
  const key = openP12(new Uint8Array(await demoKeyFile(request, person, keyType)), password);
  const cms = signCms(utf8(content), key, { includeChain: true });
  return Buffer.from(cms).toString('base64');
}

/** A client of its own (own cookies), signed in and holding the CSRF token. */
async function client(baseURL: string) {
  const context = await playwrightRequest.newContext({ baseURL });
  let csrf = '';
  const refresh = async () => {
    csrf = ((await (await context.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
  };
  const post = async (url: string, data: unknown, expected = 200) => {
    const response = await context.post(url, { data, headers: { 'x-csrf-token': csrf } });
    expect(response.status(), `${url}: ${await response.text()}`).toBe(expected);
    return response.json();
  };
  return { context, refresh, post };
}

export interface IssuedDirection {
  number: string;
  childIin: string;
  childName: string;
  kindergarten: { id: number; name: string };
}

/**
 * A new child of a demo parent registered in the queue of the kindergarten's district, by the
 * parent's signed application.create (EDS sign-in first); the parent's client stays open.
 */
async function registerChild(
  request: APIRequestContext,
  baseURL: string,
  options: { kindergarten: string; firstName: string },
) {
  const { password, items } = await demoKeys(request);
  const parent = items.find((person) => person.fullName.startsWith('Бекова Гүлжан'))!;
  const childIin = makeIin('2022-06-15', 'female', randomInt(4000, 9000));
  const persons = await request.post('/api/test/persons', {
    data: {
      persons: [
        {
          iin: childIin,
          lastName: 'Бекова',
          firstName: options.firstName,
          middleName: 'Нұрланқызы',
          parentIins: [parent.iin],
        },
      ],
    },
  });
  expect(persons.status()).toBe(200);
  const kindergartens = (await (await request.get('/api/kindergartens')).json()) as {
    items: { id: number; districtId: number; name: { kk: string; ru: string } }[];
  };
  const kindergarten = kindergartens.items.find((k) => k.name.ru === options.kindergarten)!;

  const applicant = await client(baseURL);
  const nonce = async () =>
    ((await (await applicant.context.get('/api/nonce')).json()) as { nonce: string }).nonce;
  const signed = async (action: string, fields: object) => ({
    cms: await base64Cms(
      request,
      parent,
      'sign',
      password,
      JSON.stringify({ action, nonce: await nonce(), ...fields }),
    ),
  });
  await applicant.post('/api/auth/eds', {
    cms: await base64Cms(request, parent, 'auth', password, await nonce()),
  });
  await applicant.refresh();
  const application = (await applicant.post(
    '/api/applications',
    await signed('application.create', {
      districtId: kindergarten.districtId,
      applicant: { email: 'gulzhan.bekova@example.kz', phone: '+77015550011' },
      child: { iin: childIin },
    }),
    201,
  )) as { id: string; number: string; queueNumber: number; child: { fullName: string } };
  return { applicant, signed, application, childIin, kindergarten };
}

/** A child waiting in the queue of the kindergarten's district (group year 2022). */
export async function waitingChild(
  request: APIRequestContext,
  baseURL: string,
  options: { kindergarten: string; firstName: string },
) {
  const { applicant, application } = await registerChild(request, baseURL, options);
  await applicant.context.dispose();
  return {
    number: application.number,
    queueNumber: application.queueNumber,
    childName: application.child.fullName,
  };
}

/**
 * A waiting child (registerChild), places added at the kindergarten for the child's group year
 * (as many as the child's queue number, so the turn reaches them whoever waits ahead), and the
 * place chosen: the direction is issued.
 */
export async function issueDirection(
  request: APIRequestContext,
  baseURL: string,
  options: { kindergarten: string; language: 'kk' | 'ru'; firstName: string },
): Promise<IssuedDirection> {
  const { applicant, signed, application, childIin, kindergarten } = await registerChild(
    request,
    baseURL,
    options,
  );
  const admin = await client(baseURL);
  await admin.post('/api/auth/password', ADMIN);
  await admin.refresh();
  const batch = (await admin.post(
    '/api/places',
    {
      kindergartenId: kindergarten.id,
      groupYear: 2022,
      language: options.language,
      count: application.queueNumber,
    },
    201,
  )) as { id: string };
  const direction = (await applicant.post(
    `/api/applications/${application.id}/direction`,
    await signed('direction.choose', { applicationId: application.id, placeId: batch.id }),
    201,
  )) as { number: string };
  await applicant.context.dispose();
  await admin.context.dispose();
  return {
    number: direction.number,
    childIin,
    childName: application.child.fullName,
    kindergarten: { id: kindergarten.id, name: kindergarten.name.kk },
  };
}

/** Signs in with IIN and password on the sign-in page, in the page's current language. */
export async function signInWithPassword(
  page: Page,
  account: { iin: string; password: string },
  words: { iin: string; password: string; submit: string } = {
    iin: 'ЖСН',
    password: 'Құпиясөз',
    submit: 'Кіру',
  },
): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('textbox', { name: words.iin, exact: true }).fill(account.iin);
  await page.getByRole('textbox', { name: words.password, exact: true }).fill(account.password);
  await page.getByRole('button', { name: words.submit, exact: true }).click();
}

/** The demo person (staff or officer) by IIN, for their key files. */
export async function demoAccount(request: APIRequestContext, iin: string) {
  const { password, items } = await demoKeys(request);
  return { password, person: items.find((person) => person.iin === iin)! };
}
