// One file of a ticket, as a download: found only through the ticket's own event log (an event
// that references the digest), never by digest alone, so a file is served to whoever may see the
// ticket that carries it and to no one else; then answered as a download that no browser renders
// in the desk's origin (attachment, nosniff, a sandboxing CSP, a type from a safe list only).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AttachmentRef } from '../../workflows/lifecycle/ticket-events';
import type { Desk } from '../desk';
import { TicketNotFoundError } from '../lifecycle/ticket-store';

/** Where the intake (and a release) keeps attachments: `attachments/<sha256>` (blob-store.ts). */
export const attachmentKey = (sha256: string) => `attachments/${sha256}`;

/** The reference an event of the ticket carries for that digest (the newest), or null when none does. */
export async function findTicketFile(desk: Desk, ticketId: string, sha256: string): Promise<AttachmentRef | null> {
  const head = await desk.store.getHead(ticketId);
  if (!head) throw new TicketNotFoundError(ticketId);
  const events = await desk.store.listEvents(ticketId);
  for (const logged of [...events].reverse()) {
    const refs = logged.event.attachments;
    if (!Array.isArray(refs)) continue;
    const ref = (refs as AttachmentRef[]).find((r) => r && typeof r === 'object' && r.sha256 === sha256);
    if (ref) return ref;
  }
  return null;
}

/** The file's reference and bytes, or null when the ticket references no such file or it is not kept. */
export async function readTicketFile(
  desk: Desk,
  ticketId: string,
  sha256: string,
): Promise<{ ref: AttachmentRef; bytes: Buffer } | null> {
  const ref = await findTicketFile(desk, ticketId, sha256);
  if (!ref) return null;
  const bytes = await desk.blobs.get(attachmentKey(sha256));
  return bytes ? { ref, bytes } : null;
}

/**
 * Types served as themselves: none a browser runs script in (no HTML, SVG, XML). Anything else,
 * whatever the sender claimed, is `application/octet-stream`.
 */
const safeTypes: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/plain',
  'text/csv',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

export function servedType(claimed: string): string {
  const type = claimed.split(';')[0]!.trim().toLowerCase();
  return safeTypes.has(type) ? type : 'application/octet-stream';
}

/** A file name that is only a name: no path, no control characters, bounded; `attachment` when nothing is left. */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/^[.\s]+|\s+$/g, '');
  return [...clean].slice(0, 200).join('') || 'attachment';
}

/** RFC 5987 ext-value: percent-encoded UTF-8; encodeURIComponent leaves `'()*`, which attr-char does not allow. */
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 6266: an ASCII fallback for old clients, and the real name as UTF-8 in `filename*`. */
export function contentDisposition(name: string): string {
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(safe)}`;
}

/** The download: the bytes base64 (API Gateway's binary body), never rendered in the desk's origin. */
export function fileResponse(ref: AttachmentRef, bytes: Buffer): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': servedType(ref.type),
      'content-length': String(bytes.length),
      'content-disposition': contentDisposition(ref.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}
