import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectAccessible, parentSignsIn } from './support.ts';

const NCA_AUTH_FILE = fileURLToPath(
  new URL('../../server/test-fixtures/nca-test/AUTH_RSA256_test_individual.p12', import.meta.url),
);

test('the real national CA AUTH key signs in through the browser while its certificate is valid', async ({
  page,
  request,
}) => {
  // The server's clock decides certificate validity; the real test key was valid in 2019.
  await request.post('/api/test/clock', { data: { now: '2019-01-01T06:00:00Z' } });
  try {
    await parentSignsIn(page, { auth: NCA_AUTH_FILE }, 'Qwerty12', {
      email: 'testov@example.kz',
      phone: '+77001234567',
    });
    const me = await (await page.request.get('/api/me')).json();
    expect(me.user).toMatchObject({
      iin: '123456789011',
      roles: ['applicant'],
      email: 'testov@example.kz',
    });
    await expect(page.getByText(/ТЕСТОВ/).first()).toBeVisible();
    await expectAccessible(page);
  } finally {
    await request.post('/api/test/clock', { data: { now: new Date().toISOString() } });
  }
});
