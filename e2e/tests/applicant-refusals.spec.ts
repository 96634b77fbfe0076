// Every refusal of the registration is shown as a message in the user's language, Kazakh and
// Russian: the same child again (child_already_queued), another family's child (not_a_parent), an
// impossible IIN (before anything is signed), and uploads the server refuses (415, 413). Nothing
// is half-saved: the journal keeps the one application that was accepted.
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PERSONS } from '../../server/src/demo/people.ts';
import {
  chooseFile,
  chooseLanguage,
  demoParent,
  expectAccessible,
  parentSignsIn,
  saveKeyFiles,
  SCREENSHOTS,
  signInKeyDialog,
} from './support.ts';

const child = (lastName: string, firstName: string) => {
  const person = DEMO_PERSONS.find((p) => p.lastName === lastName && p.firstName === firstName);
  if (!person) throw new Error(`${lastName} ${firstName} is not a demo person`);
  return person;
};
// Тимур Смагулов's daughter, and a boy of the Ким family (not Тимур's child).
const amina = child('Смагулова', 'Амина');
const artyom = child('Ким', 'Артём');

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4520000000049454e44ae426082',
  'hex',
);

const MESSAGES = {
  alreadyQueued: {
    kk: 'Бұл бала кезекте тұр: оның өтініші бұрын тіркелген.',
    ru: 'Данный ребенок уже стоит в очереди: его заявление зарегистрировано ранее.',
  },
  notAParent: {
    kk: 'Тізілім бойынша сіз бұл баланың ата-анасы емессіз: өтінішті тек өз балаңызға бере аласыз.',
    ru: 'По данным реестра вы не являетесь родителем этого ребенка: подать заявление можно только на своего ребенка.',
  },
};

/** From the applicant page through the service page to step 2 of a new application (kk). */
async function openChildStep(page: Page): Promise<void> {
  await page.goto('/applicant/service');
  await page.getByLabel('Нұсқаулықпен танысқанымды растаймын').check();
  await page.getByLabel('Өңір').selectOption({ label: 'Астана қаласы' });
  await page.getByRole('button', { name: 'Өтінімді беру' }).click();
  await page.getByRole('button', { name: 'Ары қарай' }).click();
  await expect(
    page.getByRole('heading', { name: 'Кәмелетке толмаған балалар туралы деректер' }),
  ).toBeVisible();
}

test('refusals are shown in Kazakh and Russian, and nothing is half-saved', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const { password, parent } = await demoParent(page.request, 'Смагулов Тимур');
  const files = await saveKeyFiles(page.request, parent, testInfo);
  await parentSignsIn(page, files, password, {
    email: 'timur.smagulov@example.kz',
    phone: '+77017770011',
  });

  // The first application of Амина is accepted.
  await openChildStep(page);
  await page
    .getByRole('radiogroup', { name: 'Тізілімдегі балаларыңыз' })
    .getByRole('radio', { name: /Смагулова Амина Тимуровна/ })
    .check();
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(page).toHaveURL(/\/applicant\/applications\/\d+\?registered=true$/);
  await page
    .getByRole('dialog', { name: 'Өтініш тіркелді' })
    .getByRole('button', { name: 'ОК' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^UO\..* өтініші$/ })).toBeVisible();

  // Again for Амина: child_already_queued, in Kazakh…
  await openChildStep(page);
  await page.getByLabel('Баланың ЖСН').fill(amina.iin);
  await expect(page.getByLabel(/^Баланың аты/)).toHaveValue('Амина');
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  const refusal = page.getByRole('alert').filter({ hasText: 'Өтініш қабылданбады' });
  await expect(refusal).toContainText(MESSAGES.alreadyQueued.kk);
  await expect(page).toHaveURL(/\/applicant\/new/);
  await expectAccessible(page);

  // …and in Russian, sent again from the Russian interface.
  await chooseLanguage(page, 'Русский');
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password, 'ru');
  const refusalRu = page.getByRole('alert').filter({ hasText: 'Заявление не принято' });
  await expect(refusalRu).toContainText(MESSAGES.alreadyQueued.ru);
  await expect(refusalRu).not.toContainText(MESSAGES.alreadyQueued.kk);

  // Another family's child: the registry shows no child of Тимур's; the server refuses.
  await page.getByLabel('ИИН ребенка').fill(artyom.iin);
  await expect(
    page.getByText('В реестре не найден ваш ребенок с этим ИИН.', { exact: false }),
  ).toBeVisible();
  await expect(page.getByLabel(/^Имя ребенка/)).toHaveValue('');
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password, 'ru');
  await expect(refusalRu).toContainText(MESSAGES.notAParent.ru);
  await expectAccessible(page);

  await chooseLanguage(page, 'Қазақша');
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(refusal).toContainText(MESSAGES.notAParent.kk);

  // An impossible IIN is refused in the form, before anything is signed.
  const bad = `${artyom.iin.slice(0, 11)}${(Number(artyom.iin[11]) + 1) % 10}`;
  await page.getByLabel('Баланың ЖСН').fill(bad);
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await expect(page.getByText('Мұндай ЖСН болмайды: нөмірді тексеріңіз')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await chooseLanguage(page, 'Русский');
  await expect(page.getByText('Такого ИИН не бывает: проверьте номер')).toBeVisible();
  await chooseLanguage(page, 'Қазақша');

  // Uploads the server refuses: not a PDF/JPEG/PNG by content (415), a picture named as a PDF
  // (415 file_type_mismatch), and too large (413).
  const disguised = testInfo.outputPath('сурет.pdf');
  writeFileSync(disguised, PNG);
  const notPdf = testInfo.outputPath('scan.pdf');
  writeFileSync(notPdf, 'This is a text file with a .pdf name.\n');
  const huge = testInfo.outputPath('huge.pdf');
  writeFileSync(huge, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]));
  await page.getByLabel('Жеңілдік берілген тұлға').check();
  const addFiles = page.getByRole('button', { name: 'Файлдарды қосу' });
  await chooseFile(page, addFiles, notPdf);
  await chooseFile(page, addFiles, disguised);
  await chooseFile(page, addFiles, huge);
  const mismatch = page.getByRole('listitem').filter({ hasText: 'сурет.pdf' });
  await expect(mismatch).toContainText('Жүктелмеді: Файл атауы мазмұнына сәйкес емес');
  const files415 = page.getByRole('listitem').filter({ hasText: 'scan.pdf' });
  await expect(files415).toContainText(
    'Жүктелмеді: Бұл файл түрі қабылданбайды: тек PDF, JPEG немесе PNG.',
  );
  const files413 = page.getByRole('listitem').filter({ hasText: 'huge.pdf' });
  await expect(files413).toContainText('Жүктелмеді: Файл тым үлкен: ең көбі 10 МБ.');
  await chooseLanguage(page, 'Русский');
  await expect(files415).toContainText(
    'Не загружен: Этот тип файла не принимается: только PDF, JPEG или PNG.',
  );
  await expect(files413).toContainText('Не загружен: Файл слишком большой: не более 10 МБ.');
  await expect(mismatch).toContainText('Не загружен: Имя файла не соответствует содержимому');
  await page.screenshot({ path: `${SCREENSHOTS}upload-refusals-ru.png`, fullPage: true });
  await expectAccessible(page);
  await files415.getByRole('button', { name: 'Удалить: scan.pdf' }).click();
  await expect(files415).toHaveCount(0);

  // Nothing of the refused attempts was stored: one application, Амина's.
  const journal = (await (await page.request.get('/api/applications')).json()) as {
    items: { child: { iin: string } }[];
  };
  expect(journal.items.map((item) => item.child.iin)).toEqual([amina.iin]);
  await page.goto('/applicant');
  await expect(page.getByRole('table', { name: 'Журнал заявлений' }).getByRole('row')).toHaveCount(
    2,
  );
});
