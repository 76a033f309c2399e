// The portal's page of one ticket, for a signed-in customer, in Dutch and English: its state in
// the chart's own title, the SLA targets of its priority, the public timeline (portal-visibility.ts
// decides what is on it) and a plain form per action the ticket takes now, each carrying the CSRF
// token and the hash of the content it answers, and what the last form did (a flash). No script;
// every field labelled.
import type { ComponentChildren } from 'preact';
import type { Language, Policy } from '../../workflows/policy/policy';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { stateTitle } from '../../workflows/lifecycle/state-titles';
import type { PublicEntry } from '../../workflows/portal/portal-visibility';
import type { OfferedAction, PortalAction } from '../../workflows/portal/portal-actions';
import { formatsFor, type Formats } from '../views/formats';
import { deskContactOf, LinkLayout } from '../views/link-layout';
import { renderDocument } from '../views/render';
import { UserText } from '../views/user-text-bdi';
import { QuoteTable } from '../views/quote-table';
import { PortalNav, type PortalFrame } from './portal-pages';

const words = {
  nl: {
    status: 'Status',
    subject: 'Onderwerp',
    sla: 'Afgesproken termijnen',
    response: 'Reactie binnen',
    resolution: 'Oplossing binnen',
    business: 'kantooruren',
    calendar: 'kalendertijd',
    minutes: (m: number) => (m % 60 === 0 ? `${m / 60} uur` : `${m} minuten`),
    timeline: 'Verloop',
    you: 'U',
    desk: 'Servicedesk',
    now: (s: string) => `Status nu: ${s}`,
    files: 'Bestanden',
    opened: 'Melding gedaan',
    message: 'Bericht',
    question: 'Vraag van de servicedesk',
    approved: (v: number) => `Offerte v${v} goedgekeurd`,
    declined: (v: number) => `Offerte v${v} afgewezen`,
    onsite: 'Voorstel: ondersteuning op locatie',
    consent: 'Akkoord met bezoek op locatie',
    noConsent: 'Geen bezoek op locatie gewenst',
    planned: 'Bezoek gepland',
    technician: 'Monteur',
    recorded: (h: string) => `Bezoek uitgevoerd: ${h} uur`,
    scheduled: 'Werk ingepland',
    resolved: 'Opgelost',
    reopened: 'Heropend',
    cancelled: 'Geannuleerd',
    mail: (a: string) => `E-mail verstuurd aan ${a}`,
    reason: 'Reden',
    actions: 'Wat kunt u doen?',
    rate: (r: string) => `Het bezoek wordt achteraf berekend tegen ${r} per uur (excl. btw).`,
    labels: {
      reply: 'Reageren',
      approve_quote: 'Offerte goedkeuren',
      decline_quote: 'Offerte afwijzen',
      consent_onsite: 'Akkoord, kom langs',
      decline_onsite: 'Liever geen bezoek',
      confirm_resolution: 'Ja, opgelost',
      reopen: 'Nee, heropen de melding',
      confirm_in_writing: 'Ik bevestig dit wijzigingsverzoek',
    } satisfies Record<PortalAction, string>,
    replyText: 'Uw bericht',
    attach: 'Bestanden toevoegen (optioneel)',
    whyNot: 'Reden (optioneel)',
    back: 'Terug naar uw meldingen',
    done: {
      reply: 'Uw bericht is toegevoegd aan de melding.',
      approve_quote: 'U hebt de offerte goedgekeurd.',
      decline_quote: 'U hebt de offerte afgewezen.',
      consent_onsite: 'U hebt ingestemd met een bezoek op locatie.',
      decline_onsite: 'U hebt een bezoek op locatie afgewezen.',
      confirm_resolution: 'U hebt bevestigd dat het is opgelost.',
      reopen: 'De melding is heropend.',
      confirm_in_writing: 'U hebt het wijzigingsverzoek schriftelijk bevestigd.',
    } satisfies Record<PortalAction, string>,
    changed:
      'De melding is gewijzigd sinds u de pagina opende (bijvoorbeeld een herziene offerte). Er is niets veranderd; bekijk hieronder de huidige stand.',
    notAllowed: 'Dat kan nu niet meer bij deze melding. Er is niets veranderd; hieronder ziet u wat nu kan.',
    invalid: 'Het formulier was niet volledig of niet geldig. Er is niets veranderd.',
    emptyReply: 'Schrijf een bericht of voeg een bestand toe.',
    filesRefused: (why: string) => `De bestanden zijn niet aangenomen: ${why}. Er is niets veranderd.`,
    received: 'Uw aanvraag is ontvangen. U leest hier hoe het ermee staat.',
  },
  en: {
    status: 'Status',
    subject: 'Subject',
    sla: 'Agreed targets',
    response: 'Response within',
    resolution: 'Resolution within',
    business: 'business hours',
    calendar: 'calendar time',
    minutes: (m: number) => (m % 60 === 0 ? `${m / 60} hours` : `${m} minutes`),
    timeline: 'History',
    you: 'You',
    desk: 'Service desk',
    now: (s: string) => `Status now: ${s}`,
    files: 'Files',
    opened: 'Request made',
    message: 'Message',
    question: 'Question from the service desk',
    approved: (v: number) => `Quote v${v} approved`,
    declined: (v: number) => `Quote v${v} declined`,
    onsite: 'Proposed: on-site support',
    consent: 'On-site visit agreed',
    noConsent: 'No on-site visit wanted',
    planned: 'Visit planned',
    technician: 'Technician',
    recorded: (h: string) => `Visit done: ${h} hours`,
    scheduled: 'Work scheduled',
    resolved: 'Resolved',
    reopened: 'Reopened',
    cancelled: 'Cancelled',
    mail: (a: string) => `Email sent to ${a}`,
    reason: 'Reason',
    actions: 'What can you do?',
    rate: (r: string) => `The visit is billed afterwards at ${r} per hour (excl. VAT).`,
    labels: {
      reply: 'Reply',
      approve_quote: 'Approve the quote',
      decline_quote: 'Decline the quote',
      consent_onsite: 'Yes, please visit',
      decline_onsite: 'No visit, thank you',
      confirm_resolution: 'Yes, it is solved',
      reopen: 'No, reopen the request',
      confirm_in_writing: 'I confirm this request for change',
    } satisfies Record<PortalAction, string>,
    replyText: 'Your message',
    attach: 'Add files (optional)',
    whyNot: 'Reason (optional)',
    back: 'Back to your tickets',
    done: {
      reply: 'Your message was added to the ticket.',
      approve_quote: 'You approved the quote.',
      decline_quote: 'You declined the quote.',
      consent_onsite: 'You agreed to an on-site visit.',
      decline_onsite: 'You declined an on-site visit.',
      confirm_resolution: 'You confirmed that it is solved.',
      reopen: 'The ticket was reopened.',
      confirm_in_writing: 'You confirmed the request for change in writing.',
    } satisfies Record<PortalAction, string>,
    changed:
      'The ticket changed since you opened the page (a revised quote, say). Nothing changed; see where it stands now below.',
    notAllowed: 'The ticket does not take that now. Nothing changed; below is what you can do now.',
    invalid: 'The form was incomplete or not valid. Nothing changed.',
    emptyReply: 'Write a message or add a file.',
    filesRefused: (why: string) => `The files were not accepted: ${why}. Nothing changed.`,
    received: 'Your request has been received. This page shows how it stands.',
  },
};
type Words = (typeof words)['nl'];

/** What the last form did, as the page says it: done (after the redirect) or refused, and why. */
export type PortalFlash =
  | { kind: 'done'; action: PortalAction }
  /** A request the customer just opened from the portal. */
  | { kind: 'opened' }
  | { kind: 'refused'; why: 'changed' | 'not-allowed' | 'invalid' | 'empty-reply' }
  | { kind: 'files-refused'; why: string };

const flashText = (w: Words, flash: PortalFlash) =>
  flash.kind === 'done'
    ? w.done[flash.action]
    : flash.kind === 'opened'
      ? w.received
      : flash.kind === 'files-refused'
        ? w.filesRefused(flash.why)
        : new Map([
            ['changed', w.changed],
            ['not-allowed', w.notAllowed],
            ['invalid', w.invalid],
            ['empty-reply', w.emptyReply],
          ]).get(flash.why)!;

export interface PortalTicketPageInput {
  language: Language;
  policy: Policy;
  machine: TicketMachine;
  head: TicketHead;
  entries: PublicEntry[];
  offered: OfferedAction[];
  /** The session's CSRF token, put in every form. */
  csrf: string;
  /** Where the forms post (the portal's action route for this ticket). */
  actionPath: string;
  /** The portal's frame (language switch, sign-out), when signed in. */
  frame?: PortalFrame;
  flash?: PortalFlash;
}

const Said = ({ label, text }: { label: string; text: string }) =>
  text.trim() ? (
    <blockquote dir="auto" aria-label={label} style="white-space:pre-wrap;margin:.25rem 0 .5rem 1rem">
      <UserText value={text} />
    </blockquote>
  ) : null;

const Files = ({ w, files }: { w: Words; files: { name: string }[] }) =>
  files.length ? (
    <p>
      {w.files}: <UserText value={files.map((f) => f.name).join(', ')} />
    </p>
  ) : null;

const plannedAt = (value: string, formats: Formats) => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : formats.dateTime(ms);
};

/** What one public entry says, in the customer's language. */
function EntryBody({ e, w, formats }: { e: PublicEntry; w: Words; formats: Formats }): ComponentChildren {
  switch (e.kind) {
    case 'opened':
      return (
        <>
          <p>
            <strong>{w.opened}</strong>: <UserText value={e.subject} />
          </p>
          <Said label={w.message} text={e.description} />
          <Files w={w} files={e.files} />
        </>
      );
    case 'customer-message':
    case 'desk-reply':
      return (
        <>
          <Said label={w.message} text={e.message} />
          <Files w={w} files={e.files} />
        </>
      );
    case 'question':
      return (
        <>
          <p>
            <strong>{w.question}</strong>
          </p>
          <Said label={w.question} text={e.question} />
        </>
      );
    case 'quote':
      return (
        <QuoteTable
          id={`quote-${e.seq}`}
          version={e.version}
          lines={e.lines}
          totalCents={e.totalCents}
          formats={formats}
        />
      );
    case 'quote-answer':
      return (
        <>
          <p>{e.approved ? w.approved(e.version) : w.declined(e.version)}</p>
          {e.reason ? <Said label={w.reason} text={e.reason} /> : null}
        </>
      );
    case 'onsite-proposed':
      return (
        <>
          <p>
            <strong>{w.onsite}</strong>
          </p>
          <Said label={w.reason} text={e.reason} />
        </>
      );
    case 'consent-answer':
      return (
        <>
          <p>{e.given ? w.consent : w.noConsent}</p>
          {e.reason ? <Said label={w.reason} text={e.reason} /> : null}
        </>
      );
    case 'visit-planned':
      return (
        <p>
          {w.planned}: {plannedAt(e.plannedFor, formats)} — {w.technician}: <UserText value={e.technician} />
        </p>
      );
    case 'visit-recorded':
      return (
        <>
          <p>{w.recorded(formats.quantity(e.hours))}</p>
          {e.materials.length ? (
            <ul>
              {e.materials.map((m) => (
                <li>
                  {formats.quantity(m.quantity)} × <UserText value={m.description} />
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case 'work-scheduled':
      return (
        <p>
          {w.scheduled}: {plannedAt(e.plannedFor, formats)}
        </p>
      );
    case 'resolved':
      return (
        <>
          <p>
            <strong>{w.resolved}</strong>
          </p>
          <Said label={w.resolved} text={e.summary} />
        </>
      );
    case 'reopened':
      return (
        <>
          <p>{w.reopened}</p>
          {e.reason ? <Said label={w.reason} text={e.reason} /> : null}
        </>
      );
    case 'cancelled':
      return (
        <>
          <p>{w.cancelled}</p>
          <Said label={w.reason} text={e.reason} />
        </>
      );
    case 'mail':
      return (
        <p>
          {w.mail(e.address)}: <UserText value={e.subject} />
        </p>
      );
    case 'status':
      return null;
  }
}

function Timeline({ input, w, formats }: { input: PortalTicketPageInput; w: Words; formats: Formats }) {
  return (
    <ol reversed>
      {[...input.entries].reverse().map((e) => (
        <li data-kind={e.kind}>
          <p>
            <strong>{e.by.type === 'desk' ? w.desk : <UserText value={e.by.address} />}</strong> ·{' '}
            <time datetime={formats.iso(e.at)}>{formats.dateTime(e.at)}</time>
            {e.status ? <> · {w.now(stateTitle(input.machine, e.status)[input.language])}</> : null}
          </p>
          <EntryBody e={e} w={w} formats={formats} />
        </li>
      ))}
    </ol>
  );
}

/** One action's form: the CSRF token, the action and the hash of what it answers, hidden; what the customer may add, labelled. */
function ActionForm({ input, offer, w }: { input: PortalTicketPageInput; offer: OfferedAction; w: Words }) {
  const id = `${offer.action}-form`;
  const hidden = (
    <>
      <input type="hidden" name="csrf" value={input.csrf} />
      <input type="hidden" name="action" value={offer.action} />
      {offer.contentHash ? <input type="hidden" name="contentHash" value={offer.contentHash} /> : null}
    </>
  );
  if (offer.action === 'reply')
    return (
      <form method="post" action={input.actionPath} enctype="multipart/form-data" data-action={offer.action}>
        {hidden}
        <label for={`${id}-message`}>{w.replyText}</label>
        <textarea id={`${id}-message`} name="message" rows={5} maxLength={100_000} />
        <label for={`${id}-files`}>{w.attach}</label>
        <input id={`${id}-files`} type="file" name="files" multiple />
        <p>
          <button type="submit">{w.labels.reply}</button>
        </p>
      </form>
    );
  const withReason = offer.action === 'decline_quote' || offer.action === 'decline_onsite' || offer.action === 'reopen';
  return (
    <form method="post" action={input.actionPath} data-action={offer.action}>
      {hidden}
      {withReason ? (
        <>
          <label for={`${id}-reason`}>{w.whyNot}</label>
          <textarea id={`${id}-reason`} name="reason" rows={3} maxLength={2000} />
        </>
      ) : null}
      <p>
        <button type="submit">{w.labels[offer.action]}</button>
      </p>
    </form>
  );
}

function PortalTicketPage({ input }: { input: PortalTicketPageInput }) {
  const { language, policy, head } = input;
  const w = words[language];
  const formats = formatsFor(language, policy.businessHours.timeZone);
  const target = Object.hasOwn(policy.sla.targets, head.priority)
    ? policy.sla.targets[head.priority as keyof Policy['sla']['targets']]
    : null;
  const consent = input.offered.some((o) => o.action === 'consent_onsite');
  return (
    <LinkLayout
      language={language}
      title={`${head.id}: ${head.subject}`}
      contact={deskContactOf(policy)}
      ticketId={head.id}
    >
      {input.frame ? <PortalNav frame={input.frame} /> : null}
      <p>
        <a href={`/portal/tickets?lang=${language}`}>{w.back}</a>
      </p>
      {input.flash ? (
        <p id="flash" role={input.flash.kind === 'done' ? 'status' : 'alert'} data-flash={input.flash.kind}>
          <strong>{flashText(w, input.flash)}</strong>
        </p>
      ) : null}
      <dl>
        <dt>{w.status}</dt>
        <dd data-status={head.status}>{stateTitle(input.machine, head.stage)[language]}</dd>
        {target ? (
          <>
            <dt>{w.response}</dt>
            <dd>
              {w.minutes(target.responseMinutes)} ({target.clock === 'business' ? w.business : w.calendar})
            </dd>
            <dt>{w.resolution}</dt>
            <dd>
              {w.minutes(target.resolutionMinutes)} ({target.clock === 'business' ? w.business : w.calendar})
            </dd>
          </>
        ) : null}
      </dl>
      {input.offered.length ? (
        <section aria-labelledby="actions">
          <h2 id="actions">{w.actions}</h2>
          {consent ? <p>{w.rate(formats.money(policy.rates.onSiteHourlyCents))}</p> : null}
          {input.offered.map((offer) => (
            <ActionForm input={input} offer={offer} w={w} />
          ))}
        </section>
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{w.timeline}</h2>
        <Timeline input={input} w={w} formats={formats} />
      </section>
    </LinkLayout>
  );
}

export const portalTicketPage = (input: PortalTicketPageInput): string =>
  renderDocument(<PortalTicketPage input={input} />);
