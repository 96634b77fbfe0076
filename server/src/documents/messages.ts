import type { Language } from '@kezek/contracts';

export type RegistrationDocumentKind =
  'registration_notice' | 'documents_receipt' | 'record_book_entry';

/** Every text printed on a generated document, per language; the type keeps the three complete. */
export interface DocumentMessages {
  /** The name of the state service, in the header line of every document. */
  service: string;
  generatedElectronically: (instant: string) => string;
  page: (page: number, count: number) => string;
  titles: Record<RegistrationDocumentKind, string>;
  sections: { application: string; child: string; applicant: string; queue: string };
  labels: {
    applicationNumber: string;
    entryNumber: string;
    registeredAt: string;
    region: string;
    district: string;
    fullName: string;
    iin: string;
    birthDate: string;
    email: string;
    phone: string;
    address: string;
    /** The address's parts (seed 001, fig. 6). */
    city: string;
    addressDistrict: string;
    street: string;
    house: string;
    flat: string;
    groupYear: string;
    queueNumber: string;
    benefit: string;
    benefitQueueNumber: string;
    pseudonym: string;
  };
  noBenefit: string;
  notGiven: string;
  notice: {
    intro: (number: string, instant: string) => string;
    queueMayChange: string;
    interest: string;
    contacts: string;
  };
  receipt: {
    intro: (number: string, instant: string) => string;
    heading: string;
    columns: { index: string; name: string; sha256: string };
    none: string;
    checksum: string;
  };
  recordBook: {
    intro: (number: string, instant: string, district: string) => string;
  };
}

const kk: DocumentMessages = {
  service:
    'Мектепке дейінгі жастағы балаларды балаларға арналған мектепке дейінгі ұйымдарға жіберу үшін кезекке қою',
  generatedElectronically: (instant) =>
    `Құжат kezek сервисінде ${instant} электрондық түрде қалыптастырылды.`,
  page: (page, count) => `${page}/${count} бет`,
  titles: {
    registration_notice: 'Тіркеу туралы хабарлама',
    documents_receipt: 'Құжаттарды қабылдау туралы хабарлама',
    record_book_entry: 'Баланы есепке алу кітабында тіркеу',
  },
  sections: {
    application: 'Өтініш туралы ақпарат',
    child: 'Бала туралы деректер',
    applicant: 'Өтініш беруші туралы ақпарат',
    queue: 'Кезек',
  },
  labels: {
    applicationNumber: 'Өтініш нөмірі',
    entryNumber: 'Жазба нөмірі',
    registeredAt: 'Тіркелген күні мен уақыты',
    region: 'Өңір',
    district: 'Аудан (қала)',
    fullName: 'Толық аты-жөні',
    iin: 'ЖСН',
    birthDate: 'Туған күні',
    email: 'Электрондық пошта',
    phone: 'Телефон',
    address: 'Мекенжайы',
    city: 'Қала (елді мекен)',
    addressDistrict: 'Аудан',
    street: 'Көше',
    house: 'Үй',
    flat: 'Пәтер',
    groupYear: 'Топтың жылы',
    queueNumber: 'Кезек нөмірі',
    benefit: 'Жеңілдік түрі',
    benefitQueueNumber: 'Жеңілдік санаты бойынша кезек нөмірі',
    pseudonym: 'Ашық кезектегі бүркеншік ат',
  },
  noBenefit: 'Жеңілдіксіз',
  notGiven: '—',
  notice: {
    intro: (number, instant) =>
      `Баланы мектепке дейінгі ұйымға жолдама алу үшін кезекке қою туралы №\u00a0${number} өтініш ${instant} тіркелді. Бала кезекке қойылды.`,
    queueMayChange:
      'Кезек нөмірі өзгеруі мүмкін: кезектен тыс және бірінші кезектегі санаттардың балалары жолдаманы белгіленген тәртіппен алады.',
    interest:
      'Мектепке дейінгі ұйымнан орын алуға мүдделілікті жеке кабинетте растау қажет («Мүдделілікті растау» батырмасы). Мүдделілік мерзімінде расталмаған жағдайда, бала кезектен алынады.',
    contacts: 'Хабарламалар көрсетілген электрондық пошта мен телефон нөміріне жіберіледі.',
  },
  receipt: {
    intro: (number, instant) =>
      `Өтініш берушінің ЭЦҚ-сымен қол қойылған №\u00a0${number} өтініш және оған қоса берілген құжаттар ${instant} қабылданды.`,
    heading: 'Қабылданған құжаттар',
    columns: { index: '№', name: 'Құжаттың атауы', sha256: 'SHA-256' },
    none: 'Жеңілдікті растайтын құжаттар қоса берілмеген.',
    checksum: 'SHA-256 бақылау сомасы бойынша сақталған файлдың өзгермегенін тексеруге болады.',
  },
  recordBook: {
    intro: (number, instant, district) =>
      `Мектепке дейінгі ұйымда орынға мұқтаж мектеп жасына дейінгі балаларды есепке алу кітабына (${district}) ${instant} №\u00a0${number} жазба енгізілді.`,
  },
};

const ru: DocumentMessages = {
  service:
    'Постановка на очередь детей дошкольного возраста для направления в детские дошкольные организации',
  generatedElectronically: (instant) =>
    `Документ сформирован в электронном виде сервисом kezek ${instant}.`,
  page: (page, count) => `Стр. ${page} из ${count}`,
  titles: {
    registration_notice: 'Уведомление о регистрации',
    documents_receipt: 'Извещение о приеме документов',
    record_book_entry: 'Регистрация ребенка в книге учета',
  },
  sections: {
    application: 'Информация о заявлении',
    child: 'Данные ребенка',
    applicant: 'Информация о заявителе',
    queue: 'Очередь',
  },
  labels: {
    applicationNumber: 'Номер заявления',
    entryNumber: 'Номер записи',
    registeredAt: 'Дата регистрации',
    region: 'Регион',
    district: 'Район (город)',
    fullName: 'Полное имя',
    iin: 'ИИН',
    birthDate: 'Дата рождения',
    email: 'E-mail',
    phone: 'Телефон',
    address: 'Адрес',
    city: 'Город (населенный пункт)',
    addressDistrict: 'Район',
    street: 'Улица',
    house: 'Дом',
    flat: 'Квартира',
    groupYear: 'Год группы',
    queueNumber: 'Номер очереди',
    benefit: 'Тип льготы',
    benefitQueueNumber: 'Номер очереди по льготной категории',
    pseudonym: 'Псевдоним в открытой очереди',
  },
  noBenefit: 'Без льготы',
  notGiven: '—',
  notice: {
    intro: (number, instant) =>
      `Заявление №\u00a0${number} о постановке ребенка на очередь для получения направления в дошкольную организацию зарегистрировано ${instant}. Ребенок поставлен на очередь.`,
    queueMayChange:
      'Номер очереди может меняться: дети внеочередных и первоочередных категорий получают направление в установленном порядке.',
    interest:
      'Заинтересованность в получении места в дошкольной организации необходимо подтверждать в личном кабинете (кнопка «Подтвердить заинтересованность»). Если заинтересованность не подтверждена в срок, ребенок снимается с очереди.',
    contacts: 'Уведомления направляются на указанные e-mail и номер телефона.',
  },
  receipt: {
    intro: (number, instant) =>
      `Заявление №\u00a0${number}, подписанное ЭЦП заявителя, и приложенные к нему документы приняты ${instant}.`,
    heading: 'Принятые документы',
    columns: { index: '№', name: 'Наименование документа', sha256: 'SHA-256' },
    none: 'Документы, подтверждающие льготу, не прилагались.',
    checksum: 'По контрольной сумме SHA-256 можно проверить, что хранимый файл не изменялся.',
  },
  recordBook: {
    intro: (number, instant, district) =>
      `В книгу учета детей дошкольного возраста, нуждающихся в месте в дошкольной организации (${district}), ${instant} внесена запись №\u00a0${number}.`,
  },
};

const en: DocumentMessages = {
  service: 'Registering preschool children in the queue for a place in a preschool organisation',
  generatedElectronically: (instant) =>
    `Generated electronically by the kezek service on ${instant}.`,
  page: (page, count) => `Page ${page} of ${count}`,
  titles: {
    registration_notice: 'Registration notice',
    documents_receipt: 'Receipt of documents',
    record_book_entry: 'Registration of the child in the record book',
  },
  sections: {
    application: 'Application',
    child: 'Child',
    applicant: 'Applicant',
    queue: 'Queue',
  },
  labels: {
    applicationNumber: 'Application number',
    entryNumber: 'Entry number',
    registeredAt: 'Registered on',
    region: 'Region',
    district: 'District (city)',
    fullName: 'Full name',
    iin: 'IIN',
    birthDate: 'Date of birth',
    email: 'E-mail',
    phone: 'Phone',
    address: 'Address',
    city: 'City (settlement)',
    addressDistrict: 'District',
    street: 'Street',
    house: 'House',
    flat: 'Flat',
    groupYear: 'Group year',
    queueNumber: 'Queue number',
    benefit: 'Benefit',
    benefitQueueNumber: 'Queue number in the benefit category',
    pseudonym: 'Pseudonym in the public queue',
  },
  noBenefit: 'No benefit',
  notGiven: '—',
  notice: {
    intro: (number, instant) =>
      `Application No.\u00a0${number} to place the child in the queue for a preschool organisation was registered on ${instant}. The child is now in the queue.`,
    queueMayChange:
      'The queue number may change: children of the out-of-turn and first-priority categories receive directions in the established order.',
    interest:
      'Confirm your interest in a kindergarten place in your account (the “Confirm interest” button). If the interest is not confirmed in time, the child is removed from the queue.',
    contacts: 'Notifications are sent to the e-mail address and phone number given.',
  },
  receipt: {
    intro: (number, instant) =>
      `Application No.\u00a0${number}, signed with the applicant's digital signature (EDS), and the documents attached to it were received on ${instant}.`,
    heading: 'Documents received',
    columns: { index: 'No.', name: 'Document', sha256: 'SHA-256' },
    none: 'No documents confirming a benefit were attached.',
    checksum: 'The SHA-256 checksum shows that the stored file has not been changed.',
  },
  recordBook: {
    intro: (number, instant, district) =>
      `Entry No.\u00a0${number} was made on ${instant} in the record book of preschool children who need a place in a preschool organisation (${district}).`,
  },
};

export const documentMessages: Readonly<Record<Language, DocumentMessages>> = { kk, ru, en };
