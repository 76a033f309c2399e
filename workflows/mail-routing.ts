// Where an inbound mail belongs: the ticket it answers (subject tag, In-Reply-To, References),
// the customer it comes from (sender's domain), the kind of ticket its recipient stands for.
import type { Customer, Policy, TicketKind } from './policy';
import { domainOf, type MailFacts } from './mail-facts';

const TAG = /\[((?:INC|SR|CHG)-\d{4}-\d{6,})\]/;

/** The ticket id in a subject's tag, e.g. `Re: [INC-2026-000042] Printer` → `INC-2026-000042`. */
export const ticketTagOf = (subject: string): string | null => TAG.exec(subject)?.[1] ?? null;

/** Message-IDs this mail answers, nearest first. */
export const answeredMessageIds = (facts: MailFacts): string[] => [...new Set([...(facts.inReplyTo ? [facts.inReplyTo] : []), ...[...facts.references].reverse()])];

export function customerOf(facts: MailFacts, policy: Policy): Customer | null {
  if (!facts.from) return null;
  const domain = domainOf(facts.from.address);
  return policy.customers.find((c) => c.mailDomains.some((d) => d.toLowerCase() === domain)) ?? null;
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
  subject.replace(TAG, '').replace(/^\s*((re|fw|fwd|aw|wg|antw|doorst)\s*:\s*)+/i, '').trim() || '(no subject)';
