import type { LocalizedName } from './holidays.ts';

export type BenefitClass = 'out_of_turn' | 'first_priority';

export interface BenefitCategory {
  code: string;
  class: BenefitClass;
  name: LocalizedName;
}

/**
 * The benefit categories (docs/rules.md, "Benefit classes and queue order"), with a stable code
 * each.
 */
export const BENEFIT_CATEGORIES: readonly BenefitCategory[] = Object.freeze([
  {
    code: 'military',
    class: 'out_of_turn',
    name: {
      kk: 'Әскери қызметшілердің балалары',
      ru: 'Дети военнослужащих',
      en: 'Children of military servicemen',
    },
  },
  {
    code: 'special_state_bodies',
    class: 'out_of_turn',
    name: {
      kk: 'Арнаулы мемлекеттік органдар қызметкерлерінің балалары',
      ru: 'Дети сотрудников специальных государственных органов',
      en: 'Children of employees of special state bodies',
    },
  },
  {
    code: 'killed_in_service',
    class: 'out_of_turn',
    name: {
      kk: 'Қызмет кезінде қаза тапқан немесе хабар-ошарсыз кеткен әскери қызметшілер мен арнаулы органдар қызметкерлерінің балалары',
      ru: 'Дети военнослужащих и сотрудников специальных органов, погибших или пропавших без вести при исполнении службы',
      en: 'Children of servicemen and special-body employees killed or missing in service',
    },
  },
  {
    code: 'disabled_parent',
    class: 'first_priority',
    name: {
      kk: 'Мүгедектігі бар ата-аналардың балалары',
      ru: 'Дети родителей с инвалидностью',
      en: 'Children of disabled parents',
    },
  },
  {
    code: 'no_parental_care',
    class: 'first_priority',
    name: {
      kk: 'Ата-анасының қамқорлығынсыз қалған балалар',
      ru: 'Дети, оставшиеся без попечения родителей',
      en: 'Children without parental care',
    },
  },
  {
    code: 'orphan',
    class: 'first_priority',
    name: { kk: 'Жетім балалар', ru: 'Дети-сироты', en: 'Orphans' },
  },
  {
    code: 'large_family',
    class: 'first_priority',
    name: {
      kk: 'Көп балалы отбасылардың балалары',
      ru: 'Дети из многодетных семей',
      en: 'Children of large families',
    },
  },
  {
    code: 'disabled_child',
    class: 'first_priority',
    name: { kk: 'Мүгедектігі бар балалар', ru: 'Дети с инвалидностью', en: 'Disabled children' },
  },
  {
    code: 'special_needs',
    class: 'first_priority',
    name: {
      kk: 'Ерекше білім берілуіне қажеттілігі бар балалар',
      ru: 'Дети с особыми образовательными потребностями',
      en: 'Children with special educational needs',
    },
  },
]);

export function benefitCategory(code: string): BenefitCategory | undefined {
  return BENEFIT_CATEGORIES.find((category) => category.code === code);
}
