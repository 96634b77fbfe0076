// Registration end to end in Kazakh (docs/rules.md, "Registration and eligibility"): a parent
// signs in with EDS, reads the service page, fills both steps of the form with a benefit and an
// uploaded proof, signs with the SIGN key and lands on
// the application: queue number, the three PDFs (their text read back), the e-mail received by a
// real SMTP server; then confirms interest and leaves the queue, and the history says so.
import { writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readPdf } from '../../server/src/documents/pdf-text.test-helper.ts';
import {
  chooseFile,
  demoParent,
  expectAccessible,
  parentSignsIn,
  receivedMail,
  saveKeyFiles,
  signInKeyDialog,
} from './support.ts';

/** A small PDF: the server reads the type from these bytes, not from the name. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The value shown for a term of a details list (`<dt>label</dt><dd>value</dd>`). */
function detail(scope: Page | Locator, label: string): Locator {
  // The inner locator of `has` is relative to the outer one: it starts from the page.
  const page = 'goto' in scope ? scope : scope.page();
  return scope
    .locator('dl > div')
    .filter({ has: page.locator('dt').getByText(label, { exact: true }) })
    .locator('dd');
}

interface ApplicationJson {
  id: string;
  number: string;
  queueNumber: number | null;
  benefitQueueNumber: number | null;
  status: string;
  registeredAt: string;
  interestConfirmedUntil: string;
  wantedFrom: string | null;
}

test('a parent registers a child with a benefit, gets the documents and the e-mail, confirms interest and leaves the queue', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // Әсел (born 1995) and her son Нұрасыл (born 2020): no other spec registers this family's
  // children except the screenshots spec, which uses Айару of another family.
  const { password, parent } = await demoParent(page.request, 'Нұрланова Әсел');
  const files = await saveKeyFiles(page.request, parent, testInfo);
  const email = 'asel.nurlanova@example.kz';
  const childName = 'Нұрланов Нұрасыл Ержанұлы';
  const proof = testInfo.outputPath('анықтама.pdf');
  writeFileSync(proof, PDF);

  await parentSignsIn(page, files, password, { email, phone: '87015550101' });
  await expect(page.getByText('Сізде әлі өтініш жоқ.', { exact: false })).toBeVisible();

  // The service page: the description, the instructions, the confirmation.
  await page.getByRole('link', { name: 'Баланы кезекке қою' }).first().click();
  await expect(page).toHaveURL(/\/applicant\/service$/);
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'Мектепке дейінгі жастағы (7 жасқа дейінгі) балаларды мектепке дейінгі ұйымдарға жіберу үшін кезекке қою',
    }),
  ).toBeVisible();
  for (const text of ['5 минут', 'Автоматты түрде', 'Тегін', 'Бала кезекте тұр']) {
    await expect(page.getByText(text, { exact: true })).toBeVisible();
  }
  for (const [name, language] of [
    ['Кезекке қою жөніндегі нұсқаулықты жүктеу (қаз)', 'kk'],
    ['Кезекке қою жөніндегі нұсқаулықты жүктеу (орыс)', 'ru'],
  ] as const) {
    const href = await page.getByRole('link', { name }).getAttribute('href');
    expect(href).toBe(`/api/public/instructions/${language}.pdf`);
    const pdf = await page.request.get(href!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  }
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Өтінімді беру' }).click();
  await expect(
    page.getByText('Өтініш беру үшін нұсқаулықпен танысқаныңызды растаңыз'),
  ).toBeVisible();
  await page.getByLabel('Нұсқаулықпен танысқанымды растаймын').check();
  await page.getByLabel('Өңір').selectOption({ label: 'Астана қаласы' });
  // Astana is one queue: no district to choose.
  await expect(page.getByLabel('Аудан немесе қала')).toHaveCount(0);
  await page.getByRole('button', { name: 'Өтінімді беру' }).click();

  // Step 1: the applicant from the registry, read-only; the contacts from the first sign-in.
  await expect(page).toHaveURL(/\/applicant\/new\?districtId=\d+$/);
  await expect(page.getByText('Аудан (қала): Астана қаласы')).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Өтініш беруші туралы ақпаратты енгізу' }),
  ).toBeVisible();
  await expect(page.locator('[aria-current="step"]')).toHaveText(
    /1-қадам Өтініш берушінің деректерін толтырыңыз/,
  );
  await expect(page.getByLabel('Өтініш берушінің ЖСН')).toHaveValue(parent.iin);
  await expect(page.getByLabel('Өтініш берушінің тегі')).toHaveValue('Нұрланова');
  await expect(page.getByLabel('Өтініш берушінің аты')).toHaveValue('Әсел');
  await expect(page.getByLabel('Өтініш берушінің әкесінің аты')).toHaveValue('Қайратқызы');
  await expect(page.getByLabel('Өтініш берушінің туған күні')).toHaveValue('30.06.1995');
  await expect(page.getByLabel('Өтініш берушінің тегі')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel(/^Электрондық пошта/)).toHaveValue(email);
  await expect(page.getByLabel(/^Телефон/)).toHaveValue('+7 701 555 01 01');
  await page.getByLabel('Қосымша электрондық пошта').fill('not-an-email');
  await page.getByRole('button', { name: 'Ары қарай' }).click();
  await expect(page.getByText('Электрондық пошта мекенжайы қате')).toBeVisible();
  await page.getByLabel('Қосымша электрондық пошта').fill('yerzhan@example.kz');
  await page.getByLabel('Қосымша телефон').fill('87771234567');
  await expect(page.getByLabel('Қосымша телефон')).toHaveValue('+7 777 123 45 67');
  // The address in the manual's fields (seed 001, fig. 6): begun, it needs its street and house.
  const address = page.getByRole('group', { name: 'Тұратын мекенжайы' });
  await address.getByLabel('Қала (елді мекен)').fill('Астана');
  await address.getByLabel('Аудан', { exact: true }).fill('Есіл');
  await address.getByLabel('Пәтер').fill('12');
  await page.getByRole('button', { name: 'Ары қарай' }).click();
  await expect(address.getByText('Міндетті өріс')).toHaveCount(2);
  await address.getByLabel('Көше').fill('Кенесары көшесі');
  await address.getByLabel('Үй').fill('40');
  await page.getByRole('button', { name: 'Ары қарай' }).click();

  // Step 2: the child chosen from the registry's list; names and birth date from the registry.
  await expect(
    page.getByRole('heading', { name: 'Кәмелетке толмаған балалар туралы деректер' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Кәмелетке толмаған балалар туралы деректер' }),
  ).toBeFocused();
  const children = page.getByRole('radiogroup', { name: 'Тізілімдегі балаларыңыз' });
  await expect(children.getByRole('radio')).toHaveCount(3);
  await children.getByRole('radio', { name: new RegExp(childName) }).check();
  await expect(page.getByLabel('Баланың ЖСН')).toHaveValue(/^2005095\d{5}$/);
  const childIin = await page.getByLabel('Баланың ЖСН').inputValue();
  await expect(page.getByLabel('Баланың тегі')).toHaveValue('Нұрланов');
  await expect(page.getByLabel(/^Баланың аты/)).toHaveValue('Нұрасыл');
  await expect(page.getByLabel('Баланың туған күні')).toHaveValue('09.05.2020');

  // The month a place is needed from (issue 17): at once unless chosen; months from this one.
  const wantedFrom = page.getByLabel('Орын қажет болатын ай');
  await expect(wantedFrom).toHaveValue('');
  await expect(wantedFrom.locator('option').first()).toHaveText('Мүмкіндігінше тезірек');
  await wantedFrom.selectOption({ index: 2 });
  const wantedLabel = (await wantedFrom.locator('option:checked').textContent()) ?? '';
  expect(wantedLabel).toMatch(/^\d{4} жылғы \p{L}+$/u);

  // The benefit: the category, the warning about unreadable copies, the proof uploaded at once.
  await page.getByLabel('Жеңілдік берілген тұлға').check();
  await expect(page.getByText(/оқылмайтын\) құжаттар жүктелген жағдайда/)).toBeVisible();
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await expect(page.getByText('Жеңілдікті растайтын кемінде бір құжатты қосыңыз')).toBeVisible();
  await expect(page.getByText('Міндетті өріс')).toBeVisible();
  await page
    .getByLabel('Жеңілдік санаты')
    .selectOption({ label: 'Көп балалы отбасылардың балалары' });
  await chooseFile(page, page.getByRole('button', { name: 'Файлдарды қосу' }), proof);
  const uploaded = page.getByRole('list', { name: 'Қосылған файлдар' }).getByRole('listitem');
  await expect(uploaded).toHaveCount(1);
  await expect(uploaded).toContainText('анықтама.pdf');
  await expect(uploaded).toContainText(/Жүктелді, 1 КБ/);
  await expectAccessible(page);

  // Sign and send: the SIGN key in the key-file dialog.
  const posted: string[][] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/applications')) {
      posted.push(Object.keys((request.postDataJSON() as object | null) ?? {}));
    }
  });
  await page.getByRole('button', { name: 'Жіберу', exact: true }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);

  // The application: number, queue number, and the manual's window with the notice (seed 001,
  // step 13): the registration notice to download, closed with «ОК».
  await expect(page).toHaveURL(/\/applicant\/applications\/\d+\?registered=true$/);
  expect(posted).toEqual([['cms']]);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const application = (await (
    await page.request.get(`/api/applications/${id}`)
  ).json()) as ApplicationJson;
  expect(application.number).toMatch(/^UO\.\d{4}\.\d{6}\.1$/);
  expect(application.queueNumber).toBeGreaterThanOrEqual(1);
  expect(application.wantedFrom).toMatch(/^\d{4}-\d{2}$/);
  await expect(
    page.getByRole('heading', { level: 1, name: `${application.number} өтініші` }),
  ).toBeVisible();
  const registered = page.getByRole('dialog', { name: 'Өтініш тіркелді' });
  await expect(registered).toContainText(
    `${application.number} өтініші тіркелді. Кезек нөмірі: ${application.queueNumber}.`,
  );
  await expectAccessible(page);
  const notice = page.waitForEvent('download');
  await registered.getByRole('link', { name: 'Өтінішті тіркеу туралы хабарламаны жүктеу' }).click();
  expect((await notice).suggestedFilename()).toBe(
    `Тіркеу туралы хабарлама ${application.number}.pdf`,
  );
  await registered.getByRole('button', { name: 'ОК' }).click();
  await expect(registered).toBeHidden();
  await expect(page).toHaveURL(/\/applicant\/applications\/\d+$/);
  await expect(page.getByRole('tab', { name: 'Өтініш туралы ақпарат' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(detail(page, 'Кезек нөмірі')).toHaveText(String(application.queueNumber));
  await expect(detail(page, 'Орын қажет болатын ай')).toHaveText(wantedLabel);
  await expect(detail(page, 'Жеңілдік санаты бойынша кезек нөмірі')).toHaveText(
    String(application.benefitQueueNumber),
  );
  await expect(detail(page, 'Өтініш нөмірі')).toHaveText(application.number);
  // The manuals' fields (seed 001, fig. 13): the applicant's birth date, and the portal's and the
  // service centre's numbers, empty for an application made here.
  const applicantSection = page.getByRole('region', { name: 'Өтініш беруші туралы ақпарат' });
  await expect(detail(applicantSection, 'Туған күні')).toHaveText('30.06.1995');
  await expect(detail(applicantSection, 'Тұратын мекенжайы')).toHaveText(
    'Астана, Есіл, Кенесары көшесі, 40, 12',
  );
  await expect(detail(page, 'ЭҮП нөмірі')).toHaveText('көрсетілмеген');
  await expect(detail(page, 'ХҚКО нөмірі')).toHaveText('көрсетілмеген');
  await expect(detail(page, 'Ағымдағы күйі')).toHaveText('Шешім қабылданды (Кезекте)');
  await expect(detail(page, 'Жеңілдік түрі')).toHaveText('Көп балалы отбасылардың балалары');
  await expect(detail(page, 'Соңғы өзгерістің күні мен уақыты')).toHaveText(
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} \(\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} бастап кезекте\)$/,
  );
  await expect(detail(page, 'Қосымша телефон')).toHaveText('+7 777 123 45 67');
  await expectAccessible(page);

  // Documents: the upload and the three PDFs, each with the number and the child's name.
  await page.getByRole('tab', { name: 'Жалпы құжаттар' }).click();
  await expect(page).toHaveURL(/\?tab=documents$/);
  const attachments = page.getByRole('table', { name: 'Өтінішке қосымшалар' });
  await expect(attachments.getByRole('row', { name: /анықтама\.pdf/ })).toBeVisible();
  const generated = page.getByRole('table', { name: 'Жалпы құжаттар' });
  const titles = [
    'Тіркеу туралы хабарлама',
    'Құжаттарды қабылдау туралы хабарлама',
    'Баланы есепке алу кітабында тіркеу',
  ];
  await expect(generated.getByRole('row')).toHaveCount(4);
  for (const title of titles) {
    const link = generated.getByRole('link', { name: `Жүктеу: ${title}` });
    const href = await link.getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const { text } = await readPdf(await response.body());
    expect(text, title).toContain(application.number);
    expect(text, title).toContain(childName);
  }
  // The browser downloads it too (a link, not a script).
  const download = page.waitForEvent('download');
  await generated.getByRole('link', { name: `Жүктеу: ${titles[0]}` }).click();
  // Named in the document's language with the number; an upload keeps its own name.
  expect((await download).suggestedFilename()).toBe(
    `Тіркеу туралы хабарлама ${application.number}.pdf`,
  );
  const uploadDownload = page.waitForEvent('download');
  await attachments.getByRole('link', { name: 'Жүктеу: анықтама.pdf' }).click();
  expect((await uploadDownload).suggestedFilename()).toBe('анықтама.pdf');
  const attachmentHref = await attachments
    .getByRole('link', { name: 'Жүктеу: анықтама.pdf' })
    .getAttribute('href');
  expect((await (await page.request.get(attachmentHref!)).body()).equals(PDF)).toBe(true);
  await expectAccessible(page);

  // The e-mail reached the SMTP server, its subject naming the application.
  await expect
    .poll(
      async () =>
        (await receivedMail(page.request)).find(
          (mail) => mail.to.includes(email) && mail.subject.includes(application.number),
        )?.subject,
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(`${application.number} өтініші тіркелді: бала кезекке қойылды`);

  // The journal lists it with the seed's columns.
  await page.getByRole('link', { name: 'Өтініштер журналына оралу' }).click();
  const row = page
    .getByRole('table', { name: 'Өтініштер журналы' })
    .getByRole('row', { name: new RegExp(application.number.replaceAll('.', '\\.')) });
  await expect(row.getByRole('cell')).toHaveText([
    application.number,
    childName,
    childIin,
    String(application.queueNumber),
    parent.fullName,
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/,
    'Кезекте',
    'Көп балалы отбасылардың балалары',
    '09.05.2020',
  ]);
  await row.getByRole('link', { name: application.number }).click();

  // Confirm interest (docs/rules.md, "Confirming interest"): a confirmation, no signature.
  await page.getByRole('button', { name: 'Мүдделілікті растау' }).click();
  const confirm = page.getByRole('dialog', {
    name: 'Балабақшадан орын алуға мүдделілікті растау',
  });
  await expect(confirm).toContainText(childName);
  await expect(detail(confirm, 'Кезек нөмірі')).toHaveText(String(application.queueNumber));
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Растау' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/^Мүдделілік расталды: \d{2}\.\d{2}\.\d{4} дейін\.$/)).toBeVisible();

  await page.getByRole('tab', { name: 'Өзгерістер тарихы' }).click();
  const history = page.getByRole('table', { name: 'Өзгерістер тарихы' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/,
    'Өтініш тіркелді',
    'Кезекте',
    'Сіз',
    'Жеңілдік: Көп балалы отбасылардың балалары',
    'ЭЦҚ-мен қол қойылған',
  ]);
  await expect(history.getByRole('row').nth(2).getByRole('cell')).toHaveText([
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/,
    'Мүдделілік расталды',
    '—',
    'Сіз',
    /^\d{2}\.\d{2}\.\d{4} дейін$/,
    '—',
  ]);

  // Leave the queue: a confirmation with a reason, then the signature.
  await page.getByRole('button', { name: 'Кезектен шығу' }).click();
  const leave = page.getByRole('dialog', { name: 'Баланы кезектен шығару' });
  await expect(leave).toContainText(`${childName} кезектен шығарылады.`);
  await leave.getByLabel('Себебі').fill('Басқа қалаға көшеміз');
  await expectAccessible(page);
  await leave.getByRole('button', { name: 'Болдырмау' }).click();
  await expect(leave).toBeHidden();
  await page.getByRole('button', { name: 'Кезектен шығу' }).click();
  await leave.getByLabel('Себебі').fill('Басқа қалаға көшеміз');
  await leave.getByRole('button', { name: 'Қол қою және кезектен шығу' }).click();
  await signInKeyDialog(page, 'sign', files.sign, password);
  await expect(
    page.getByText(`${application.number} өтініші бойынша бала кезектен шығарылды.`),
  ).toBeVisible();

  // The status changed, the actions are gone, the history has the signed withdrawal.
  await expect(page.getByRole('button', { name: 'Мүдделілікті растау' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Кезектен шығу' })).toHaveCount(0);
  await expect(history.getByRole('row')).toHaveCount(4);
  await expect(history.getByRole('row').nth(3).getByRole('cell')).toHaveText([
    /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/,
    'Бала кезектен шығарылды',
    'Кезекте → Кезектен шығарылды',
    'Сіз',
    'Себебі: Басқа қалаға көшеміз',
    'ЭЦҚ-мен қол қойылған',
  ]);
  await expectAccessible(page);
  await page.getByRole('tab', { name: 'Өтініш туралы ақпарат' }).click();
  await expect(detail(page, 'Ағымдағы күйі')).toHaveText('Шешім қабылданды (Кезектен шығарылды)');
  await expect(detail(page, 'Кезек нөмірі')).toHaveText('—');
  const after = (await (
    await page.request.get(`/api/applications/${id}`)
  ).json()) as ApplicationJson;
  expect(after).toMatchObject({ status: 'withdrawn', queueNumber: null });
});
