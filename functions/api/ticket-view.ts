// The agent API's picture of a ticket: the head, its titles, SLA clocks, pending timers, the
// events allowed now, the timeline from the event log, and its mail: each message's delivery
// (retrying until when, failed why, resent by whom), the failed ones up front with their resend.
import { retryWindowStart, type StoredOutboxMessage, type Suppression } from '../../workflows/mail/outbox-delivery';
import { retryDeadline } from '../../workflows/mail/outbox-retry';
import type { OutboxRetry } from '../../workflows/policy/policy';
import type { TicketHead, LoggedEvent } from '../../workflows/lifecycle/ticket-engine';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import { stateTitle } from '../../workflows/lifecycle/state-titles';
import type { HistoryLine, TicketHistory } from '../../workflows/lifecycle/ticket-history';

const iso = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

function slaState(value: unknown, region: 'response' | 'resolution'): string {
  const sla = (value as { sla?: Record<string, unknown> }).sla?.[region];
  if (typeof sla === 'string') return sla;
  const running = (sla as { running?: string } | undefined)?.running;
  return running ? `running.${running}` : 'unknown';
}

export function ticketSummary(machine: TicketMachine, head: TicketHead) {
  const { context, value } = head.snapshot;
  return {
    id: head.id,
    kind: head.kind,
    status: head.status,
    stage: head.stage,
    title: stateTitle(machine, head.stage),
    priority: head.priority,
    subject: head.subject,
    requester: head.requester,
    customerId: head.customerId,
    /** Who owns it and whose queue it is in (policy ids; null for none). */
    assigneeId: head.assigneeId ?? null,
    teamId: head.teamId ?? null,
    language: head.language,
    version: head.version,
    createdAt: iso(head.createdAt),
    updatedAt: iso(head.updatedAt),
    sla: {
      response: {
        state: slaState(value, 'response'),
        metAt: iso(context.sla.response.metAt),
        breachedAt: iso(context.sla.response.breachedAt),
      },
      resolution: {
        state: slaState(value, 'resolution'),
        breachedAt: iso(context.sla.resolution.breachedAt),
        usedMinutes: Math.round(context.sla.resolution.elapsedMs / 60_000),
      },
    },
    nextDueAt: iso(head.nextDueAt),
  };
}

/** Where an agent resends a failed message. */
export const resendPath = (ticketId: string, m: Pick<StoredOutboxMessage, 'seq' | 'n'>) =>
  `/v1/tickets/${encodeURIComponent(ticketId)}/outbox/${m.seq}/${m.n}/resend`;

/** One outgoing message and what became of it. */
export function outboxMessageView(m: StoredOutboxMessage, retry: OutboxRetry) {
  const pending = m.status === 'pending';
  return {
    seq: m.seq,
    n: m.n,
    template: m.template,
    to: m.to,
    address: m.address,
    cc: m.cc ?? [],
    subject: m.subject,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo ?? null,
    status: m.status,
    attempts: m.attempts ?? 0,
    createdAt: iso(m.createdAt),
    sentAt: iso(m.sentAt),
    lastError: m.lastError ?? null,
    nextAttemptAt: pending ? iso(m.nextAttemptAt) : null,
    retryUntil: pending ? iso(retryDeadline(retry, retryWindowStart(m))) : null,
    failedAt: iso(m.failedAt),
    failure: m.failure ?? null,
    resends: m.resends ?? 0,
    resentAt: iso(m.resentAt),
    resentBy: m.resentBy ?? null,
    resendHistory: (m.resendHistory ?? []).map((r) => ({
      ...r,
      at: iso(r.at),
      failedAt: iso(r.failedAt),
      clearedSuppression: r.clearedSuppression && {
        status: r.clearedSuppression.status,
        at: iso(r.clearedSuppression.at),
      },
    })),
  };
}

export interface MailContext {
  retry: OutboxRetry;
  /** Suppressions in force for the addresses of failed messages. */
  suppressions: Map<string, Suppression>;
}

export function ticketDetail(
  machine: TicketMachine,
  head: TicketHead,
  events: LoggedEvent[],
  outbox: StoredOutboxMessage[],
  mail: MailContext,
) {
  const { context } = head.snapshot;
  return {
    ...ticketSummary(machine, head),
    category: context.category,
    catalogItemId: context.catalogItemId,
    inScope: context.inScope,
    vendor: context.vendor,
    quote: context.quote,
    visits: context.visits,
    allowedEvents: allowedEvents(machine, head.snapshot, 'agent'),
    timers: head.timers.map((t) => ({ name: t.name, dueAt: iso(t.dueAt) })),
    timeline: events.map((e) => {
      const { type: _type, at: _at, actor: _actor, ...payload } = e.event;
      return { seq: e.seq, at: iso(e.at), type: e.type, actor: e.actor, stage: e.stage, payload };
    }),
    // Mail that failed for good and waits for an agent: why, and where to resend it.
    mailFailures: outbox
      .filter((m) => m.status === 'failed')
      .map((m) => {
        const suppression = mail.suppressions.get(m.address);
        return {
          seq: m.seq,
          n: m.n,
          template: m.template,
          address: m.address,
          subject: m.subject,
          failure: m.failure ?? null,
          reason: m.lastError ?? null,
          failedAt: iso(m.failedAt),
          attempts: m.attempts ?? 0,
          suppressed: suppression ? { status: suppression.status, at: iso(suppression.at) } : null,
          resend: {
            method: 'POST',
            href: resendPath(head.id, m),
            ...(suppression ? { body: { clearSuppression: true } } : {}),
          },
        };
      }),
    outbox: outbox.map((m) => outboxMessageView(m, mail.retry)),
  };
}

/** The requester's and the customer's other tickets, newest first, with how each one's SLA came out. */
export function historyView(history: TicketHistory) {
  const line = (l: HistoryLine) => ({ ...l, createdAt: iso(l.createdAt) });
  return { requester: history.requester.map(line), customer: history.customer.map(line) };
}
