import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { QUEUE_IMPORT_COLUMNS } from '@kezek/contracts';
import { localDateOf, makeIin } from '@kezek/domain';
import type { PersonKeys } from '../signature/test-ca/index.ts';
import { nonceFor, signedBody } from '../testing/eds.ts';
import type { TestClient } from '../testing/harness.ts';
import { signTreeHead } from '../transparency/heads.ts';
import {
  FRESH_GROUP_YEAR,
  ROLES,
  freshAddress,
  WORLD_PEOPLE,
  type Role,
  type World,
} from '../testing/world.ts';
import { TINY_PNG, multipartFile } from './routes.ts';

/**
 * The authorization matrix: every route of the server × every role → the expected answer. Each
 * route's request aims at a resource of applicant A (or B where noted), of kindergarten X, of
 * district P: for the other applicant, staff member and officer it is someone else's. A new
 * route needs an entry here (authorization.test.ts fails without one): a request builder and the
 * answer of each role, made compact by all / signedIn / only / adminOnly.
 */

export interface Caller {
  role: Role;
  client: TestClient;
  /** Only applicants have keys, and only they get past the guards of signed routes: fresh
   * resources are made for them alone. */
  keys: PersonKeys | undefined;
}
export interface Call {
  url: string;
  body?: unknown;
  payload?: Buffer;
  headers?: Record<string, string>;
}
/** A status; a status and the problem code; or a status and a check of the answer. */
export type Expected =
  | number
  | [number, string]
  | { status: number; check: (response: LightMyRequestResponse, w: World) => void };
export interface Entry {
  call: (w: World, caller: Caller) => Call | Promise<Call>;
  expect: Record<Role, Expected>;
  /** The call ends the caller's session: it gets a fresh one. */
  freshSession?: boolean;
}

const all = (expected: Expected) =>
  Object.fromEntries(ROLES.map((role) => [role, expected])) as Record<Role, Expected>;
const signedIn = (expected: Expected) => ({ ...all(expected), anonymous: 401 });
/** Only these roles get past the guard; the others are told 403, an anonymous caller 401. */
const only = (allowed: Partial<Record<Role, Expected>>) => ({
  ...all(403),
  anonymous: 401,
  ...allowed,
});
const adminOnly = (expected: Expected) => only({ admin: expected });

const listed = (id: (w: World) => string, yes: boolean): Expected => ({
  status: 200,
  check: (response, w) =>
    expect(response.json().items.some((item: { id: string }) => item.id === id(w))).toBe(yes),
});

/** The application search finds the application (or not): it is of the caller's districts. */
const searchFinds = (id: (w: World) => string, yes: boolean): Expected => ({
  status: 200,
  check: (response, w) =>
    expect(
      response
        .json()
        .items.some((item: { application: { id: string } }) => item.application.id === id(w)),
    ).toBe(yes),
});

/** A body signed by the caller's SIGN key; a caller without keys sends one that is never read. */
async function signed(caller: Caller, action: string, fields: object) {
  if (!caller.keys) return { cms: NOT_A_CMS };
  return signedBody(freshAddress(caller.client), caller.keys.sign, action, fields);
}

/** Passes the body schema, fails as a CMS: for callers that are refused before it is read. */
const NOT_A_CMS = 'A'.repeat(24);

/** A fresh eGov Mobile signing request of applicant A's browser (sign-in over its nonce). */
async function signingRequestOfA(w: World): Promise<{ id: string; qr: string }> {
  const client = w.clients.applicantA;
  const response = await client.post('/api/mobile-sign', {
    keyType: 'auth',
    content: await nonceFor(client),
  });
  return response.json();
}
const egovPath = (request: { qr: string }) =>
  new URL(request.qr.slice('mobileSign:'.length)).pathname;
let unique = 0;
const next = () => (unique += 1);
const trilingual = (label: string) => ({ kk: `${label} kk`, ru: `${label} ru`, en: `${label} en` });

export const MATRIX: Record<string, Entry> = {
  // --- public: documentation, health, reference data, the public verification of a direction
  'GET /api/health': { call: () => ({ url: '/api/health' }), expect: all(200) },
  'GET /api/health/live': { call: () => ({ url: '/api/health/live' }), expect: all(200) },
  'GET /api/health/ready': { call: () => ({ url: '/api/health/ready' }), expect: all(200) },
  // Off unless configured (KEZEK_METRICS): a session is no key to it (metrics/metrics.test.ts).
  'GET /metrics': { call: () => ({ url: '/metrics' }), expect: all(404) },
  'GET /api/openapi.json': { call: () => ({ url: '/api/openapi.json' }), expect: all(200) },
  'GET /api/docs/': { call: () => ({ url: '/api/docs/' }), expect: all(200) },
  'GET /api/docs/json': { call: () => ({ url: '/api/docs/json' }), expect: all(200) },
  'GET /api/docs/yaml': { call: () => ({ url: '/api/docs/yaml' }), expect: all(200) },
  'GET /api/docs/static/index.html': {
    call: () => ({ url: '/api/docs/static/index.html' }),
    expect: all(302),
  },
  'GET /api/docs/static/swagger-initializer.js': {
    call: () => ({ url: '/api/docs/static/swagger-initializer.js' }),
    expect: all(200),
  },
  'GET /api/docs/static/*': {
    call: () => ({ url: '/api/docs/static/swagger-ui.css' }),
    expect: all(200),
  },
  'GET /api/public/config': { call: () => ({ url: '/api/public/config' }), expect: all(200) },
  'GET /api/regions': { call: () => ({ url: '/api/regions' }), expect: all(200) },
  'GET /api/kindergartens': { call: () => ({ url: '/api/kindergartens' }), expect: all(200) },
  'GET /api/benefit-categories': {
    call: () => ({ url: '/api/benefit-categories' }),
    expect: all(200),
  },
  'GET /api/public/instructions/:file': {
    call: () => ({ url: '/api/public/instructions/kk.pdf' }),
    expect: all(200),
  },
  'GET /api/public/directions/:number/verify': {
    call: async (w) => {
      const direction = await w.t.database.db
        .selectFrom('directions')
        .select(['number', 'verify_code'])
        .where('id', '=', w.A.directionId)
        .executeTakeFirstOrThrow();
      return {
        url: `/api/public/directions/${direction.number}/verify?code=${direction.verify_code}`,
      };
    },
    expect: all(200),
  },

  'GET /api/public/queue': {
    call: (w) => ({
      url: `/api/public/queue?districtId=${w.districtP}&groupYear=${2000 + Number(WORLD_PEOPLE.childB.iin.slice(0, 2))}`,
    }),
    expect: all(200),
  },
  'GET /api/public/protocols': {
    call: (w) => ({
      url: `/api/public/protocols?districtId=${w.districtP}&from=2026-01-01&to=2026-12-31`,
    }),
    expect: all(200),
  },
  'GET /api/public/protocols.csv': {
    call: (w) => ({
      url: `/api/public/protocols.csv?districtId=${w.districtP}&from=2026-01-01&to=2026-12-31&lang=ru`,
    }),
    expect: all(200),
  },

  // The transparency log (docs/transparency.md): anonymous and read-only, like the public queue.
  'GET /api/public/log/head': {
    call: async (w) => {
      await signTreeHead(w.t.database.db, w.t.clock, w.t.app.logSigner);
      return { url: '/api/public/log/head' };
    },
    expect: all(200),
  },
  'GET /api/public/log/key': { call: () => ({ url: '/api/public/log/key' }), expect: all(200) },
  'GET /api/public/log/entries': {
    call: () => ({ url: '/api/public/log/entries?start=0&end=1' }),
    expect: all(200),
  },
  'GET /api/public/log/proof/inclusion': {
    call: () => ({ url: '/api/public/log/proof/inclusion?leafIndex=0&treeSize=2' }),
    expect: all(200),
  },
  'GET /api/public/log/proof/consistency': {
    call: () => ({ url: '/api/public/log/proof/consistency?first=1&second=2' }),
    expect: all(200),
  },

  // --- signing in and the own account
  'POST /api/auth/password': {
    // An IIN of no account, one per caller: the wrong passwords of one IIN are delayed after a
    // few, from whatever address (auth/sign-in-backoff.ts).
    call: (_w, caller) => ({
      url: '/api/auth/password',
      body: {
        iin: makeIin('1987-05-14', 'male', 900 + ROLES.indexOf(caller.role)),
        password: 'not-it-at-all',
      },
    }),
    expect: all([401, 'bad_credentials']),
  },
  'GET /api/nonce': { call: () => ({ url: '/api/nonce' }), expect: all(200) },
  'POST /api/auth/eds': {
    call: () => ({ url: '/api/auth/eds', body: { cms: NOT_A_CMS } }),
    expect: all([400, 'malformed_cms']),
  },
  // eGov Mobile signing (docs/mobile-signing.md): anyone may ask for a request over a nonce of
  // their own browser; only that browser reads its answer; the app's routes need the token.
  'POST /api/mobile-sign': {
    call: async (_w, caller) => ({
      url: '/api/mobile-sign',
      body: { keyType: 'auth', content: await nonceFor(caller.client) },
    }),
    expect: all(200),
  },
  'GET /api/mobile-sign/:id': {
    call: async (w) => ({ url: `/api/mobile-sign/${(await signingRequestOfA(w)).id}` }),
    expect: { ...all([404, 'not_found']), applicantA: 200 },
  },
  'GET /api/egov/sign/:token': {
    call: async (w) => ({ url: egovPath(await signingRequestOfA(w)) }),
    expect: all(200),
  },
  'GET /api/egov/sign/:token/document': {
    call: async (w) => ({ url: `${egovPath(await signingRequestOfA(w))}/document` }),
    expect: all([403, 'forbidden']),
  },
  'PUT /api/egov/sign/:token/document': {
    call: async (w) => ({
      url: `${egovPath(await signingRequestOfA(w))}/document`,
      headers: { authorization: 'Bearer not-the-token' },
      body: {
        signMethod: 'CMS_WITH_DATA',
        documentsToSign: [
          {
            id: '1',
            nameRu: 'x',
            nameKz: 'x',
            nameEn: 'x',
            meta: [],
            document: { file: { mime: 'text/plain', data: NOT_A_CMS } },
          },
        ],
      },
    }),
    expect: all([403, 'forbidden']),
  },
  'POST /api/auth/logout': {
    call: () => ({ url: '/api/auth/logout' }),
    expect: all(204),
    freshSession: true,
  },
  'GET /api/me': { call: () => ({ url: '/api/me' }), expect: signedIn(200) },
  'PATCH /api/me': {
    call: () => ({ url: '/api/me', body: { email: 'me@example.kz', phone: '+77010000009' } }),
    expect: signedIn(200),
  },

  'GET /api/messages': {
    call: () => ({ url: '/api/messages?limit=200' }),
    expect: {
      ...signedIn(listed((w) => w.A.messageId, false)),
      applicantA: listed((w) => w.A.messageId, true),
    },
  },

  // --- the person registry, for the applicant's own family only
  'GET /api/persons/:iin': {
    call: () => ({ url: `/api/persons/${WORLD_PEOPLE.childA.iin}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/persons/me/children': {
    call: () => ({ url: '/api/persons/me/children' }),
    expect: only({ applicantA: 200, applicantB: 200 }),
  },

  // --- applications: A's, or B's where the call would change it for good
  'POST /api/attachments': {
    call: () => multipartFile('/api/attachments', 'scan.png', TINY_PNG),
    expect: only({ applicantA: 201, applicantB: 201 }),
  },
  'POST /api/applications': {
    call: async (w, caller) => ({
      url: '/api/applications',
      body: await signed(caller, 'application.create', {
        districtId: w.districtP,
        applicant: { email: 'parent@example.kz', phone: '+77011234567' },
        child: { iin: WORLD_PEOPLE.childA.iin },
      }),
    }),
    expect: only({
      applicantA: [409, 'child_already_queued'],
      applicantB: [422, 'not_a_parent'],
    }),
  },
  'GET /api/applications': {
    call: () => ({ url: '/api/applications' }),
    expect: only({
      applicantA: listed((w) => w.A.applicationId, true),
      applicantB: listed((w) => w.A.applicationId, false),
    }),
  },
  'POST /api/applications/attach': {
    call: async (_w, caller) => ({
      url: '/api/applications/attach',
      body: await signed(caller, 'application.attach', { childIin: WORLD_PEOPLE.childA.iin }),
    }),
    expect: only({ applicantA: 200, applicantB: [422, 'not_a_parent'] }),
  },
  'GET /api/applications/:id': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/public-queue': {
    call: (w) => ({ url: `/api/applications/${w.B.applicationId}/public-queue` }),
    expect: only({ applicantB: 200, applicantA: 404 }),
  },
  'GET /api/applications/:id/wait-estimate': {
    call: (w) => ({ url: `/api/applications/${w.B.applicationId}/wait-estimate` }),
    expect: only({ applicantB: 200, applicantA: 404 }),
  },
  'GET /api/applications/:id/history': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/history` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/documents': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/documents` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/documents/:id': {
    call: (w) => ({ url: `/api/documents/${w.A.documentId}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'POST /api/applications/:id/confirm-interest': {
    call: (w) => ({ url: `/api/applications/${w.B.applicationId}/confirm-interest` }),
    expect: only({ applicantA: 404, applicantB: 200 }),
  },
  'POST /api/applications/:id/benefit': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/benefit`,
      body: await signed(caller, 'application.changeBenefit', {
        applicationId: w.B.applicationId,
        benefit: null,
      }),
    }),
    expect: only({ applicantA: 404, applicantB: 200 }),
  },
  'POST /api/applications/:id/withdraw': {
    call: async (w, caller) => {
      const id = caller.keys ? await w.freshApplication('B') : w.B.applicationId;
      return {
        url: `/api/applications/${id}/withdraw`,
        body: await signed(caller, 'application.withdraw', { applicationId: id }),
      };
    },
    expect: only({ applicantA: 404, applicantB: 200 }),
  },
  // B's region gives places by choice: the ranking is refused after the signature.
  'POST /api/applications/:id/preferences': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/preferences`,
      body: await signed(caller, 'application.preferences', {
        applicationId: w.B.applicationId,
        preferences: [],
      }),
    }),
    expect: only({ applicantA: 404, applicantB: [409, 'action_not_allowed'] }),
  },
  // B's application is queued, without a turn: the decline is refused after the signature.
  'POST /api/applications/:id/turn/decline': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/turn/decline`,
      body: await signed(caller, 'turn.decline', { applicationId: w.B.applicationId }),
    }),
    expect: only({ applicantA: 404, applicantB: [409, 'action_not_allowed'] }),
  },

  // --- places and directions
  'POST /api/places': {
    call: (w) => ({
      url: '/api/places',
      body: { kindergartenId: w.kindergartenX, groupYear: 2025, language: w.languageX, count: 1 },
    }),
    expect: only({ staffX: 201, staffY: 404, admin: 201 }),
  },
  'GET /api/places/group-years': {
    call: (w) => ({ url: `/api/places/group-years?kindergartenId=${w.kindergartenX}` }),
    expect: only({ staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/places': {
    call: () => ({ url: '/api/places?limit=200' }),
    expect: only({
      staffX: listed((w) => w.batchX, true),
      staffY: listed((w) => w.batchX, false),
      officerP: listed((w) => w.batchX, true),
      officerQ: listed((w) => w.batchX, false),
      admin: listed((w) => w.batchX, true),
    }),
  },
  'GET /api/applications/:id/offers': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/offers` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/free-choice-request': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/free-choice-request` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/transfer': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/transfer` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  // B's application is not enrolled: the transfer request is refused after the signature.
  'POST /api/applications/:id/transfer': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/transfer`,
      body: await signed(caller, 'transfer.request', {
        applicationId: w.B.applicationId,
        kindergartenIds: [1],
      }),
    }),
    expect: only({ applicantA: 404, applicantB: [409, 'transfer_not_enrolled'] }),
  },
  // B has no open transfer request: the withdrawal is refused after the signature.
  'POST /api/applications/:id/transfer/withdraw': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/transfer/withdraw`,
      body: await signed(caller, 'transfer.withdraw', { applicationId: w.B.applicationId }),
    }),
    expect: only({ applicantA: 404, applicantB: [409, 'transfer_not_open'] }),
  },
  'POST /api/applications/:id/direction': {
    call: async (w, caller) => {
      const applicationId = caller.keys ? await w.freshApplication('B') : w.B.applicationId;
      return {
        url: `/api/applications/${applicationId}/direction`,
        body: await signed(caller, 'direction.choose', { applicationId, placeId: w.freeChoiceX }),
      };
    },
    expect: only({ applicantA: 404, applicantB: 201 }),
  },
  'POST /api/directions/:id/extend': {
    call: async (w, caller) => {
      const { directionId } = caller.keys ? await w.freshDirection('A') : w.A;
      return {
        url: `/api/directions/${directionId}/extend`,
        body: await signed(caller, 'direction.extend', { directionId, days: 10 }),
      };
    },
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'POST /api/directions/:id/revoke': {
    call: async (w, caller) => {
      const { directionId } = caller.keys ? await w.freshDirection('A') : w.A;
      return {
        url: `/api/directions/${directionId}/revoke`,
        body: await signed(caller, 'direction.revoke', { directionId, reason: 'we moved' }),
      };
    },
    expect: only({ applicantA: 200, applicantB: 404 }),
  },

  // --- the kindergarten workspace (staff of X) and the education department (officers of P)
  'GET /api/directions/search': {
    call: (w) => ({
      url: `/api/directions/search?kindergartenId=${w.kindergartenX}&iin=${WORLD_PEOPLE.childA.iin}`,
    }),
    expect: only({ staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/directions/:id/child-card': {
    call: (w) => ({ url: `/api/directions/${w.A.directionId}/child-card` }),
    expect: only({ staffX: 200, staffY: 404, officerP: 200, officerQ: 404, admin: 200 }),
  },
  'POST /api/directions/:id/accept': {
    call: async (w, caller) => {
      const directionId = await staffDirection(w, caller);
      return {
        url: `/api/directions/${directionId}/accept`,
        body: await signedAs(w, caller, 'direction.accept', { directionId }),
      };
    },
    expect: only({ staffX: 200, staffY: 404, admin: 200 }),
  },
  'POST /api/directions/:id/refuse': {
    call: async (w, caller) => {
      const directionId = await staffDirection(w, caller);
      return {
        url: `/api/directions/${directionId}/refuse`,
        body: await signedAs(w, caller, 'direction.refuse', { directionId, reason: 'no room' }),
      };
    },
    expect: only({ staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/kindergartens/:id/enrolments': {
    call: (w) => ({ url: `/api/kindergartens/${w.kindergartenX}/enrolments` }),
    expect: only({ staffX: 200, staffY: 404, officerP: 200, officerQ: 404, admin: 200 }),
  },
  'POST /api/enrolments/:id/departure': {
    call: async (w, caller) => {
      const enrolmentId = STAFF_ROLES.includes(caller.role) ? await enrolmentAtX(w) : '1';
      return {
        url: `/api/enrolments/${enrolmentId}/departure`,
        body: await signedAs(w, caller, 'enrolment.depart', {
          enrolmentId,
          date: localDateOf(w.t.clock.now()),
          reason: 'moved away',
        }),
      };
    },
    expect: only({ staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/refusals': {
    call: (w) => ({ url: `/api/refusals?districtId=${w.districtP}` }),
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  'POST /api/refusals/:id/decision': {
    call: async (w, caller) => {
      const refusalId = OFFICER_ROLES.includes(caller.role) ? await refusalAtX(w) : '1';
      return {
        url: `/api/refusals/${refusalId}/decision`,
        body: await signedAs(w, caller, 'refusal.decide', { refusalId, confirm: true }),
      };
    },
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  'GET /api/queue': {
    call: (w) => ({ url: `/api/queue?districtId=${w.districtP}&groupYear=${FRESH_GROUP_YEAR}` }),
    expect: only({ officerP: 200, officerQ: 404, staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/queue/group-years': {
    call: (w) => ({ url: `/api/queue/group-years?districtId=${w.districtP}` }),
    expect: only({ officerP: 200, officerQ: 404, staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/archive': {
    call: (w) => ({ url: `/api/archive?districtId=${w.districtP}` }),
    expect: only({ officerP: 200, officerQ: 404, staffX: 200, staffY: 404, admin: 200 }),
  },
  'GET /api/applications/search': {
    call: () => ({ url: `/api/applications/search?iin=${WORLD_PEOPLE.childA.iin}` }),
    expect: only({
      officerP: searchFinds((w) => w.A.applicationId, true),
      officerQ: searchFinds((w) => w.A.applicationId, false),
      admin: searchFinds((w) => w.A.applicationId, true),
    }),
  },
  // What-if (docs/what-if.md): officers of the kindergarten's district and administrators.
  'POST /api/department/what-if': {
    call: (w) => ({
      url: '/api/department/what-if',
      body: {
        kind: 'release',
        kindergartenId: w.kindergartenX,
        groupYear: FRESH_GROUP_YEAR,
        language: w.languageX,
        count: 1,
      },
    }),
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  'GET /api/department/kindergartens': {
    call: (w) => ({ url: `/api/department/kindergartens?districtId=${w.districtP}` }),
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  // The dashboard (docs/dashboard.md): officers their districts, administrators all.
  'GET /api/dashboard': {
    call: (w) => ({ url: `/api/dashboard?districtId=${w.districtP}` }),
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  'GET /api/dashboard/export': {
    call: (w) => ({
      url: `/api/dashboard/export?districtId=${w.districtP}&figure=directions&format=csv`,
    }),
    expect: only({ officerP: 200, officerQ: 404, admin: 200 }),
  },
  // --- administration: the administrator only
  'GET /api/admin/regions': { call: () => ({ url: '/api/admin/regions' }), expect: adminOnly(200) },
  'POST /api/admin/regions': {
    call: () => ({
      url: '/api/admin/regions',
      body: { code: `matrix-${next()}`, name: trilingual(`Region ${unique}`) },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/regions/:id': {
    call: async (w) => ({ url: `/api/admin/regions/${await regionOf(w)}`, body: {} }),
    expect: adminOnly(200),
  },
  'GET /api/admin/districts': {
    call: () => ({ url: '/api/admin/districts' }),
    expect: adminOnly(200),
  },
  'POST /api/admin/districts': {
    call: async (w) => ({
      url: '/api/admin/districts',
      body: { regionId: await regionOf(w), name: trilingual(`District ${next()}`) },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/districts/:id': {
    call: async (w) => ({
      url: `/api/admin/districts/${w.districtQ}`,
      body: { name: trilingual(`Renamed district ${next()}`) },
    }),
    expect: adminOnly(200),
  },
  'GET /api/admin/kindergartens': {
    call: () => ({ url: '/api/admin/kindergartens' }),
    expect: adminOnly(200),
  },
  'GET /api/admin/kindergartens/:id': {
    call: (w) => ({ url: `/api/admin/kindergartens/${w.kindergartenX}` }),
    expect: adminOnly(200),
  },
  'POST /api/admin/kindergartens': {
    call: (w) => ({
      url: '/api/admin/kindergartens',
      body: {
        districtId: w.districtQ,
        name: { kk: `Балабақша ${next()}`, ru: `Сад ${unique}` },
        type: 'state',
        languages: ['kk'],
        address: 'Көше, 1',
      },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/kindergartens/:id': {
    call: (w) => ({ url: `/api/admin/kindergartens/${w.kindergartenY}`, body: {} }),
    expect: adminOnly(200),
  },
  'GET /api/admin/staff': { call: () => ({ url: '/api/admin/staff' }), expect: adminOnly(200) },
  'POST /api/admin/staff': {
    call: (w) => ({
      url: '/api/admin/staff',
      body: {
        iin: makeIin('1985-05-05', 'male', 4000 + 2 * next()),
        fullName: 'Matrix Staff',
        password: 'matrix-password-1',
        role: 'staff',
        kindergartenIds: [w.kindergartenX],
      },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/staff/:id': {
    call: async (w) => ({ url: `/api/admin/staff/${await userIdOf(w, '900809430044')}`, body: {} }),
    expect: adminOnly(200),
  },
  // Officers read the policy of any region (it is public rules) and keep the one national calendar.
  'GET /api/admin/policy': {
    call: async (w) => ({ url: `/api/admin/policy?regionId=${await regionOf(w)}` }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  'PUT /api/admin/policy': {
    call: async (w) => {
      const url = `/api/admin/policy?regionId=${await regionOf(w)}`;
      return { url, body: (await w.clients.admin.get(url)).json() };
    },
    expect: adminOnly(200),
  },
  'GET /api/admin/calendar': {
    call: () => ({ url: '/api/admin/calendar?year=2026' }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  'PUT /api/admin/calendar/:date': {
    call: () => ({
      url: '/api/admin/calendar/2030-06-03',
      body: { kind: 'holiday', name: 'Matrix' },
    }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  // The upload screen of a legacy queue (queue-import/): a header-only file of its own each call.
  'POST /api/admin/queue-imports': {
    call: () =>
      multipartFile(
        '/api/admin/queue-imports',
        'queue.csv',
        Buffer.from(`${QUEUE_IMPORT_COLUMNS.join(',')},matrix${next()}\n`),
      ),
    expect: adminOnly(202),
  },
  'GET /api/admin/queue-imports/:id': {
    call: async (w) => ({ url: `/api/admin/queue-imports/${await queueImportOf(w)}` }),
    expect: adminOnly(200),
  },
  'POST /api/admin/queue-imports/:id/start': {
    // A file this server does not hold (made in the table): the administrator is asked for it.
    call: async (w) => ({
      url: `/api/admin/queue-imports/${await queueImportOf(w)}/start`,
      body: { onlyClean: false },
    }),
    expect: adminOnly([409, 'import_file_gone']),
  },
  'GET /api/admin/queue-imports/:id/rejected.csv': {
    call: async (w) => ({ url: `/api/admin/queue-imports/${await queueImportOf(w)}/rejected.csv` }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/calendar/:date': {
    call: async (w) => {
      const url = `/api/admin/calendar/2030-06-${String(4 + (next() % 20)).padStart(2, '0')}`;
      await w.clients.admin.put(url, { kind: 'holiday', name: 'Matrix' });
      return { url };
    },
    expect: only({ officerP: 204, officerQ: 204, admin: 204 }),
  },

  // --- demo mode (KEZEK_DEMO=1) and the test API (KEZEK_TEST_API=1): public by design, never in production
  'GET /api/demo/keys': { call: () => ({ url: '/api/demo/keys' }), expect: all(200) },
  'GET /api/demo/keys/:iin/:file': {
    call: async (w) => {
      // The tests make no demo key files (slow RSA keys): one stands in.
      await w.t.database.db
        .insertInto('demo_keys')
        .values({
          iin: WORLD_PEOPLE.A.iin,
          key_type: 'auth',
          full_name: 'Иванова Ольга',
          role: 'applicant',
          p12: Buffer.from('demo'),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return { url: `/api/demo/keys/${WORLD_PEOPLE.A.iin}/auth.p12` };
    },
    expect: all(200),
  },
  'POST /api/test/clock': {
    call: () => ({ url: '/api/test/clock', body: { advance: 'PT0S' } }),
    expect: all(200),
  },
  'POST /api/test/tick': { call: () => ({ url: '/api/test/tick' }), expect: all(200) },
  'POST /api/test/log-head': { call: () => ({ url: '/api/test/log-head' }), expect: all(200) },
  'GET /api/test/outbox': { call: () => ({ url: '/api/test/outbox' }), expect: all(200) },
  'POST /api/test/persons': {
    call: () => ({
      url: '/api/test/persons',
      body: { persons: [{ iin: '220315500010', lastName: 'Тест', firstName: 'Адам' }] },
    }),
    expect: all(200),
  },
};

/** The roles that get past the guards of the staff's and the officers' signed routes. */
const STAFF_ROLES: readonly Role[] = ['staffX', 'staffY', 'admin'];
const OFFICER_ROLES: readonly Role[] = ['officerP', 'officerQ', 'admin'];

/** A body signed with the role's own SIGN key (staff and officers sign too); none for anonymous. */
async function signedAs(w: World, caller: Caller, action: string, fields: object) {
  const keys = await w.signingKeysOf(caller.role);
  if (!keys) return { cms: NOT_A_CMS };
  return signedBody(freshAddress(caller.client), keys.sign, action, fields);
}

/** A fresh issued direction to X for a role that may act on directions; A's for the others. */
async function staffDirection(w: World, caller: Caller): Promise<string> {
  return STAFF_ROLES.includes(caller.role)
    ? (await w.freshDirection('A')).directionId
    : w.A.directionId;
}

/** A child just accepted at X by its staff: an enrolment to mark the departure of. */
async function enrolmentAtX(w: World): Promise<string> {
  const { directionId } = await w.freshDirection('A');
  const staffX: Caller = { role: 'staffX', client: w.clients.staffX, keys: undefined };
  const response = await w.clients.staffX.post(
    `/api/directions/${directionId}/accept`,
    await signedAs(w, staffX, 'direction.accept', { directionId }),
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json().id;
}

/** A refusal of a fresh direction to X by its staff, pending for the officers of P. */
async function refusalAtX(w: World): Promise<string> {
  const { directionId } = await w.freshDirection('A');
  const staffX: Caller = { role: 'staffX', client: w.clients.staffX, keys: undefined };
  const response = await w.clients.staffX.post(
    `/api/directions/${directionId}/refuse`,
    await signedAs(w, staffX, 'direction.refuse', { directionId, reason: 'no room' }),
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json().id;
}

/** An import of a file no server holds, made in its table. */
async function queueImportOf(w: World): Promise<string> {
  const now = w.t.clock.now();
  const row = await w.t.database.db
    .insertInto('queue_imports')
    .values({
      file_sha256: `matrix-${next()}`,
      file_name: 'queue.csv',
      header: [...QUEUE_IMPORT_COLUMNS],
      state: 'validated',
      actor: 'system',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function regionOf(w: World): Promise<number> {
  const row = await w.t.database.db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', w.districtQ)
    .executeTakeFirstOrThrow();
  return row.region_id;
}

async function userIdOf(w: World, iin: string): Promise<number> {
  const row = await w.t.database.db
    .selectFrom('users')
    .select('id')
    .where('iin', '=', iin)
    .executeTakeFirstOrThrow();
  return row.id;
}

export function statusOf(expected: Expected): number {
  if (typeof expected === 'number') return expected;
  return Array.isArray(expected) ? expected[0] : expected.status;
}

/** The code a denial carries unless the entry names another. */
export const DENIAL_CODES: Record<number, string> = {
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
};
