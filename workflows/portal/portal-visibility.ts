// What a signed-in customer may see in the portal, pure: which tickets (their own; all of their
// organisation's for its key contacts) and, of a ticket's event log, the public timeline. The
// timeline is an allow-list per event type and field: a type nobody has decided on shows at most
// that the ticket's status changed, never its fields; internal notes, vendor correspondence and
// agents' private fields (assignment, priority and its reason, category, scope) never appear.
import { lineAmountCents } from '../billing/money';
import { customerOfAddress, type Customer, type Policy } from '../policy/policy';
import type { LoggedEvent } from '../lifecycle/ticket-engine';
import { addressKey } from '../lifecycle/ticket-events';

/** The head fields visibility needs: whose ticket it is. */
export interface TicketOwnership {
  requester: { email: string };
  customerId: string | null;
}

const same = (a: string, b: string) => addressKey(a) === addressKey(b);

/** The customers an address is a key contact of. */
export const keyContactOf = (policy: Policy, address: string): Customer[] =>
  policy.customers.filter((c) => (c.keyContacts ?? []).some((k) => same(k, address)));

/**
 * Why this address may see this ticket: its requester (`own`), a key contact of its customer
 * (`key-contact`), or null (not theirs: the page answers as for a ticket that does not exist).
 * Their own ticket only while it is their organisation's: one an agent registered for another
 * customer with their address as requester is that customer's data (the portal's list reads the
 * same rule: portal-list.ts keeps the signed-in customer's tickets only).
 */
export function portalAccess(policy: Policy, viewer: string, ticket: TicketOwnership): 'own' | 'key-contact' | null {
  // The viewer's organisation is the one their mail domain names (as their session is bound to):
  // neither being a requester nor a key contact reaches past it.
  const theirs = ticket.customerId !== null && ticket.customerId === customerOfAddress(policy, viewer)?.id;
  if (!theirs) return null;
  if (same(ticket.requester.email, viewer)) return 'own';
  return keyContactOf(policy, viewer).some((c) => c.id === ticket.customerId) ? 'key-contact' : null;
}

/** What the ticket list reads for a viewer: the requester index for their own, the customer index for each organisation they are a key contact of. */
export const portalScope = (policy: Policy, viewer: string): { requester: string; customerIds: string[] } => ({
  requester: addressKey(viewer),
  customerIds: keyContactOf(policy, viewer).map((c) => c.id),
});

/** The tickets of a list that this address may see, in the list's order. */
export const visibleTickets = <T extends TicketOwnership>(policy: Policy, viewer: string, tickets: T[]): T[] =>
  tickets.filter((t) => portalAccess(policy, viewer, t) !== null);

/** A file as the customer sees it listed: its name and size, never its digest. */
export interface PublicFile {
  name: string;
  size: number;
}

/** Who wrote an entry, as the customer reads it: a customer's address, or the desk. */
export type PublicAuthor = { type: 'customer'; address: string } | { type: 'desk' };

export type PublicContent =
  | { kind: 'opened'; subject: string; description: string; files: PublicFile[] }
  | { kind: 'customer-message'; message: string; files: PublicFile[] }
  | { kind: 'desk-reply'; message: string; files: PublicFile[] }
  | { kind: 'question'; question: string }
  | { kind: 'quote'; version: number; lines: PublicQuoteLine[]; totalCents: number }
  | { kind: 'quote-answer'; approved: boolean; version: number; reason: string | null }
  | { kind: 'onsite-proposed'; reason: string }
  | { kind: 'consent-answer'; given: boolean; reason: string | null }
  | { kind: 'visit-planned'; plannedFor: string; technician: string }
  | { kind: 'visit-recorded'; hours: number; materials: { description: string; quantity: number }[] }
  | { kind: 'work-scheduled'; plannedFor: string }
  | { kind: 'resolved'; summary: string }
  | { kind: 'reopened'; reason: string | null }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'mail'; subject: string; address: string }
  | { kind: 'status' };

export interface PublicQuoteLine {
  kind: string;
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

/** One entry of the public timeline; `status` is the ticket's top-level status when this entry changed it. */
export type PublicEntry = { seq: number; at: number; by: PublicAuthor; status: string | null } & PublicContent;

type Fields = Record<string, unknown>;
const str = (e: Fields, key: string): string => (typeof e[key] === 'string' ? (e[key] as string) : '');
const num = (e: Fields, key: string): number => (typeof e[key] === 'number' ? (e[key] as number) : 0);
const list = (e: Fields, key: string): Fields[] =>
  Array.isArray(e[key]) ? (e[key] as unknown[]).filter((v): v is Fields => typeof v === 'object' && v !== null) : [];
const filesOf = (e: Fields): PublicFile[] =>
  list(e, 'attachments').map((f) => ({ name: str(f, 'name'), size: num(f, 'size') }));
const customerWrote = (logged: LoggedEvent) => logged.actor.type === 'customer';
/**
 * A customer's own words on an answer: typed in the portal or written in a mail. A link's answer
 * carries the desk's fixed wording and an agent's record the agent's, so neither is shown as theirs.
 */
const ownWords = (logged: LoggedEvent, key: string): string | null =>
  customerWrote(logged) && !logged.event.viaLink && str(logged.event, key).trim() ? str(logged.event, key) : null;

/** What each event type shows the customer; absent types show only a change of status. */
type Projector = (logged: LoggedEvent, quoteVersion: number) => PublicContent | null;

const publicProjectors = new Map<string, Projector>([
  [
    'CREATED',
    ({ event: e }) => ({
      kind: 'opened',
      subject: str(e, 'subject'),
      description: str(e, 'description'),
      files: filesOf(e),
    }),
  ],
  ['CUSTOMER_REPLIED', ({ event: e }) => ({ kind: 'customer-message', message: str(e, 'message'), files: filesOf(e) })],
  // What a customer wrote by mail onto the ticket; a vendor's later mail or a monitoring tool's is a COMMENT too, and stays internal.
  [
    'COMMENT',
    (logged) =>
      customerWrote(logged)
        ? { kind: 'customer-message', message: str(logged.event, 'text'), files: filesOf(logged.event) }
        : null,
  ],
  // The reply's message and files as mailed; whom the agent copied is not repeated here.
  ['REPLY', ({ event: e }) => ({ kind: 'desk-reply', message: str(e, 'message'), files: filesOf(e) })],
  ['REQUEST_INFO', ({ event: e }) => ({ kind: 'question', question: str(e, 'question') })],
  [
    'SUBMIT_QUOTE',
    ({ event: e }, version) => {
      const lines = list(e, 'lines').map((l) => ({
        kind: str(l, 'kind'),
        description: str(l, 'description'),
        quantity: num(l, 'quantity'),
        unitCents: num(l, 'unitCents'),
        amountCents: lineAmountCents(num(l, 'quantity'), num(l, 'unitCents')),
      }));
      return { kind: 'quote', version, lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0) };
    },
  ],
  [
    'QUOTE_APPROVED',
    ({ event: e }) => ({ kind: 'quote-answer', approved: true, version: num(e, 'quoteVersion'), reason: null }),
  ],
  [
    'QUOTE_DECLINED',
    (logged) => ({
      kind: 'quote-answer',
      approved: false,
      version: num(logged.event, 'quoteVersion'),
      reason: ownWords(logged, 'reason'),
    }),
  ],
  ['PROPOSE_ONSITE', ({ event: e }) => ({ kind: 'onsite-proposed', reason: str(e, 'reason') })],
  // The remark an agent may add to a recorded consent is theirs: left out.
  ['CONSENT_GIVEN', () => ({ kind: 'consent-answer', given: true, reason: null })],
  ['CONSENT_DECLINED', (logged) => ({ kind: 'consent-answer', given: false, reason: ownWords(logged, 'reason') })],
  [
    'PLAN_VISIT',
    ({ event: e }) => ({ kind: 'visit-planned', plannedFor: str(e, 'plannedFor'), technician: str(e, 'technician') }),
  ],
  // Hours and what was used; the technician's report and the rate are the desk's (billing shows amounts).
  [
    'RECORD_VISIT',
    ({ event: e }) => ({
      kind: 'visit-recorded',
      hours: num(e, 'hours'),
      materials: list(e, 'materials').map((m) => ({
        description: str(m, 'description'),
        quantity: num(m, 'quantity'),
      })),
    }),
  ],
  ['SCHEDULE_WORK', ({ event: e }) => ({ kind: 'work-scheduled', plannedFor: str(e, 'plannedFor') })],
  ['RESOLVE', ({ event: e }) => ({ kind: 'resolved', summary: str(e, 'summary') })],
  ['REOPEN', (logged) => ({ kind: 'reopened', reason: ownWords(logged, 'reason') })],
  // The cancellation mail tells the customer the reason: so does the portal.
  ['CANCEL', ({ event: e }) => ({ kind: 'cancelled', reason: str(e, 'reason') })],
]);

/**
 * Decided and hidden: internal notes, vendor correspondence, agents' classification, priority,
 * ownership and hours, machine mail and monitoring. Listed so a test can tell a decided type from
 * a new one; they show, like a type nobody decided on, at most that the status changed.
 */
export const hiddenEventTypes: ReadonlySet<string> = new Set([
  'ADD_NOTE',
  'FORWARD_TO_VENDOR',
  'VENDOR_REPLIED',
  'CLASSIFY',
  'SET_PRIORITY',
  'ASSIGN',
  'RECORD_HOURS',
  'MAIL_RECORDED',
  'ALERT_RESOLVED',
  'START_QUOTE',
  'REVISE_QUOTE',
  'START_WORK',
  'CONFIRM_RESOLUTION',
  // The customer's own confirmation, like CONFIRM_RESOLUTION: the status it moved to says it.
  'CHANGE_CONFIRMED_IN_WRITING',
]);

/** Whether the portal shows this event type's content (not only its status change). */
export const isPublicEventType = (type: string) => publicProjectors.has(type);

/** A mail the desk sent the requester, as the outbox keeps it: its subject, never its body (it holds the requester's signed links). */
export interface SentMail {
  seq: number;
  n: number;
  to: string;
  address: string;
  subject: string;
  createdAt: number;
}

const authorOf = (logged: LoggedEvent): PublicAuthor =>
  logged.actor.type === 'customer' ? { type: 'customer', address: logged.actor.id } : { type: 'desk' };

/**
 * The ticket's public timeline, oldest first: each event as its projector allows, a status change
 * in words where the event moved the ticket, and after each event the mails it sent the requester.
 */
export function publicTimeline(events: LoggedEvent[], mails: SentMail[] = []): PublicEntry[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const entries: PublicEntry[] = [];
  let status: string | null = null;
  let quoteVersion = 0;
  for (const logged of ordered) {
    if (logged.type === 'SUBMIT_QUOTE') quoteVersion += 1;
    const moved = status !== null && logged.status !== status ? logged.status : null;
    status = logged.status;
    const content = publicProjectors.get(logged.type)?.(logged, quoteVersion) ?? null;
    const base = { seq: logged.seq, at: logged.at, status: moved };
    if (content) entries.push({ ...base, by: authorOf(logged), ...content });
    else if (moved) entries.push({ ...base, by: { type: 'desk' }, kind: 'status' });
    for (const m of mails.filter((x) => x.seq === logged.seq && x.to === 'requester').sort((a, b) => a.n - b.n))
      entries.push({
        seq: m.seq,
        at: m.createdAt,
        by: { type: 'desk' },
        status: null,
        kind: 'mail',
        subject: m.subject,
        address: m.address,
      });
  }
  return entries;
}
