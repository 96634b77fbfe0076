// Issue 16, item 3: staff who are also parents. Work roles (given by administration) and the
// citizen role (given by the person's own EDS sign-in) never overwrite each other (docs/rules.md,
// "Accounts and roles").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONS } from '../demo/people.ts';
import { issuePersonKeys, signCms, type PersonKeys } from '../signature/test-ca/index.ts';
import { DEMO_ADMIN, TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { base64, keysFor, nonceFor, signedInWithEds, trustedTestCa, utf8 } from '../testing/eds.ts';
import { register } from '../testing/world.ts';

const parent = DEMO_PERSONS.find((p) => p.lastName === 'Ким' && p.firstName === 'Светлана')!;
const child = DEMO_PERSONS.find((p) => p.lastName === 'Ким' && p.firstName === 'Артём')!;
const PASSWORD = 'a-long-work-password';

let t: TestApp;
let admin: TestClient;
let personal: PersonKeys;
let employee: PersonKeys;
let applicationId: string;
let accountId: number;

beforeAll(async () => {
  const { ca, trustFile } = await trustedTestCa();
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trustFile });
  personal = await keysFor(ca, parent);
  employee = await issuePersonKeys(ca, {
    iin: parent.iin,
    surname: parent.lastName.toUpperCase(),
    givenName: parent.firstName.toUpperCase(),
    bin: '180240000015',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
  });
  admin = new TestClient(t.app);
  await admin.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password);
  const districtId = (await admin.get('/api/regions'))
    .json()
    .items.find((r: { code: string }) => r.code === 'astana').districts[0].id;
  const asParent = await signedInWithEds(t, personal);
  const registered = await register(asParent, personal, districtId, child.iin, {
    email: 'svetlana@example.kz',
    phone: '+77011234567',
    address: { city: 'Астана', street: 'ул. Кенесары', house: '1' },
  });
  expect(registered.statusCode).toBe(201);
  applicationId = registered.json().id;
});
afterAll(() => t.close());

async function edsSignIn(keys: PersonKeys['auth']) {
  const client = new TestClient(t.app);
  const cms = base64(signCms(utf8(await nonceFor(client)), keys, { includeChain: true }));
  const response = await client.post('/api/auth/eds', { cms });
  if (response.statusCode === 200) await client.refreshCsrf();
  return { client, response };
}

describe('a parent who is also an employee', () => {
  it('becomes staff on the same account, keeping the citizen role', async () => {
    const kindergartens = (await admin.get('/api/admin/kindergartens?limit=1')).json().items;
    const created = await admin.post('/api/admin/staff', {
      iin: parent.iin,
      fullName: 'Ким Светлана',
      password: PASSWORD,
      role: 'staff',
      kindergartenIds: [kindergartens[0].id],
    });
    expect(created.statusCode).toBe(201);
    accountId = created.json().id;
    const { response } = await edsSignIn(personal.auth);
    expect(response.json().user.roles.sort()).toEqual(['applicant', 'staff']);
    // The account keeps the person registry's full name, not the one typed by the administrator.
    expect(response.json().user.fullName).toBe('Ким Светлана Викторовна');
    const again = await admin.post('/api/admin/staff', {
      iin: parent.iin,
      fullName: 'Ким Светлана',
      password: PASSWORD,
      role: 'officer',
      districtIds: [1],
    });
    expect(again.json().code).toBe('staff_iin_taken');
  });

  it('keeps the citizen role when the administrator changes the work role', async () => {
    const changed = await admin.patch(`/api/admin/staff/${accountId}`, {
      role: 'officer',
      districtIds: [1],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().role).toBe('officer');
    const { client, response } = await edsSignIn(personal.auth);
    expect(response.json().user.roles.sort()).toEqual(['applicant', 'officer']);
    expect((await client.get(`/api/applications/${applicationId}`)).statusCode).toBe(200);
  });

  it('still signs in as a parent with the personal key once the work account is switched off', async () => {
    const { client: working } = await edsSignIn(personal.auth);
    const switchedOff = await admin.patch(`/api/admin/staff/${accountId}`, { active: false });
    expect(switchedOff.json().active).toBe(false);
    // The open session ends with the work: the next request is anonymous.
    expect((await working.get('/api/me')).statusCode).toBe(401);

    const { client, response } = await edsSignIn(personal.auth);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      roles: ['applicant'],
      kindergartenIds: [],
      districtIds: [],
    });
    expect((await client.get(`/api/applications/${applicationId}`)).statusCode).toBe(200);
    expect((await client.get('/api/department/kindergartens')).statusCode).toBe(403);

    // The work's own ways in are closed: the password and the employee certificate.
    const byPassword = await new TestClient(t.app).signIn(parent.iin, PASSWORD);
    expect(byPassword.statusCode).toBe(401);
    const byEmployeeKey = await edsSignIn(employee.auth);
    expect(byEmployeeKey.response.statusCode).toBe(403);
  });

  it('gets the work back when the administrator switches it on again', async () => {
    await admin.patch(`/api/admin/staff/${accountId}`, { active: true });
    const byPassword = await new TestClient(t.app).signIn(parent.iin, PASSWORD);
    expect(byPassword.json().user.roles.sort()).toEqual(['applicant', 'officer']);
    const byEmployeeKey = await edsSignIn(employee.auth);
    expect(byEmployeeKey.response.statusCode).toBe(200);
  });
});
