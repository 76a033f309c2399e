// What to do with one inbound mail, decided from facts alone: open a ticket, move one on (a
// customer's answer, a vendor's reply), add it as a comment, record a machine's mail on its
// ticket, or quarantine it with the reason. A mail joins a ticket only from one of its parties,
// whatever it claims to answer; what it adds to a ticket is the new text of the reply, while a
// new ticket keeps the whole mail.
import { findVendor, type Customer, type Policy, type TicketKind } from '../policy/policy';
import type { MailOrigin } from './mail-classification';
import { domainOf, replyTextOf, type MailFacts } from './mail-facts';
import {
  cleanSubject,
  customerOf,
  kindOf,
  partyOf,
  vendorRefOf,
  type Party,
  type ThreadedTicket,
} from './mail-routing';
import type { Actor, CreateTicket, TicketEventInput } from '../lifecycle/ticket-events';

export type { ThreadedTicket } from './mail-routing';

/** How the intake found the ticket a mail refers to. */
export type ThreadFound = {
  ticket: ThreadedTicket;
  /**
   * `report`: a bounce or receipt about a mail the desk sent (our Message-IDs are unguessable);
   * `reference` and `vendor-ref`: our bare reference, or the vendor's own ticket number, in the
   * subject of a mail from the ticket's vendor.
   */
  by: 'message-id' | 'tag' | 'report' | 'reference' | 'vendor-ref';
};

export type MailDecision =
  | { action: 'create'; ticket: CreateTicket }
  | { action: 'apply'; ticketId: string; event: TicketEventInput; actor: Actor }
  | { action: 'quarantine'; reason: string; detail: string; ticketId?: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A mail kept on its ticket as a comment from its sender: what they wrote now, and what they attached. */
export const commentOf = (facts: MailFacts, from: string): TicketEventInput => ({
  type: 'COMMENT',
  from,
  text: clip(replyTextOf(facts), 100_000),
  attachments: facts.attachments,
});

const actorOf = (party: Party, address: string): Actor =>
  party === 'vendor'
    ? { type: 'vendor', id: address }
    : party === 'dutyManager'
      ? { type: 'agent', id: address }
      : { type: 'customer', id: address };

function notAParty(ticket: ThreadedTicket, from: string): MailDecision {
  return {
    action: 'quarantine',
    reason: 'not-a-party',
    ticketId: ticket.id,
    detail:
      `${from || '(no sender)'} wrote about ${ticket.id} but is none of its parties (its requester, its customer's ` +
      'mail domains, its vendor, the duty manager); an agent can release it onto the ticket',
  };
}

export function decideMail(
  facts: MailFacts,
  origin: MailOrigin,
  thread: ThreadFound | null,
  policy: Policy,
): MailDecision {
  const from = facts.from?.address.toLowerCase() ?? '';
  const ticket = thread?.ticket ?? null;
  const party = ticket ? partyOf(ticket, from, policy) : null;
  if (origin.machine) {
    if (!ticket || ticket.done)
      return {
        action: 'quarantine',
        reason: origin.reason,
        detail: 'machine-generated mail that does not belong to an open ticket',
      };
    // A report on our own mail is the mail system's word about it; other machine mail must come from a party.
    if (thread?.by !== 'report' && !party) return notAParty(ticket, from);
    const status = facts.deliveryStatus;
    const detail = status
      ? [
          status.recipient && `recipient ${status.recipient}`,
          status.status && `status ${status.status}`,
          status.diagnostic,
        ]
          .filter(Boolean)
          .join('; ')
      : '';
    const event: TicketEventInput = {
      type: 'MAIL_RECORDED',
      reason: origin.reason,
      from: from || '(no sender)',
      subject: clip(facts.subject, 1000),
      detail: clip(detail, 20_000),
    };
    return { action: 'apply', ticketId: ticket.id, event, actor: { type: 'system', id: `mail:${from || 'unknown'}` } };
  }

  if (ticket && !ticket.done) {
    if (!party) return notAParty(ticket, from);
    const actor = actorOf(party, from);
    const apply = (event: TicketEventInput): MailDecision => ({ action: 'apply', ticketId: ticket.id, actor, event });
    const reply = clip(replyTextOf(facts), 100_000);
    const fromCustomer = party === 'requester' || party === 'customer';
    if (fromCustomer && ticket.accepts.includes('CUSTOMER_REPLIED'))
      return apply({ type: 'CUSTOMER_REPLIED', message: reply, attachments: facts.attachments });
    if (fromCustomer && ticket.accepts.includes('REOPEN'))
      return apply({ type: 'REOPEN', reason: reply.trim() || 'Reopened by reply', attachments: facts.attachments });
    if (party === 'vendor' && ticket.accepts.includes('VENDOR_REPLIED')) {
      const vendor = ticket.vendorId ? findVendor(policy, ticket.vendorId) : undefined;
      const vendorRef = vendor ? vendorRefOf(facts.subject, vendor) : null;
      return apply({ type: 'VENDOR_REPLIED', ...(vendorRef ? { vendorRef } : {}), message: reply });
    }
    // Whoever writes, and whatever the ticket waits for, what they wrote is kept.
    return apply(commentOf(facts, from));
  }
  // A vendor writing about a closed ticket opens nothing: an agent reads it and decides.
  if (ticket?.done && party === 'vendor')
    return {
      action: 'quarantine',
      reason: 'ticket-closed',
      ticketId: ticket.id,
      detail: `${from}, of the ticket's vendor, wrote about ${ticket.id}, which is closed; an agent can release it onto a ticket`,
    };

  const customer = customerOf(facts, policy);
  if (!customer || !facts.from) {
    return {
      action: 'quarantine',
      reason: 'unknown-sender',
      detail: `no customer has the mail domain ${facts.from ? domainOf(facts.from.address) : '(none)'}`,
    };
  }
  // A reply to a closed ticket opens a new one; only its own parties learn that it follows one up.
  const followUp = ticket?.done && party ? `Follow-up to ${ticket.id}, which was already closed.\n\n` : '';
  return { action: 'create', ticket: ticketOfMail(facts, facts.from, customer, kindOf(facts, policy), followUp) };
}

/**
 * The ticket a mail opens for a customer: its subject, its whole text, its sender as requester,
 * its files. The intake calls it with the customer of the sender's domain and the mailbox's kind;
 * an agent releasing a quarantined mail as a new ticket, with the customer and kind they chose.
 */
export function ticketOfMail(
  facts: MailFacts,
  from: NonNullable<MailFacts['from']>,
  customer: Pick<Customer, 'id' | 'language'>,
  kind: TicketKind,
  preface = '',
): CreateTicket {
  return {
    kind,
    subject: clip(cleanSubject(facts.subject), 300),
    description: clip(`${preface}${facts.text}`, 20_000),
    requester: { email: from.address, ...(from.name ? { name: clip(from.name, 200) } : {}) },
    customerId: customer.id,
    language: customer.language,
    channel: 'email',
    attachments: facts.attachments,
  };
}
