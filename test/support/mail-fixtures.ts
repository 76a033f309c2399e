// Loads a MIME fixture from test/fixtures/mail, filling in its {{placeholders}} (ticket tags,
// Message-IDs the test knows only at run time), as raw bytes or read by the intake's own parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMail } from '../../functions/intake/mime-parse';
import { sha256Of, type BlobStore } from '../../functions/store/blob-store';
import type { MailFacts } from '../../workflows/intake/mail-facts';

export function mailFixture(name: string, values: Record<string, string> = {}): Buffer {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'mail', name));
  let text = raw.toString('latin1');
  for (const [key, value] of Object.entries(values)) text = text.split(`{{${key}}}`).join(value);
  return Buffer.from(text, 'latin1');
}

/** Keeps nothing: for specs that read a mail without keeping its attachments. */
const discard: BlobStore = {
  put: async (bytes, { prefix, extension = '' }) => ({
    key: `${prefix}/${sha256Of(bytes)}${extension}`,
    sha256: sha256Of(bytes),
  }),
  get: async () => null,
};

/** A fixture as the intake reads it (parseMail), for the desk's mailbox. */
export const parsedMailFixture = (name: string, values: Record<string, string> = {}): Promise<MailFacts> =>
  parseMail(mailFixture(name, values), ['servicedesk@desk.example.com'], discard);

/** A plain message from `from`, with a `size`-byte attachment, as a mail client would send it. */
export function mailWithAttachment(from: string, size: number): Buffer {
  const boundary = 'b-attachment-boundary';
  const content = Buffer.alloc(size, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      `From: ${from}`,
      'To: servicedesk@desk.example.com',
      'Subject: Crash dump of the ERP server',
      'Message-ID: <big-attachment-1@acme.example.nl>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The dump is attached.',
      '',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="erp.dmp"',
      'Content-Disposition: attachment; filename="erp.dmp"',
      'Content-Transfer-Encoding: base64',
      '',
      content,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
