import i18next, { type TFunction } from 'i18next';
import type { Language } from '@kezek/contracts';

/** Problem titles in the client's language; the web app shows its own text for each code too. */
const resources = {
  en: {
    translation: {
      validation_failed: 'Some fields are not filled in correctly',
      invalid_json: 'The request body is not valid JSON',
      invalid_iin: 'The IIN is not valid',
      not_signed_in: 'Sign in first',
      bad_credentials: 'The IIN or password is wrong',
      forbidden: 'You are not allowed to do this',
      csrf_invalid: 'The security token is missing or stale; reload the page',
      not_found: 'Not found',
      rate_limited: 'Too many attempts; wait a minute and try again',
      payload_too_large: 'The request is too large',
      unsupported_media_type: 'This content type is not accepted',
      region_code_taken: 'A region with this code already exists',
      district_name_taken: 'This region already has a district with this name',
      kindergarten_name_taken: 'This district already has a kindergarten with this name',
      staff_iin_taken: 'An account with this IIN already exists',
      unknown_region: 'There is no such region',
      unknown_district: 'There is no such district',
      unknown_kindergarten: 'There is no such kindergarten',
      internal_error: 'Something went wrong on our side; try again later',
    },
  },
  ru: {
    translation: {
      validation_failed: 'Некоторые поля заполнены неверно',
      invalid_json: 'Тело запроса не является корректным JSON',
      invalid_iin: 'ИИН указан неверно',
      not_signed_in: 'Сначала войдите в систему',
      bad_credentials: 'Неверный ИИН или пароль',
      forbidden: 'У вас нет прав на это действие',
      csrf_invalid: 'Токен безопасности отсутствует или устарел; обновите страницу',
      not_found: 'Не найдено',
      rate_limited: 'Слишком много попыток; подождите минуту и повторите',
      payload_too_large: 'Слишком большой запрос',
      unsupported_media_type: 'Такой тип содержимого не принимается',
      region_code_taken: 'Регион с таким кодом уже существует',
      district_name_taken: 'В этом регионе уже есть район с таким названием',
      kindergarten_name_taken: 'В этом районе уже есть детский сад с таким названием',
      staff_iin_taken: 'Учётная запись с таким ИИН уже существует',
      unknown_region: 'Такого региона нет',
      unknown_district: 'Такого района нет',
      unknown_kindergarten: 'Такого детского сада нет',
      internal_error: 'Произошла ошибка на нашей стороне; повторите позже',
    },
  },
  kk: {
    translation: {
      validation_failed: 'Кейбір өрістер дұрыс толтырылмаған',
      invalid_json: 'Сұраудың денесі дұрыс JSON емес',
      invalid_iin: 'ЖСН қате көрсетілген',
      not_signed_in: 'Алдымен жүйеге кіріңіз',
      bad_credentials: 'ЖСН немесе құпиясөз қате',
      forbidden: 'Бұл әрекетке құқығыңыз жоқ',
      csrf_invalid: 'Қауіпсіздік белгісі жоқ немесе ескірген; бетті жаңартыңыз',
      not_found: 'Табылмады',
      rate_limited: 'Әрекет тым көп; бір минут күтіп, қайталаңыз',
      payload_too_large: 'Сұрау тым үлкен',
      unsupported_media_type: 'Мұндай мазмұн түрі қабылданбайды',
      region_code_taken: 'Бұл кодпен өңір бар',
      district_name_taken: 'Бұл өңірде осындай атаумен аудан бар',
      kindergarten_name_taken: 'Бұл ауданда осындай атаумен балабақша бар',
      staff_iin_taken: 'Бұл ЖСН-мен тіркелгі бар',
      unknown_region: 'Мұндай өңір жоқ',
      unknown_district: 'Мұндай аудан жоқ',
      unknown_kindergarten: 'Мұндай балабақша жоқ',
      internal_error: 'Біз жақта қате орын алды; кейінірек қайталаңыз',
    },
  },
};

const instance = i18next.createInstance();
await instance.init({ resources, fallbackLng: 'en', initAsync: false });

export function problemTitle(code: string, language: Language, fallback: string): string {
  const t: TFunction = instance.getFixedT(language);
  return t(code, { defaultValue: fallback });
}
