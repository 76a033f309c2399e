// Email intake, transport-free: raw message in (from the SMTP listener locally, from SES → S3 in
// AWS), one outcome out. Keeps the raw message, parses it, tells people from machines, threads it
// onto its ticket or opens one, and quarantines what it cannot take — never drops, never throws
// for bad mail.
import type { Policy } from '../workflows/policy';
import { classifyMail, type MailOrigin } from '../workflows/mail-classification';
import type { MailFacts } from '../workflows/mail-facts';
import { decideMail, type ThreadedTicket } from '../workflows/mail-intake-decision';
import { answeredMessageIds, customerOf, ticketTagOf } from '../workflows/mail-routing';
import type { Actor } from '../workflows/ticket-events';
import type { TicketHead } from '../workflows/ticket-engine';
import { sha256Of, type BlobStore } from './blob-store';
import type { Clock } from './clock';
import { claimItem, threadItem, type Claim, type IntakeStore } from './intake-store';
import { parseMail, UnparseableMailError } from './mime-parse';
import { DuplicateClaimError, type CommitExtras, type TicketStore } from './ticket-store';
import type { TicketService } from './ticket-service';

export type EmailOutcome =
  | { outcome: 'created' | 'updated' | 'recorded' | 'duplicate'; ticketId: string }
  | { outcome: 'quarantined'; reason: string; quarantineId: string }
  /** The same message was quarantined before: that record holds it. */
  | { outcome: 'duplicate'; quarantineId: string };

export interface EmailIntakeDeps {
  service: TicketService;
  tickets: TicketStore;
  intake: IntakeStore;
  rawStore: BlobStore;
  attachmentStore: BlobStore;
  policy: Policy;
  clock: Clock;
}

/** Keeps a raw message for good, content-addressed under the day it arrived. */
export const keepRawMail = (store: BlobStore, raw: Buffer, now: number) => store.put(raw, { prefix: `raw/${new Date(now).toISOString().slice(0, 10)}`, extension: '.eml' });

const asThread = (head: TicketHead): ThreadedTicket => ({ id: head.id, stage: head.stage, done: head.snapshot.status !== 'active', customerId: head.customerId, requesterEmail: head.requester.email });

export function createEmailIntake(deps: EmailIntakeDeps) {
  const { service, tickets, intake, policy, clock } = deps;

  const duplicateOf = (claim: Claim): EmailOutcome => ('ticketId' in claim ? { outcome: 'duplicate', ticketId: claim.ticketId } : { outcome: 'duplicate', quarantineId: claim.quarantineId });

  /** Quarantines once per message: `key` is its dedup key, claimed with the record. */
  const quarantine = async (key: string, reason: string, detail: string, rawKey: string | null, facts?: MailFacts): Promise<EmailOutcome> => {
    const record = { at: clock.now(), channel: 'email' as const, reason, detail, from: facts?.from?.address ?? null, subject: facts?.subject ?? null, rawKey };
    const result = await intake.quarantine(record, { channel: 'email', key });
    return 'duplicateOf' in result ? duplicateOf(result.duplicateOf) : { outcome: 'quarantined', reason, quarantineId: result.kept.id };
  };

  /**
   * The ticket a mail belongs to. Message-IDs are unguessable, so any sender threads by them; a
   * subject tag is not, so it threads only mail from the requester or the ticket's customer (and
   * machine mail, which is only ever recorded).
   */
  async function findThread(facts: MailFacts, origin: MailOrigin): Promise<TicketHead | null> {
    const ids = [...answeredMessageIds(facts), ...(facts.reportedMessage?.messageId ? [facts.reportedMessage.messageId] : [])];
    for (const messageId of ids) {
      const ticketId = await intake.ticketOfMessage(messageId);
      const head = ticketId ? await tickets.getHead(ticketId) : null;
      if (head) return head;
    }
    const tag = ticketTagOf(facts.subject) ?? ticketTagOf(facts.reportedMessage?.subject ?? '');
    const head = tag ? await tickets.getHead(tag) : null;
    if (!head) return null;
    const from = facts.from?.address ?? '';
    const trusted = origin.machine || from === head.requester.email.toLowerCase() || (head.customerId !== null && customerOf(facts, policy)?.id === head.customerId);
    return trusted ? head : null;
  }

  return {
    async receive(raw: Buffer, envelope: { recipients: string[] }): Promise<EmailOutcome> {
      const { key: rawKey, sha256 } = await keepRawMail(deps.rawStore, raw, clock.now());
      if (raw.byteLength > policy.intake.maxMailBytes) return quarantine(sha256, 'too-large', `${raw.byteLength} bytes, over the ${policy.intake.maxMailBytes}-byte limit`, rawKey);

      let facts: MailFacts;
      try {
        facts = await parseMail(raw, envelope.recipients, deps.attachmentStore);
      } catch (error) {
        if (error instanceof UnparseableMailError) return quarantine(sha256, error.reason, error.message, rawKey);
        throw error;
      }

      // The same message twice (a client's retry, a second delivery) makes one ticket.
      const dedupKey = facts.messageId ?? sha256Of(raw);
      const seen = await intake.claimOf('email', dedupKey);
      if (seen) return duplicateOf(seen);

      let origin = classifyMail(facts, policy);
      // A permanent failure (5.x.x) stops further mail to that address, threaded or not.
      const status = facts.deliveryStatus;
      if (origin.machine && status?.recipient && status.status?.startsWith('5')) await intake.suppress(status.recipient, { status: status.status, at: clock.now() });
      if (!origin.machine && facts.from) {
        const count = await intake.countFrom(facts.from.address, clock.now(), policy.intake.senderRateLimit.perMinutes);
        if (count > policy.intake.senderRateLimit.max) origin = { machine: true, reason: 'rate-limited' };
      }
      const head = await findThread(facts, origin);
      const decision = decideMail(facts, origin, head && asThread(head), policy);
      const at = clock.now();
      const extrasFor = (ticketId: string): CommitExtras => ({
        claims: [claimItem('email', dedupKey, ticketId, at)],
        puts: facts.messageId ? [threadItem(facts.messageId, ticketId)] : [],
      });
      const actor: Actor = origin.machine ? { type: 'system', id: `mail:${facts.from?.address ?? 'unknown'}` } : { type: 'customer', id: facts.from?.address ?? 'unknown' };

      try {
        if (decision.action === 'quarantine') return await quarantine(dedupKey, decision.reason, decision.detail, rawKey, facts);
        if (decision.action === 'create') {
          const created = await service.create(decision.ticket, actor, extrasFor);
          if (!created.ok) return await quarantine(dedupKey, 'invalid', created.reason === 'invalid' ? created.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : created.detail, rawKey, facts);
          return { outcome: 'created', ticketId: created.head.id };
        }
        let applied = await service.apply(decision.ticketId, decision.event, actor, extrasFor(decision.ticketId));
        // The ticket moved on since we looked (or the event no longer fits): keep the mail as a comment.
        if (!applied.ok && decision.event.type !== 'COMMENT' && decision.event.type !== 'MAIL_RECORDED') {
          applied = await service.apply(decision.ticketId, { type: 'COMMENT', channel: 'email', from: facts.from?.address ?? 'unknown', text: facts.text.slice(0, 100_000), attachments: facts.attachments }, actor, extrasFor(decision.ticketId));
        }
        if (!applied.ok) return await quarantine(dedupKey, 'ticket-closed', `${decision.ticketId} takes no more mail`, rawKey, facts);
        return { outcome: origin.machine ? 'recorded' : 'updated', ticketId: decision.ticketId };
      } catch (error) {
        if (error instanceof DuplicateClaimError) return duplicateOf((await intake.claimOf('email', dedupKey)) ?? { ticketId: 'unknown' });
        throw error;
      }
    },
  };
}

export type EmailIntake = ReturnType<typeof createEmailIntake>;
