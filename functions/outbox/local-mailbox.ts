// The local mailbox: the Mailer that `npm start` uses by default. Each message becomes an .eml
// file under .data/mailbox/, where /dev/mailbox lists them.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { composeMail, type Mailer } from './mailer';

export interface MailboxEntry {
  file: string;
  to: string;
  cc: string;
  subject: string;
  date: string;
  text: string;
  /** The HTML part as the desk sent it (shown sandboxed, never run). */
  html: string;
  messageId: string;
  inReplyTo: string;
  references: string;
  attachments: string[];
}

const fileNameOf = (messageId: string, at: number) => `${at}-${messageId.replace(/[^\w.@-]/g, '')}.eml`;
/** Only names this mailbox writes: nothing outside its folder. */
const isMailFile = (file: string) => /^[\w.@-]+\.eml$/.test(file);

export function createLocalMailbox(
  dir: string,
  now: () => number = Date.now,
): Mailer & {
  list(): Promise<MailboxEntry[]>;
  read(file: string): Promise<MailboxEntry | null>;
  /** The message as it was sent (RFC 5322 bytes), for a mail client to open. */
  raw(file: string): Promise<Buffer | null>;
} {
  const parse = async (file: string): Promise<MailboxEntry> => {
    const email = await PostalMime.parse(await readFile(join(dir, file)));
    const list = (addresses: typeof email.to) => (addresses ?? []).map((a) => a.address ?? '').join(', ');
    return {
      file,
      to: list(email.to),
      cc: list(email.cc),
      subject: email.subject ?? '',
      date: email.date ?? '',
      text: email.text ?? '',
      html: email.html ?? '',
      messageId: email.messageId ?? '',
      inReplyTo: email.inReplyTo ?? '',
      references: email.references ?? '',
      attachments: email.attachments.map((a) => a.filename ?? '(unnamed)'),
    };
  };
  return {
    async send(mail) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, fileNameOf(mail.messageId, now())), await composeMail(mail));
    },
    async list() {
      const files = (await readdir(dir).catch(() => [] as string[]))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse();
      return Promise.all(files.map(parse));
    },
    async read(file) {
      if (!isMailFile(file)) return null;
      return parse(file).catch(() => null);
    },
    async raw(file) {
      if (!isMailFile(file)) return null;
      return readFile(join(dir, file)).catch(() => null);
    },
  };
}
