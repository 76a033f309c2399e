// What became of one outgoing message: the delivery record the dispatcher and a resend keep on
// the outbox item beside the rendered message (pending → sent, or failed and perhaps resent).
import type { OutboxMessage } from '../lifecycle/ticket-engine';
import type { Actor } from '../lifecycle/ticket-events';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** Why a message failed for good: refused outright, to a bounced address, or out of retry time. */
export type MailFailure = 'permanent' | 'suppressed' | 'expired';

/** A permanent bounce that stops mail to an address until an agent clears it. */
export interface Suppression {
  status: string;
  at: number;
}

/** One resend, with the failure it answered (that is removed from the message itself). */
export interface ResendRecord {
  at: number;
  by: Actor;
  failure: MailFailure | null;
  error: string | null;
  failedAt: number | null;
  attempts: number;
  /** The suppression the agent cleared with this resend, if any. */
  clearedSuppression: Suppression | null;
}

export interface OutboxDelivery {
  status: DeliveryStatus;
  /** Tries in the current retry window (a resend starts a new window at 0). */
  attempts?: number;
  lastError?: string;
  nextAttemptAt?: number;
  sentAt?: number;
  failedAt?: number;
  failure?: MailFailure;
  /** When the current retry window began, if a resend restarted it; else it began at `createdAt`. */
  retryFrom?: number;
  resends?: number;
  resentAt?: number;
  resentBy?: Actor;
  resendHistory?: ResendRecord[];
}

/**
 * An outbox item as the table holds it: a ticket's (`TICKET#<id>`), or without `ticketId` a mail of
 * no ticket under its own pk (the portal's sign-in mail, `PORTAL#MAIL#<attempt>`), sent the same way.
 */
export type StoredOutboxMessage = Omit<OutboxMessage, 'status'> & OutboxDelivery & { ticketId?: string };

/** Where a message's retry window starts: its last resend, else when the event wrote it. */
export const retryWindowStart = (message: Pick<StoredOutboxMessage, 'createdAt' | 'retryFrom'>): number =>
  message.retryFrom ?? message.createdAt;
