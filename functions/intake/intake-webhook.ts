// Webhook intake, transport-free: a verified delivery from a known source in, one outcome out.
// Idempotent on the delivery id, claimed in the same transaction as its effect: no read first, the
// claim's condition finds a redelivery (and names the earlier ticket). Alerts correlate by group
// and fingerprint into one open incident.
import type { Policy, WebhookSource } from '../../workflows/policy/policy';
import type { FieldIssue, Origin } from '../../workflows/lifecycle/ticket-events';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { adaptWebhook } from '../../workflows/intake/webhook-adapters';
import { alertItem, claimItem, type IntakeStore } from './intake-store';
import type { Clock } from '../clock';
import {
  DuplicateClaimError,
  IndexConflictError,
  type CommitExtras,
  type TicketStore,
} from '../lifecycle/ticket-store';
import type { TicketService } from '../lifecycle/ticket-service';
import type { Desk } from '../desk';

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

  /** The alert index as it stands: each key's ticket (if any), and the first of them still open. */
  async function correlate(
    source: WebhookSource,
    keys: string[],
  ): Promise<{ seen: (string | null)[]; open: TicketHead | null }> {
    const seen = await Promise.all(keys.map((key) => intake.ticketOfAlert(source.id, key)));
    for (const id of seen) {
      const head = id ? await tickets.getHead(id) : null;
      if (head && head.snapshot.status === 'active') return { seen, open: head };
    }
    return { seen, open: null };
  }

  /** Deliveries of one alert group racing each other: the loser decides again, and finds the winner's incident. */
  const MAX_CORRELATION_ATTEMPTS = 5;

  return {
    async receive(source: WebhookSource, deliveryKey: string, body: unknown): Promise<WebhookResult> {
      const channel = `webhook:${source.id}`;
      const intent = adaptWebhook(source, body);
      // A redelivery of a delivery that was taken is a duplicate, whatever the ticket says now; the
      // claim is read only on these rare paths, where no transaction carried it.
      const duplicateOr = async (result: WebhookResult): Promise<WebhookResult> => {
        const seen = await intake.claimedBy(channel, deliveryKey);
        return seen ? { ok: true, ticketId: seen, outcome: 'duplicate' } : result;
      };
      if (!intent.ok) return duplicateOr(intent);

      const origin: Origin = { actor: { type: 'system', id: channel }, channel: 'webhook' };
      const claim = (ticketId: string) => [claimItem(channel, deliveryKey, ticketId, clock.now())];
      const ignored = (ticketId: string | null, detail: string) =>
        duplicateOr({ ok: true, ticketId, outcome: 'ignored', detail });
      /** One event on a head already read (no second read), claiming the delivery in its commit. */
      const update = async (
        head: TicketHead,
        event: Record<string, unknown>,
        refused: string,
        swaps?: CommitExtras['swaps'],
      ): Promise<WebhookResult> => {
        const applied = await service.apply(head.id, event, origin, { claims: claim(head.id), swaps }, head);
        return applied.ok ? { ok: true, ticketId: head.id, outcome: 'updated' } : ignored(head.id, refused);
      };
      try {
        const value = intent.value;
        if (value.type === 'create') {
          const created = await service.create(value.ticket, origin, (id) => ({ claims: claim(id) }));
          return created.ok
            ? { ok: true, ticketId: created.head.id, outcome: 'created' }
            : duplicateOr(created as WebhookResult);
        }
        if (value.type === 'comment') {
          const head = await tickets.getHead(value.ticketId);
          // A source speaks for its own customer only.
          if (!head || head.customerId !== source.customerId)
            return ignored(null, `no ticket ${value.ticketId} for this source's customer`);
          // The head just read is the one the comment is decided on.
          return await update(
            head,
            { type: 'COMMENT', from: source.id, text: value.text },
            'the ticket takes no more comments',
          );
        }
        for (let attempt = 1; ; attempt++) {
          const { seen, open } = await correlate(source, value.keys);
          // Every key now names the incident, but only if no other delivery re-pointed it meanwhile.
          const index = (ticketId: string) =>
            value.keys.map((key, i) => ({
              item: alertItem(source.id, key, ticketId),
              expectedTicketId: seen[i] ?? null,
            }));
          try {
            if (value.status === 'resolved') {
              if (!open) return await ignored(null, 'no open incident for these alerts');
              return await update(
                open,
                { type: 'ALERT_RESOLVED', source: source.id, summary: value.summary },
                'the incident takes no all-clear now',
              );
            }
            if (open) {
              return await update(
                open,
                { type: 'COMMENT', from: source.id, text: value.summary },
                'the incident takes no more updates',
                index(open.id),
              );
            }
            const created = await service.create(value.ticket, origin, (id) => ({
              claims: claim(id),
              swaps: index(id),
            }));
            return created.ok
              ? { ok: true, ticketId: created.head.id, outcome: 'created' }
              : await duplicateOr(created as WebhookResult);
          } catch (error) {
            if (!(error instanceof IndexConflictError) || attempt >= MAX_CORRELATION_ATTEMPTS) throw error;
          }
        }
      } catch (error) {
        if (error instanceof DuplicateClaimError)
          return {
            ok: true,
            ticketId: error.claimedBy ?? (await intake.claimedBy(channel, deliveryKey)),
            outcome: 'duplicate',
          };
        throw error;
      }
    },
  };
}

export type WebhookIntake = ReturnType<typeof createWebhookIntake>;

/** The webhook intake over the desk's parts: built by the webhook handler (and local/), not by every function's desk. */
export const webhookIntakeOf = (desk: Desk): WebhookIntake =>
  createWebhookIntake({
    service: desk.service,
    tickets: desk.store,
    intake: desk.intake,
    policy: desk.policy,
    clock: desk.clock,
  });
