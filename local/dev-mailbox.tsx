// GET /dev/mailbox (local only): the mail the desk sent, newest first, each readable in full.
// Plain HTML with no external assets; links in messages are clickable.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, isolated } from '../workflows/html-escape';
import type { createLocalMailbox } from '../functions/local-mailbox';

const linkify = (text: string) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap}</style></head><body>${body}</body></html>`;

export function devMailboxHandler(mailbox: ReturnType<typeof createLocalMailbox>) {
  return async (_req: IncomingMessage, res: ServerResponse, file: string | null): Promise<void> => {
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" };
    if (file) {
      const mail = await mailbox.read(file);
      res.writeHead(mail ? 200 : 404, headers);
      res.end(mail ? page(mail.subject, `<p><a href="/dev/mailbox">← mailbox</a></p><h1>${isolated(mail.subject)}</h1><p>To: ${isolated(mail.to)}<br>Date: ${escapeHtml(mail.date)}</p><pre>${linkify(mail.text)}</pre>`) : page('Not found', '<p>No such message.</p>'));
      return;
    }
    const mails = await mailbox.list();
    const rows = mails.map((m) => `<tr><td>${escapeHtml(m.date)}</td><td>${isolated(m.to)}</td><td><a href="/dev/mailbox/${encodeURIComponent(m.file)}">${isolated(m.subject)}</a></td></tr>`).join('');
    res.writeHead(200, headers);
    res.end(page('Local mailbox', `<h1>Local mailbox</h1><p>${mails.length} message(s) sent by the desk.</p><table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`));
  };
}
