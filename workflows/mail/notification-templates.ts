// Every mail the lifecycle owes, in Dutch and English: its subject (with the ticket tag) and its
// letter, in the language its reader reads, saying what happened in the words of whoever caused it
// (the agent's reply, the question, the resolution, the vendor's answer). Pure: the ticket's
// context, the event that caused the mail and the policy in, a message out. Ticket fields never
// reach a header unsanitised. No presentation: the shell renders the HTML part from the letter.
import { findAgent, findTeam, type Language, type Policy } from '../policy/policy';
import type { Notification, TicketContext } from '../lifecycle/ticket-machine';
import type { LinkAction } from '../links/link-token';
import type { AttachmentRef } from '../lifecycle/ticket-events';
import { singleLine } from '../intake/user-text';
import { lineAmountCents } from '../billing/money';
import type { MailBlock, MailLetter } from './mail-blocks';
import { mailText } from './mail-text';
import { humanDateTime, moneyIn, openingHours, quantityIn } from './mail-formats';

export interface RenderedMessage {
  subject: string;
  /** The plain-text part, rendered from the letter. */
  text: string;
  /** The language the text is in, for the HTML part's `lang`. */
  language: Language;
  /** What the HTML part is rendered from when the mail is sent. */
  letter: MailLetter;
  attachments?: AttachmentRef[];
  /** Written by a person: mailed without the headers that mark the desk's automatic mail. */
  personal?: true;
  /** Whom the template copies on this mail besides the conversation's Cc. */
  copies?: string[];
}

/** The event that caused a mail, as the chart received it (its payload's words are read from it). */
export type Trigger = { readonly type: string } & Readonly<Record<string, unknown>>;

type Copy = { subject: string; blocks: MailBlock[] };
/** The signed link for an action on this mail's ticket, when the desk mints links. */
export type LinkFor = (action: LinkAction) => string | null;
/** What a template writes, in both languages, and the stored files the mail carries, if any. */
type Texts = (
  c: TicketContext,
  policy: Policy,
  link: LinkFor,
  e: Trigger,
  /** The ticket's console page, when the desk knows its base URL (for the desk's own people). */
  consoleUrl: string | null,
) => {
  nl: Copy;
  en: Copy;
  attachments?: AttachmentRef[];
  /** Written by a person (an agent's reply): a reply's subject, and not marked as machine mail. */
  personal?: true;
  /** Whom this one mail copies besides the conversation's Cc (a reply's own copies). */
  copies?: string[];
};

/** A text field of the triggering event, when it says something. */
const said = (e: Trigger, field: string): string | null => {
  const value = Object.hasOwn(e, field) ? e[field] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
};

/** The files the triggering event carries (by digest), as the engine stamped them. */
const filesOf = (e: Trigger): AttachmentRef[] =>
  Array.isArray(e.attachments)
    ? (e.attachments as unknown[]).filter(
        (a): a is AttachmentRef =>
          typeof a === 'object' && a !== null && typeof (a as AttachmentRef).sha256 === 'string',
      )
    : [];

const p = (text: string): MailBlock => ({ type: 'paragraph', text });
const words = (by: string, text: string | null | undefined): MailBlock[] => (text ? [{ type: 'words', by, text }] : []);
const action = (label: string, url: string | null): MailBlock[] => (url ? [{ type: 'action', label, url }] : []);

const vendorName = (c: TicketContext, policy: Policy) =>
  policy.vendors.find((v) => v.id === c.vendor?.id)?.name ?? c.vendor?.id ?? '';
const customerOf = (c: TicketContext, policy: Policy) => policy.customers.find((x) => x.id === c.customerId);

const quoteBlocks = (c: TicketContext, language: Language): MailBlock[] => [
  ...(c.quote?.lines.length
    ? [
        {
          type: 'list' as const,
          items: c.quote.lines.map(
            (l) =>
              `${l.description}: ${quantityIn(l.quantity, language)} × ${moneyIn(l.unitCents, language)} = ` +
              moneyIn(lineAmountCents(l.quantity, l.unitCents), language),
          ),
        },
      ]
    : []),
  p(
    language === 'nl'
      ? `Totaal: ${moneyIn(c.quote?.totalCents ?? 0, 'nl')} (excl. btw)`
      : `Total: ${moneyIn(c.quote?.totalCents ?? 0, 'en')} (excl. VAT)`,
  ),
];

/** Who an assignment stamped on the trigger says did it, and what it made of the ticket's owner. */
const assignmentFacts = (c: TicketContext, policy: Policy, e: Trigger) => {
  const stamp = (Object.hasOwn(e, 'assigned') ? e.assigned : undefined) as
    { agentId?: unknown; teamId?: unknown; by?: { type?: unknown; id?: unknown } } | undefined;
  const byAgent = stamp?.by?.type === 'agent' && typeof stamp.by.id === 'string' ? stamp.by.id : null;
  const by = byAgent ? (findAgent(policy, byAgent)?.name ?? byAgent) : 'Routing';
  const team = findTeam(policy, String(stamp?.teamId ?? c.assignment?.teamId ?? ''));
  return { by, team: team?.name ?? 'no team' };
};

const templates = {
  assignedToYou: (c, policy, _l, e, consoleUrl) => {
    const { by, team } = assignmentFacts(c, policy, e);
    const copy = (subject: string, said: string, open: string) => ({
      subject,
      blocks: [p(said), ...words('Description', c.description), ...action(open, consoleUrl)],
    });
    return {
      nl: copy(
        `Aan jou toegewezen door ${by}: ${c.subject}`,
        `${by} heeft ${c.id} aan jou toegewezen (${team}).`,
        'Openen in de console',
      ),
      en: copy(
        `Assigned to you by ${by}: ${c.subject}`,
        `${by} assigned ${c.id} to you (${team}).`,
        'Open in the console',
      ),
    };
  },
  queuedForTeam: (c, policy, _l, e, consoleUrl) => {
    const { by, team } = assignmentFacts(c, policy, e);
    const copy = (subject: string, said: string, open: string) => ({
      subject,
      blocks: [p(said), ...action(open, consoleUrl)],
    });
    return {
      nl: copy(
        `In de wachtrij van ${team}: ${c.subject}`,
        `${by} heeft ${c.id} in de wachtrij van ${team} gezet.`,
        'Openen in de console',
      ),
      en: copy(`In the ${team} queue: ${c.subject}`, `${by} put ${c.id} in the ${team} queue.`, 'Open in the console'),
    };
  },
  agentReply: (c, policy, _l, e) => ({
    personal: true,
    // The files the agent uploaded with the reply go to the customer as the mail's attachments.
    attachments: filesOf(e),
    copies: Array.isArray(e.cc) ? e.cc.filter((a): a is string => typeof a === 'string') : [],
    nl: { subject: c.subject, blocks: words(policy.desk.name, said(e, 'message')) },
    en: { subject: c.subject, blocks: words(policy.desk.name, said(e, 'message')) },
  }),
  acknowledgement: (c) => ({
    nl: {
      subject: `Uw melding is ontvangen: ${c.subject}`,
      blocks: [
        p('Wij hebben uw melding ontvangen en in behandeling genomen.'),
        p(`Uw referentie is ${c.id}. Antwoord op deze mail om iets toe te voegen; uw antwoord komt bij de melding.`),
      ],
    },
    en: {
      subject: `We have received your request: ${c.subject}`,
      blocks: [
        p('We have received your request and are looking into it.'),
        p(`Your reference is ${c.id}. Reply to this mail to add anything; your reply joins the request.`),
      ],
    },
  }),
  outOfScope: (c, _p, _l, e) => ({
    nl: {
      subject: `Buiten de dienstverlening: ${c.subject}`,
      blocks: [
        p('Dit verzoek valt buiten de afgesproken dienstverlening.'),
        ...words('Toelichting', said(e, 'scopeNote')),
        p('Wij kunnen het als meerwerk uitvoeren; u ontvangt dan eerst een opgave van de kosten.'),
      ],
    },
    en: {
      subject: `Outside the service: ${c.subject}`,
      blocks: [
        p('This request falls outside the agreed service.'),
        ...words('Note', said(e, 'scopeNote')),
        p('We can carry it out as additional work; you would first receive a statement of the costs.'),
      ],
    },
  }),
  progressUpdate: (c, policy, _l, e) => {
    const vendor = e.type === 'VENDOR_REPLIED' ? vendorName(c, policy) : null;
    return {
      nl: {
        subject: `Voortgang: ${c.subject}`,
        blocks: vendor
          ? [
              p(`${vendor} heeft gereageerd op uw melding. Wij gaan ermee verder en houden u op de hoogte.`),
              ...words(vendor, said(e, 'message')),
            ]
          : [p('Er is voortgang in de behandeling van uw melding. Wij houden u op de hoogte.')],
      },
      en: {
        subject: `Progress: ${c.subject}`,
        blocks: vendor
          ? [
              p(`${vendor} has answered about your request. We are taking it from here and will keep you informed.`),
              ...words(vendor, said(e, 'message')),
            ]
          : [p('There is progress on your request. We will keep you informed.')],
      },
    };
  },
  workScheduled: (c, policy) => ({
    nl: {
      subject: `Ingepland: ${c.subject}`,
      blocks: [p(`Wij voeren de werkzaamheden uit op ${humanDateTime(c.plannedFor, 'nl', policy)}.`)],
    },
    en: {
      subject: `Scheduled: ${c.subject}`,
      blocks: [p(`We will carry out the work on ${humanDateTime(c.plannedFor, 'en', policy)}.`)],
    },
  }),
  informationRequest: (c) => ({
    nl: {
      subject: `Wij hebben informatie van u nodig: ${c.subject}`,
      blocks: [
        p('Om uw melding verder te behandelen hebben wij het volgende van u nodig:'),
        ...words('Onze vraag', c.question),
        p('Beantwoord deze mail; zodra uw antwoord binnen is gaan wij verder.'),
      ],
    },
    en: {
      subject: `We need information from you: ${c.subject}`,
      blocks: [
        p('To continue with your request we need the following from you:'),
        ...words('Our question', c.question),
        p('Please reply to this mail; we continue as soon as your answer is in.'),
      ],
    },
  }),
  informationReminder: (c) => ({
    nl: {
      subject: `Herinnering: wij wachten op uw informatie: ${c.subject}`,
      blocks: [
        p('Wij wachten nog op uw antwoord op onze vraag. Zonder reactie sluiten wij de melding.'),
        ...words('Onze vraag', c.question),
      ],
    },
    en: {
      subject: `Reminder: we are waiting for your information: ${c.subject}`,
      blocks: [
        p('We are still waiting for your answer to our question. Without one we will close the request.'),
        ...words('Our question', c.question),
      ],
    },
  }),
  autoClosedNoResponse: (c) => ({
    nl: {
      subject: `Gesloten zonder reactie: ${c.subject}`,
      blocks: [
        p('Wij hebben geen reactie ontvangen en hebben de melding gesloten.'),
        p('Antwoord op deze mail om een nieuwe melding te openen.'),
      ],
    },
    en: {
      subject: `Closed without a response: ${c.subject}`,
      blocks: [p('We did not hear back and have closed the request.'), p('Reply to this mail to open a new one.')],
    },
  }),
  // The service description asks a change in writing: the customer confirms what an agent registered.
  changeConfirmationRequest: (c, _p, link) => {
    const copy = (lead: string, labels: [string, string, string], reply: string, button: string): Copy => ({
      subject: '',
      blocks: [
        p(lead),
        {
          type: 'facts',
          rows: [
            { label: labels[0], value: c.id },
            { label: labels[1], value: c.subject },
          ],
        },
        ...words(labels[2], c.description),
        ...action(button, link('confirm_in_writing')),
        p(reply),
      ],
    });
    return {
      nl: {
        ...copy(
          'Wij hebben uw wijzigingsverzoek als volgt vastgelegd. Een wijziging wordt schriftelijk ingediend: wij maken er een offerte voor en plannen haar in zodra u bevestigt dat dit is wat u vraagt.',
          ['Referentie', 'Onderwerp', 'Omschrijving'],
          'U kunt ook op deze mail antwoorden; uw antwoord geldt als uw schriftelijke verzoek. Klopt er iets niet, schrijf dan wat er anders moet.',
          'Bekijken en schriftelijk bevestigen',
        ),
        subject: `Bevestig uw wijzigingsverzoek schriftelijk: ${c.subject}`,
      },
      en: {
        ...copy(
          'We have registered your request for change as below. A change is requested in writing: we quote and schedule it once you confirm this is what you are asking for.',
          ['Reference', 'Subject', 'Description'],
          'You can also reply to this mail; your reply counts as your written request. If anything is wrong, write what should be different.',
          'Review and confirm in writing',
        ),
        subject: `Please confirm your request for change in writing: ${c.subject}`,
      },
    };
  },
  quoteForApproval: (c, _p, link) => ({
    nl: {
      subject: `Offerte ter goedkeuring: ${c.subject}`,
      blocks: [
        p('Voordat wij beginnen vragen wij uw akkoord op de kosten:'),
        ...quoteBlocks(c, 'nl'),
        ...action('Bekijken en akkoord geven of afwijzen', link('approve_quote')),
      ],
    },
    en: {
      subject: `Quote for your approval: ${c.subject}`,
      blocks: [
        p('Before we start, we ask you to approve the costs:'),
        ...quoteBlocks(c, 'en'),
        ...action('Review, then approve or decline', link('approve_quote')),
      ],
    },
  }),
  quoteReminder: (c, _p, link) => ({
    nl: {
      subject: `Herinnering: offerte wacht op uw akkoord: ${c.subject}`,
      blocks: [
        p('De offerte wacht nog op uw akkoord.'),
        ...quoteBlocks(c, 'nl'),
        ...action('Bekijken en akkoord geven of afwijzen', link('approve_quote')),
      ],
    },
    en: {
      subject: `Reminder: the quote awaits your approval: ${c.subject}`,
      blocks: [
        p('The quote is still waiting for your approval.'),
        ...quoteBlocks(c, 'en'),
        ...action('Review, then approve or decline', link('approve_quote')),
      ],
    },
  }),
  quoteExpired: (c) => ({
    nl: {
      subject: `Offerte verlopen: ${c.subject}`,
      blocks: [p('De offerte is niet goedgekeurd en verlopen; het verzoek is geannuleerd.')],
    },
    en: {
      subject: `Quote expired: ${c.subject}`,
      blocks: [p('The quote was not approved and has expired; the request is cancelled.')],
    },
  }),
  onSiteConsentRequest: (c, policy, link) => ({
    nl: {
      subject: `Akkoord gevraagd voor ondersteuning op locatie: ${c.subject}`,
      blocks: [
        p('Wij kunnen dit niet op afstand oplossen en stellen een bezoek op locatie voor.'),
        ...words('Waarom', c.onSiteReason),
        p(
          `Dit wordt achteraf berekend tegen het geldende uurtarief van ${moneyIn(policy.rates.onSiteHourlyCents, 'nl')} (excl. btw).`,
        ),
        ...action('Akkoord geven of afwijzen', link('consent_onsite')),
      ],
    },
    en: {
      subject: `Your consent for on-site support: ${c.subject}`,
      blocks: [
        p('We cannot solve this remotely and propose a visit on site.'),
        ...words('Why', c.onSiteReason),
        p(
          `It is billed afterwards at the current hourly rate of ${moneyIn(policy.rates.onSiteHourlyCents, 'en')} (excl. VAT).`,
        ),
        ...action('Consent or decline', link('consent_onsite')),
      ],
    },
  }),
  onSiteConsentReminder: (c, _p, link) => ({
    nl: {
      subject: `Herinnering: akkoord voor bezoek op locatie: ${c.subject}`,
      blocks: [
        p('Wij wachten nog op uw akkoord voor het bezoek op locatie.'),
        ...words('Waarom', c.onSiteReason),
        ...action('Akkoord geven of afwijzen', link('consent_onsite')),
      ],
    },
    en: {
      subject: `Reminder: consent for an on-site visit: ${c.subject}`,
      blocks: [
        p('We are still waiting for your consent to the on-site visit.'),
        ...words('Why', c.onSiteReason),
        ...action('Consent or decline', link('consent_onsite')),
      ],
    },
  }),
  onSiteConsentExpired: (c) => ({
    nl: {
      subject: `Geen akkoord voor bezoek: ${c.subject}`,
      blocks: [p('Zonder akkoord gaan wij verder met ondersteuning op afstand.')],
    },
    en: {
      subject: `No consent for a visit: ${c.subject}`,
      blocks: [p('Without consent we continue with remote support.')],
    },
  }),
  visitPlanned: (c, policy) => {
    const visit = c.visits.at(-1);
    const site = customerOf(c, policy)?.site;
    return {
      nl: {
        subject: `Bezoek gepland: ${c.subject}`,
        blocks: [
          p(
            `Onze technicus ${visit?.technician ?? ''} komt op ${humanDateTime(visit?.plannedFor, 'nl', policy)}` +
              (site ? ` naar ${site}.` : '.'),
          ),
          p('Past dit niet? Antwoord dan op deze mail, dan plannen wij een ander moment.'),
        ],
      },
      en: {
        subject: `Visit planned: ${c.subject}`,
        blocks: [
          p(
            `Our technician ${visit?.technician ?? ''} will visit on ${humanDateTime(visit?.plannedFor, 'en', policy)}` +
              (site ? ` at ${site}.` : '.'),
          ),
          p('Does this not suit you? Reply to this mail and we will find another time.'),
        ],
      },
    };
  },
  completion: (c, _p, link) => {
    const confirm = link(c.kind === 'change' ? 'confirm_change' : 'confirm_resolution');
    return {
      nl: {
        subject: `Gereed: ${c.subject}`,
        blocks: [
          p('Uw melding is opgelost.'),
          ...words('Wat wij gedaan hebben', c.resolution),
          p(
            'Is het niet opgelost? Antwoord dan op deze mail of heropen de melding; anders sluiten wij haar over enkele werkdagen.',
          ),
          ...action('Bevestigen of heropenen', confirm),
        ],
      },
      en: {
        subject: `Done: ${c.subject}`,
        blocks: [
          p('Your request has been resolved.'),
          ...words('What we did', c.resolution),
          p('Not solved? Reply to this mail or reopen the request; otherwise we will close it in a few working days.'),
          ...action('Confirm or reopen', confirm),
        ],
      },
    };
  },
  closure: (c) => ({
    nl: { subject: `Gesloten: ${c.subject}`, blocks: [p('De melding is gesloten. Dank voor uw geduld.')] },
    en: { subject: `Closed: ${c.subject}`, blocks: [p('The request is closed. Thank you for your patience.')] },
  }),
  autoClosedAfterResolution: (c) => ({
    nl: {
      subject: `Gesloten: ${c.subject}`,
      blocks: [p('Wij hebben geen reactie ontvangen op de gereedmelding en hebben de melding gesloten.')],
    },
    en: {
      subject: `Closed: ${c.subject}`,
      blocks: [p('We did not hear back after resolving the request and have closed it.')],
    },
  }),
  cancellation: (c, _p, _l, e) => ({
    nl: {
      subject: `Geannuleerd: ${c.subject}`,
      blocks: [p('De melding is geannuleerd.'), ...words('Reden', said(e, 'reason'))],
    },
    en: {
      subject: `Cancelled: ${c.subject}`,
      blocks: [p('The request has been cancelled.'), ...words('Reason', said(e, 'reason'))],
    },
  }),
  vendorForward: (c, policy, _l, e) => {
    const customer = customerOf(c, policy);
    const files = (c.attachments ?? []).map((a) => a.name || a.sha256.slice(0, 12));
    const facts = (labels: [string, string, string, string, string]): MailBlock => ({
      type: 'facts',
      rows: [
        { label: labels[0], value: c.id },
        { label: labels[1], value: c.subject },
        { label: labels[2], value: customer?.name ?? c.requester.email },
        ...(customer?.site ? [{ label: labels[3], value: customer.site }] : []),
        {
          label: labels[4],
          value: c.requester.name ? `${c.requester.name} <${c.requester.email}>` : c.requester.email,
        },
      ],
    });
    return {
      attachments: c.attachments ?? [],
      nl: {
        subject: `Doorgezet: ${c.subject} (onze referentie ${c.id})`,
        blocks: [
          p('Wij zetten de volgende melding van onze klant bij u door.'),
          facts(['Onze referentie', 'Onderwerp', 'Klant', 'Locatie', 'Melder']),
          ...words('Omschrijving', c.description),
          ...words('Toelichting van de servicedesk', said(e, 'note')),
          ...(files.length ? [p('Bijgevoegd wat de klant meestuurde:'), { type: 'list', items: files } as const] : []),
          p(`Graag uw referentie en een terugkoppeling; antwoord op deze mail en vermeld ${c.id}.`),
        ],
      },
      en: {
        subject: `Forwarded: ${c.subject} (our reference ${c.id})`,
        blocks: [
          p('We forward the following request from our customer.'),
          facts(['Our reference', 'Subject', 'Customer', 'Site', 'Reported by']),
          ...words('Description', c.description),
          ...words('Note from the service desk', said(e, 'note')),
          ...(files.length ? [p('Attached, as the customer sent them:'), { type: 'list', items: files } as const] : []),
          p(`Please send us your reference and an update; reply to this mail and quote ${c.id}.`),
        ],
      },
    };
  },
  vendorReminder: (c) => ({
    nl: {
      subject: `Herinnering: ${c.subject} (onze referentie ${c.id})`,
      blocks: [
        p(`Wij wachten nog op uw terugkoppeling op onze melding ${c.id} (herinnering ${c.vendor?.reminders ?? 0}).`),
        p('Antwoord op deze mail met uw referentie en de stand van zaken.'),
      ],
    },
    en: {
      subject: `Reminder: ${c.subject} (our reference ${c.id})`,
      blocks: [
        p(`We are still waiting for your update on our request ${c.id} (reminder ${c.vendor?.reminders ?? 0}).`),
        p('Please reply to this mail with your reference and where things stand.'),
      ],
    },
  }),
  vendorEscalation: (c, policy) => ({
    nl: {
      subject: `Escalatie leverancier ${vendorName(c, policy)}: ${c.subject}`,
      blocks: [p(`${vendorName(c, policy)} heeft na ${c.vendor?.reminders ?? 0} herinneringen niet gereageerd.`)],
    },
    en: {
      subject: `Vendor escalation ${vendorName(c, policy)}: ${c.subject}`,
      blocks: [p(`${vendorName(c, policy)} has not answered after ${c.vendor?.reminders ?? 0} reminders.`)],
    },
  }),
  slaResponseWarning: (c) => ({
    nl: {
      subject: `SLA-waarschuwing reactietijd (${c.priority}): ${c.subject}`,
      blocks: [p('De reactietijd dreigt te verlopen.')],
    },
    en: {
      subject: `SLA warning, response time (${c.priority}): ${c.subject}`,
      blocks: [p('The response time is about to run out.')],
    },
  }),
  slaResponseBreach: (c) => ({
    nl: {
      subject: `SLA overschreden, reactietijd (${c.priority}): ${c.subject}`,
      blocks: [p('De reactietijd is overschreden.')],
    },
    en: {
      subject: `SLA breached, response time (${c.priority}): ${c.subject}`,
      blocks: [p('The response time has been exceeded.')],
    },
  }),
  slaResolutionWarning: (c) => ({
    nl: {
      subject: `SLA-waarschuwing oplostijd (${c.priority}): ${c.subject}`,
      blocks: [p('De oplostijd dreigt te verlopen.')],
    },
    en: {
      subject: `SLA warning, resolution time (${c.priority}): ${c.subject}`,
      blocks: [p('The resolution time is about to run out.')],
    },
  }),
  slaResolutionBreach: (c) => ({
    nl: {
      subject: `SLA overschreden, oplostijd (${c.priority}): ${c.subject}`,
      blocks: [p('De oplostijd is overschreden.')],
    },
    en: {
      subject: `SLA breached, resolution time (${c.priority}): ${c.subject}`,
      blocks: [p('The resolution time has been exceeded.')],
    },
  }),
} satisfies Record<string, Texts>;

/** The mails the lifecycle can owe: the chart's notify actions name one of these, checked by the compiler. */
export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as TemplateName[];

/** One line, no control characters: what may go into a mail header. */
export const headerSafe = (value: string) => singleLine(value).slice(0, 250);

function greetingOf(notification: Notification, context: TicketContext, policy: Policy, language: Language) {
  if (notification.to === 'requester') {
    const name = context.requester.name ? singleLine(context.requester.name) : null;
    return language === 'nl' ? (name ? `Beste ${name},` : 'Beste klant,') : name ? `Dear ${name},` : 'Hello,';
  }
  if (notification.to === 'dutyManager') return `Beste ${policy.dutyManager.name},`;
  if (notification.to === 'assignee') {
    const agent = findAgent(policy, context.assignment?.agentId ?? '');
    return agent ? `Dear ${agent.name},` : 'Hello,';
  }
  if (notification.to === 'team') {
    const team = findTeam(policy, context.assignment?.teamId ?? '');
    return team ? `Dear ${team.name},` : 'Hello,';
  }
  return 'Beste collega,';
}

/** The closing and the desk's signature: its name, phone and opening hours from the policy. */
export function signatureOf(policy: Policy, language: Language): string[] {
  const reach = [policy.desk.phone, openingHours(policy, language)].filter(Boolean).join(' · ');
  return [language === 'nl' ? 'Met vriendelijke groet,' : 'Kind regards,', policy.desk.name, reach];
}

/** The desk's own agents and teams are mailed in English: the policy gives them no language. */
const internal = (to: Notification['to']) => to === 'assignee' || to === 'team';

/**
 * Customers read their ticket's language; vendors and the duty manager the desk's own, Dutch; the
 * desk's agents and team mailboxes English.
 */
export function renderNotification(
  notification: Notification,
  context: TicketContext,
  policy: Policy,
  link: LinkFor = () => null,
  trigger: Trigger = { type: 'none' },
  consoleUrl: string | null = null,
): RenderedMessage {
  // A stored outbox item may name a template a newer desk dropped: refuse it by name, not by crash.
  if (!Object.hasOwn(templates, notification.template)) throw new Error(`no template ${notification.template}`);
  const texts: Texts = templates[notification.template];
  const language = notification.to === 'requester' ? context.language : internal(notification.to) ? 'en' : 'nl';
  const written = texts(
    context,
    policy,
    notification.to === 'requester' ? link : () => null,
    trigger,
    internal(notification.to) ? consoleUrl : null,
  );
  const copy = written[language];
  const subject = headerSafe(`${written.personal ? 'Re: ' : ''}[${context.id}] ${copy.subject}`);
  const letter: MailLetter = {
    greeting: greetingOf(notification, context, policy, language),
    blocks: copy.blocks,
    signature: signatureOf(policy, language),
  };
  const attachments = written.attachments?.length ? { attachments: written.attachments } : {};
  return {
    subject,
    text: mailText(letter),
    language,
    letter,
    ...attachments,
    ...(written.personal ? { personal: true as const } : {}),
    ...(written.copies?.length ? { copies: written.copies } : {}),
  };
}
