import type { Language } from '@kezek/contracts';
import { letter, render, type EventMessage, type Template } from './messages.ts';

// Messages of a direction's life (docs/rules.md, "Choice and directions"): issued, extended,
// revoked, expired, and the end of the stop-list that an expiry starts.

export interface DirectionIssuedParams {
  applicationNumber: string;
  directionNumber: string;
  childName: string;
  kindergarten: string;
  /** The last day to enrol, as the applicant reads it. */
  until: string;
  /** A private kindergarten under the state order: the application has left the queue. */
  toPrivate: boolean;
  /** For a benefit-class direction: how old the proof documents may be, in calendar days. */
  benefitDocMaxAgeDays: number | null;
}

const directionIssuedTemplate: Template<DirectionIssuedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы берілді`,
    body: letter('kk', [
      `${p.childName} үшін «${p.kindergarten}» балабақшасына ${p.directionNumber} жолдамасы берілді.`,
      `Баланы ${p.until} дейін балабақшаға қабылдатыңыз: әйтпесе жолдама жойылып, өтініш стоп-тізімге түседі. Жолдама мен бала карточкасы жеке кабинеттегі «Жалпы құжаттар» қойындысында.`,
      ...(p.toPrivate
        ? [
            `Мемлекеттік білім беру тапсырысы бойынша жеке балабақша таңдалды: ${p.applicationNumber} өтініші кезектен алынды, жалпы қалалық кезектегі нөмір сақталмайды.`,
          ]
        : []),
      ...(p.benefitDocMaxAgeDays !== null
        ? [
            `Балабақшаға жеңілдікті растайтын құжаттарды ұсыныңыз: олар жолдама сұралған күнге дейін ${p.benefitDocMaxAgeDays} күнтізбелік күннен ерте берілмеген болуы тиіс.`,
          ]
        : []),
    ]),
    sms: `kezek: ${p.directionNumber} жолдамасы берілді. Баланы ${p.until} дейін қабылдатыңыз.`,
  }),
  ru: (p) => ({
    subject: `Выдано направление ${p.directionNumber}`,
    body: letter('ru', [
      `Ребенку ${p.childName} выдано направление ${p.directionNumber} в детский сад «${p.kindergarten}».`,
      `Зачислите ребенка до ${p.until}: иначе направление аннулируется, а заявление попадет в стоп-лист. Направление и карточка ребенка — во вкладке «Общие документы» личного кабинета.`,
      ...(p.toPrivate
        ? [
            `Выбран частный детский сад по государственному заказу: заявление ${p.applicationNumber} снято с очереди, номер в общегородской очередности не сохраняется.`,
          ]
        : []),
      ...(p.benefitDocMaxAgeDays !== null
        ? [
            `Предоставьте в детский сад документы, подтверждающие льготу: дата их выдачи должна быть не позднее ${p.benefitDocMaxAgeDays} календарных дней с даты запроса направления.`,
          ]
        : []),
    ]),
    sms: `kezek: выдано направление ${p.directionNumber}. Зачислите ребенка до ${p.until}.`,
  }),
  en: (p) => ({
    subject: `Direction ${p.directionNumber} issued`,
    body: letter('en', [
      `Direction ${p.directionNumber} to the kindergarten “${p.kindergarten}” has been issued for ${p.childName}.`,
      `Enrol the child by ${p.until}: otherwise the direction is cancelled and the application goes to the stop-list. The direction and the child card are in the “Documents” tab of your account.`,
      ...(p.toPrivate
        ? [
            `You chose a private kindergarten under the state order: application ${p.applicationNumber} has left the queue, and its city-wide queue number is not kept.`,
          ]
        : []),
      ...(p.benefitDocMaxAgeDays !== null
        ? [
            `Bring the documents proving the benefit to the kindergarten: they must have been issued at most ${p.benefitDocMaxAgeDays} calendar days before the direction was requested.`,
          ]
        : []),
    ]),
    sms: `kezek: direction ${p.directionNumber} issued. Enrol the child by ${p.until}.`,
  }),
};

export function directionIssued(params: DirectionIssuedParams, language: Language): EventMessage {
  return render(directionIssuedTemplate, params, language);
}

export interface DirectionExtendedParams {
  directionNumber: string;
  childName: string;
  until: string;
}

const directionExtendedTemplate: Template<DirectionExtendedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы ұзартылды`,
    body: letter('kk', [
      `${p.childName} үшін ${p.directionNumber} жолдамасы ${p.until} дейін ұзартылды. Жолдаманы тек бір рет ұзартуға болады.`,
    ]),
    sms: `kezek: ${p.directionNumber} жолдамасы ${p.until} дейін ұзартылды.`,
  }),
  ru: (p) => ({
    subject: `Направление ${p.directionNumber} продлено`,
    body: letter('ru', [
      `Направление ${p.directionNumber} для ребенка ${p.childName} продлено до ${p.until}. Продлить направление можно только один раз.`,
    ]),
    sms: `kezek: направление ${p.directionNumber} продлено до ${p.until}.`,
  }),
  en: (p) => ({
    subject: `Direction ${p.directionNumber} extended`,
    body: letter('en', [
      `Direction ${p.directionNumber} for ${p.childName} is extended until ${p.until}. A direction can be extended only once.`,
    ]),
    sms: `kezek: direction ${p.directionNumber} extended until ${p.until}.`,
  }),
};

export function directionExtended(
  params: DirectionExtendedParams,
  language: Language,
): EventMessage {
  return render(directionExtendedTemplate, params, language);
}

export interface DirectionRevokedParams {
  applicationNumber: string;
  directionNumber: string;
  childName: string;
}

const directionRevokedTemplate: Template<DirectionRevokedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы кері қайтарылды`,
    body: letter('kk', [
      `Сіздің өтінішіңіз бойынша ${p.childName} үшін ${p.directionNumber} жолдамасы кері қайтарылды. ${p.applicationNumber} өтініші кезектегі бұрынғы орнына оралды.`,
    ]),
    sms: `kezek: ${p.directionNumber} жолдамасы кері қайтарылды, өтініш кезектегі орнына оралды.`,
  }),
  ru: (p) => ({
    subject: `Направление ${p.directionNumber} отозвано`,
    body: letter('ru', [
      `По вашему заявлению направление ${p.directionNumber} для ребенка ${p.childName} отозвано. Заявление ${p.applicationNumber} возвращено на прежнее место в очереди.`,
    ]),
    sms: `kezek: направление ${p.directionNumber} отозвано, заявление вернулось на свое место в очереди.`,
  }),
  en: (p) => ({
    subject: `Direction ${p.directionNumber} revoked`,
    body: letter('en', [
      `At your request direction ${p.directionNumber} for ${p.childName} has been revoked. Application ${p.applicationNumber} is back at its place in the queue.`,
    ]),
    sms: `kezek: direction ${p.directionNumber} revoked; the application is back at its place in the queue.`,
  }),
};

export function directionRevoked(params: DirectionRevokedParams, language: Language): EventMessage {
  return render(directionRevokedTemplate, params, language);
}

export interface DirectionExpiredParams {
  applicationNumber: string;
  directionNumber: string;
  childName: string;
  /**
   * What became of the application: on the stop-list until a date, out of the queue at the
   * policy's last expiry, or already out of it (a private kindergarten was chosen).
   */
  outcome: { stopListedUntil: string } | 'removed' | 'private';
}

const directionExpiredTemplate: Template<DirectionExpiredParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы жойылды`,
    body: letter('kk', [
      `${p.childName} мерзімінде қабылданбағандықтан, ${p.directionNumber} жолдамасы жойылды.`,
      typeof p.outcome === 'object'
        ? `${p.applicationNumber} өтініші ${p.outcome.stopListedUntil} дейін стоп-тізімде: бұл уақытта жолдама алу мүмкін емес, кейін бала кезектегі орнына оралады.`
        : p.outcome === 'removed'
          ? `Жолдамалардың мерзімі шектен тыс рет өтіп кетті: ${p.applicationNumber} өтініші кезектен алынды.`
          : `${p.applicationNumber} өтініші жеке балабақша таңдалған кезде кезектен алынған.`,
    ]),
    sms:
      typeof p.outcome === 'object'
        ? `kezek: ${p.directionNumber} жолдамасы жойылды, өтініш ${p.outcome.stopListedUntil} дейін стоп-тізімде.`
        : `kezek: ${p.directionNumber} жолдамасы жойылды.`,
  }),
  ru: (p) => ({
    subject: `Направление ${p.directionNumber} аннулировано`,
    body: letter('ru', [
      `Ребенок ${p.childName} не зачислен в срок, направление ${p.directionNumber} аннулировано.`,
      typeof p.outcome === 'object'
        ? `Заявление ${p.applicationNumber} в стоп-листе до ${p.outcome.stopListedUntil}: в это время направление получить нельзя, затем ребенок вернется на свое место в очереди.`
        : p.outcome === 'removed'
          ? `Срок действия направлений пропущен предельное число раз: заявление ${p.applicationNumber} снято с очереди.`
          : `Заявление ${p.applicationNumber} снято с очереди при выборе частного детского сада.`,
    ]),
    sms:
      typeof p.outcome === 'object'
        ? `kezek: направление ${p.directionNumber} аннулировано, заявление в стоп-листе до ${p.outcome.stopListedUntil}.`
        : `kezek: направление ${p.directionNumber} аннулировано.`,
  }),
  en: (p) => ({
    subject: `Direction ${p.directionNumber} cancelled`,
    body: letter('en', [
      `${p.childName} was not enrolled in time, so direction ${p.directionNumber} was cancelled.`,
      typeof p.outcome === 'object'
        ? `Application ${p.applicationNumber} is on the stop-list until ${p.outcome.stopListedUntil}: no direction can be taken until then; afterwards the child returns to their place in the queue.`
        : p.outcome === 'removed'
          ? `Directions have now lapsed the most times the rules allow: application ${p.applicationNumber} has left the queue.`
          : `Application ${p.applicationNumber} left the queue when the private kindergarten was chosen.`,
    ]),
    sms:
      typeof p.outcome === 'object'
        ? `kezek: direction ${p.directionNumber} cancelled; stop-list until ${p.outcome.stopListedUntil}.`
        : `kezek: direction ${p.directionNumber} cancelled.`,
  }),
};

export function directionExpired(params: DirectionExpiredParams, language: Language): EventMessage {
  return render(directionExpiredTemplate, params, language);
}

export interface StopListEndedParams {
  applicationNumber: string;
  childName: string;
}

const stopListEndedTemplate: Template<StopListEndedParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші стоп-тізімнен шықты`,
    body: letter('kk', [
      `${p.childName} үшін ${p.applicationNumber} өтініші стоп-тізімнен шығып, кезектегі орнына оралды. Бос орындар болған кезде жолдама алуға болады.`,
    ]),
    sms: `kezek: ${p.applicationNumber} өтініші стоп-тізімнен шығып, кезекке оралды.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber} вышло из стоп-листа`,
    body: letter('ru', [
      `Заявление ${p.applicationNumber} для ребенка ${p.childName} вышло из стоп-листа и вернулось на свое место в очереди. Направление можно получить при наличии свободных мест.`,
    ]),
    sms: `kezek: заявление ${p.applicationNumber} вышло из стоп-листа и вернулось в очередь.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber} is off the stop-list`,
    body: letter('en', [
      `Application ${p.applicationNumber} for ${p.childName} is off the stop-list and back at its place in the queue. A direction can be taken when free places appear.`,
    ]),
    sms: `kezek: application ${p.applicationNumber} is off the stop-list and back in the queue.`,
  }),
};

export function stopListEnded(params: StopListEndedParams, language: Language): EventMessage {
  return render(stopListEndedTemplate, params, language);
}
