// The service description's rule "Een verzoek tot het doorvoeren van gewenste wijziging wordt
// schriftelijk ingediend": whether a change is in writing, what the customer confirms when it is
// not, and how their confirmation is recorded. The statechart names these; their logic lives here.
import { contentHashOf } from '../links/link-token';
import type { Policy, TicketKind } from '../policy/policy';
import type { Actor, Channel, LinkUse, PortalUse } from './ticket-events';

/** How a change came to be in writing: who wrote it, when, through what, and the hash of what they confirmed. */
export interface InWriting {
  by: string;
  at: number;
  via: Channel;
  /** The hash of the registered content the customer confirmed (a link or the portal); absent for a mail. */
  contentHash?: string;
}

/**
 * The channels that are writing by themselves: a mail, the customer portal (the customer typed it),
 * a webhook (a source the intake authenticated). An agent's registration (`phone`, `agent`) is not.
 */
export const writtenChannels: readonly string[] = ['email', 'webhook', 'portal'];

/** A new ticket is in writing when the channel that opened it is. */
export const inWritingAtRegistration = (opened: { channel: string; actor: Actor; at: number }): InWriting | null =>
  writtenChannels.includes(opened.channel)
    ? { by: opened.actor.id, at: opened.at, via: opened.channel as Channel }
    : null;

/** Whether the policy asks this customer's changes in writing (it does unless the customer says `false`). */
export const changesInWritingFor = (policy: Policy, customerId: string | null): boolean =>
  policy.customers.find((c) => c.id === customerId)?.changesInWriting !== false;

/**
 * Whether a change must wait for the customer's written confirmation before it is quoted or
 * scheduled. A snapshot from before the rule has no `inWriting` at all: it is left as it was.
 */
export const changeAwaitsWriting = (
  policy: Policy,
  facts: { kind: TicketKind; customerId: string | null; inWriting: InWriting | null | undefined },
): boolean => facts.kind === 'change' && facts.inWriting === null && changesInWritingFor(policy, facts.customerId);

/** Exactly what the customer confirms: the ticket, its subject and its description as registered. */
export const writtenChangeContent = (c: { id: string; subject: string; description?: string }) => ({
  ticket: c.id,
  subject: c.subject,
  description: c.description ?? '',
});

export const writtenChangeHash = (c: { id: string; subject: string; description?: string }): string =>
  contentHashOf(writtenChangeContent(c));

/** The hash of what the customer saw when they confirmed: on their link, or on their portal form. */
const confirmedHashOf = (event: { viaLink?: LinkUse; viaPortal?: PortalUse }): string | undefined =>
  event.viaLink?.contentHash ?? event.viaPortal?.contentHash;

/** A confirmation counts only for what was registered: a link or page shown before the content changed does not. */
export const confirmsRegisteredContent = (
  c: { id: string; subject: string; description?: string },
  event: { viaLink?: LinkUse; viaPortal?: PortalUse },
): boolean => confirmedHashOf(event) === writtenChangeHash(c);

/** A customer's mail or portal reply is writing; an agent recording what they said on the phone is not. */
export const isWrittenByCustomer = (event: { channel?: Channel; actor: Actor }): boolean =>
  event.actor.type === 'customer' && writtenChannels.includes(event.channel ?? '');

/** The record a confirmation leaves on the ticket. */
export const inWritingOf = (event: {
  channel?: Channel;
  actor: Actor;
  at: number;
  viaLink?: LinkUse;
  viaPortal?: PortalUse;
}): InWriting => {
  const contentHash = confirmedHashOf(event);
  return { by: event.actor.id, at: event.at, via: event.channel ?? 'agent', ...(contentHash ? { contentHash } : {}) };
};
