import { sql } from 'kysely';
import { addCalendarDays, makeIin } from '@kezek/domain';
import type { Db } from '../../server/src/db/connection.ts';
import {
  generateKeys,
  issuePersonKey,
  type KeyPair,
  type TestCa,
} from '../../server/src/signature/test-ca/index.ts';
import { trustedTestCa } from '../../server/src/testing/eds.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { TimedResult } from './load/tasks.ts';
import type { BenchServer } from './server.ts';

/** The bench's test CA (trusted by the bench server) and one key pair that all its people share. */
export interface BenchPki {
  ca: TestCa;
  trustFile: string;
  keyPair: KeyPair;
  keyPem: string;
  chainPem: string[];
}

export async function benchPki(): Promise<BenchPki> {
  const { ca, trustFile } = await trustedTestCa('BENCH');
  const keyPair = await generateKeys();
  const sample = await issuePersonKey(ca, 'sign', {
    iin: makeIin('1970-01-01', 'male', 9000),
    surname: 'BENCH',
    givenName: 'SAMPLE',
    keyPair,
  });
  return { ca, trustFile, keyPair, keyPem: sample.privateKeyPem, chainPem: sample.chainPem };
}

/** SIGN certificates of these people, many at a time (the CA's signatures run in the thread pool). */
export async function signCertificates(pki: BenchPki, iins: readonly string[]): Promise<string[]> {
  const pems: string[] = [];
  for (let start = 0; start < iins.length; start += 200) {
    const issued = await Promise.all(
      iins.slice(start, start + 200).map((iin, i) =>
        issuePersonKey(pki.ca, 'sign', {
          iin,
          surname: 'BENCH',
          givenName: `N${start + i}`,
          keyPair: pki.keyPair,
          notBefore: new Date('2020-01-01T00:00:00Z'),
          notAfter: new Date('2040-01-01T00:00:00Z'),
        }),
      ),
    );
    pems.push(...issued.map((key) => key.certificatePem));
  }
  return pems;
}

/** An administrator (places for every kindergarten), for the release. */
export async function benchAdministrator(db: Db): Promise<number> {
  const now = new Date();
  const row = await db
    .insertInto('users')
    .values({
      iin: makeIin('1970-01-01', 'male', 9002),
      full_name: 'Bench Administrator',
      roles: ['admin'],
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewFamily {
  userId: number;
  iin: string;
  childIin: string;
}

/**
 * `count` parents with one child each, known to the person registry and not yet in the queue:
 * the registrations to come. Children born in 2025, parents in 1990–1999 (IIN serials above the
 * generator's, so none collides); `first` numbers them after the families of earlier calls.
 */
export async function newFamilies(db: Db, count: number, first = 0): Promise<NewFamily[]> {
  const now = new Date();
  const numbers = Array.from({ length: count }, (_, i) => first + i);
  const parents = numbers.map((i) =>
    makeIin(addCalendarDays('1990-01-01', i % 3650), 'female', 6000 + 2 * Math.floor(i / 3650)),
  );
  const children = numbers.map((i) =>
    makeIin(addCalendarDays('2025-01-01', i % 360), 'male', 6000 + 2 * Math.floor(i / 360)),
  );
  await sql`insert into persons (iin, last_name, first_name, birth_date, sex)
    select iin, 'Бенч', 'Ата-ана', to_date('19' || substr(iin, 1, 6), 'YYYYMMDD'), 'female'
    from unnest(${parents}::text[]) as iin`.execute(db);
  await sql`insert into persons (iin, last_name, first_name, birth_date, sex)
    select iin, 'Бенч', 'Бала', to_date('20' || substr(iin, 1, 6), 'YYYYMMDD'), 'male'
    from unnest(${children}::text[]) as iin`.execute(db);
  await sql`insert into person_parents (child_iin, parent_iin)
    select c, p from unnest(${children}::text[], ${parents}::text[]) as t(c, p)`.execute(db);
  const users = await sql<{ id: number; iin: string }>`
    insert into users (iin, full_name, roles, email, phone, created_at, updated_at)
    select iin, 'Bench Parent', '{applicant}', 'parent@example.kz', '+77010000000', ${now}, ${now}
    from unnest(${parents}::text[]) as iin returning id, iin`.execute(db);
  const idOf = new Map(users.rows.map((row) => [row.iin, row.id]));
  return parents.map((iin, i) => ({ userId: idOf.get(iin)!, iin, childIin: children[i]! }));
}

export interface SignedRequest {
  path: string;
  action: string;
  fields: object;
}

/**
 * Each person signed in (a session of their own) with a SIGN certificate for their IIN, signing
 * and sending one request through the load generator; at most `concurrency` in flight (0: all);
 * each from a source address of their own, or all from `address`.
 */
export async function sendSigned(
  server: BenchServer,
  load: LoadGenerator,
  pki: BenchPki,
  people: { iin: string; userId: number; request: SignedRequest }[],
  concurrency: number,
  address?: string,
): Promise<TimedResult> {
  const certificates = await signCertificates(
    pki,
    people.map((person) => person.iin),
  );
  const cookies = await server.sessionsFor(people.map((person) => person.userId));
  return load.run<TimedResult>({
    kind: 'signed',
    baseUrl: server.baseUrl,
    keyPem: pki.keyPem,
    chainPem: pki.chainPem,
    concurrency,
    ...(address && { address }),
    items: people.map((person, i) => ({
      cookie: cookies[i]!,
      certificatePem: certificates[i]!,
      ...person.request,
    })),
  });
}
