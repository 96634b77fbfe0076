// The transparency log's page (issue 18 item 4; docs/transparency.md): a family registers a child;
// once the next head is signed, anyone (kk, from the public queue's page) reads the newest signed
// head, the key's fingerprint, how to check the log, and the registration in plain words under
// the child's pseudonym — never a name; the same page in English at a phone's size.
import { expect, test } from '@playwright/test';
import { signFreshHead } from '../log-head.ts';
import { makeFamily } from './families.ts';
import { registerChild } from './prepare.ts';
import { chooseLanguage, photograph } from './support.ts';

const HEX64 = /^[0-9a-f]{64}$/;

test('anyone reads the signed head and the newest events by pseudonym (kk, en on a phone)', async ({
  page,
  playwright,
}, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL! });
  const family = await makeFamily(request, testInfo, {
    parent: {
      lastName: 'Жақсылықова',
      firstName: 'Меруерт',
      middleName: 'Серікқызы',
      birthDate: '1991-05-05',
      sex: 'female',
    },
    children: [
      {
        lastName: 'Жақсылықов',
        firstName: 'Айбын',
        middleName: 'Серікұлы',
        birthDate: '2023-06-06',
        sex: 'male',
      },
    ],
  });
  const applicationId = await registerChild(
    request,
    family.parent,
    family.children[0]!.iin,
    { email: 'meruert@example.kz', phone: '+77015550909' },
    'kk',
  );
  const { pseudonym } = (await (
    await request.get(`/api/applications/${applicationId}`)
  ).json()) as { pseudonym: string };
  // The next head, a minute after the newest by the server's clock: it covers the registration.
  await signFreshHead(testInfo.project.use.baseURL!);
  const head = (await (await request.get('/api/public/log/head')).json()) as {
    treeSize: number;
    rootHash: string;
  };
  const key = (await (await request.get('/api/public/log/key')).json()) as {
    fingerprintSha256: string;
  };
  await request.dispose();

  await page.goto('/queue');
  await page.getByRole('link', { name: /ашықтық журналы/ }).click();
  await expect(page.getByRole('heading', { name: 'Ашықтық журналы', level: 1 })).toBeVisible();
  const headCard = page.getByRole('region', { name: 'Соңғы қол қойылған ағаш төбесі' });
  await expect(headCard).toContainText(String(head.treeSize));
  await expect(headCard.getByText(head.rootHash)).toBeVisible();
  expect(head.rootHash).toMatch(HEX64);
  await expect(headCard.getByText(key.fingerprintSha256)).toBeVisible();
  await expect(page.getByText(/npm run verify -- --url http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();
  const events = page.getByRole('region', { name: 'Соңғы оқиғалар' }).getByRole('listitem');
  const registration = events.filter({ hasText: pseudonym });
  await expect(registration).toContainText('Кезекке тұрды');
  await expect(registration).toContainText('2023');
  const text = await page.locator('main').innerText();
  for (const name of ['Жақсылықов', 'Айбын', 'Меруерт', family.children[0]!.iin])
    expect(text).not.toContain(name);
  await photograph(page, 'transparency-kk');

  await page.setViewportSize({ width: 390, height: 844 });
  await chooseLanguage(page, 'English');
  await expect(page.getByRole('heading', { name: 'Transparency log', level: 1 })).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'The newest events' })
      .getByRole('listitem')
      .filter({ hasText: pseudonym }),
  ).toContainText('Joined the queue of');
  await photograph(page, 'transparency-en-phone');
});
