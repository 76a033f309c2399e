// Webhook intake, transport-free: a verified delivery from a known source in, one outcome out.
// Idempotent on the delivery id (claimed in the same transaction as its effect); alerts correlate
// by group and fingerprint into one open incident.
import type { Policy, WebhookSource } from '../workflows/policy';
import type { Actor, FieldIssue } from '../workflows/ticket-events';
import type { TicketHead } from '../workflows/ticket-engine';
import { adaptWebhook } from '../workflows/webhook-adapters';
import { alertItem, claimItem, type IntakeStore } from './intake-store';
import type { Clock } from './clock';
import { DuplicateClaimError, type TicketStore } from './ticket-store';
import type { TicketService } from './ticket-service';

export type WebhookResult =
  | { ok: true; ticketId: string | null; outcome: 'created' | 'updated' | 'duplicate' | 'ignored'; detail?: string }
  | { ok: false; reason: 'invalid'; issues: FieldIssue[] };

export interface WebhookIntakeDeps {
  service: TicketService;
  tickets: TicketStore;
  intake: IntakeStore;
  policy: Policy;
  clock: Clock;
}

export function createWebhookIntake(deps: WebhookIntakeDeps) {
  const { service, tickets, intake, clock } = deps;

  async function openTicketFor(source: WebhookSource, keys: string[]): Promise<TicketHead | null> {
    for (const key of keys) {
      const id = await intake.ticketOfAlert(source.id, key);
      const head = id ? await tickets.getHead(id) : null;
      if (head && head.snapshot.status === 'active') return head;
    }
    return null;
  }

  return {
    async receive(source: WebhookSource, deliveryKey: string, body: unknown): Promise<WebhookResult> {
      const channel = `webhook:${source.id}`;
      const seen = await intake.claimedBy(channel, deliveryKey);
      if (seen) return { ok: true, ticketId: seen, outcome: 'duplicate' };
      const intent = adaptWebhook(source, body);
      if (!intent.ok) return intent;

      const actor: Actor = { type: 'system', id: channel };
      const claim = (ticketId: string) => [claimItem(channel, deliveryKey, ticketId, clock.now())];
      const outcome = (applied: { ok: boolean }, ticketId: string, detail: string): WebhookResult =>
        applied.ok ? { ok: true, ticketId, outcome: 'updated' } : { ok: true, ticketId, outcome: 'ignored', detail };
      try {
        const value = intent.value;
        if (value.type === 'create') {
          const created = await service.create(value.ticket, actor, (id) => ({ claims: claim(id) }));
          return created.ok ? { ok: true, ticketId: created.head.id, outcome: 'created' } : (created as WebhookResult);
        }
        if (value.type === 'comment') {
          const head = await tickets.getHead(value.ticketId);
          // A source speaks for its own customer only.
          if (!head || head.customerId !== source.customerId) return { ok: true, ticketId: null, outcome: 'ignored', detail: `no ticket ${value.ticketId} for this source's customer` };
          const applied = await service.apply(head.id, { type: 'COMMENT', channel: 'webhook', from: source.id, text: value.text }, actor, { claims: claim(head.id) });
          return outcome(applied, head.id, 'the ticket takes no more comments');
        }
        const open = await openTicketFor(source, value.keys);
        const index = (ticketId: string) => value.keys.map((key) => alertItem(source.id, key, ticketId));
        if (value.status === 'resolved') {
          if (!open) return { ok: true, ticketId: null, outcome: 'ignored', detail: 'no open incident for these alerts' };
          const applied = await service.apply(open.id, { type: 'ALERT_RESOLVED', source: source.id, summary: value.summary }, actor, { claims: claim(open.id) });
          return outcome(applied, open.id, 'the incident takes no all-clear now');
        }
        if (open) {
          const applied = await service.apply(open.id, { type: 'COMMENT', channel: 'webhook', from: source.id, text: value.summary }, actor, { claims: claim(open.id), puts: index(open.id) });
          return outcome(applied, open.id, 'the incident takes no more updates');
        }
        const created = await service.create(value.ticket, actor, (id) => ({ claims: claim(id), puts: index(id) }));
        return created.ok ? { ok: true, ticketId: created.head.id, outcome: 'created' } : (created as WebhookResult);
      } catch (error) {
        if (error instanceof DuplicateClaimError) return { ok: true, ticketId: await intake.claimedBy(channel, deliveryKey), outcome: 'duplicate' };
        throw error;
      }
    },
  };
}

export type WebhookIntake = ReturnType<typeof createWebhookIntake>;
