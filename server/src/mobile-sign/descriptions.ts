import type { MobileSignDescription } from '../db/schema.ts';

/**
 * What eGov Mobile shows the person before they sign (issue 19: "say what is being signed in kk
 * and ru"): the action's name, read from the signed content itself — never from words the
 * browser sends — and the application's number where the action has one.
 */
const ACTIONS: Readonly<Record<string, MobileSignDescription>> = {
  'sign-in': { kk: 'kezek жүйесіне кіру', ru: 'Вход в kezek', en: 'Sign in to kezek' },
  'application.create': {
    kk: 'Баланы кезекке қою',
    ru: 'Постановка ребёнка в очередь',
    en: 'Putting a child in the queue',
  },
  'application.attach': {
    kk: 'Өтінішті екінші ата-анаға қосу',
    ru: 'Присоединение заявления вторым родителем',
    en: 'Attaching an application as the other parent',
  },
  'application.preferences': {
    kk: 'Балабақшалар тізімін сақтау',
    ru: 'Сохранение списка детских садов',
    en: 'Saving the list of kindergartens',
  },
  'application.withdraw': {
    kk: 'Баланы кезектен шығару',
    ru: 'Снятие ребёнка с очереди',
    en: 'Taking the child out of the queue',
  },
  'application.changeBenefit': {
    kk: 'Жеңілдікті өзгерту',
    ru: 'Изменение льготы',
    en: 'Changing the benefit',
  },
  'turn.decline': {
    kk: 'Кезектен бас тарту',
    ru: 'Отказ от очереди',
    en: 'Declining the turn',
  },
  'transfer.request': {
    kk: 'Басқа балабақшаға ауысуға өтініш',
    ru: 'Заявка на перевод в другой детский сад',
    en: 'Asking for a transfer',
  },
  'transfer.withdraw': {
    kk: 'Ауысу өтінішін қайтарып алу',
    ru: 'Отзыв заявки на перевод',
    en: 'Withdrawing the transfer request',
  },
  'direction.choose': {
    kk: 'Балабақшаны таңдау және жолдама алу',
    ru: 'Выбор детского сада и получение направления',
    en: 'Choosing a kindergarten and taking the direction',
  },
  'direction.extend': {
    kk: 'Жолдаманы ұзарту',
    ru: 'Продление направления',
    en: 'Extending the direction',
  },
  'direction.revoke': {
    kk: 'Жолдаманы кері қайтару',
    ru: 'Отзыв направления',
    en: 'Revoking the direction',
  },
  'direction.accept': {
    kk: 'Баланы балабақшаға қабылдау',
    ru: 'Зачисление ребёнка в детский сад',
    en: 'Enrolling the child',
  },
  'direction.refuse': {
    kk: 'Жолдама бойынша қабылдаудан бас тарту',
    ru: 'Отказ в зачислении по направлению',
    en: 'Refusing the direction',
  },
  'enrolment.depart': {
    kk: 'Баланың балабақшадан шығуы',
    ru: 'Выбытие ребёнка из детского сада',
    en: 'The child leaving the kindergarten',
  },
  'refusal.decide': {
    kk: 'Бас тарту бойынша шешім',
    ru: 'Решение по отказу',
    en: 'Decision on a refusal',
  },
};

/** Whether kezek has a signed endpoint for `action` (a request for anything else is refused). */
export function isSignedAction(action: string): boolean {
  return action !== 'sign-in' && Object.hasOwn(ACTIONS, action);
}

/** The description of `action`, with the number it is about when there is one. */
export function describe(action: string, number: string | null): MobileSignDescription {
  const named = ACTIONS[action] ?? ACTIONS['sign-in']!;
  const suffix = number ? `: ${number}` : '';
  return { kk: named.kk + suffix, ru: named.ru + suffix, en: named.en + suffix };
}
