// EDS sign-in through NCALayer: Playwright stands in for NCALayer on wss://127.0.0.1:13579
// (routeWebSocket, no real socket) and speaks the `kz.gov.pki.knca.basics` `sign` protocol that
// ncalayer-js-client uses; it signs with the key the user "chooses" in it, like NCALayer does.
import { expect, test, type Page } from '@playwright/test';
import { certificateSummary, openP12, signCms, type OpenedP12 } from '@kezek/eds';
import { createTestCa, issuePersonKey } from '../../server/src/signature/test-ca/index.ts';
import { SCREENSHOTS, demoKeyFile, demoKeys, expectAccessible } from './support.ts';

interface BasicsSignRequest {
  module: string;
  method: string;
  args: {
    allowedStorages: string[] | null;
    format: string;
    data: string;
    signingParams: { decode?: boolean; encapsulate?: boolean; digested?: boolean };
    signerParams: { extKeyUsageOids: string[] };
    locale: string;
  };
}

/** What the fake NCALayer does with the next `sign` call. */
type Answer = 'cancel' | { key: OpenedP12 };

/**
 * A fake NCALayer: greets with its version, refuses KAZTOKEN's extension like NCALayer does, and
 * answers each `basics.sign` call with the next of `answers`. Returns the sign calls it got.
 */
async function fakeNcaLayer(page: Page, answers: Answer[]): Promise<BasicsSignRequest[]> {
  const calls: BasicsSignRequest[] = [];
  await page.routeWebSocket(/^wss:\/\/127\.0\.0\.1:13579\/?$/, (ws) => {
    ws.send(JSON.stringify({ result: { version: '1.4' } }));
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as BasicsSignRequest;
      if (request.module === 'kz.digiflow.mobile.extensions') {
        ws.send(JSON.stringify({ code: '500', message: 'Module not found' }));
        return;
      }
      if (request.module !== 'kz.gov.pki.knca.basics' || request.method !== 'sign') {
        ws.send(JSON.stringify({ status: false, code: 'UNKNOWN', message: 'unknown call' }));
        return;
      }
      calls.push(request);
      const answer = answers.shift();
      if (!answer || answer === 'cancel') {
        // The user closed NCALayer's window: a successful answer without a result.
        ws.send(JSON.stringify({ status: true, body: {} }));
        return;
      }
      const content = Buffer.from(request.args.data, 'base64');
      const cms = signCms(new Uint8Array(content), answer.key, { includeChain: true });
      ws.send(
        JSON.stringify({ status: true, body: { result: [Buffer.from(cms).toString('base64')] } }),
      );
    });
  });
  return calls;
}

test('through NCALayer: a cancelled prompt, an untrusted key, then a staff member signs in', async ({
  page,
}) => {
  const { password, items } = await demoKeys(page.request);
  const staff = items.find((person) => person.role === 'staff')!;
  const demoAuth = openP12(await demoKeyFile(page.request, staff, 'auth'), password);
  // A key of a CA the server does not trust: NCALayer signs with it, the server refuses it.
  const stranger = await issuePersonKey(await createTestCa({ label: 'STRANGER' }), 'auth', {
    iin: staff.iin,
    surname: 'БӨТЕН',
    givenName: 'АДАМ',
  });
  const calls = await fakeNcaLayer(page, ['cancel', { key: stranger }, { key: demoAuth }]);

  await page.goto('/signin');
  const signIn = page.getByRole('button', { name: 'ЭЦҚ арқылы кіру', exact: true });
  await signIn.click();
  // NCALayer answered: the signing dialog opens on it, beside eGov Mobile and the key file.
  const dialog = page.getByRole('dialog', { name: 'Кіру кілтін таңдаңыз' });
  await expect(dialog.getByRole('radio', { name: 'NCALayer' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'eGov Mobile' })).toBeAttached();
  const viaNcaLayer = dialog.getByRole('button', { name: 'NCALayer арқылы қол қою' });
  await viaNcaLayer.click();
  await expect(dialog.getByRole('alert')).toHaveText(
    /NCALayer терезесінде қол қою тоқтатылды\. Қайталап көріңіз немесе кілт файлымен кіріңіз\./,
  );
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}eds-ncalayer-cancelled-kk.png` });

  // NCALayer signs with a key of a CA the server does not trust: the dialog closes, the server
  // refuses it.
  await viaNcaLayer.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert')).toContainText(
    'Бұл кілтті сенім білдірілген куәландырушы орталық бермеген.',
  );
  await expectAccessible(page);

  // The dialog remembers NCALayer.
  await signIn.click();
  await expect(dialog.getByRole('radio', { name: 'NCALayer' })).toBeChecked();
  await viaNcaLayer.click();
  await expect(page.getByRole('heading', { name: 'Жүйеге бірінші рет кіру' })).toBeVisible();
  await page.getByLabel('Электрондық пошта').fill('staff@example.kz');
  await page.getByLabel('Телефон').fill('+77015550101');
  await page.getByRole('button', { name: 'Сақтау және жалғастыру' }).click();
  // Staff go to their own area, signed in by EDS.
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('banner').getByText(staff.fullName)).toBeVisible();

  // What NCALayer was asked: a CMS with attached content over the nonce, with an AUTH key.
  expect(calls).toHaveLength(3);
  for (const call of calls) {
    expect(call.args).toMatchObject({
      allowedStorages: null,
      format: 'cms',
      signingParams: { decode: true, encapsulate: true, digested: false },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.2'] },
      locale: 'kk',
    });
    // A sealed nonce (eds/nonces.ts): 40 bytes as base64url.
    expect(Buffer.from(call.args.data, 'base64').toString('utf8')).toMatch(/^[\w-]{54}$/);
  }
  // The cancelled prompt and the untrusted key were one dialog, over one nonce; then a fresh one.
  expect(calls[0]!.args.data).toBe(calls[1]!.args.data);
  expect(new Set(calls.map((call) => call.args.data)).size).toBe(2);
  expect(certificateSummary(demoAuth.certificatePem).keyType).toBe('auth');
  const me = (await (await page.request.get('/api/me')).json()) as {
    user: { iin: string; roles: string[] };
  };
  expect(me.user.iin).toBe(staff.iin);
  expect(me.user.roles).toEqual(expect.arrayContaining(['staff', 'applicant']));
  await page.screenshot({ path: `${SCREENSHOTS}eds-ncalayer-staff-kk.png`, fullPage: true });
});
