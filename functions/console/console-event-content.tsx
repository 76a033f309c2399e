// What one logged event says, as an agent reads it on the timeline: what happened in a few words
// (past tense; a timer's firing as its outcome, in the chart's own state titles), and what was
// written or decided — people's words as quoted text, instants as desk-time dates, a requester
// as name and address, quote lines and materials as a table with their amounts. Never a field
// dump: an event this module does not know shows its plain values, labelled, and nothing else.
import type { ComponentChildren } from 'preact';
import { lineAmountCents } from '../../workflows/billing/money';
import { findCatalogItem, findVendor, type Policy } from '../../workflows/policy/policy';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { stateTitle } from '../../workflows/lifecycle/state-titles';
import { parseIsoInstant } from '../../workflows/time/zoned-time';
import { stageTitle } from './console-pages';
import { eventTitle } from './console-event-forms';
import type { Formats } from '../views/formats';
import { Linkified } from '../views/linkified';
import { UserText } from '../views/user-text-bdi';
import { ownerWords, teamName } from './console-owner';

export interface EventContext {
  head: TicketHead;
  policy: Policy;
  machine: TicketMachine;
  formats: Formats;
  /** The lifecycle stage before this event (null for the first). */
  stageBefore: string | null;
}

type Fields = Record<string, unknown>;

const stringOf = (e: Fields, key: string): string | null => {
  const value = e[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
};
const numberOf = (e: Fields, key: string): number | null => (typeof e[key] === 'number' ? (e[key] as number) : null);
const listOf = (e: Fields, key: string): Fields[] =>
  Array.isArray(e[key]) ? (e[key] as unknown[]).filter((v): v is Fields => typeof v === 'object' && v !== null) : [];

/** An instant in desk time, machine-readable too. */
export const Instant = ({ at, formats }: { at: number; formats: Formats }) => (
  <time datetime={formats.iso(at)}>{formats.stamp(at)}</time>
);

/** An ISO date and time (a visit's `plannedFor`) as a desk-time date; what does not parse is shown as written. */
export function PlannedFor({ value, formats }: { value: string; formats: Formats }) {
  const at = parseIsoInstant(value, formats.timeZone);
  return Number.isFinite(at) ? <Instant at={at} formats={formats} /> : <UserText value={value} />;
}

/** A person as name and address. */
export function Person({ name, email }: { name?: string | null; email: string }) {
  return (
    <>
      {name ? (
        <>
          <UserText value={name} />{' '}
        </>
      ) : null}
      &lt;
      <UserText value={email} />
      &gt;
    </>
  );
}

/** Longer words show their start, the rest behind a disclosure (no script needed), so one huge mail cannot bury the timeline. */
const SHOWN_CHARS = 2000;

/** What someone wrote, quoted as they wrote it: line breaks kept, links clickable, never markup. */
export function Words({ label, text }: { label: string; text: string }) {
  const cut = text.length > SHOWN_CHARS ? Math.max(text.lastIndexOf('\n', SHOWN_CHARS), SHOWN_CHARS / 2) : -1;
  return (
    <figure class="words">
      <figcaption>{label}</figcaption>
      <blockquote dir="auto">
        {cut < 0 ? (
          <Linkified text={text} />
        ) : (
          <>
            <Linkified text={text.slice(0, cut)} />
            <details>
              <summary>Show all {text.length.toLocaleString('en-GB')} characters</summary>
              <Linkified text={text.slice(cut)} />
            </details>
          </>
        )}
      </blockquote>
    </figure>
  );
}

/** Labelled facts as a definition list, each value marked with its label; empty ones left out. */
export function FactList({ rows, class: kind }: { rows: [string, ComponentChildren | null][]; class: string }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (!shown.length) return null;
  return (
    <dl class={kind}>
      {shown.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd data-fact={k}>{v}</dd>
        </>
      ))}
    </dl>
  );
}

const Facts = ({ rows }: { rows: [string, ComponentChildren | null][] }) => (
  <FactList rows={rows} class="event-facts" />
);

/** Quote lines or materials: quantity × unit price per line, and the total, as money.ts computes them. */
function Lines({
  caption,
  total,
  lines,
  formats,
}: {
  caption: string;
  total: string;
  lines: Fields[];
  formats: Formats;
}) {
  if (!lines.length) return null;
  const withKind = lines.some((l) => typeof l.kind === 'string');
  const amounts = lines.map((l) => lineAmountCents(Number(l.quantity) || 0, Number(l.unitCents) || 0));
  return (
    <table class="lines">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {withKind ? <th scope="col">Kind</th> : null}
          <th scope="col">Description</th>
          <th scope="col" class="num">
            Quantity
          </th>
          <th scope="col" class="num">
            Unit price
          </th>
          <th scope="col" class="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr>
            {withKind ? <td>{String(l.kind ?? '')}</td> : null}
            <td>
              <UserText value={String(l.description ?? '')} />
            </td>
            <td class="num">{formats.quantity(Number(l.quantity) || 0)}</td>
            <td class="num">{formats.money(Number(l.unitCents) || 0)}</td>
            <td class="num">{formats.money(amounts[i]!)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={withKind ? 4 : 3}>
            {total}
          </th>
          <td class="num">{formats.money(amounts.reduce((a, b) => a + b, 0))}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The files an event carries, each a download from the ticket (console-file.handler.ts) when its digest is one. */
function Files({ files, ticketId }: { files: Fields[]; ticketId: string }) {
  if (!files.length) return null;
  return (
    <p class="files">
      Attached:{' '}
      {files.map((f, i) => {
        const name = <UserText value={String(f.name ?? 'unnamed')} />;
        const sha256 = typeof f.sha256 === 'string' && /^[a-f0-9]{64}$/.test(f.sha256) ? f.sha256 : null;
        return (
          <>
            {i ? ', ' : ''}
            {sha256 ? <a href={`/console/tickets/${ticketId}/files/${sha256}`}>{name}</a> : name}{' '}
            <span class="muted">({sizeText(Number(f.size) || 0)})</span>
          </>
        );
      })}
    </p>
  );
}

/** Bytes as a person reads them: 812 B, 14 KB, 2.3 MB. */
export const sizeText = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Hours, and what they are billed at when the event stamped a rate. */
function hoursText(hours: number, rateCents: number | null, formats: Formats): string {
  const h = `${formats.quantity(hours)} h`;
  return rateCents === null
    ? h
    : `${h} × ${formats.money(rateCents)} = ${formats.money(lineAmountCents(hours, rateCents))}`;
}

const yesNo = (value: unknown) => (value === true ? 'yes' : value === false ? 'no' : null);

/** How a ticket came in, from the CREATED event's own channel. */
const openedVia = new Map([
  ['phone', 'phone call, registered by an agent'],
  ['agent', "registered by an agent on the customer's behalf"],
  ['email', 'mail'],
  ['webhook', 'monitoring (webhook)'],
]);

/** Events a customer or vendor sends, or an agent records for them: the phrase for each. */
const recorded = new Map<string, [party: string, agent: string]>([
  ['CUSTOMER_REPLIED', ['answered', "recorded the customer's answer"]],
  ['VENDOR_REPLIED', ['replied', "recorded the vendor's reply"]],
  ['CONSENT_GIVEN', ['agreed to the on-site visit', "recorded the customer's consent to the visit"]],
  ['CONSENT_DECLINED', ['declined the on-site visit', 'recorded that the customer declined the visit']],
  ['QUOTE_APPROVED', ['approved the quote', "recorded the quote's approval"]],
  ['QUOTE_DECLINED', ['declined the quote', 'recorded that the quote was declined']],
  ['CONFIRM_RESOLUTION', ['confirmed the resolution', "recorded the customer's confirmation"]],
  ['REOPEN', ['reopened the ticket', 'reopened the ticket']],
]);

const done = new Map([
  ['CREATED', 'opened the ticket'],
  ['CLASSIFY', 'classified the ticket'],
  ['SET_PRIORITY', 'changed the priority'],
  ['ADD_NOTE', 'added an internal note'],
  ['REPLY', 'replied to the customer'],
  ['REQUEST_INFO', 'asked the customer for information'],
  ['FORWARD_TO_VENDOR', 'forwarded the ticket to a vendor'],
  ['PROPOSE_ONSITE', 'proposed an on-site visit'],
  ['PLAN_VISIT', 'planned the visit'],
  ['RECORD_VISIT', "recorded the visit's hours and materials"],
  ['RECORD_HOURS', 'recorded hours worked'],
  ['START_QUOTE', 'started a quote'],
  ['SUBMIT_QUOTE', 'submitted a quote'],
  ['REVISE_QUOTE', 'took the quote back for revision'],
  ['SCHEDULE_WORK', 'scheduled the work'],
  ['START_WORK', 'started the work'],
  ['RESOLVE', 'resolved the ticket'],
  ['CANCEL', 'cancelled the ticket'],
  ['COMMENT', 'wrote'],
  ['ALERT_RESOLVED', 'reported the alert resolved'],
  ['MAIL_RECORDED', 'sent a machine mail (recorded, not acted on)'],
]);

/** Whom each waiting timer waits on: a reminder goes to them, and running out of reminders is their silence. */
const waitsOn = new Map([
  ['customerReminder', 'the customer'],
  ['approvalReminder', 'the customer'],
  ['consentReminder', 'the customer'],
  ['resolvedAutoClose', 'the customer'],
  ['vendorFollowUp', 'the vendor'],
]);

const humanize = (name: string) => {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A timer's firing as what happened: an SLA clock's warning or breach in the chart's titles of its
 * region and state; a reminder when the ticket stayed where it was; otherwise whose silence moved
 * it, and where to (the chart's title of the stage it is in now).
 */
export function timerOutcome(name: string, logged: LoggedEvent, ctx: EventContext): string {
  const sla = /^sla(Response|Resolution)(Warning|Breach)$/.exec(name);
  if (sla) {
    const clock = sla[1]!.toLowerCase();
    const state = sla[2] === 'Warning' ? 'running.atRisk' : 'breached';
    const region = stateTitle(ctx.machine, clock, 'sla').en.toLowerCase();
    return `SLA ${region}: ${stateTitle(ctx.machine, `${clock}.${state}`, 'sla').en.toLowerCase()}`;
  }
  const party = waitsOn.get(name);
  const now = stageTitle(ctx.machine, logged.stage);
  if (party && logged.stage === ctx.stageBefore) return `Reminder sent to ${party}`;
  if (party) return `No answer from ${party}: now ${now}`;
  return `${humanize(name)}: now ${now}`;
}

/** The owner an event's stamped assignment gave the ticket (ASSIGN; routing on CREATED and CLASSIFY). */
const assignedOf = (e: Fields) => {
  const stamp = e.assigned as { agentId?: unknown; teamId?: unknown } | undefined;
  if (!stamp || typeof stamp !== 'object') return null;
  return {
    agentId: typeof stamp.agentId === 'string' ? stamp.agentId : null,
    teamId: typeof stamp.teamId === 'string' ? stamp.teamId : null,
  };
};

/** An assignment in words: "assigned it to Bram Jansen (Change team)", or back to a team's queue. */
function assignedWords(logged: LoggedEvent, policy: Policy): string {
  const owner = assignedOf(logged.event);
  if (!owner) return 'assigned the ticket';
  if (owner.agentId)
    return owner.agentId === logged.actor.id && logged.actor.type === 'agent'
      ? `took it (${teamName(policy, owner.teamId)})`
      : `assigned it to ${ownerWords(policy, owner.agentId, owner.teamId)}`;
  return `put it in the ${teamName(policy, owner.teamId)} queue, unassigned`;
}

/** Where routing put the ticket, for the facts of the event that did it. */
const routedTo = (e: Fields, policy: Policy) => {
  const owner = assignedOf(e);
  return owner?.teamId ? teamName(policy, owner.teamId) : null;
};

/** What the actor did, in a few words (past tense, after their name). */
export function whatHappened(logged: LoggedEvent, ctx: EventContext): string {
  if (logged.type.startsWith('timer:')) return timerOutcome(logged.type.slice('timer:'.length), logged, ctx);
  if (logged.type === 'ASSIGN') return assignedWords(logged, ctx.policy);
  const pair = recorded.get(logged.type);
  if (pair) return logged.actor.type === 'agent' ? pair[1] : pair[0];
  return done.get(logged.type) ?? eventTitle(logged.type);
}

/** What the event carries, readable; nothing when it carries nothing worth showing. */
export function EventBody({ logged, ctx }: { logged: LoggedEvent; ctx: EventContext }) {
  const e = logged.event;
  const { formats, policy, head } = ctx;
  /** A field of what people typed, as their text. */
  const typed = (key: string) => {
    const value = stringOf(e, key);
    return value && <UserText value={value} />;
  };
  const words = (label: string, key: string) => {
    const text = stringOf(e, key);
    return text ? <Words label={label} text={text} /> : null;
  };
  /** Facts, then what was written (and the files that came with it, for those that carry files). */
  const said = (rows: [string, ComponentChildren | null][], label: string, key: string) => (
    <>
      <Facts rows={rows} />
      {words(label, key)}
      <Files files={listOf(e, 'attachments')} ticketId={head.id} />
    </>
  );
  const customerName = (id: string | null) => id && (policy.customers.find((c) => c.id === id)?.name ?? id);
  const kindAndPriority = [stringOf(e, 'kind'), stringOf(e, 'priority')].filter(Boolean).join(' / ');
  const hours = numberOf(e, 'hours');
  const billedHours = hours === null ? null : hoursText(hours, numberOf(e, 'hourlyRateCents'), formats);
  switch (logged.type) {
    case 'CREATED': {
      const requester = e.requester as { email?: unknown; name?: unknown } | undefined;
      const person =
        typeof requester?.email === 'string' ? (
          <Person name={typeof requester.name === 'string' ? requester.name : null} email={requester.email} />
        ) : null;
      return said(
        [
          ['Subject', typed('subject')],
          ['Requester', person],
          ['Customer', customerName(stringOf(e, 'customerId'))],
          ['Kind / priority', kindAndPriority],
          ['Came in by', openedVia.get(stringOf(e, 'channel') ?? '') ?? null],
          ['Routed to', routedTo(e, policy)],
        ],
        'Description',
        'description',
      );
    }
    case 'CLASSIFY': {
      const item = stringOf(e, 'catalogItemId');
      return said(
        [
          ['Kind / priority', kindAndPriority],
          ['Category', typed('category')],
          ['Customer', customerName(stringOf(e, 'customerId'))],
          ['Catalog item', item && (findCatalogItem(policy, item)?.title.en ?? item)],
          ['In scope', yesNo(e.inScope)],
          ['Routed to', routedTo(e, policy)],
        ],
        'Scope note (told to the customer)',
        'scopeNote',
      );
    }
    case 'SET_PRIORITY':
      return said([['Priority', stringOf(e, 'priority')]], 'Reason', 'reason');
    case 'REPLY': {
      const cc = (Array.isArray(e.cc) ? e.cc : []).filter((a): a is string => typeof a === 'string');
      return said(
        [
          ['To', <Person name={head.requester.name} email={head.requester.email} />],
          ['Cc', cc.length ? <UserText value={cc.join(', ')} /> : null],
        ],
        'Message',
        'message',
      );
    }
    case 'FORWARD_TO_VENDOR': {
      const id = stringOf(e, 'vendorId');
      const vendor = findVendor(policy, id ?? '');
      const named = vendor ? <Person name={vendor.name} email={vendor.contact} /> : id;
      return said([['Vendor', named]], 'Note to the vendor', 'note');
    }
    case 'VENDOR_REPLIED':
      return said([["Vendor's reference", typed('vendorRef')]], "Vendor's message", 'message');
    case 'PLAN_VISIT':
    case 'SCHEDULE_WORK': {
      const planned = stringOf(e, 'plannedFor');
      return said(
        [
          ['Planned for', planned && <PlannedFor value={planned} formats={formats} />],
          ['Technician', typed('technician')],
        ],
        'Note',
        'note',
      );
    }
    case 'RECORD_VISIT':
      return (
        <>
          <Facts rows={[['Hours', billedHours]]} />
          <Lines caption="Materials" total="Materials (excl. VAT)" lines={listOf(e, 'materials')} formats={formats} />
          {words('Report', 'report')}
        </>
      );
    case 'RECORD_HOURS':
      return said([['Hours', billedHours]], 'Work done', 'description');
    case 'SUBMIT_QUOTE':
      return <Lines caption="Quote lines" total="Total (excl. VAT)" lines={listOf(e, 'lines')} formats={formats} />;
    case 'QUOTE_APPROVED':
    case 'QUOTE_DECLINED': {
      const version = numberOf(e, 'quoteVersion');
      return said([['Quote', version === null ? null : `version ${version}`]], 'Reason', 'reason');
    }
    case 'COMMENT':
      return said([['From', typed('from')]], 'Message', 'text');
    case 'ALERT_RESOLVED':
      return said([['Source', stringOf(e, 'source')]], 'Summary', 'summary');
    case 'MAIL_RECORDED':
      return said(
        [
          ['Why', stringOf(e, 'reason')],
          ['From', typed('from')],
          ['Subject', typed('subject')],
        ],
        'Detail',
        'detail',
      );
    default: {
      if (logged.type.startsWith('timer:')) return null;
      // One text and perhaps files (a note, a question, a reason, a summary); a remark (`note`) on
      // the events that carry nothing else; or the plain values of an event this page does not know.
      const single = wordsOf.get(logged.type);
      if (single) return said([], single[0], single[1]);
      return (
        <>
          {words('Note', 'note')}
          <PlainValues event={e} formats={formats} />
        </>
      );
    }
  }
}

/** Events that carry one text (and, for some, the files that came with it): its label and field. */
const wordsOf = new Map<string, [label: string, key: string]>([
  ['ADD_NOTE', ['Note', 'text']],
  ['REQUEST_INFO', ['Question', 'question']],
  ['CUSTOMER_REPLIED', ['Answer', 'message']],
  ['PROPOSE_ONSITE', ['Reason for the visit', 'reason']],
  ['CONSENT_DECLINED', ['Reason', 'reason']],
  ['RESOLVE', ['What was done', 'summary']],
  ['REOPEN', ['Reason', 'reason']],
  ['CANCEL', ['Reason', 'reason']],
]);

/** Fields every event carries, shown elsewhere on the entry (who, when, through what). */
const stampFields = new Set([
  'type',
  'at',
  'actor',
  'channel',
  'viaLink',
  'releasedFrom',
  'mail',
  'note',
  'hourlyRateCents',
  'dueAt',
  'timer',
]);

/** An unknown event's plain values, labelled: text as text, instants as dates, never JSON. */
function PlainValues({ event, formats }: { event: Fields; formats: Formats }) {
  const rows = Object.entries(event).flatMap(([key, value]): [string, ComponentChildren][] => {
    if (stampFields.has(key)) return [];
    if (typeof value === 'string' && value.trim()) return [[humanize(key), <UserText value={value} />]];
    if (typeof value === 'boolean') return [[humanize(key), yesNo(value)]];
    if (typeof value === 'number')
      return [
        [
          humanize(key),
          /At$/.test(key) ? (
            <Instant at={value} formats={formats} />
          ) : key.endsWith('Cents') ? (
            formats.money(value)
          ) : (
            formats.quantity(value)
          ),
        ],
      ];
    if (Array.isArray(value) && value.length) return [[humanize(key), `${value.length} item(s)`]];
    return [];
  });
  return <Facts rows={rows} />;
}
