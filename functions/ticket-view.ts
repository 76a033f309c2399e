// The agent API's picture of a ticket: the head, its titles, SLA clocks, pending timers, the
// events allowed now, and (on request) the timeline from the event log.
import type { StoredOutboxMessage } from '../workflows/outbox-delivery';
import type { TicketHead, LoggedEvent } from '../workflows/ticket-engine';
import type { TicketMachine } from '../workflows/ticket-machine';
import { allowedEvents } from '../workflows/ticket-step';
import { stateTitle } from '../workflows/state-titles';

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
    language: head.language,
    version: head.version,
    createdAt: iso(head.createdAt),
    updatedAt: iso(head.updatedAt),
    sla: {
      response: { state: slaState(value, 'response'), metAt: iso(context.sla.response.metAt), breachedAt: iso(context.sla.response.breachedAt) },
      resolution: { state: slaState(value, 'resolution'), breachedAt: iso(context.sla.resolution.breachedAt), usedMinutes: Math.round(context.sla.resolution.elapsedMs / 60_000) },
    },
    nextDueAt: iso(head.nextDueAt),
  };
}

export function ticketDetail(machine: TicketMachine, head: TicketHead, events: LoggedEvent[], outbox: StoredOutboxMessage[]) {
  const { context } = head.snapshot;
  return {
    ...ticketSummary(machine, head),
    category: context.category,
    catalogItemId: context.catalogItemId,
    inScope: context.inScope,
    vendor: context.vendor,
    quote: context.quote,
    visits: context.visits,
    allowedEvents: allowedEvents(machine, head.snapshot),
    timers: head.timers.map((t) => ({ name: t.name, dueAt: iso(t.dueAt) })),
    timeline: events.map((e) => {
      const { type: _type, at: _at, actor: _actor, ...payload } = e.event;
      return { seq: e.seq, at: iso(e.at), type: e.type, actor: e.actor, stage: e.stage, payload };
    }),
    outbox: outbox.map((m) => ({ seq: m.seq, n: m.n, template: m.template, to: m.to, address: m.address, subject: m.subject, status: m.status, attempts: m.attempts ?? 0, sentAt: iso(m.sentAt), lastError: m.lastError ?? null, createdAt: iso(m.createdAt) })),
  };
}
