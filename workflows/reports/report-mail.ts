// The mail that carries a customer's service report to its key contacts, pure: subject and letter
// in the customer's language (the month in words, the headline figures, the PDF attached), with the
// desk's signature; the plain-text part from the same letter as every desk mail.
import type { MailLetter } from '../mail/mail-blocks';
import { mailText } from '../mail/mail-text';
import { signatureOf } from '../mail/notification-templates';
import type { Language, Policy } from '../policy/policy';
import type { ServiceReport } from './service-report';
import { monthName } from './month-name';

const words = {
  nl: {
    subject: (month: string, customer: string) => `Servicerapport ${month} — ${customer}`,
    greeting: 'Beste relatie,',
    intro: (month: string, desk: string) =>
      `In de bijlage vindt u het servicerapport van ${desk} over ${month}: meldingen en verzoeken, reactie- en oplostijden tegen de afgesproken SLA, het werk bij leveranciers en op locatie, en wat wij in rekening brengen.`,
    opened: 'Nieuwe tickets',
    closed: 'Gesloten tickets',
    sla: 'Binnen de SLA opgelost',
    backlog: 'Open aan het eind van de maand',
    questions: 'Heeft u vragen over dit rapport? Beantwoord deze mail of bel ons.',
  },
  en: {
    subject: (month: string, customer: string) => `Service report ${month} — ${customer}`,
    greeting: 'Hello,',
    intro: (month: string, desk: string) =>
      `Attached is ${desk}'s service report for ${month}: incidents and requests, response and resolution times against the agreed SLA, the work with vendors and on site, and what we will invoice.`,
    opened: 'New tickets',
    closed: 'Closed tickets',
    sla: 'Resolved within the SLA',
    backlog: 'Open at the end of the month',
    questions: 'Questions about this report? Reply to this mail or call us.',
  },
};

export function reportMail(
  report: ServiceReport,
  policy: Policy,
  language: Language,
): { subject: string; letter: MailLetter; text: string } {
  const w = words[language];
  const month = monthName(report.month, language);
  const resolution = report.sla.resolution.reduce(
    (sum, p) => ({
      met: sum.met + p.figures.met.count,
      decided: sum.decided + p.figures.met.count + p.figures.breached.count,
    }),
    { met: 0, decided: 0 },
  );
  const letter: MailLetter = {
    greeting: w.greeting,
    blocks: [
      { type: 'paragraph', text: w.intro(month, policy.desk.name) },
      {
        type: 'facts',
        rows: [
          { label: w.opened, value: String(report.opened.total.count) },
          { label: w.closed, value: String(report.closed.total.count) },
          ...(resolution.decided ? [{ label: w.sla, value: `${resolution.met} / ${resolution.decided}` }] : []),
          { label: w.backlog, value: String(report.backlog.atMonthEnd.count) },
        ],
      },
      { type: 'paragraph', text: w.questions },
    ],
    signature: signatureOf(policy, language),
  };
  return {
    subject: w.subject(month, report.customerName ?? policy.desk.name),
    letter,
    text: mailText(letter),
  };
}
