// What to do with one inbound mail, decided from facts alone: open a ticket, move one on, add it
// as a comment, record a machine's mail on its ticket, or quarantine it with the reason. A mail
// joins a ticket only from one of its parties, whatever it claims to answer.
import type { Policy } from '../policy/policy';
import type { MailOrigin } from './mail-classification';
import { domainOf, type MailFacts } from './mail-facts';
import { cleanSubject, customerOf, kindOf, partyOf, type Party, type ThreadedTicket } from './mail-routing';
import type { Actor, CreateTicket, TicketEventInput } from '../lifecycle/ticket-events';

export type { ThreadedTicket } from './mail-routing';

/** How the intake found the ticket a mail refers to. */
export type ThreadFound = {
  ticket: ThreadedTicket;
  /** `report`: a bounce or receipt about a mail the desk sent (our Message-IDs are unguessable). */
  by: 'message-id' | 'tag' | 'report';
};

export type MailDecision =
  | { action: 'create'; ticket: CreateTicket }
  | { action: 'apply'; ticketId: string; event: TicketEventInput; actor: Actor }
  | { action: 'quarantine'; reason: string; detail: string; ticketId?: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

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

  const customer = customerOf(facts, policy);
  const text = clip(facts.text, 100_000);
  if (ticket && !ticket.done) {
    if (!party) return notAParty(ticket, from);
    const actor = actorOf(party, from);
    const fromCustomer = party === 'requester' || party === 'customer';
    if (fromCustomer && ticket.accepts.includes('CUSTOMER_REPLIED'))
      return {
        action: 'apply',
        ticketId: ticket.id,
        actor,
        event: { type: 'CUSTOMER_REPLIED', message: text, attachments: facts.attachments },
      };
    if (fromCustomer && ticket.accepts.includes('REOPEN'))
      return {
        action: 'apply',
        ticketId: ticket.id,
        actor,
        event: { type: 'REOPEN', reason: text.trim() || 'Reopened by reply', attachments: facts.attachments },
      };
    return {
      action: 'apply',
      ticketId: ticket.id,
      actor,
      event: { type: 'COMMENT', from, text, attachments: facts.attachments },
    };
  }

  if (!customer || !facts.from) {
    return {
      action: 'quarantine',
      reason: 'unknown-sender',
      detail: `no customer has the mail domain ${facts.from ? domainOf(facts.from.address) : '(none)'}`,
    };
  }
  // A reply to a closed ticket opens a new one; only its own parties learn that it follows one up.
  const followUp = ticket?.done && party ? `Follow-up to ${ticket.id}, which was already closed.\n\n` : '';
  return {
    action: 'create',
    ticket: {
      kind: kindOf(facts, policy),
      subject: clip(cleanSubject(facts.subject), 300),
      description: clip(`${followUp}${text}`, 20_000),
      requester: { email: facts.from.address, ...(facts.from.name ? { name: clip(facts.from.name, 200) } : {}) },
      customerId: customer.id,
      language: customer.language,
      channel: 'email',
      attachments: facts.attachments,
    },
  };
}
