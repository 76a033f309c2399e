// Whether an agent may resend an outgoing message, and what the resend records: only a failed
// message goes back to pending; one to an address suppressed after a permanent bounce only when
// the agent clears that suppression with the resend.
import type { DeliveryStatus, ResendRecord, StoredOutboxMessage, Suppression } from './outbox-delivery';
import type { Actor } from './ticket-events';

export type ResendRefusal =
  | { ok: false; reason: 'not-failed'; status: DeliveryStatus }
  | { ok: false; reason: 'suppressed'; address: string; suppression: Suppression };

export type ResendDecision = { ok: true; record: ResendRecord } | ResendRefusal;

export interface ResendRequest {
  by: Actor;
  at: number;
  /** The agent chose to clear the address's suppression (ignored when there is none). */
  clearSuppression: boolean;
}

type Resendable = Pick<StoredOutboxMessage, 'status' | 'address' | 'failure' | 'lastError' | 'failedAt' | 'attempts'>;

export function decideResend(message: Resendable, suppression: Suppression | null, request: ResendRequest): ResendDecision {
  if (message.status !== 'failed') return { ok: false, reason: 'not-failed', status: message.status };
  if (suppression && !request.clearSuppression) return { ok: false, reason: 'suppressed', address: message.address, suppression };
  return {
    ok: true,
    record: {
      at: request.at,
      by: request.by,
      failure: message.failure ?? null,
      error: message.lastError ?? null,
      failedAt: message.failedAt ?? null,
      attempts: message.attempts ?? 0,
      clearedSuppression: suppression,
    },
  };
}
