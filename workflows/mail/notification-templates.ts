// Every mail the lifecycle owes, in Dutch and English: subject (with the ticket tag) and text, in
// the language its reader reads. Pure: a ticket's context and the policy in, a message out. Ticket
// fields never reach a header unsanitised. No presentation: the shell renders the HTML part from
// the text (functions/outbox/mail-html.tsx).
import type { Language, Policy } from '../policy/policy';
import { euro } from '../billing/money';
import type { Notification, TicketContext } from '../lifecycle/ticket-machine';
import type { LinkAction } from '../links/link-token';
import { singleLine } from '../intake/user-text';

export interface RenderedMessage {
  subject: string;
  /** The body's lines, one paragraph each, then a blank line and the closing. */
  text: string;
  /** The language the text is in, for the HTML part's `lang`. */
  language: Language;
}

type Copy = { subject: string; body: string[] };
/** The signed link for an action on this mail's ticket, when the desk mints links. */
export type LinkFor = (action: LinkAction) => string | null;
type Texts = (c: TicketContext, policy: Policy, link: LinkFor) => { nl: Copy; en: Copy };

const linkLine = (label: string, url: string | null) => (url ? [`${label}: ${url}`] : []);

const vendorName = (c: TicketContext, policy: Policy) =>
  policy.vendors.find((v) => v.id === c.vendor?.id)?.name ?? c.vendor?.id ?? '';
const quoteLines = (c: TicketContext) =>
  (c.quote?.lines ?? []).map((l) => `- ${l.description}: ${l.quantity} × ${euro(l.unitCents)}`);

const templates = {
  agentReply: (c) => ({
    nl: { subject: `Re: ${c.subject}`, body: [] },
    en: { subject: `Re: ${c.subject}`, body: [] },
  }),
  acknowledgement: (c) => ({
    nl: {
      subject: `Uw melding is ontvangen: ${c.subject}`,
      body: [
        'Wij hebben uw melding ontvangen en in behandeling genomen.',
        `Uw referentie is ${c.id}; vermeld deze bij contact met de servicedesk.`,
      ],
    },
    en: {
      subject: `We have received your request: ${c.subject}`,
      body: [
        'We have received your request and are looking into it.',
        `Your reference is ${c.id}; please quote it when you contact the service desk.`,
      ],
    },
  }),
  outOfScope: (c) => ({
    nl: {
      subject: `Buiten de dienstverlening: ${c.subject}`,
      body: [
        'Dit verzoek valt buiten de afgesproken dienstverlening.',
        'Wij kunnen het als meerwerk uitvoeren; u ontvangt dan eerst een opgave van de kosten.',
      ],
    },
    en: {
      subject: `Outside the service: ${c.subject}`,
      body: [
        'This request falls outside the agreed service.',
        'We can carry it out as additional work; you would first receive a statement of the costs.',
      ],
    },
  }),
  progressUpdate: (c) => ({
    nl: {
      subject: `Voortgang: ${c.subject}`,
      body: ['Er is voortgang in de behandeling van uw melding. Wij houden u op de hoogte.'],
    },
    en: { subject: `Progress: ${c.subject}`, body: ['There is progress on your request. We will keep you informed.'] },
  }),
  informationRequest: (c) => ({
    nl: {
      subject: `Wij hebben informatie van u nodig: ${c.subject}`,
      body: [
        'Om uw melding verder te behandelen hebben wij aanvullende informatie nodig.',
        'Beantwoord deze mail met de gevraagde gegevens.',
      ],
    },
    en: {
      subject: `We need information from you: ${c.subject}`,
      body: [
        'To continue with your request we need more information.',
        'Please reply to this mail with the details asked for.',
      ],
    },
  }),
  informationReminder: (c) => ({
    nl: {
      subject: `Herinnering: wij wachten op uw informatie: ${c.subject}`,
      body: ['Wij wachten nog op uw antwoord. Zonder reactie sluiten wij de melding.'],
    },
    en: {
      subject: `Reminder: we are waiting for your information: ${c.subject}`,
      body: ['We are still waiting for your answer. Without one we will close the request.'],
    },
  }),
  autoClosedNoResponse: (c) => ({
    nl: {
      subject: `Gesloten zonder reactie: ${c.subject}`,
      body: [
        'Wij hebben geen reactie ontvangen en hebben de melding gesloten. Antwoord op deze mail om een nieuwe melding te openen.',
      ],
    },
    en: {
      subject: `Closed without a response: ${c.subject}`,
      body: ['We did not hear back and have closed the request. Reply to this mail to open a new one.'],
    },
  }),
  quoteForApproval: (c, _p, link) => ({
    nl: {
      subject: `Offerte ter goedkeuring: ${c.subject}`,
      body: [
        'Voordat wij beginnen vragen wij uw akkoord op de kosten:',
        ...quoteLines(c),
        `Totaal: ${euro(c.quote?.totalCents ?? 0)} (excl. btw)`,
        ...linkLine('Bekijken en akkoord geven of afwijzen', link('approve_quote')),
      ],
    },
    en: {
      subject: `Quote for your approval: ${c.subject}`,
      body: [
        'Before we start, we ask you to approve the costs:',
        ...quoteLines(c),
        `Total: ${euro(c.quote?.totalCents ?? 0)} (excl. VAT)`,
        ...linkLine('Review, then approve or decline', link('approve_quote')),
      ],
    },
  }),
  quoteReminder: (c, _p, link) => ({
    nl: {
      subject: `Herinnering: offerte wacht op uw akkoord: ${c.subject}`,
      body: [
        'De offerte wacht nog op uw akkoord.',
        `Totaal: ${euro(c.quote?.totalCents ?? 0)} (excl. btw)`,
        ...linkLine('Bekijken en akkoord geven of afwijzen', link('approve_quote')),
      ],
    },
    en: {
      subject: `Reminder: the quote awaits your approval: ${c.subject}`,
      body: [
        'The quote is still waiting for your approval.',
        `Total: ${euro(c.quote?.totalCents ?? 0)} (excl. VAT)`,
        ...linkLine('Review, then approve or decline', link('approve_quote')),
      ],
    },
  }),
  quoteExpired: (c) => ({
    nl: {
      subject: `Offerte verlopen: ${c.subject}`,
      body: ['De offerte is niet goedgekeurd en verlopen; het verzoek is geannuleerd.'],
    },
    en: {
      subject: `Quote expired: ${c.subject}`,
      body: ['The quote was not approved and has expired; the request is cancelled.'],
    },
  }),
  onSiteConsentRequest: (c, policy, link) => ({
    nl: {
      subject: `Akkoord gevraagd voor ondersteuning op locatie: ${c.subject}`,
      body: [
        'Wij kunnen dit niet op afstand oplossen en stellen een bezoek op locatie voor.',
        `Dit wordt achteraf berekend tegen het geldende uurtarief van ${euro(policy.rates.onSiteHourlyCents)} (excl. btw).`,
        ...linkLine('Akkoord geven of afwijzen', link('consent_onsite')),
      ],
    },
    en: {
      subject: `Your consent for on-site support: ${c.subject}`,
      body: [
        'We cannot solve this remotely and propose a visit on site.',
        `It is billed afterwards at the current hourly rate of ${euro(policy.rates.onSiteHourlyCents)} (excl. VAT).`,
        ...linkLine('Consent or decline', link('consent_onsite')),
      ],
    },
  }),
  onSiteConsentReminder: (c, _p, link) => ({
    nl: {
      subject: `Herinnering: akkoord voor bezoek op locatie: ${c.subject}`,
      body: [
        'Wij wachten nog op uw akkoord voor het bezoek op locatie.',
        ...linkLine('Akkoord geven of afwijzen', link('consent_onsite')),
      ],
    },
    en: {
      subject: `Reminder: consent for an on-site visit: ${c.subject}`,
      body: [
        'We are still waiting for your consent to the on-site visit.',
        ...linkLine('Consent or decline', link('consent_onsite')),
      ],
    },
  }),
  onSiteConsentExpired: (c) => ({
    nl: {
      subject: `Geen akkoord voor bezoek: ${c.subject}`,
      body: ['Zonder akkoord gaan wij verder met ondersteuning op afstand.'],
    },
    en: { subject: `No consent for a visit: ${c.subject}`, body: ['Without consent we continue with remote support.'] },
  }),
  visitPlanned: (c) => {
    const visit = c.visits.at(-1);
    return {
      nl: {
        subject: `Bezoek gepland: ${c.subject}`,
        body: [`Onze technicus ${visit?.technician ?? ''} komt op ${visit?.plannedFor ?? ''}.`],
      },
      en: {
        subject: `Visit planned: ${c.subject}`,
        body: [`Our technician ${visit?.technician ?? ''} will visit on ${visit?.plannedFor ?? ''}.`],
      },
    };
  },
  completion: (c, _p, link) => {
    const confirm = link(c.kind === 'change' ? 'confirm_change' : 'confirm_resolution');
    return {
      nl: {
        subject: `Gereed: ${c.subject}`,
        body: [
          'Uw melding is opgelost. Is dat niet zo, antwoord dan op deze mail of heropen haar; anders sluiten wij de melding over enkele werkdagen.',
          ...linkLine('Bevestigen of heropenen', confirm),
        ],
      },
      en: {
        subject: `Done: ${c.subject}`,
        body: [
          'Your request has been resolved. If it is not, reply to this mail or reopen it; otherwise we will close it in a few working days.',
          ...linkLine('Confirm or reopen', confirm),
        ],
      },
    };
  },
  closure: (c) => ({
    nl: { subject: `Gesloten: ${c.subject}`, body: ['De melding is gesloten. Dank voor uw geduld.'] },
    en: { subject: `Closed: ${c.subject}`, body: ['The request is closed. Thank you for your patience.'] },
  }),
  autoClosedAfterResolution: (c) => ({
    nl: {
      subject: `Gesloten: ${c.subject}`,
      body: ['Wij hebben geen reactie ontvangen op de gereedmelding en hebben de melding gesloten.'],
    },
    en: {
      subject: `Closed: ${c.subject}`,
      body: ['We did not hear back after resolving the request and have closed it.'],
    },
  }),
  cancellation: (c) => ({
    nl: { subject: `Geannuleerd: ${c.subject}`, body: ['De melding is geannuleerd.'] },
    en: { subject: `Cancelled: ${c.subject}`, body: ['The request has been cancelled.'] },
  }),
  vendorForward: (c) => ({
    nl: {
      subject: `Doorgezet: ${c.subject} (onze referentie ${c.id})`,
      body: [
        `Wij zetten onderstaande melding voor onze klant bij u door. Onze referentie: ${c.id}.`,
        'Graag uw referentie en een terugkoppeling.',
      ],
    },
    en: {
      subject: `Forwarded: ${c.subject} (our reference ${c.id})`,
      body: [
        `We forward the request below for our customer. Our reference: ${c.id}.`,
        'Please send us your reference and an update.',
      ],
    },
  }),
  vendorReminder: (c) => ({
    nl: {
      subject: `Herinnering: ${c.subject} (onze referentie ${c.id})`,
      body: [`Wij wachten nog op uw terugkoppeling (herinnering ${c.vendor?.reminders ?? 0}).`],
    },
    en: {
      subject: `Reminder: ${c.subject} (our reference ${c.id})`,
      body: [`We are still waiting for your update (reminder ${c.vendor?.reminders ?? 0}).`],
    },
  }),
  vendorEscalation: (c, policy) => ({
    nl: {
      subject: `Escalatie leverancier ${vendorName(c, policy)}: ${c.subject}`,
      body: [`${vendorName(c, policy)} heeft na ${c.vendor?.reminders ?? 0} herinneringen niet gereageerd.`],
    },
    en: {
      subject: `Vendor escalation ${vendorName(c, policy)}: ${c.subject}`,
      body: [`${vendorName(c, policy)} has not answered after ${c.vendor?.reminders ?? 0} reminders.`],
    },
  }),
  slaResponseWarning: (c) => ({
    nl: {
      subject: `SLA-waarschuwing reactietijd (${c.priority}): ${c.subject}`,
      body: ['De reactietijd dreigt te verlopen.'],
    },
    en: {
      subject: `SLA warning, response time (${c.priority}): ${c.subject}`,
      body: ['The response time is about to run out.'],
    },
  }),
  slaResponseBreach: (c) => ({
    nl: {
      subject: `SLA overschreden, reactietijd (${c.priority}): ${c.subject}`,
      body: ['De reactietijd is overschreden.'],
    },
    en: {
      subject: `SLA breached, response time (${c.priority}): ${c.subject}`,
      body: ['The response time has been exceeded.'],
    },
  }),
  slaResolutionWarning: (c) => ({
    nl: {
      subject: `SLA-waarschuwing oplostijd (${c.priority}): ${c.subject}`,
      body: ['De oplostijd dreigt te verlopen.'],
    },
    en: {
      subject: `SLA warning, resolution time (${c.priority}): ${c.subject}`,
      body: ['The resolution time is about to run out.'],
    },
  }),
  slaResolutionBreach: (c) => ({
    nl: {
      subject: `SLA overschreden, oplostijd (${c.priority}): ${c.subject}`,
      body: ['De oplostijd is overschreden.'],
    },
    en: {
      subject: `SLA breached, resolution time (${c.priority}): ${c.subject}`,
      body: ['The resolution time has been exceeded.'],
    },
  }),
} satisfies Record<string, Texts>;

/** The mails the lifecycle can owe: the chart's notify actions name one of these, checked by the compiler. */
export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as TemplateName[];

/** One line, no control characters: what may go into a mail header. */
export const headerSafe = (value: string) => singleLine(value).slice(0, 250);

/** Customers read their ticket's language; vendors and the duty manager the desk's own, Dutch. */
export function renderNotification(
  notification: Notification,
  context: TicketContext,
  policy: Policy,
  link: LinkFor = () => null,
): RenderedMessage {
  // A stored outbox item may name a template a newer desk dropped: refuse it by name, not by crash.
  if (!Object.hasOwn(templates, notification.template)) throw new Error(`no template ${notification.template}`);
  const texts: Texts = templates[notification.template];
  const language = notification.to === 'requester' ? context.language : 'nl';
  const copy = texts(context, policy, notification.to === 'requester' ? link : () => null)[language];
  const subject = headerSafe(`[${context.id}] ${copy.subject}`);
  const greeting = language === 'nl' ? 'Met vriendelijke groet,\nServicedesk' : 'Kind regards,\nService desk';
  const text = [...copy.body, '', greeting].join('\n');
  return { subject, text, language };
}
