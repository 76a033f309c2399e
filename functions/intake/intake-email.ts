// Email intake, transport-free: raw message in (from the SMTP listener locally, from SES → S3 in
// AWS), one outcome out. Keeps the raw message, parses it, tells people from machines, threads it
// onto its ticket or opens one, and quarantines what it cannot take — never drops, never throws
// for bad mail.
import type { Policy, TicketKind } from '../../workflows/policy/policy';
import { classifyMail } from '../../workflows/intake/mail-classification';
import { mailProvenanceOf, type MailFacts } from '../../workflows/intake/mail-facts';
import { commentOf, decideMail, ticketOfMail, type ThreadFound } from '../../workflows/intake/mail-intake-decision';
import { multiLine, singleLine } from '../../workflows/intake/user-text';
import {
  answeredMessageIds,
  partyOf,
  ticketReferenceOf,
  ticketTagOf,
  vendorRefOf,
  vendorsOf,
  type ThreadedTicket,
} from '../../workflows/intake/mail-routing';
import type { Refusal, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { Actor, Origin } from '../../workflows/lifecycle/ticket-events';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import { sha256Of, type BlobStore } from '../store/blob-store';
import type { Clock } from '../clock';
import {
  claimItem,
  quarantineItem,
  releaseClaim,
  threadItem,
  type Claim,
  type IntakeStore,
  type QuarantineRecord,
  type Released,
} from './intake-store';
import { parseMail, UnparseableMailError } from './mime-parse';
import { createQuarantineDiscard, invalidField, settledOf, type AlreadySettled } from './quarantine-discard';
import {
  DuplicateClaimError,
  TicketNotFoundError,
  type CommitExtras,
  type TicketStore,
} from '../lifecycle/ticket-store';
import type { TicketService } from '../lifecycle/ticket-service';
import type { Desk } from '../desk';

export type EmailOutcome =
  | { outcome: 'created' | 'updated' | 'recorded' | 'duplicate'; ticketId: string }
  | { outcome: 'quarantined'; reason: string; quarantineId: string }
  /** The same message was quarantined before: that record holds it. */
  | { outcome: 'duplicate'; quarantineId: string };

/** Where a released mail goes: onto a ticket (the one it named when null), or a new ticket. */
export type ReleaseTarget = { ticketId: string } | { asNewTicket: { customerId: string; kind: TicketKind } } | null;

export type ReleaseOutcome =
  | { ok: true; ticketId: string; released: Released }
  | { ok: false; reason: 'not-found' | 'no-ticket' | 'nothing-kept' }
  | { ok: false; reason: 'unparseable'; detail: string }
  | AlreadySettled
  | Refusal;

export type { DiscardOutcome, Settlement } from './quarantine-discard';

export interface EmailIntakeDeps {
  service: TicketService;
  tickets: TicketStore;
  intake: IntakeStore;
  rawStore: BlobStore;
  attachmentStore: BlobStore;
  policy: Policy;
  /** The chart, asked which events a ticket takes from mail now. */
  machine: TicketMachine;
  clock: Clock;
}

/** Keeps a raw message for good, content-addressed under the day it arrived. */
export const keepRawMail = (store: BlobStore, raw: Buffer, now: number) =>
  store.put(raw, { prefix: `raw/${new Date(now).toISOString().slice(0, 10)}`, extension: '.eml' });

const asThread = (head: TicketHead, machine: TicketMachine): ThreadedTicket => ({
  id: head.id,
  done: head.snapshot.status !== 'active',
  customerId: head.customerId,
  requesterEmail: head.requester.email,
  cc: head.snapshot.context.cc ?? [],
  vendorId: head.thirdParty?.id ?? null,
  accepts: allowedEvents(machine, head.snapshot, 'email'),
});

export function createEmailIntake(deps: EmailIntakeDeps) {
  const { service, tickets, intake, policy, clock } = deps;

  const duplicateOf = (claim: Claim): EmailOutcome =>
    'ticketId' in claim
      ? { outcome: 'duplicate', ticketId: claim.ticketId }
      : { outcome: 'duplicate', quarantineId: claim.quarantineId };

  /** Quarantines once per message: `key` is its dedup key, claimed with the record. */
  const quarantine = async (
    key: string,
    reason: string,
    detail: string,
    rawKey: string | null,
    facts?: MailFacts,
    ticketId?: string,
  ): Promise<EmailOutcome> => {
    // What a stranger wrote is kept as the desk keeps all user text (no controls, no bidi
    // overrides): the record is read on the console, whose pages take it for what it says.
    const record = {
      at: clock.now(),
      channel: 'email' as const,
      reason,
      detail: multiLine(detail),
      from: facts?.from ? singleLine(facts.from.address) : null,
      subject: facts ? singleLine(facts.subject) : null,
      rawKey,
      ...(ticketId ? { ticketId } : {}),
    };
    const result = await intake.quarantine(record, { channel: 'email', key });
    return 'duplicateOf' in result
      ? duplicateOf(result.duplicateOf)
      : { outcome: 'quarantined', reason, quarantineId: result.kept.id };
  };

  /**
   * The ticket a mail refers to: a bounce's or receipt's report on a mail the desk sent, the
   * Message-IDs it answers, or the tag in its subject; for a vendor's helpdesk, which writes its
   * own subjects, also our bare reference in it, or their own ticket number as recorded on ours.
   * Finding it says nothing about whether the sender may write onto it: decideMail asks whether
   * they are one of its parties.
   */
  async function findThread(facts: MailFacts): Promise<{ head: TicketHead; by: ThreadFound['by'] } | null> {
    const reported = facts.reportedMessage?.messageId;
    const ids: [string, ThreadFound['by']][] = [
      ...(reported ? [[reported, 'report'] as [string, ThreadFound['by']]] : []),
      ...answeredMessageIds(facts).map((id) => [id, 'message-id'] as [string, ThreadFound['by']]),
    ];
    for (const [messageId, by] of ids) {
      const ticketId = await intake.ticketOfMessage(messageId);
      const head = ticketId ? await tickets.getHead(ticketId) : null;
      if (head) return { head, by };
    }
    const tag = ticketTagOf(facts.subject) ?? ticketTagOf(facts.reportedMessage?.subject ?? '');
    const tagged = tag ? await tickets.getHead(tag) : null;
    if (tagged) return { head: tagged, by: 'tag' };

    const from = facts.from?.address ?? '';
    const vendors = vendorsOf(from, policy);
    if (vendors.length === 0) return null;
    const reference = ticketReferenceOf(facts.subject);
    const referenced = reference ? await tickets.getHead(reference) : null;
    // Anyone may type a reference; it threads only the mail of that ticket's own vendor.
    if (referenced && partyOf(asThread(referenced, deps.machine), from, policy) === 'vendor')
      return { head: referenced, by: 'reference' };
    for (const vendor of vendors) {
      const ref = vendorRefOf(facts.subject, vendor);
      const ticketId = ref ? await intake.ticketOfVendorRef(vendor.id, ref) : null;
      const head = ticketId ? await tickets.getHead(ticketId) : null;
      if (head) return { head, by: 'vendor-ref' };
    }
    return null;
  }

  /** The kept raw message of a record, read again (the same parse as intake), or why not. */
  async function keptFacts(record: QuarantineRecord): Promise<MailFacts | ReleaseOutcome> {
    const raw = record.channel === 'email' && record.rawKey ? await deps.rawStore.get(record.rawKey) : null;
    if (!raw) return { ok: false, reason: 'nothing-kept' };
    try {
      return await parseMail(raw, [], deps.attachmentStore);
    } catch (error) {
      if (error instanceof UnparseableMailError) return { ok: false, reason: 'unparseable', detail: error.message };
      throw error;
    }
  }

  /**
   * An agent releases a quarantined mail: onto a ticket (the one it claimed to answer, or another)
   * as a comment from its sender, or as a new ticket for the customer and kind they chose, opened
   * as the intake opens one from a mail. Its kept raw message is read again; the agent is the
   * actor and `releasedFrom` names the record. Once: a claim in the event's transaction, the
   * record marked released in the same commit; a record released or discarded before is refused.
   */
  async function release(quarantineId: string, target: ReleaseTarget, agent: Actor): Promise<ReleaseOutcome> {
    const record = await intake.quarantineRecord(quarantineId);
    if (!record) return { ok: false, reason: 'not-found' };
    const settled = settledOf(record);
    if (settled) return { ok: false, reason: 'already-settled', settled };
    const asNew = target && 'asNewTicket' in target ? target.asNewTicket : null;
    const customer = asNew ? policy.customers.find((c) => c.id === asNew.customerId) : undefined;
    if (asNew && !customer)
      return invalidField('asNewTicket.customerId', `no customer ${asNew.customerId} in the policy`);
    const ticketId = asNew
      ? null
      : ((target && 'ticketId' in target ? target.ticketId : null) ?? record.ticketId ?? null);
    if (!asNew && !ticketId) return { ok: false, reason: 'no-ticket' };
    const facts = await keptFacts(record);
    if (!('recipients' in facts)) return facts;
    const sender = facts.from;
    if (asNew && !sender) return invalidField('asNewTicket', 'the kept mail has no sender to open a ticket for');
    const at = clock.now();
    const origin: Origin = {
      actor: agent,
      channel: 'email',
      releasedFrom: record.id,
      mail: mailProvenanceOf(facts, record.rawKey, policy),
    };
    const extrasFor = (id: string, released: Released): CommitExtras => ({
      claims: [releaseClaim(record.id, { ticketId: id }, at)],
      puts: [
        quarantineItem({ ...record, released }),
        ...(asNew && facts.messageId ? [threadItem(facts.messageId, id)] : []),
      ],
    });
    try {
      if (asNew && customer && sender) {
        const releasedAs = (id: string): Released => ({ by: agent.id, at, ticketId: id, asNewTicket: true });
        const ticket = ticketOfMail(facts, sender, customer, asNew.kind);
        const created = await service.create(ticket, origin, (id) => extrasFor(id, releasedAs(id)));
        return created.ok ? { ok: true, ticketId: created.head.id, released: releasedAs(created.head.id) } : created;
      }
      const released: Released = { by: agent.id, at, ticketId: ticketId! };
      const comment = commentOf(facts, facts.from?.address ?? record.from ?? 'unknown');
      const applied = await service.apply(ticketId!, comment, origin, extrasFor(ticketId!, released));
      return applied.ok ? { ok: true, ticketId: ticketId!, released } : applied;
    } catch (error) {
      if (error instanceof DuplicateClaimError) {
        const now = await intake.quarantineRecord(quarantineId);
        return { ok: false, reason: 'already-settled', settled: (now && settledOf(now)) ?? {} };
      }
      if (error instanceof TicketNotFoundError) return invalidField('ticketId', `there is no ticket ${ticketId}`);
      throw error;
    }
  }

  return {
    release,
    discard: createQuarantineDiscard({ intake, clock }),
    async receive(raw: Buffer, envelope: { recipients: string[] }): Promise<EmailOutcome> {
      const { key: rawKey, sha256 } = await keepRawMail(deps.rawStore, raw, clock.now());
      if (raw.byteLength > policy.intake.maxMailBytes)
        return quarantine(
          sha256,
          'too-large',
          `${raw.byteLength} bytes, over the ${policy.intake.maxMailBytes}-byte limit`,
          rawKey,
        );

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
      if (!origin.machine && facts.from) {
        const count = await intake.countFrom(facts.from.address, clock.now(), policy.intake.senderRateLimit.perMinutes);
        if (count > policy.intake.senderRateLimit.max) origin = { machine: true, reason: 'rate-limited' };
      }
      const found = await findThread(facts);
      // A permanent failure (5.x.x) stops further mail to that address, but only a report on a
      // mail the desk really sent can say so: a forged bounce must not silence a customer.
      const status = facts.deliveryStatus;
      if (origin.machine && found?.by === 'report' && status?.recipient && status.status?.startsWith('5')) {
        await intake.suppress(status.recipient, { status: status.status, at: clock.now() });
      }
      const decision = decideMail(
        facts,
        origin,
        found && { ticket: asThread(found.head, deps.machine), by: found.by },
        policy,
      );
      const at = clock.now();
      const extrasFor = (ticketId: string): CommitExtras => ({
        claims: [claimItem('email', dedupKey, ticketId, at)],
        puts: facts.messageId ? [threadItem(facts.messageId, ticketId)] : [],
      });
      const from = facts.from?.address ?? 'unknown';
      // Every event and ticket a mail makes says which mail it was, where it is kept, and who else it went to.
      const mail = mailProvenanceOf(facts, rawKey, policy);

      try {
        if (decision.action === 'quarantine')
          return await quarantine(dedupKey, decision.reason, decision.detail, rawKey, facts, decision.ticketId);
        if (decision.action === 'create') {
          const created = await service.create(
            decision.ticket,
            { actor: { type: 'customer', id: from }, channel: 'email', mail },
            extrasFor,
          );
          if (!created.ok)
            return await quarantine(
              dedupKey,
              'invalid',
              created.reason === 'invalid'
                ? created.issues.map((i) => `${i.field}: ${i.message}`).join('; ')
                : created.detail,
              rawKey,
              facts,
            );
          return { outcome: 'created', ticketId: created.head.id };
        }
        const mailOrigin: Origin = { actor: decision.actor, channel: 'email', mail };
        let applied = await service.apply(decision.ticketId, decision.event, mailOrigin, extrasFor(decision.ticketId));
        // The ticket moved on since we looked (or the event no longer fits): keep the mail as a comment.
        if (!applied.ok && decision.event.type !== 'COMMENT' && decision.event.type !== 'MAIL_RECORDED')
          applied = await service.apply(
            decision.ticketId,
            commentOf(facts, from),
            mailOrigin,
            extrasFor(decision.ticketId),
          );
        if (!applied.ok)
          return await quarantine(
            dedupKey,
            'ticket-closed',
            `${decision.ticketId} takes no more mail`,
            rawKey,
            facts,
            decision.ticketId,
          );
        return { outcome: origin.machine ? 'recorded' : 'updated', ticketId: decision.ticketId };
      } catch (error) {
        if (error instanceof DuplicateClaimError)
          return duplicateOf((await intake.claimOf('email', dedupKey)) ?? { ticketId: 'unknown' });
        throw error;
      }
    },
  };
}

export type EmailIntake = ReturnType<typeof createEmailIntake>;

/**
 * The email intake over the desk's parts, raw mail and attachments kept in its blob store. Built
 * by the handlers that take mail in or release it (and by local/), never by the desk itself, so
 * the MIME, HTML and reply parsers reach no other function's bundle.
 */
export const emailIntakeOf = (desk: Desk): EmailIntake =>
  createEmailIntake({
    service: desk.service,
    tickets: desk.store,
    intake: desk.intake,
    rawStore: desk.blobs,
    attachmentStore: desk.blobs,
    policy: desk.policy,
    machine: desk.machine,
    clock: desk.clock,
  });
