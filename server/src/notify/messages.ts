import type { Language } from '@kezek/contracts';
import type { LocalizedName } from '@kezek/domain';

/** One event's text: the e-mail (and in-app) subject and body, and the short SMS. */
export interface EventMessage {
  subject: string;
  body: string;
  sms: string;
}

/** A template per language; the Record type makes a missing language a compile error. */
export type Template<P> = Readonly<Record<Language, (params: P) => EventMessage>>;

/** The frame every e-mail shares: greeting, the event's paragraphs, the no-reply line. */
const frame: Readonly<Record<Language, { greeting: string; closing: string }>> = {
  kk: {
    greeting: 'Сәлеметсіз бе!',
    closing: 'Бұл хат автоматты түрде жіберілді, оған жауап берудің қажеті жоқ.\nkezek',
  },
  ru: {
    greeting: 'Здравствуйте!',
    closing: 'Письмо отправлено автоматически, отвечать на него не нужно.\nkezek',
  },
  en: {
    greeting: 'Hello,',
    closing: 'This message was sent automatically; there is no need to reply.\nkezek',
  },
};

export function letter(language: Language, paragraphs: string[]): string {
  const { greeting, closing } = frame[language];
  return [greeting, ...paragraphs, closing].join('\n\n');
}

export function fields(rows: [string, string | number][]): string {
  return rows.map(([label, value]) => `${label}: ${value}`).join('\n');
}

export function render<P>(template: Template<P>, params: P, language: Language): EventMessage {
  return template[language](params);
}

// ---------------------------------------------------------------------------------------------
// registration accepted (docs/rules.md, "Documents and notifications"): sent by e-mail and SMS
// when the application is registered

export interface RegistrationAcceptedParams {
  applicationNumber: string;
  childName: string;
  queueNumber: number;
  district: LocalizedName;
}

const registrationAcceptedTemplate: Template<RegistrationAcceptedParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші тіркелді: бала кезекке қойылды`,
    body: letter('kk', [
      'Баланы мектепке дейінгі ұйымға кезекке қою туралы өтінішіңіз тіркелді.',
      fields([
        ['Өтініш нөмірі', p.applicationNumber],
        ['Бала', p.childName],
        ['Аудан (қала)', p.district.kk],
        ['Кезек нөмірі', p.queueNumber],
      ]),
      'Тіркеу туралы хабарлама, құжаттарды қабылдау туралы хабарлама және есепке алу кітабындағы жазба жеке кабинетте: «Өтініштер журналы» → өтініш → «Жалпы құжаттар» қойындысы.',
      'Орын алуға мүдделілікті жеке кабинетте уақытында растаңыз: мүдделілік расталмаған жағдайда, бала кезектен алынады.',
    ]),
    sms: `kezek: ${p.applicationNumber} өтініші тіркелді, бала кезекке қойылды. Кезек нөмірі: ${p.queueNumber}.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber} зарегистрировано: ребенок поставлен на очередь`,
    body: letter('ru', [
      'Ваше заявление о постановке ребенка на очередь в дошкольную организацию зарегистрировано.',
      fields([
        ['Номер заявления', p.applicationNumber],
        ['Ребенок', p.childName],
        ['Район (город)', p.district.ru],
        ['Номер очереди', p.queueNumber],
      ]),
      'Уведомление о регистрации, извещение о приеме документов и запись в книге учета доступны в личном кабинете: «Журнал заявлений» → заявление → вкладка «Общие документы».',
      'Вовремя подтверждайте в личном кабинете заинтересованность в получении места: если она не подтверждена, ребенок снимается с очереди.',
    ]),
    sms: `kezek: заявление ${p.applicationNumber} зарегистрировано, ребенок поставлен на очередь. Номер очереди: ${p.queueNumber}.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber} registered: the child is in the queue`,
    body: letter('en', [
      'Your application to place the child in the queue for a preschool organisation has been registered.',
      fields([
        ['Application number', p.applicationNumber],
        ['Child', p.childName],
        ['District (city)', p.district.en],
        ['Queue number', p.queueNumber],
      ]),
      'The registration notice, the receipt of documents and the record-book entry are in your account: “Application journal” → the application → the “Documents” tab.',
      'Confirm your interest in a place in your account in time: if it is not confirmed, the child is removed from the queue.',
    ]),
    sms: `kezek: application ${p.applicationNumber} registered, the child is in the queue. Queue number: ${p.queueNumber}.`,
  }),
};

export function registrationAccepted(
  params: RegistrationAcceptedParams,
  language: Language,
): EventMessage {
  return render(registrationAcceptedTemplate, params, language);
}

// Further events (turnCame, interestReminder, directionIssued, …) follow the same pattern: a
// params interface, a Template with kk/ru/en, and an exported function calling render().

// ---------------------------------------------------------------------------------------------
// interest: a reminder 30 days before it lapses, and the removal when it has lapsed
// (docs/rules.md, "Confirming interest")

export interface InterestParams {
  applicationNumber: string;
  childName: string;
  /** The last day, as the applicant reads it: DD.MM.YYYY in Almaty. */
  until: string;
}

const interestReminderTemplate: Template<InterestParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: мүдделілікті растаңыз`,
    body: letter('kk', [
      `${p.childName} бойынша мүдделілікті ${p.until} дейін жеке кабинетте растаңыз. Расталмаса, бала кезектен алынады.`,
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша мүдделілікті ${p.until} дейін растаңыз.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: подтвердите заинтересованность`,
    body: letter('ru', [
      `Подтвердите в личном кабинете заинтересованность по заявлению на ребенка ${p.childName} до ${p.until}. Иначе ребенок будет снят с очереди.`,
    ]),
    sms: `kezek: подтвердите заинтересованность по ${p.applicationNumber} до ${p.until}.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: confirm your interest`,
    body: letter('en', [
      `Confirm your interest for ${p.childName} in your account by ${p.until}. Otherwise the child is removed from the queue.`,
    ]),
    sms: `kezek: confirm your interest for ${p.applicationNumber} by ${p.until}.`,
  }),
};

export function interestReminder(params: InterestParams, language: Language): EventMessage {
  return render(interestReminderTemplate, params, language);
}

const interestLapsedTemplate: Template<InterestParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: бала кезектен алынды`,
    body: letter('kk', [
      `${p.childName} бойынша мүдделілік ${p.until} дейін расталмады, сондықтан бала кезектен алынды.`,
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша мүдделілік расталмады, бала кезектен алынды.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: ребенок снят с очереди`,
    body: letter('ru', [
      `Заинтересованность по заявлению на ребенка ${p.childName} не подтверждена до ${p.until}, поэтому ребенок снят с очереди.`,
    ]),
    sms: `kezek: заинтересованность по ${p.applicationNumber} не подтверждена, ребенок снят с очереди.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: the child was removed from the queue`,
    body: letter('en', [
      `Interest for ${p.childName} was not confirmed by ${p.until}, so the child was removed from the queue.`,
    ]),
    sms: `kezek: interest for ${p.applicationNumber} was not confirmed; the child left the queue.`,
  }),
};

export function interestLapsed(params: InterestParams, language: Language): EventMessage {
  return render(interestLapsedTemplate, params, language);
}

// ---------------------------------------------------------------------------------------------
// your turn has come (docs/rules.md, "Turns and places released"): places appeared for the
// child's group year

export interface TurnCameParams {
  applicationNumber: string;
  childName: string;
  /** The last moment to choose, as the applicant reads it: DD.MM.YYYY HH:mm in Almaty. */
  until: string;
  places: { kindergarten: string; language: string; free: number }[];
}

const placeLines = (places: TurnCameParams['places']) =>
  places.map((p) => `— ${p.kindergarten} (${p.language}): ${p.free}`).join('\n');

const turnCameTemplate: Template<TurnCameParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: кезегіңіз келді`,
    body: letter('kk', [
      `${p.childName} үшін бос орындар пайда болды: кезегіңіз келді. Балабақшаны ${p.until} дейін жеке кабинетте таңдап, ЭЦҚ-мен қол қойыңыз.`,
      placeLines(p.places),
      'Мерзімінде таңдалмаған орындар еркін таңдауға өтеді, ал бала кезектегі орнында қалады.',
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша кезегіңіз келді. Балабақшаны ${p.until} дейін таңдаңыз.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: подошла ваша очередь`,
    body: letter('ru', [
      `Для ребенка ${p.childName} появились свободные места: подошла ваша очередь. Выберите детский сад в личном кабинете и подпишите ЭЦП до ${p.until}.`,
      placeLines(p.places),
      'Места, не выбранные в срок, переходят в свободный выбор, а ребенок остается на своем месте в очереди.',
    ]),
    sms: `kezek: по ${p.applicationNumber} подошла очередь. Выберите детский сад до ${p.until}.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: your turn has come`,
    body: letter('en', [
      `Free places have appeared for ${p.childName}: your turn has come. Choose a kindergarten in your account and sign with your EDS by ${p.until}.`,
      placeLines(p.places),
      'Places not chosen in time go to free choice; the child keeps their place in the queue.',
    ]),
    sms: `kezek: your turn has come for ${p.applicationNumber}. Choose a kindergarten by ${p.until}.`,
  }),
};

export function turnCame(params: TurnCameParams, language: Language): EventMessage {
  return render(turnCameTemplate, params, language);
}

// ---------------------------------------------------------------------------------------------
// the turn ended unused (docs/rules.md, "Turns and places released"): the child keeps its place

export interface TurnLapsedParams {
  applicationNumber: string;
  childName: string;
  /** The turn's last moment, as the applicant reads it: DD.MM.YYYY HH:mm in Almaty. */
  until: string;
}

const turnLapsedTemplate: Template<TurnLapsedParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: таңдау мерзімі өтті`,
    body: letter('kk', [
      `${p.childName} үшін балабақша ${p.until} дейін таңдалмады: кезек бойынша берілген орын еркін таңдауға өтті.`,
      'Бала кезектегі өз орнында қалады; бос орындар пайда болғанда кезегіңіз қайта келеді.',
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша таңдау мерзімі өтті. Бала кезектегі орнында қалды.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: срок выбора истек`,
    body: letter('ru', [
      `Детский сад для ребенка ${p.childName} не выбран до ${p.until}: место, предложенное по очереди, перешло в свободный выбор.`,
      'Ребенок остается на своем месте в очереди; очередь подойдет снова, когда появятся свободные места.',
    ]),
    sms: `kezek: срок выбора по ${p.applicationNumber} истек. Ребенок остается на своем месте в очереди.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: the time to choose has passed`,
    body: letter('en', [
      `No kindergarten was chosen for ${p.childName} by ${p.until}: the place offered in turn went to free choice.`,
      'The child keeps their place in the queue; the turn comes again when free places appear.',
    ]),
    sms: `kezek: the time to choose for ${p.applicationNumber} has passed. The child keeps their place in the queue.`,
  }),
};

export function turnLapsed(params: TurnLapsedParams, language: Language): EventMessage {
  return render(turnLapsedTemplate, params, language);
}
