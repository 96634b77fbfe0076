// A family of the spec's own: a parent and children added to the person registry through the
// test API, with real AUTH and SIGN key files issued by the e2e CA (e2e/server.ts trusts it).
// Specs that make their own families do not depend on each other's use of the demo people.
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, type APIRequestContext, type TestInfo } from '@playwright/test';
import { makeIin, type LocalDate } from '@kezek/domain';
import { importTestCa, issuePersonKeys, toP12 } from '../../server/src/signature/test-ca/index.ts';
import { E2E_CA_FILE } from '../ca-file.ts';

export const FAMILY_KEY_PASSWORD = 'Family-key-2026';

export interface FamilyMember {
  iin: string;
  lastName: string;
  firstName: string;
  middleName: string;
  fullName: string;
  birthDate: LocalDate;
}

export interface FamilyParent extends FamilyMember {
  /** The key files as a user keeps them, and their password. */
  files: { auth: string; sign: string };
  password: string;
}

interface MemberSpec {
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: LocalDate;
  sex: 'male' | 'female';
}

function member(spec: MemberSpec): FamilyMember {
  return {
    iin: makeIin(spec.birthDate, spec.sex, randomInt(1000, 9000)),
    lastName: spec.lastName,
    firstName: spec.firstName,
    middleName: spec.middleName,
    fullName: `${spec.lastName} ${spec.firstName} ${spec.middleName}`,
    birthDate: spec.birthDate,
  };
}

/** Adds the family to the registry and writes the parent's key files to the test's output. */
export async function makeFamily(
  request: APIRequestContext,
  testInfo: TestInfo,
  spec: { parent: MemberSpec; children: MemberSpec[] },
): Promise<{ parent: FamilyParent; children: FamilyMember[] }> {
  const parent = member(spec.parent);
  const children = spec.children.map(member);
  const added = await request.post('/api/test/persons', {
    data: {
      persons: [
        {
          iin: parent.iin,
          lastName: parent.lastName,
          firstName: parent.firstName,
          middleName: parent.middleName,
        },
        ...children.map((child) => ({
          iin: child.iin,
          lastName: child.lastName,
          firstName: child.firstName,
          middleName: child.middleName,
          parentIins: [parent.iin],
        })),
      ],
    },
  });
  expect(added.status(), await added.text()).toBe(200);
  const ca = await importTestCa(JSON.parse(readFileSync(E2E_CA_FILE, 'utf8')));
  const keys = await issuePersonKeys(ca, {
    iin: parent.iin,
    surname: parent.lastName.toUpperCase(),
    givenName: parent.firstName.toUpperCase(),
    patronymic: parent.middleName.toUpperCase(),
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
  });
  const files = {
    auth: testInfo.outputPath(`AUTH_RSA256_${parent.iin}.p12`),
    sign: testInfo.outputPath(`RSA256_${parent.iin}.p12`),
  };
  writeFileSync(files.auth, toP12(keys.auth, FAMILY_KEY_PASSWORD, '3des', { includeChain: true }));
  writeFileSync(files.sign, toP12(keys.sign, FAMILY_KEY_PASSWORD, '3des', { includeChain: true }));
  return { parent: { ...parent, files, password: FAMILY_KEY_PASSWORD }, children };
}
