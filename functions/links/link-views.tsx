// The pages behind customers' links, in Dutch and English: plain accessible HTML, no external
// assets, buttons that are plain form POSTs (never submitted by script). Each page says what
// happens after the customer's answer, and (in the layout's footer) how to reach the desk.
import type { ComponentChildren } from 'preact';
import type { LinkAction } from '../../workflows/links/link-token';
import type { TicketContext } from '../../workflows/lifecycle/ticket-machine';
import type { Language, Policy } from '../../workflows/policy/policy';
import { formatsFor } from '../views/formats';
import { deskContactOf, LinkLayout } from '../views/link-layout';
import { renderDocument } from '../views/render';
import { UserText } from '../views/user-text-bdi';
import { QuoteTable } from '../views/quote-table';

export const linkPageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const words = {
  nl: {
    quote: 'Offerte',
    consent: 'Ondersteuning op locatie',
    resolution: 'Uw melding is opgelost',
    approve: 'Akkoord',
    decline: 'Afwijzen',
    consentYes: 'Akkoord, kom langs',
    consentNo: 'Liever niet',
    confirm: 'Ja, opgelost',
    reopen: 'Nee, heropen de melding',
    rate: (r: string) =>
      `Het bezoek wordt achteraf berekend tegen het geldende uurtarief van ${r} (excl. btw), op basis van de werkelijk bestede uren.`,
    askQuote: 'Gaat u akkoord met deze offerte?',
    askConsent: 'Mogen wij bij u langskomen?',
    askResolution: 'Is het probleem opgelost?',
    summary: 'Wat er is gedaan',
    done: 'Gedaan',
    ref: 'Referentie',
    next: 'Wat gebeurt er daarna?',
    nextByAnswer: 'Wat er na uw antwoord gebeurt:',
    nothingToDo: 'U hoeft niets meer te doen.',
    writing: 'Uw wijzigingsverzoek',
    registered: 'Zo hebben wij uw verzoek vastgelegd:',
    description: 'Omschrijving',
    askWriting: 'Is dit de wijziging die u vraagt?',
    confirmWriting: 'Ja, dit vraag ik schriftelijk aan',
    notWriting: 'Klopt er iets niet? Antwoord dan op de mail en schrijf wat er anders moet.',
  },
  en: {
    quote: 'Quote',
    consent: 'On-site support',
    resolution: 'Your request has been resolved',
    approve: 'Approve',
    decline: 'Decline',
    consentYes: 'Yes, please visit',
    consentNo: 'No, thank you',
    confirm: 'Yes, it is solved',
    reopen: 'No, reopen the request',
    rate: (r: string) =>
      `The visit is billed afterwards at the current hourly rate of ${r} (excl. VAT), for the hours actually spent.`,
    askQuote: 'Do you approve this quote?',
    askConsent: 'May we visit you on site?',
    askResolution: 'Is the problem solved?',
    summary: 'What was done',
    done: 'Done',
    ref: 'Reference',
    next: 'What happens next?',
    nextByAnswer: 'What happens after your answer:',
    nothingToDo: 'There is nothing more you need to do.',
    writing: 'Your request for change',
    registered: 'This is how we registered your request:',
    description: 'Description',
    askWriting: 'Is this the change you are asking for?',
    confirmWriting: 'Yes, I request this in writing',
    notWriting: 'Is something wrong? Reply to the mail and write what should be different.',
  },
};

/** What the desk does after each answer, as the lifecycle goes on from it. */
const nextSteps: Record<LinkAction, { nl: string; en: string }> = {
  approve_quote: {
    nl: 'Wij plannen de uitvoering en laten u per mail weten wanneer wij beginnen.',
    en: 'We plan the work and let you know by mail when we start.',
  },
  decline_quote: {
    nl: 'Wij voeren de wijziging niet uit. De melding wordt gesloten; u krijgt een bevestiging per mail.',
    en: 'We do not carry out the change. The request is closed; you get a confirmation by mail.',
  },
  consent_onsite: {
    nl: 'Wij plannen het bezoek en mailen u de datum en tijd.',
    en: 'We plan the visit and mail you the date and time.',
  },
  decline_onsite: {
    nl: 'Er komt niemand langs. Wij zoeken op afstand verder naar een oplossing en houden u op de hoogte.',
    en: 'Nobody visits. We keep looking for a solution remotely and keep you informed.',
  },
  confirm_resolution: {
    nl: 'De melding wordt gesloten; u krijgt een bevestiging per mail.',
    en: 'The request is closed; you get a confirmation by mail.',
  },
  confirm_change: {
    nl: 'De melding wordt gesloten; u krijgt een bevestiging per mail.',
    en: 'The request is closed; you get a confirmation by mail.',
  },
  confirm_in_writing: {
    nl: 'Wij stellen een offerte op en sturen die u ter goedkeuring.',
    en: 'We prepare a quote and send it to you for approval.',
  },
  reopen: {
    nl: 'Een medewerker pakt de melding weer op en neemt contact met u op.',
    en: 'An agent picks the request up again and gets back to you.',
  },
};

type Choice = { action: LinkAction; label: string; url: string };

/**
 * The question as a heading, what each answer leads to, then the answers as buttons (plain form
 * POSTs, their visible words their accessible names) grouped under the question they answer.
 */
function Choices({ language, question, choices }: { language: Language; question: string; choices: Choice[] }) {
  return (
    <>
      <h2 id="question">{question}</h2>
      <p>{words[language].nextByAnswer}</p>
      <ul>
        {choices.map((choice) => (
          <li>
            <strong>{choice.label}</strong>: {nextSteps[choice.action][language]}
          </li>
        ))}
      </ul>
      <div class="actions" role="group" aria-labelledby="question">
        {choices.map((choice) => (
          <form method="post" action={choice.url}>
            <button type="submit">{choice.label}</button>
          </form>
        ))}
      </div>
    </>
  );
}

function Reference({ language, context }: { language: Language; context: TicketContext }) {
  return (
    <p>
      {words[language].ref}: <strong>{context.id}</strong> — <UserText value={context.subject} />
    </p>
  );
}

/** What a decision page puts to the customer: its title, what it shows, the question and its two answers. */
interface Decision {
  title: string;
  shows: ComponentChildren;
  question: string;
  choices: Choice[];
}

function decisionOf(
  language: Language,
  action: LinkAction,
  context: TicketContext,
  urls: { yes: string; no: string | null },
  policy: Policy,
): Decision {
  const w = words[language];
  const formats = formatsFor(language, policy.businessHours.timeZone);
  const answers = (yes: LinkAction, yesLabel: string, no: LinkAction, noLabel: string): Choice[] => [
    { action: yes, label: yesLabel, url: urls.yes },
    ...(urls.no ? [{ action: no, label: noLabel, url: urls.no }] : []),
  ];
  // One answer only: what was registered, and the button that puts it in writing.
  if (action === 'confirm_in_writing')
    return {
      title: w.writing,
      shows: (
        <>
          <p>{w.registered}</p>
          {context.description ? (
            <>
              <h2>{w.description}</h2>
              <p dir="auto" style="white-space: pre-line">
                {context.description}
              </p>
            </>
          ) : null}
          <p>{w.notWriting}</p>
        </>
      ),
      question: w.askWriting,
      choices: [{ action, label: w.confirmWriting, url: urls.yes }],
    };
  if (action === 'approve_quote' || action === 'decline_quote')
    return {
      title: w.quote,
      shows: (
        <QuoteTable
          id="quote-caption"
          version={context.quote?.version ?? ''}
          lines={context.quote?.lines ?? []}
          totalCents={context.quote?.totalCents ?? 0}
          formats={formats}
        />
      ),
      question: w.askQuote,
      choices: answers('approve_quote', w.approve, 'decline_quote', w.decline),
    };
  if (action === 'consent_onsite' || action === 'decline_onsite')
    return {
      title: w.consent,
      shows: <p>{w.rate(formats.money(policy.rates.onSiteHourlyCents))}</p>,
      question: w.askConsent,
      choices: answers('consent_onsite', w.consentYes, 'decline_onsite', w.consentNo),
    };
  return {
    title: w.resolution,
    shows: context.resolution ? (
      <>
        <h2>{w.summary}</h2>
        <p dir="auto">{context.resolution}</p>
      </>
    ) : null,
    question: w.askResolution,
    choices: answers(
      action === 'confirm_change' ? 'confirm_change' : 'confirm_resolution',
      w.confirm,
      'reopen',
      w.reopen,
    ),
  };
}

/** The page that says exactly what the customer agrees to, with its answers as buttons and what each leads to. */
export function decisionPage(
  language: Language,
  action: LinkAction,
  context: TicketContext,
  urls: { yes: string; no: string | null },
  policy: Policy,
): string {
  const decision = decisionOf(language, action, context, urls, policy);
  return renderDocument(
    <LinkLayout
      language={language}
      title={`${decision.title} — ${context.id}`}
      contact={deskContactOf(policy)}
      ticketId={context.id}
    >
      <Reference language={language} context={context} />
      {decision.shows}
      <Choices language={language} question={decision.question} choices={decision.choices} />
    </LinkLayout>,
  );
}

const outcomes: Record<LinkAction, { nl: string; en: string }> = {
  approve_quote: { nl: 'U hebt de offerte goedgekeurd', en: 'You approved the quote' },
  decline_quote: { nl: 'U hebt de offerte afgewezen', en: 'You declined the quote' },
  consent_onsite: { nl: 'U hebt akkoord gegeven voor het bezoek op locatie', en: 'You agreed to the on-site visit' },
  decline_onsite: { nl: 'U hebt het bezoek op locatie afgewezen', en: 'You declined the on-site visit' },
  confirm_resolution: {
    nl: 'U hebt bevestigd dat de melding is opgelost',
    en: 'You confirmed that the request is resolved',
  },
  confirm_change: { nl: 'U hebt de wijziging bevestigd', en: 'You confirmed the change' },
  confirm_in_writing: {
    nl: 'U hebt uw wijzigingsverzoek schriftelijk bevestigd',
    en: 'You confirmed your request for change in writing',
  },
  reopen: { nl: 'U hebt de melding heropend', en: 'You reopened the request' },
};

/** What the answer did (or, for a used link, did before) and what the desk does next. */
export function donePage(
  language: Language,
  action: LinkAction,
  ticketId: string,
  at: number,
  already: boolean,
  policy: Policy,
): string {
  const lead = already ? (language === 'nl' ? 'Deze link is al gebruikt.' : 'This link has already been used.') : '';
  const title = already ? (language === 'nl' ? 'Al gedaan' : 'Already done') : words[language].done;
  const when = formatsFor(language, policy.businessHours.timeZone).dateTime(at);
  return renderDocument(
    <LinkLayout language={language} title={title} contact={deskContactOf(policy)} ticketId={ticketId}>
      <p>{`${lead} ${outcomes[action][language]} (${ticketId}) ${language === 'nl' ? 'op' : 'on'} ${when}.`}</p>
      <h2>{words[language].next}</h2>
      {/* A used link's answer was given earlier: the ticket may have moved on since, so no promise about now. */}
      <p>{already ? words[language].nothingToDo : nextSteps[action][language]}</p>
    </LinkLayout>,
  );
}

export type RefusalKind = 'malformed' | 'forbidden' | 'expired' | 'changed' | 'moved-on' | 'unknown-ticket';

const refusals: Record<RefusalKind, { nl: [string, string]; en: [string, string] }> = {
  malformed: {
    nl: [
      'Ongeldige link',
      'Deze link is niet compleet of niet geldig. Gebruik de link uit de mail, of neem contact op met de servicedesk.',
    ],
    en: [
      'Invalid link',
      'This link is incomplete or not valid. Use the link from the mail, or contact the service desk.',
    ],
  },
  forbidden: {
    nl: [
      'Ongeldige link',
      'Deze link is niet door de servicedesk gemaakt of is gewijzigd. Er is niets gewijzigd; gebruik de link uit de mail, of neem contact op met de servicedesk.',
    ],
    en: [
      'Invalid link',
      'This link was not made by the service desk, or it has been altered. Nothing was changed; use the link from the mail, or contact the service desk.',
    ],
  },
  expired: {
    nl: [
      'Link verlopen',
      'Deze link is verlopen; er is niets gewijzigd. Wilt u nog antwoorden, neem dan contact op met de servicedesk.',
    ],
    en: [
      'Link expired',
      'This link has expired; nothing was changed. If you still want to answer, please contact the service desk.',
    ],
  },
  changed: {
    nl: [
      'Niet meer actueel',
      'Wat deze link u voorlegde is inmiddels gewijzigd (bijvoorbeeld een herziene offerte). Er is niets gewijzigd; gebruik de link uit de nieuwste mail.',
    ],
    en: [
      'No longer current',
      'What this link put to you has changed since (for example, a revised quote). Nothing was changed; use the link in the latest mail.',
    ],
  },
  'moved-on': {
    nl: [
      'Niet meer van toepassing',
      'De melding is inmiddels verder in behandeling; deze link doet niets meer. Er is niets gewijzigd. Wilt u toch iets laten weten, neem dan contact op met de servicedesk.',
    ],
    en: [
      'No longer applies',
      'The request has moved on since; this link no longer does anything. Nothing was changed. If you still want to tell us something, please contact the service desk.',
    ],
  },
  'unknown-ticket': {
    nl: [
      'Onbekende melding',
      'De melding bij deze link bestaat niet. Neem contact op met de servicedesk als u een vraag hebt.',
    ],
    en: [
      'Unknown request',
      'The request this link belongs to does not exist. Please contact the service desk if you have a question.',
    ],
  },
};

/** Why a link does nothing; the footer says how to reach the desk instead. */
export const refusalPage = (language: Language, kind: RefusalKind, policy: Policy) =>
  renderDocument(
    <LinkLayout language={language} title={refusals[kind][language][0]} contact={deskContactOf(policy)}>
      <p>{refusals[kind][language][1]}</p>
    </LinkLayout>,
  );

/** A link page as the HTTP answer, under the strict link-page headers. */
export const linkPageResponse = (statusCode: number, body: string) => ({ statusCode, headers: linkPageHeaders, body });
