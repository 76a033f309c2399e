// GET /dev/mailbox (local only): the mail the desk sent, newest first, each readable in full.
// Plain HTML with no external assets; links in messages are clickable.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ComponentChildren } from 'preact';
import type { createLocalMailbox, MailboxEntry } from '../functions/outbox/local-mailbox';
import { Linkified } from '../functions/views/linkified';
import { renderDocument } from '../functions/views/render';
import { UserText } from '../functions/views/user-text-bdi';

const style =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}' +
  'td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap}';

/** The mailbox's frame: a title, one inline style sheet (a constant: CSS keeps its `>`), the body. */
function MailboxLayout({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: style }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

const Message = ({ mail }: { mail: MailboxEntry }) => (
  <MailboxLayout title={mail.subject}>
    <p>
      <a href="/dev/mailbox">← mailbox</a>
    </p>
    <h1>
      <UserText value={mail.subject} />
    </h1>
    <p>
      <a href={`/dev/mailbox/${encodeURIComponent(mail.file)}/raw`} download={mail.file}>
        Download the .eml
      </a>{' '}
      (opens in a mail client)
    </p>
    <table>
      <tbody>
        {(
          [
            ['To', mail.to],
            ['Cc', mail.cc],
            ['Date', mail.date],
            ['Message-ID', mail.messageId],
            ['In-Reply-To', mail.inReplyTo],
            ['References', mail.references],
            ['Attachments', mail.attachments.join(', ')],
          ] as const
        )
          .filter(([, value]) => value)
          .map(([name, value]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>
                <UserText value={value} />
              </td>
            </tr>
          ))}
      </tbody>
    </table>
    <h2>Text part</h2>
    <pre>
      <Linkified text={mail.text} />
    </pre>
    {mail.html ? (
      <>
        <h2>HTML part</h2>
        {/* Sandboxed: shown as the recipient's client would, with no script and no requests. */}
        <iframe title="HTML part" sandbox="" srcdoc={mail.html} style="width:100%;height:40rem;border:1px solid #ddd" />
      </>
    ) : null}
  </MailboxLayout>
);

const NotFound = () => (
  <MailboxLayout title="Not found">
    <p>No such message.</p>
  </MailboxLayout>
);

const Mailbox = ({ mails }: { mails: MailboxEntry[] }) => (
  <MailboxLayout title="Local mailbox">
    <h1>Local mailbox</h1>
    <p>{mails.length} message(s) sent by the desk.</p>
    <table>
      <thead>
        <tr>
          <th>Date</th>
          <th>To</th>
          <th>Cc</th>
          <th>Subject</th>
          <th>Replies to</th>
        </tr>
      </thead>
      <tbody>
        {mails.map((m) => (
          <tr>
            <td>{m.date}</td>
            <td>
              <UserText value={m.to} />
            </td>
            <td>
              <UserText value={m.cc} />
            </td>
            <td>
              <a href={`/dev/mailbox/${encodeURIComponent(m.file)}`}>
                <UserText value={m.subject} />
              </a>
            </td>
            <td>
              <UserText value={m.inReplyTo} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </MailboxLayout>
);

export function devMailboxHandler(mailbox: ReturnType<typeof createLocalMailbox>) {
  return async (_req: IncomingMessage, res: ServerResponse, file: string | null): Promise<void> => {
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The HTML part is shown in a sandboxed srcdoc frame: it inherits this policy, so it loads nothing.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    };
    if (file?.endsWith('/raw')) {
      const raw = await mailbox.raw(file.slice(0, -'/raw'.length));
      if (raw) {
        res.writeHead(200, {
          'content-type': 'message/rfc822',
          'content-disposition': 'attachment',
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        res.end(raw);
        return;
      }
      res.writeHead(404, headers);
      res.end(renderDocument(<NotFound />));
      return;
    }
    if (file) {
      const mail = await mailbox.read(file);
      res.writeHead(mail ? 200 : 404, headers);
      res.end(renderDocument(mail ? <Message mail={mail} /> : <NotFound />));
      return;
    }
    const mails = await mailbox.list();
    res.writeHead(200, headers);
    res.end(renderDocument(<Mailbox mails={mails} />));
  };
}
