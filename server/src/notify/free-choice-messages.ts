import type { Language } from '@kezek/contracts';
import { letter, render, type EventMessage, type Template } from './messages.ts';

// Messages of batched free choice (docs/rules.md, "Batched free choice"): the request registered,
// and a request not granted. A granted request is told by the direction's own message.

export interface FreeChoiceRequestedParams {
  applicationNumber: string;
  childName: string;
  kindergarten: string;
  /** When the round is decided, as the applicant reads it: DD.MM.YYYY HH:mm in Almaty. */
  decideAt: string;
}

const freeChoiceRequestedTemplate: Template<FreeChoiceRequestedParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: еркін таңдау сұрауы тіркелді`,
    body: letter('kk', [
      `${p.childName} үшін «${p.kindergarten}» балабақшасындағы орынға сұрауыңыз тіркелді.`,
      `Сұраулар ${p.decideAt} дейін жиналады, содан кейін орындар кезек реті бойынша беріледі: сұраудың жіберілген уақыты мен жылдамдығы маңызды емес. Нәтижесі туралы хабарлаймыз.`,
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша сұрау тіркелді. Шешім ${p.decideAt} кезек реті бойынша.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: запрос в свободном выборе зарегистрирован`,
    body: letter('ru', [
      `Ваш запрос на место в детском саду «${p.kindergarten}» для ребенка ${p.childName} зарегистрирован.`,
      `Запросы собираются до ${p.decideAt}, затем места предоставляются в порядке очереди: время и скорость отправки запроса значения не имеют. О результате мы сообщим.`,
    ]),
    sms: `kezek: запрос по ${p.applicationNumber} зарегистрирован. Решение ${p.decideAt} в порядке очереди.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: free-choice request registered`,
    body: letter('en', [
      `Your request for a place at the kindergarten “${p.kindergarten}” for ${p.childName} has been registered.`,
      `Requests are collected until ${p.decideAt}; then the places are granted in queue order: when and how fast a request was sent does not matter. We will tell you the outcome.`,
    ]),
    sms: `kezek: request for ${p.applicationNumber} registered. Decided ${p.decideAt} in queue order.`,
  }),
};

export function freeChoiceRequested(
  params: FreeChoiceRequestedParams,
  language: Language,
): EventMessage {
  return render(freeChoiceRequestedTemplate, params, language);
}

export interface FreeChoiceNotGrantedParams {
  applicationNumber: string;
  childName: string;
  kindergarten: string;
}

const freeChoiceNotGrantedTemplate: Template<FreeChoiceNotGrantedParams> = {
  kk: (p) => ({
    subject: `${p.applicationNumber} өтініші: еркін таңдау сұрауы қанағаттандырылмады`,
    body: letter('kk', [
      `«${p.kindergarten}» балабақшасындағы орындар ${p.childName} алдындағы кезектегі балаларға берілді.`,
      'Бала кезектегі өз орнында қалады; бос орындар пайда болғанда кезегіңіз келеді.',
    ]),
    sms: `kezek: ${p.applicationNumber} бойынша сұрау қанағаттандырылмады. Бала кезектегі орнында қалды.`,
  }),
  ru: (p) => ({
    subject: `Заявление ${p.applicationNumber}: запрос в свободном выборе не удовлетворен`,
    body: letter('ru', [
      `Места в детском саду «${p.kindergarten}» предоставлены детям, стоящим в очереди раньше ребенка ${p.childName}.`,
      'Ребенок остается на своем месте в очереди; очередь подойдет, когда появятся свободные места.',
    ]),
    sms: `kezek: запрос по ${p.applicationNumber} не удовлетворен. Ребенок остается на своем месте в очереди.`,
  }),
  en: (p) => ({
    subject: `Application ${p.applicationNumber}: free-choice request not granted`,
    body: letter('en', [
      `The places at the kindergarten “${p.kindergarten}” went to children ahead of ${p.childName} in the queue.`,
      'The child keeps their place in the queue; the turn comes when free places appear.',
    ]),
    sms: `kezek: the request for ${p.applicationNumber} was not granted. The child keeps their place in the queue.`,
  }),
};

export function freeChoiceNotGranted(
  params: FreeChoiceNotGrantedParams,
  language: Language,
): EventMessage {
  return render(freeChoiceNotGrantedTemplate, params, language);
}
