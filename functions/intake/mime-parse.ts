// Parses a raw RFC 5322 message into MailFacts with postal-mime, under limits (nesting depth,
// header size) so a MIME bomb cannot take the process down; keeps attachments in a BlobStore.
import PostalMime from 'postal-mime';
import { convert } from 'html-to-text';
import type { MailFacts } from '../../workflows/intake/mail-facts';
import type { BlobStore } from '../store/blob-store';

export class UnparseableMailError extends Error {
  override readonly name = 'UnparseableMailError';
  constructor(
    readonly reason: 'unparseable' | 'truncated',
    detail: string,
  ) {
    super(detail);
  }
}

/** The text a person reads: the text part, or the HTML part turned into text. */
export const readableText = (email: Pick<PostalMime.Email, 'text' | 'html'>): string =>
  email.text?.trim()
    ? email.text
    : email.html
      ? convert(email.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] })
      : '';

/** A header field's value from a block of header text (enclosed reports carry their own). */
const fieldOf = (headerText: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(headerText)?.[1]?.trim() ?? null;

/** What postal-mime may take on: deep nesting and huge headers are refused, not followed. */
export const MIME_LIMITS = { maxNestingDepth: 32, maxHeadersSize: 256 * 1024 } as const;

const lower = (address: string | undefined) => (address ?? '').trim().toLowerCase();
const messageIds = (value: string | undefined) => (value ?? '').match(/<[^<>\s]+>/g) ?? [];

function mailboxes(list: PostalMime.Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group.map((m) => lower(m.address)) : [lower(a.address)]))
    .filter(Boolean);
}

/** A multipart message must end with its closing boundary; without it the message was cut off. */
function isTruncated(raw: Buffer, contentType: string | undefined): boolean {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(contentType ?? '')?.[1];
  if (!/^multipart\//i.test(contentType ?? '') || !boundary) return false;
  return !raw.includes(`--${boundary}--`);
}

function deliveryStatusOf(attachments: PostalMime.Attachment[]): MailFacts['deliveryStatus'] {
  const report = attachments.find((a) => a.mimeType === 'message/delivery-status');
  if (!report) return null;
  const text =
    typeof report.content === 'string' ? report.content : Buffer.from(report.content as ArrayBuffer).toString('utf8');
  return {
    recipient: fieldOf(text, 'Final-Recipient')?.replace(/^rfc822;\s*/i, '') ?? null,
    status: fieldOf(text, 'Status'),
    diagnostic: fieldOf(text, 'Diagnostic-Code'),
  };
}

/** Bounces enclose the original's headers (text/rfc822-headers) or the whole original (message/rfc822). */
function reportedMessageOf(attachments: PostalMime.Attachment[]): MailFacts['reportedMessage'] {
  const enclosed = attachments.find((a) => a.mimeType === 'text/rfc822-headers' || a.mimeType === 'message/rfc822');
  if (!enclosed) return null;
  const text =
    typeof enclosed.content === 'string'
      ? enclosed.content
      : Buffer.from(enclosed.content as ArrayBuffer).toString('utf8');
  const head = text.split(/\r?\n\r?\n/)[0] ?? '';
  return {
    messageId: messageIds(fieldOf(head, 'Message-ID') ?? undefined)[0] ?? null,
    subject: fieldOf(head, 'Subject') ?? '',
  };
}

export async function parseMail(
  raw: Buffer,
  envelopeRecipients: string[],
  attachmentStore: BlobStore,
): Promise<MailFacts> {
  let email: PostalMime.Email;
  try {
    email = await PostalMime.parse(raw, { ...MIME_LIMITS, attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    throw new UnparseableMailError('unparseable', (error as Error).message);
  }
  // Header names are the sender's words: a `__proto__:` or `constructor:` header must stay a header.
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const h of email.headers) (headers[h.key.toLowerCase()] ??= []).push(h.value);
  if (!email.headers.length || !headers.from) throw new UnparseableMailError('unparseable', 'no From header');
  const contentTypeHeader = headers['content-type']?.[0];
  if (isTruncated(raw, contentTypeHeader))
    throw new UnparseableMailError('truncated', 'the message ends before its closing MIME boundary');

  const attachments = [];
  for (const a of email.attachments) {
    if (a.mimeType === 'message/delivery-status') continue;
    const bytes = typeof a.content === 'string' ? Buffer.from(a.content) : new Uint8Array(a.content as ArrayBuffer);
    const { sha256 } = await attachmentStore.put(bytes, { prefix: 'attachments' });
    attachments.push({
      name: (a.filename ?? (a.contentId ? `inline-${a.contentId.replace(/[<>]/g, '')}` : 'attachment')).slice(0, 300),
      type: a.mimeType.slice(0, 200),
      size: bytes.byteLength,
      sha256,
    });
  }
  const from =
    email.from && !email.from.group ? { address: lower(email.from.address), name: email.from.name ?? '' } : null;
  const text = readableText(email);

  const addressed = [...new Set([...mailboxes(email.to), ...mailboxes(email.cc)])];
  return {
    messageId: messageIds(email.messageId)[0] ?? null,
    from,
    recipients: [...new Set([...envelopeRecipients.map(lower), ...addressed])],
    addressed,
    subject: email.subject ?? '',
    inReplyTo: messageIds(email.inReplyTo)[0] ?? null,
    references: messageIds(email.references),
    headers,
    contentType: (contentTypeHeader ?? 'text/plain').split(';')[0]!.trim().toLowerCase(),
    text: text.trim(),
    attachments,
    deliveryStatus: deliveryStatusOf(email.attachments),
    reportedMessage: reportedMessageOf(email.attachments),
  };
}
