import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, endOfLocalDay, localDateOf } from '@kezek/domain';
import { DEMO_PERSONS } from '../demo/people.ts';
import type { PersonKeys } from '../signature/test-ca/index.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from '../testing/eds.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let keys: PersonKeys;
const parent = DEMO_PERSONS.find((p) => p.lastName === 'Смагулов')!;
const child = DEMO_PERSONS.find((p) => p.lastName === 'Смагулова')!;
const DAY = 86_400_000;

beforeAll(async () => {
  const trusted = await trustedTestCa();
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trusted.trustFile });
  keys = await keysFor(trusted.ca, parent);
});
afterAll(() => t.close());

describe('interest deadline jobs', () => {
  it('reminds once 30 days before, extends on confirmation, and removes the application when it lapses', async () => {
    const client = await signedInWithEds(t, keys);
    const districtId = (await client.get('/api/regions')).json().items[0].districts[0].id;
    const body = await signedBody(client, keys.sign, 'application.create', {
      districtId,
      applicant: { email: 'timur@example.kz', phone: '+77017654321' },
      child: { iin: child.iin },
    });
    const application = (await client.post('/api/applications', body)).json();
    const deadline = new Date(application.interestConfirmedUntil).getTime();
    const api = new TestClient(t.app);
    // The jobs' results but the dashboard's (dashboard/dashboard.test.ts tests those).
    const tick = async () => {
      const { historyRowsSummarised, queueCounts, ...result } = (
        await api.post('/api/test/tick')
      ).json();
      expect(historyRowsSummarised).toBeGreaterThanOrEqual(0);
      expect([0, 1]).toContain(queueCounts);
      return result;
    };
    const outboxSubjects = async () =>
      (await api.get('/api/test/outbox'))
        .json()
        .items.map((m: { subject: string; channel: string }) => `${m.channel}:${m.subject}`);

    t.clock.set(new Date(deadline - 31 * DAY));
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 0,
      interestLapsed: 0,
      // The nonces used to register, past their 10 minutes.
      usedNoncesForgotten: 2,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 1,
    });
    t.clock.set(new Date(deadline - 29 * DAY));
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 1,
      interestLapsed: 0,
      usedNoncesForgotten: 0,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 0,
    });
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 0,
      interestLapsed: 0,
      usedNoncesForgotten: 0,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 0,
    });
    expect(await outboxSubjects()).toContain(
      `email:Application ${application.number}: confirm your interest`,
    );

    // Confirming moves the deadline to the next anniversary of the registration (seed 001), not a
    // year from today; a second confirmation in the same year changes nothing. Its own reminder
    // comes later.
    const registeredOn = localDateOf(new Date(application.registeredAt));
    const anniversary = (years: number) =>
      endOfLocalDay(addMonths(registeredOn, 12 * years)).toISOString();
    expect(application.interestConfirmedUntil).toBe(anniversary(1));
    await client.refreshCsrf();
    const confirmed = (
      await client.post(`/api/applications/${application.id}/confirm-interest`)
    ).json();
    expect(confirmed.interestConfirmedUntil).toBe(anniversary(2));
    t.clock.advance(10 * DAY);
    await client.refreshCsrf();
    const again = (
      await client.post(`/api/applications/${application.id}/confirm-interest`)
    ).json();
    expect(again.interestConfirmedUntil).toBe(anniversary(2));
    const newDeadline = new Date(confirmed.interestConfirmedUntil).getTime();
    t.clock.set(new Date(deadline + DAY));
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 0,
      interestLapsed: 0,
      usedNoncesForgotten: 0,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 0,
    });

    t.clock.set(new Date(newDeadline + 1000));
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 0,
      interestLapsed: 1,
      usedNoncesForgotten: 0,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 1,
    });
    const removed = (await client.get(`/api/applications/${application.id}`)).json();
    expect(removed).toMatchObject({ status: 'removed', queueNumber: null, actions: [] });
    const events = (await client.get(`/api/applications/${application.id}/history`)).json().items;
    expect(events.at(-1)).toMatchObject({
      event: 'application.removed',
      fromStatus: 'queued',
      toStatus: 'removed',
      actor: 'system',
    });
    expect(await tick()).toEqual({
      turnsLapsed: 0,
      freeChoiceRequestsDecided: 0,
      directionsExpired: 0,
      stopListsEnded: 0,
      interestReminders: 0,
      interestLapsed: 0,
      usedNoncesForgotten: 0,
      signingRequestsForgotten: 0,
      uploadsForgotten: 0,
      sessionsForgotten: 0,
      signInFailuresForgotten: 0,
      queuesRenumbered: 0,
    });
  });
});
