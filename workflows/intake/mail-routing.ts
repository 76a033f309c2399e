// Where an inbound mail belongs: the ticket it answers (subject tag, In-Reply-To, References, and
// for a vendor our bare reference or their own ticket number), the customer it comes from
// (sender's domain), the kind of ticket its recipient stands for, and whether its sender is a
// party of that ticket at all.
import type { Customer, Policy, TicketKind, Vendor } from '../policy/policy';
import { customerOfAddress, findVendor } from '../policy/policy';
import { singleLine } from './user-text';
import { domainOf, type MailFacts } from './mail-facts';

// Ticket numbers have at most nine digits: a longer tag names nothing, and never reaches the store.
const TAG = /\[((?:INC|SR|CHG)-\d{4}-\d{6,9})\]/;
const REFERENCE = /(?<![\w-])((?:INC|SR|CHG)-\d{4}-\d{6,9})(?![\w-])/;

/** The ticket id in a subject's tag, e.g. `Re: [INC-2026-000042] Printer` → `INC-2026-000042`. */
export const ticketTagOf = (subject: string): string | null => TAG.exec(subject)?.[1] ?? null;

/** Our reference anywhere in a subject, e.g. `… (onze referentie INC-2026-000042)`, as vendors quote it. */
export const ticketReferenceOf = (subject: string): string | null => REFERENCE.exec(subject)?.[1] ?? null;

/** As long as a VENDOR_REPLIED's vendorRef may be; a longer match is no ticket number. */
export const MAX_VENDOR_REF = 200;
/** A vendor's pattern reads only the start of a subject, however long the subject is. */
const SUBJECT_READ = 1000;

/** The vendor's own ticket number in a subject, by its pattern (its first group, or the whole match). */
export function vendorRefOf(subject: string, vendor: Vendor): string | null {
  if (!vendor.ticketRefPattern) return null;
  const match = new RegExp(vendor.ticketRefPattern).exec(subject.slice(0, SUBJECT_READ));
  const ref = singleLine(match?.[1] ?? match?.[0] ?? '');
  return ref && ref.length <= MAX_VENDOR_REF ? ref : null;
}

/** The registry's contact and escalation addresses of the vendor, or its own mail domains. */
const writesFor = (vendor: Vendor, address: string) =>
  [vendor.contact, vendor.escalationContact].some((a) => a.toLowerCase() === address) ||
  (vendor.mailDomains ?? []).some((d) => d.toLowerCase() === domainOf(address));

/** The vendors an address writes for. */
export const vendorsOf = (address: string, policy: Policy): Vendor[] =>
  address ? policy.vendors.filter((v) => writesFor(v, address.toLowerCase())) : [];

/** Message-IDs this mail answers, nearest first. */
export const answeredMessageIds = (facts: MailFacts): string[] => [
  ...new Set([...(facts.inReplyTo ? [facts.inReplyTo] : []), ...[...facts.references].reverse()]),
];

/** The customer a mail comes from, by its sender's domain. */
export function customerOf(facts: MailFacts, policy: Policy): Customer | null {
  return facts.from ? customerOfAddress(policy, facts.from.address) : null;
}

/** The first recipient that is one of the desk's mailboxes decides the kind; incident otherwise. */
export function kindOf(facts: MailFacts, policy: Policy): TicketKind {
  for (const recipient of facts.recipients) {
    const mailbox = policy.intake.mailboxes.find((m) => m.address.toLowerCase() === recipient);
    if (mailbox) return mailbox.kind;
  }
  return 'incident';
}

/** The subject without reply prefixes or our tag, for a new ticket's title. */
export const cleanSubject = (subject: string) =>
  subject
    .replace(TAG, '')
    .replace(/^\s*((re|fw|fwd|aw|wg|antw|doorst)\s*:\s*)+/i, '')
    .trim() || '(no subject)';

/** What the intake knows of a ticket a mail refers to. */
export interface ThreadedTicket {
  id: string;
  done: boolean;
  customerId: string | null;
  requesterEmail: string;
  /** Who the customer copied on the mail that opened it (they are on the conversation too). */
  cc?: readonly string[];
  /** The vendor the ticket is (or was last) with. */
  vendorId: string | null;
  /** The events the chart takes from mail now (its own answer: intake matches no state names). */
  accepts: readonly string[];
}

/** Who a sender is to a ticket: only its parties may write onto it. */
export type Party = 'requester' | 'customer' | 'vendor' | 'dutyManager';

/**
 * A ticket's parties: its requester, anyone at its customer's mail domains, its vendor (the
 * registry's contact and escalation addresses, or the vendor's own mail domains), and the duty
 * manager its escalations go to. A Message-ID or a subject tag only says which ticket a mail
 * means; it never makes a stranger a party.
 */
export function partyOf(ticket: ThreadedTicket, address: string, policy: Policy): Party | null {
  const from = address.toLowerCase();
  if (!from) return null;
  if (from === ticket.requesterEmail.toLowerCase()) return 'requester';
  const domain = domainOf(from);
  const customer = ticket.customerId ? policy.customers.find((c) => c.id === ticket.customerId) : undefined;
  if (customer?.mailDomains.some((d) => d.toLowerCase() === domain)) return 'customer';
  // Whoever the customer copied stays on the conversation, at whatever domain.
  if ((ticket.cc ?? []).some((a) => a.toLowerCase() === from)) return 'customer';
  // The desk's own duty manager is often a vendor's escalation address too: they still speak for the desk.
  if (from === policy.dutyManager.email.toLowerCase()) return 'dutyManager';
  const vendor = ticket.vendorId ? findVendor(policy, ticket.vendorId) : undefined;
  if (vendor && writesFor(vendor, from)) return 'vendor';
  return null;
}
