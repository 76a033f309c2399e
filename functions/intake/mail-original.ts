// A kept raw message as a person reads it (the console's "Show original"): its headers as sent,
// its full text, and what was attached, parsed with postal-mime under the intake's limits. Nothing
// is stored and nothing is split off: this is the message as it came in.
import PostalMime from 'postal-mime';
import { MIME_LIMITS, readableText, UnparseableMailError } from './mime-parse';

export interface OriginalMailbox {
  name: string;
  address: string;
}

export interface OriginalMail {
  from: OriginalMailbox[];
  to: OriginalMailbox[];
  cc: OriginalMailbox[];
  /** The sending time as an instant, when the Date header parses as one. */
  date: number | null;
  /** The Date header as written (shown when it does not parse). */
  dateHeader: string | null;
  subject: string;
  messageId: string | null;
  text: string;
  attachments: { name: string; type: string; size: number }[];
}

const mailboxesOf = (list: PostalMime.Address[] | PostalMime.Address | undefined): OriginalMailbox[] =>
  [list ?? []]
    .flat()
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => ({ name: m.name ?? '', address: m.address ?? '' }));

const sizeOf = (content: PostalMime.Attachment['content']) =>
  typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;

/** The kept message, or UnparseableMailError when postal-mime refuses it. */
export async function readOriginalMail(raw: Buffer): Promise<OriginalMail> {
  let email: PostalMime.Email;
  try {
    email = await PostalMime.parse(raw, { ...MIME_LIMITS, attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    throw new UnparseableMailError('unparseable', (error as Error).message);
  }
  const dateHeader = email.headers.find((h) => h.key === 'date')?.value ?? null;
  const date = email.date ? Date.parse(email.date) : NaN;
  return {
    from: mailboxesOf(email.from),
    to: mailboxesOf(email.to),
    cc: mailboxesOf(email.cc),
    date: Number.isNaN(date) ? null : date,
    dateHeader,
    subject: email.subject ?? '',
    messageId: email.messageId ?? null,
    text: readableText(email).trim(),
    attachments: email.attachments.map((a) => ({
      name: a.filename ?? (a.contentId ? `inline ${a.contentId}` : 'unnamed part'),
      type: a.mimeType,
      size: sizeOf(a.content),
    })),
  };
}
