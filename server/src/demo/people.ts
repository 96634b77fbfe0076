import type { RegistryPerson } from '@kezek/contracts';
import { makeIin, type Sex } from '@kezek/domain';

interface DemoPerson {
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string;
  sex: Sex;
  serial: number;
}

const person = (
  lastName: string,
  firstName: string,
  middleName: string,
  birthDate: string,
  sex: Sex,
  serial: number,
): DemoPerson => ({
  lastName,
  firstName,
  middleName,
  birthDate,
  sex,
  serial,
});

const iinOf = (p: DemoPerson) => makeIin(p.birthDate, p.sex, p.serial);

/** Parents and their children born 2019–2025; IINs are valid and the same on every start. */
const FAMILIES: { parents: DemoPerson[]; children: DemoPerson[] }[] = [
  {
    parents: [
      person('Сейтқалиева', 'Динара', 'Ерланқызы', '1990-04-12', 'female', 2101),
      person('Сейтқалиев', 'Арман', 'Болатұлы', '1988-09-03', 'male', 2102),
    ],
    children: [
      person('Сейтқалиев', 'Алихан', 'Арманұлы', '2022-03-15', 'male', 1),
      person('Сейтқалиева', 'Айару', 'Арманқызы', '2024-07-21', 'female', 2103),
    ],
  },
  {
    parents: [person('Иванова', 'Ольга', 'Сергеевна', '1992-01-25', 'female', 2111)],
    children: [person('Иванов', 'Максим', 'Андреевич', '2021-11-02', 'male', 2112)],
  },
  {
    parents: [
      person('Нұрланова', 'Әсел', 'Қайратқызы', '1995-06-30', 'female', 2121),
      person('Нұрланов', 'Ержан', 'Сәкенұлы', '1993-02-14', 'male', 2122),
    ],
    children: [
      person('Нұрланов', 'Нұрасыл', 'Ержанұлы', '2020-05-09', 'male', 2123),
      person('Нұрланова', 'Томирис', 'Ержанқызы', '2023-01-17', 'female', 2124),
      person('Нұрланов', 'Әли', 'Ержанұлы', '2025-02-28', 'male', 2125),
    ],
  },
  {
    parents: [person('Ким', 'Светлана', 'Викторовна', '1989-12-08', 'female', 2131)],
    children: [person('Ким', 'Артём', 'Денисович', '2019-10-19', 'male', 2132)],
  },
  {
    parents: [person('Бекова', 'Гүлжан', 'Маратқызы', '1997-08-05', 'female', 2141)],
    children: [person('Беков', 'Санжар', 'Нұрланұлы', '2022-03-15', 'male', 10)],
  },
  {
    parents: [person('Смагулов', 'Тимур', 'Асетович', '1991-03-27', 'male', 2151)],
    children: [
      person('Смагулова', 'Амина', 'Тимуровна', '2023-09-12', 'female', 2152),
      person('Смагулов', 'Ислам', 'Тимурович', '2021-04-04', 'male', 2153),
    ],
  },
];

export const DEMO_PERSONS: RegistryPerson[] = FAMILIES.flatMap(({ parents, children }) => {
  const parentIins = parents.map(iinOf);
  return [
    ...parents.map((p) => ({
      iin: iinOf(p),
      lastName: p.lastName,
      firstName: p.firstName,
      middleName: p.middleName,
    })),
    ...children.map((c) => ({
      iin: iinOf(c),
      lastName: c.lastName,
      firstName: c.firstName,
      middleName: c.middleName,
      parentIins,
    })),
  ];
});

export interface DemoAccount {
  iin: string;
  fullName: string;
  role: 'admin' | 'officer' | 'staff';
  password: string;
  /** Kindergartens by their Russian name, districts by their Russian name. */
  kindergartens?: string[];
  districts?: string[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    iin: '791028302728',
    fullName: 'Жұмабаев Ерлан Серікұлы',
    role: 'admin',
    password: 'kezek-admin-2026',
  },
  {
    iin: makeIin('1984-02-17', 'female', 3001),
    fullName: 'Ахметова Гүлнар Маратқызы',
    role: 'officer',
    password: 'kezek-officer-2026',
    districts: ['Астана'],
  },
  {
    iin: makeIin('1979-11-23', 'male', 3002),
    fullName: 'Сергеев Павел Игоревич',
    role: 'officer',
    password: 'kezek-officer-2026',
    districts: ['г. Кокшетау', 'Аккольский район', 'Аршалынский район', 'Астраханский район'],
  },
  {
    iin: makeIin('1987-05-14', 'female', 3003),
    fullName: 'Омарова Айгерім Нұрланқызы',
    role: 'staff',
    password: 'kezek-staff-2026',
    kindergartens: ['Детский сад № 1 «Балбобек»', 'Детский сад № 7 «Акбота»'],
  },
  {
    iin: makeIin('1990-08-09', 'female', 3004),
    fullName: 'Ким Елена Викторовна',
    role: 'staff',
    password: 'kezek-staff-2026',
    kindergartens: ['Детский сад № 9 «Ак желкен»'],
  },
  {
    iin: makeIin('1993-10-01', 'male', 3005),
    fullName: 'Тлеубаев Нұржан Асқарұлы',
    role: 'staff',
    password: 'kezek-staff-2026',
    kindergartens: ['Частный детский сад «Нурлы алем»'],
  },
];
