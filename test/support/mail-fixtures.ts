// Loads a MIME fixture from test/fixtures/mail, filling in its {{placeholders}} (ticket tags,
// Message-IDs the test knows only at run time).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function mailFixture(name: string, values: Record<string, string> = {}): Buffer {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'mail', name));
  let text = raw.toString('latin1');
  for (const [key, value] of Object.entries(values)) text = text.split(`{{${key}}}`).join(value);
  return Buffer.from(text, 'latin1');
}

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
