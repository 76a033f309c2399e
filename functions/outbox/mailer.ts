// The Mailer port: one outgoing message, delivered or refused. Adapters: the local mailbox, SMTP
// (nodemailer), SES v2. A refusal says whether trying again could help.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMail {
  from: string;
  to: string;
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The conversation it continues, so mail clients thread it (RFC 5322 §3.6.4). */
  inReplyTo?: string;
  references?: string[];
  files?: { filename: string; contentType: string; content: Buffer }[];
  /** Written by a person (an agent's reply): sent without the automatic-mail headers. */
  personal?: boolean;
}

/** What the transport did with the message: some (SES) replace our Message-ID with their own. */
export interface SentMail {
  /** The Message-IDs recipients will see and answer to, where they differ from ours. */
  alsoKnownAs?: string[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail | void>;
}

export class TransientMailError extends Error {
  override readonly name = 'TransientMailError';
}

export class PermanentMailError extends Error {
  override readonly name = 'PermanentMailError';
}

/**
 * Marks the desk's automatic mail as machine-sent, so auto-responders and out-of-office replies
 * stay quiet (RFC 3834); a person's reply goes without them.
 */
const automaticHeaders = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'OOF, DR, RN, NRN, AutoReply',
};

/** The message in nodemailer's terms: absent threading and copies stay absent headers. */
export const deskHeaders = (mail: OutgoingMail): Record<string, string> => (mail.personal ? {} : automaticHeaders);

export const nodemailerFields = (mail: OutgoingMail) => ({
  from: mail.from,
  to: mail.to,
  ...(mail.cc?.length ? { cc: mail.cc } : {}),
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: mail.messageId,
  ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
  ...(mail.references?.length ? { references: mail.references } : {}),
  ...(mail.files?.length ? { attachments: mail.files } : {}),
});

/** The message as RFC 5322 bytes (nodemailer's composer encodes headers; values are one line already). */
export function composeMail(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({ ...nodemailerFields(mail), headers: deskHeaders(mail) });
  return new Promise((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
}
