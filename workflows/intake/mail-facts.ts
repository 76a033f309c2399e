// What the intake needs to know about one inbound mail, independent of the MIME parser.
import type { AttachmentRef } from '../lifecycle/ticket-events';

export interface MailFacts {
  messageId: string | null;
  from: { address: string; name: string } | null;
  /** Every recipient: envelope recipients first, then To and Cc. Lower-cased. */
  recipients: string[];
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
