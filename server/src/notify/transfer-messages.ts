import type { Language } from '@kezek/contracts';
import { fields, letter, render, type EventMessage, type Template } from './messages.ts';

// A transfer granted (docs/rules.md, "Transfers"): the child now attends the kindergarten asked for.

export interface TransferParams {
  applicationNumber: string;
  childName: string;
  from: string;
  to: string;
}

const transferGrantedTemplate: Template<TransferParams> = {
  kk: (p) => ({
    subject: `${p.childName} басқа балабақшаға ауыстырылды`,
    body: letter('kk', [
      `Ауыстыру туралы өтініш қанағаттандырылды: ${p.childName} «${p.from}» балабақшасынан «${p.to}» балабақшасына ауыстырылды.`,
      fields([['Өтініш нөмірі', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} «${p.to}» балабақшасына ауыстырылды.`,
  }),
  ru: (p) => ({
    subject: `${p.childName} переведен(а) в другой детский сад`,
    body: letter('ru', [
      `Заявка на перевод удовлетворена: ребенок ${p.childName} переведен из детского сада «${p.from}» в детский сад «${p.to}».`,
      fields([['Номер заявления', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} переведен(а) в детский сад «${p.to}».`,
  }),
  en: (p) => ({
    subject: `${p.childName} has been transferred to another kindergarten`,
    body: letter('en', [
      `The transfer request is granted: ${p.childName} moves from “${p.from}” to “${p.to}”.`,
      fields([['Application number', p.applicationNumber]]),
    ]),
    sms: `kezek: ${p.childName} has been transferred to “${p.to}”.`,
  }),
};

export function transferGranted(params: TransferParams, language: Language): EventMessage {
  return render(transferGrantedTemplate, params, language);
}
