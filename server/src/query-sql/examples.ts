import * as dashboard from '../dashboard/queries.ts';
import * as directions from '../directions/queries.ts';
import * as enrolments from '../enrolments/queries.ts';
import * as estimates from '../estimates/queries.ts';
import * as inbox from '../inbox/queries.ts';
import * as metrics from '../metrics/queries.ts';
import * as mobileSign from '../mobile-sign/queries.ts';
import * as places from '../places/queries.ts';
import * as protocols from '../protocols/queries.ts';
import * as refusals from '../refusals/queries.ts';
import * as whatIf from '../what-if/queries.ts';
import { encodeCursor } from '../http/paging.ts';
import { examplesOf, type QueryExample } from './compile.ts';

const AT = new Date('2026-09-01T04:00:00Z');
const NEXT_PAGE = encodeCursor({ sort: 'Әлиев Арман', id: 42 });

const dashboardPeriod = { from: '2025-10', to: '2026-09', districtIds: [1, 2] };

const districtsOfOfficer = { everything: false, kindergartenIds: [], districtIds: [1, 2] };

const officer = {
  id: 7,
  iin: '850101300012',
  fullName: 'Officer',
  roles: ['officer' as const, 'staff' as const],
  email: null,
  phone: null,
  kindergartenIds: [3],
  districtIds: [1, 2],
};

/**
 * Every capability's queries.ts with the arguments its SQL is shown with: the fullest form of
 * each query (every optional filter set), so the generated file shows every clause it can send.
 * Keyed by the file's path under server/src.
 */
export const QUERY_EXAMPLES: Record<string, QueryExample[]> = {
  'dashboard/queries.ts': examplesOf(dashboard, {
    queueCounts: [dashboardPeriod],
    eventCounts: [dashboardPeriod],
    medianWaits: [dashboardPeriod],
    refusalsByKindergarten: [dashboardPeriod],
    freePlacesByKindergarten: [[1, 2]],
    dashboardDistricts: [[1, 2]],
    dashboardState: [],
  }),
  'directions/queries.ts': examplesOf(directions, {
    directionsWithChild: [],
    loadDirection: ['1001', AT],
    directionByNumber: ['ДШ.2026.000017'],
  }),
  'enrolments/queries.ts': examplesOf(enrolments, {
    kindergartenPlace: [3],
    enrolmentPage: [
      3,
      { q: 'Әли', groupYear: 2022, state: 'current', limit: 50, cursor: NEXT_PAGE },
    ],
  }),
  'estimates/queries.ts': examplesOf(estimates, {
    estimateSubject: [7, '1001'],
    classTurnsByMonth: [{ districtId: 2, groupYear: 2022, queueClass: 'general' }, AT, 12],
  }),
  'inbox/queries.ts': examplesOf(inbox, { inboxPage: [7, 20, '900'] }),
  'metrics/queries.ts': examplesOf(metrics, {
    queueSizes: [],
    outboxBacklog: [AT],
    oldestPastDeadlines: [AT],
  }),
  'mobile-sign/queries.ts': examplesOf(mobileSign, {
    insertSigningRequest: [
      {
        id: '00000000-0000-4000-8000-000000000001',
        tokenHash: Buffer.alloc(32),
        authTokenHash: Buffer.alloc(32),
        bindingHash: Buffer.alloc(32),
        keyType: 'sign',
        content: Buffer.from('{}'),
        description: { kk: 'kk', ru: 'ru', en: 'en' },
        createdAt: AT,
        expiresAt: AT,
      },
    ],
    signingRequestByToken: [Buffer.alloc(32)],
    signingRequestOfBrowser: ['00000000-0000-4000-8000-000000000001', Buffer.alloc(32)],
    replaceAuthToken: ['00000000-0000-4000-8000-000000000001', Buffer.alloc(32)],
    answerSigningRequest: ['00000000-0000-4000-8000-000000000001', { cms: 'MIIB' }, AT],
    takeSignature: ['00000000-0000-4000-8000-000000000001'],
    applicationNumberOf: [{ directionId: '17' }],
    sweepSigningRequests: [AT, { batch: 1000, maxBatches: 1 }],
  }),
  'places/queries.ts': examplesOf(places, {
    placeBatch: ['55'],
    placeBatchPage: [
      officer,
      {
        kindergartenId: 3,
        groupYear: 2022,
        language: 'kk',
        type: 'state',
        state: 'waiting',
        addedFrom: '2026-08-01',
        addedTo: '2026-08-31',
        limit: 50,
        cursor: '900',
      },
    ],
  }),
  'what-if/queries.ts': examplesOf(whatIf, {
    districtOfKindergarten: [3],
    insertHypotheticalKindergarten: [2, [{ language: 'kk' }], AT],
    turnsOfBatch: ['55'],
    medianWaits: [2, [2022, 2023], AT],
  }),
  'protocols/queries.ts': examplesOf(protocols, {
    protocolBatches: [{ districtId: 2, from: AT, to: AT, limit: 1000 }],
    protocolDirections: [{ districtId: 2, from: AT, to: AT, limit: 1000 }],
  }),
  'refusals/queries.ts': examplesOf(refusals, {
    refusalById: ['31'],
    refusalPage: [
      districtsOfOfficer,
      { status: 'pending', districtId: 2, limit: 50, cursor: '30' },
    ],
  }),
};
