// Whether an agent may resend an outgoing message, and what the resend records: only a failed
// message goes back to pending; one to an address suppressed after a permanent bounce only when
// the agent clears that suppression with the resend. Also what a resend request names and asks.
import * as z from '../validation/zod-mini';
import type { DeliveryStatus, ResendRecord, StoredOutboxMessage, Suppression } from './outbox-delivery';
import type { Actor, FieldIssue, Parsed } from '../lifecycle/ticket-events';
import { ticketIdPattern } from '../lifecycle/ticket-id';

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

export function decideResend(
  message: Resendable,
  suppression: Suppression | null,
  request: ResendRequest,
): ResendDecision {
  if (message.status !== 'failed') return { ok: false, reason: 'not-failed', status: message.status };
  if (suppression && !request.clearSuppression)
    return { ok: false, reason: 'suppressed', address: message.address, suppression };
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

/** The message a resend names, as the path gives it: a ticket id, the event's seq and the message's n. */
export interface ResendTarget {
  ticketId: string;
  seq: number;
  n: number;
}

const positive = (value: string | undefined, digits: number) =>
  value !== undefined && new RegExp(`^[0-9]{1,${digits}}$`).test(value) && Number(value) > 0 ? Number(value) : null;

/** Checks the path's ids before anything is read: a ticket id, seq up to 10 digits, n up to 3 (as stored). */
export function parseResendTarget(params: { id?: string; seq?: string; n?: string }): Parsed<ResendTarget> {
  const issues: FieldIssue[] = [];
  if (!ticketIdPattern.test(params.id ?? ''))
    issues.push({ field: 'id', message: 'not a ticket id (like INC-2026-000042)' });
  const seq = positive(params.seq, 10);
  if (seq === null) issues.push({ field: 'seq', message: "not an event's sequence number (a positive whole number)" });
  const n = positive(params.n, 3);
  if (n === null) issues.push({ field: 'n', message: "not a message's number within its event (1 to 999)" });
  if (issues.length || seq === null || n === null) return { ok: false, reason: 'invalid', issues };
  return { ok: true, value: { ticketId: params.id!, seq, n } };
}

const resendBodySchema = z.strictObject({ clearSuppression: z.optional(z.boolean()) });

/** The API's optional body: `{ "clearSuppression": true }` clears the address's suppression with the resend. */
export function parseResendBody(raw: unknown): Parsed<{ clearSuppression: boolean }> {
  const parsed = resendBodySchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      reason: 'invalid',
      issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    };
  return { ok: true, value: { clearSuppression: parsed.data.clearSuppression ?? false } };
}
