import type { Language } from '@kezek/contracts';
import { fields, letter, render, type EventMessage, type Template } from './messages.ts';

// The kindergarten's answer to a direction (docs/rules.md, "Kindergarten workspace"): the child
// accepted, or a refusal that the education department confirmed or rejected.

export interface EnrolmentParams {
  applicationNumber: string;
  directionNumber: string;
  childName: string;
  kindergarten: string;
}

const childEnrolledTemplate: Template<EnrolmentParams> = {
  kk: (p) => ({
    subject: `${p.childName} балабақшаға қабылданды`,
    body: letter('kk', [
      `${p.childName} ${p.directionNumber} жолдамасы бойынша «${p.kindergarten}» балабақшасына қабылданды.`,
      fields([
        ['Өтініш нөмірі', p.applicationNumber],
        ['Жолдама нөмірі', p.directionNumber],
      ]),
    ]),
    sms: `kezek: ${p.childName} «${p.kindergarten}» балабақшасына қабылданды.`,
  }),
  ru: (p) => ({
    subject: `${p.childName} зачислен(а) в детский сад`,
    body: letter('ru', [
      `Ребенок ${p.childName} зачислен в детский сад «${p.kindergarten}» по направлению ${p.directionNumber}.`,
      fields([
        ['Номер заявления', p.applicationNumber],
        ['Номер направления', p.directionNumber],
      ]),
    ]),
    sms: `kezek: ${p.childName} зачислен(а) в детский сад «${p.kindergarten}».`,
  }),
  en: (p) => ({
    subject: `${p.childName} enrolled in the kindergarten`,
    body: letter('en', [
      `${p.childName} has been enrolled in the kindergarten “${p.kindergarten}” by direction ${p.directionNumber}.`,
      fields([
        ['Application number', p.applicationNumber],
        ['Direction number', p.directionNumber],
      ]),
    ]),
    sms: `kezek: ${p.childName} enrolled in “${p.kindergarten}”.`,
  }),
};

export function childEnrolled(params: EnrolmentParams, language: Language): EventMessage {
  return render(childEnrolledTemplate, params, language);
}

export interface RefusalConfirmedParams extends EnrolmentParams {
  reason: string;
}

const refusalConfirmedTemplate: Template<RefusalConfirmedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы бойынша қабылдаудан бас тартылды`,
    body: letter('kk', [
      `«${p.kindergarten}» балабақшасы ${p.childName} баланы ${p.directionNumber} жолдамасы бойынша қабылдаудан бас тартты, білім бөлімі бас тартуды растады.`,
      fields([
        ['Себебі', p.reason],
        ['Өтініш нөмірі', p.applicationNumber],
      ]),
      'Бала балабақшаға қабылданбайды және кезектегі орны қалпына келтірілмейді.',
    ]),
    sms: `kezek: ${p.directionNumber} жолдамасы бойынша бас тарту расталды, кезектегі орын қалпына келтірілмейді.`,
  }),
  ru: (p) => ({
    subject: `Отказ в зачислении по направлению ${p.directionNumber}`,
    body: letter('ru', [
      `Детский сад «${p.kindergarten}» отказал в зачислении ребенка ${p.childName} по направлению ${p.directionNumber}, отдел образования подтвердил отказ.`,
      fields([
        ['Причина', p.reason],
        ['Номер заявления', p.applicationNumber],
      ]),
      'Ребенок не зачисляется в детский сад, и его место в очереди не восстанавливается.',
    ]),
    sms: `kezek: отказ по направлению ${p.directionNumber} подтвержден, место в очереди не восстанавливается.`,
  }),
  en: (p) => ({
    subject: `Enrolment refused for direction ${p.directionNumber}`,
    body: letter('en', [
      `The kindergarten “${p.kindergarten}” refused to enrol ${p.childName} by direction ${p.directionNumber}, and the education department confirmed the refusal.`,
      fields([
        ['Reason', p.reason],
        ['Application number', p.applicationNumber],
      ]),
      'The child is not enrolled, and the place in the queue is not restored.',
    ]),
    sms: `kezek: the refusal of direction ${p.directionNumber} was confirmed; the queue place is not restored.`,
  }),
};

export function refusalConfirmed(params: RefusalConfirmedParams, language: Language): EventMessage {
  return render(refusalConfirmedTemplate, params, language);
}

export interface RefusalRejectedParams extends EnrolmentParams {
  /** The new last day to enrol, as the applicant reads it. */
  until: string;
}

const refusalRejectedTemplate: Template<RefusalRejectedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы қайтадан күшінде`,
    body: letter('kk', [
      `Білім бөлімі «${p.kindergarten}» балабақшасының ${p.childName} баланы қабылдаудан бас тартуын қабылдамады: балабақша баланы қабылдауға міндетті.`,
      `${p.directionNumber} жолдамасы ${p.until} дейін жарамды: осы күнге дейін баланы балабақшаға қабылдатыңыз.`,
    ]),
    sms: `kezek: бас тарту қабылданбады, ${p.directionNumber} жолдамасы ${p.until} дейін жарамды.`,
  }),
  ru: (p) => ({
    subject: `Направление ${p.directionNumber} снова действует`,
    body: letter('ru', [
      `Отдел образования не согласился с отказом детского сада «${p.kindergarten}» в зачислении ребенка ${p.childName}: детский сад обязан принять ребенка.`,
      `Направление ${p.directionNumber} действительно до ${p.until}: зачислите ребенка до этой даты.`,
    ]),
    sms: `kezek: отказ отклонен, направление ${p.directionNumber} действительно до ${p.until}.`,
  }),
  en: (p) => ({
    subject: `Direction ${p.directionNumber} is valid again`,
    body: letter('en', [
      `The education department did not accept the refusal of the kindergarten “${p.kindergarten}” to enrol ${p.childName}: the kindergarten must accept the child.`,
      `Direction ${p.directionNumber} is valid until ${p.until}: enrol the child by then.`,
    ]),
    sms: `kezek: the refusal was overruled; direction ${p.directionNumber} is valid until ${p.until}.`,
  }),
};

export function refusalRejected(params: RefusalRejectedParams, language: Language): EventMessage {
  return render(refusalRejectedTemplate, params, language);
}

export interface RefusalRequestedParams extends EnrolmentParams {
  reason: string;
}

const refusalRequestedTemplate: Template<RefusalRequestedParams> = {
  kk: (p) => ({
    subject: `${p.directionNumber} жолдамасы бойынша балабақша бас тартты: білім бөлімі қарауда`,
    body: letter('kk', [
      `«${p.kindergarten}» балабақшасы ${p.directionNumber} жолдамасы бойынша ${p.childName} қабылдаудан бас тартты. Бас тартуды білім бөлімі қарайды; қарау кезінде жолдаманың мерзімі тоқтатылады. Шешім туралы хабарлаймыз.`,
      fields([
        ['Өтініш нөмірі', p.applicationNumber],
        ['Себебі', p.reason],
      ]),
    ]),
    sms: `kezek: ${p.directionNumber} жолдамасы бойынша балабақша бас тартты, білім бөлімі қарайды.`,
  }),
  ru: (p) => ({
    subject: `Детский сад отказал по направлению ${p.directionNumber}: отказ на рассмотрении`,
    body: letter('ru', [
      `Детский сад «${p.kindergarten}» отказал в приеме ребенка ${p.childName} по направлению ${p.directionNumber}. Отказ рассматривает отдел образования; на время рассмотрения срок направления приостановлен. О решении мы сообщим.`,
      fields([
        ['Номер заявления', p.applicationNumber],
        ['Причина', p.reason],
      ]),
    ]),
    sms: `kezek: детский сад отказал по направлению ${p.directionNumber}, отказ рассматривает отдел образования.`,
  }),
  en: (p) => ({
    subject: `The kindergarten refused direction ${p.directionNumber}: under review`,
    body: letter('en', [
      `The kindergarten “${p.kindergarten}” refused to admit ${p.childName} by direction ${p.directionNumber}. The education department reviews the refusal; the direction's deadline is paused meanwhile. We will tell you the decision.`,
      fields([
        ['Application number', p.applicationNumber],
        ['Reason', p.reason],
      ]),
    ]),
    sms: `kezek: the kindergarten refused direction ${p.directionNumber}; the department reviews it.`,
  }),
};

export function refusalRequested(params: RefusalRequestedParams, language: Language): EventMessage {
  return render(refusalRequestedTemplate, params, language);
}

export interface DepartureParams {
  applicationNumber: string;
  childName: string;
  kindergarten: string;
  /** The day of departure, as the applicant reads it. */
  date: string;
}

const departureRecordedTemplate: Template<DepartureParams> = {
  kk: (p) => ({
    subject: `${p.childName} балабақшадан кетті`,
    body: letter('kk', [
      `«${p.kindergarten}» балабақшасы ${p.childName} ${p.date} бастап балабақшадан кеткенін белгіледі.`,
      fields([['Өтініш нөмірі', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} ${p.date} бастап «${p.kindergarten}» балабақшасынан кетті.`,
  }),
  ru: (p) => ({
    subject: `${p.childName} выбыл(а) из детского сада`,
    body: letter('ru', [
      `Детский сад «${p.kindergarten}» отметил, что ребенок ${p.childName} выбыл с ${p.date}.`,
      fields([['Номер заявления', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} выбыл(а) из детского сада «${p.kindergarten}» с ${p.date}.`,
  }),
  en: (p) => ({
    subject: `${p.childName} has left the kindergarten`,
    body: letter('en', [
      `The kindergarten “${p.kindergarten}” recorded that ${p.childName} left on ${p.date}.`,
      fields([['Application number', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} left “${p.kindergarten}” on ${p.date}.`,
  }),
};

export function departureRecorded(params: DepartureParams, language: Language): EventMessage {
  return render(departureRecordedTemplate, params, language);
}
