// What to do with one inbound mail, decided from facts alone: open a ticket, move one on, add it
// as a comment, record a machine's mail on its ticket, or quarantine it with the reason.
import type { Policy } from './policy';
import type { MailOrigin } from './mail-classification';
import { domainOf, type MailFacts } from './mail-facts';
import { cleanSubject, customerOf, kindOf } from './mail-routing';
import type { CreateTicket, TicketEventInput } from './ticket-events';

export interface ThreadedTicket {
  id: string;
  stage: string;
  done: boolean;
  customerId: string | null;
  requesterEmail: string;
}

export type MailDecision =
  | { action: 'create'; ticket: CreateTicket }
  | { action: 'apply'; ticketId: string; event: TicketEventInput }
  | { action: 'quarantine'; reason: string; detail: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function decideMail(facts: MailFacts, origin: MailOrigin, thread: ThreadedTicket | null, policy: Policy): MailDecision {
  const from = facts.from?.address.toLowerCase() ?? '';
  if (origin.machine) {
    if (!thread || thread.done) return { action: 'quarantine', reason: origin.reason, detail: 'machine-generated mail that does not belong to an open ticket' };
    const status = facts.deliveryStatus;
    const detail = status ? [status.recipient && `recipient ${status.recipient}`, status.status && `status ${status.status}`, status.diagnostic].filter(Boolean).join('; ') : '';
    return { action: 'apply', ticketId: thread.id, event: { type: 'MAIL_RECORDED', reason: origin.reason, from: from || '(no sender)', subject: clip(facts.subject, 1000), detail: clip(detail, 20_000) } };
  }

  const customer = customerOf(facts, policy);
  const text = clip(facts.text, 100_000);
  if (thread && !thread.done) {
    const fromCustomer = from === thread.requesterEmail.toLowerCase() || (customer !== null && customer.id === thread.customerId);
    if (fromCustomer && thread.stage.startsWith('awaitingCustomer')) return { action: 'apply', ticketId: thread.id, event: { type: 'CUSTOMER_REPLIED', message: text, attachments: facts.attachments } };
    if (fromCustomer && thread.stage === 'resolved') return { action: 'apply', ticketId: thread.id, event: { type: 'REOPEN', reason: text.trim() || 'Reopened by reply', attachments: facts.attachments } };
    return { action: 'apply', ticketId: thread.id, event: { type: 'COMMENT', channel: 'email', from, text, attachments: facts.attachments } };
  }

  if (!customer || !facts.from) {
    return { action: 'quarantine', reason: 'unknown-sender', detail: `no customer has the mail domain ${facts.from ? domainOf(facts.from.address) : '(none)'}` };
  }
  return {
    action: 'create',
    ticket: {
      kind: kindOf(facts, policy),
      subject: clip(cleanSubject(facts.subject), 300),
      description: clip(`${thread?.done ? `Follow-up to ${thread.id}, which was already closed.\n\n` : ''}${text}`, 20_000),
      requester: { email: facts.from.address, ...(facts.from.name ? { name: clip(facts.from.name, 200) } : {}) },
      customerId: customer.id,
      language: customer.language,
      channel: 'email',
      attachments: facts.attachments,
    },
  };
}
