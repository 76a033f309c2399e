// What the intake needs to know about one inbound mail, independent of the MIME parser, and what
// it derives from that alone: the new text of a reply, and the provenance its events carry.
import { isMailAddress, MAX_COPIES, type AttachmentRef, type MailProvenance } from '../lifecycle/ticket-events';
import type { Policy } from '../policy/policy';
import { splitReply } from './reply-text';

export interface MailFacts {
  messageId: string | null;
  from: { address: string; name: string } | null;
  /** Every recipient: envelope recipients first, then To and Cc. Lower-cased. */
  recipients: string[];
  /** The mail's own To and Cc (not the envelope), lower-cased. */
  addressed: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Header values by lower-cased name. */
  headers: Record<string, string[]>;
  /** Top-level content type, lower-cased, without parameters. */
  contentType: string;
  /** Readable text: the text part, or the HTML part turned into text. */
  text: string;
  attachments: AttachmentRef[];
  /** From a delivery-status report: which recipient failed, and how. */
  deliveryStatus: { recipient: string | null; status: string | null; diagnostic: string | null } | null;
  /** The message a report is about (its headers are enclosed in bounces and receipts). */
  reportedMessage: { messageId: string | null; subject: string } | null;
}

export const header = (facts: MailFacts, name: string): string | undefined => facts.headers[name.toLowerCase()]?.[0];

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** What the sender wrote now, without the quoted history and signature below it. */
export const replyTextOf = (facts: MailFacts): string => splitReply(facts.text).text;

/**
 * Who else the mail was written to, so the conversation can stay with them: its To and Cc besides
 * the desk's own addresses and the sender, each once, at most ten.
 */
export function copiedOf(facts: MailFacts, policy: Policy): string[] {
  const own = new Set(
    [...policy.intake.deskAddresses, ...policy.intake.mailboxes.map((m) => m.address), facts.from?.address ?? ''].map(
      (a) => a.toLowerCase(),
    ),
  );
  // The same rule as an agent's copies: a header's odd address never becomes a recipient of ours.
  const others = facts.addressed.map((a) => a.toLowerCase()).filter(isMailAddress);
  return [...new Set(others)].filter((a) => !own.has(a)).slice(0, MAX_COPIES);
}

/** The provenance the intake stamps on what a mail causes: which mail, where it is kept, who else it went to. */
export const mailProvenanceOf = (facts: MailFacts, rawKey: string | null, policy: Policy): MailProvenance => ({
  messageId: facts.messageId,
  rawKey,
  cc: copiedOf(facts, policy),
});
