// Which conversation each mail belongs to, the way mail clients thread them: per party (the
// customer, the vendor, the desk's own people), the Message-IDs in order, starting with the mail
// that opened the ticket. A mail to a party replies to the last message of that party's thread and
// references its start and its latest messages (RFC 5322 §3.6.4: trimmed, the first one kept).
import type { Actor } from '../lifecycle/ticket-events';
import type { Recipient } from '../lifecycle/ticket-machine';

export type ThreadName = 'customer' | 'vendor' | 'desk';
export type Threads = Partial<Record<ThreadName, string[]>>;

/** The first message and this many of the latest are kept: enough for every client to thread. */
const KEPT_LATEST = 19;

export const threadOfRecipient = (to: Recipient): ThreadName =>
  to === 'requester' ? 'customer' : to === 'vendor' || to === 'vendorEscalation' ? 'vendor' : 'desk';

/** The thread an inbound mail from this actor joins; none for machines and agents. */
export const threadOfActor = (actor: Actor): ThreadName | null =>
  actor.type === 'customer' ? 'customer' : actor.type === 'vendor' ? 'vendor' : null;

/** A msg-id as headers may carry it: a sender's malformed one joins no thread (and no header of ours). */
const MSG_ID = /^<[^<>\s\p{Cc}]{1,250}>$/u;

export function appendToThread(threads: Threads, name: ThreadName, messageId: string): Threads {
  if (!MSG_ID.test(messageId)) return threads;
  const ids = threads[name] ?? [];
  if (ids.includes(messageId)) return threads;
  const next = [...ids, messageId];
  const trimmed = next.length > KEPT_LATEST + 1 ? [next[0]!, ...next.slice(-KEPT_LATEST)] : next;
  return { ...threads, [name]: trimmed };
}

export interface ReplyHeaders {
  inReplyTo?: string;
  references?: string[];
}

/** The headers a new mail in this thread carries: nothing for the first mail of a thread. */
export function replyHeaders(threads: Threads, name: ThreadName): ReplyHeaders {
  const ids = threads[name] ?? [];
  return ids.length ? { inReplyTo: ids.at(-1)!, references: ids } : {};
}
