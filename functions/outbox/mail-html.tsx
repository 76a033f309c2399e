// The HTML part of every desk mail, in one layout: a header with the desk's name and the ticket's
// tag, the letter's greeting, blocks and signature (the same words as the text part, from the same
// MailLetter), and a footer with the desk's phone. Written for mail clients, not browsers: inline
// styles only, presentation tables (Outlook's Word engine ignores max-width on divs), nothing
// external and no script, at most 600px wide and fluid below it, long links wrapping rather than
// widening the mail. What people wrote is escaped (Preact) and bidi-isolated. Rendered when the
// mail is sent, so the pure core keeps no presentation.
import type { ComponentChildren } from 'preact';
import type { MailBlock, MailLetter } from '../../workflows/mail/mail-blocks';
import type { DeskIdentity, Language } from '../../workflows/policy/policy';
import { Linkified } from '../views/linkified';
import { renderDocument } from '../views/render';
import { UserText } from '../views/user-text-bdi';
import { telHref } from '../views/formats';

/** What the HTML part is rendered from: an outbox message, whose `letter` a message stored before letters lacks. */
export interface MailContent {
  letter?: MailLetter;
  text: string;
  language: Language;
  /** Absent for a mail of no ticket (the portal's sign-in): no tag then. */
  ticketId?: string;
}

const font = 'font-family:Arial,Helvetica,sans-serif;';
/** Breaks a long URL or unbroken word anywhere rather than let it widen the mail (tables grow to fit their content). */
const wraps = 'overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word;';
/** The desk's own labels break between words only (the wrapping above is inherited). */
const keepsWords = 'overflow-wrap:normal;word-wrap:normal;word-break:normal;';
const ink = '#1f2937';
const brand = '#1f3a5f';
const muted = '#4b5563';

const words = {
  nl: { phone: 'Telefoon' },
  en: { phone: 'Phone' },
};

/** A letter from a stored text: after a `-- ` delimiter the signature, else after the first blank line (the templates' old layout, one line a paragraph). */
function letterOfText(text: string): MailLetter {
  const delimiter = text.lastIndexOf('\n-- \n');
  if (delimiter >= 0) {
    const paragraphs = text
      .slice(0, delimiter)
      .trimEnd()
      .split(/\n{2,}/);
    return {
      greeting: '',
      blocks: paragraphs.map((paragraph) => ({ type: 'paragraph', text: paragraph })),
      signature: text.slice(delimiter + 5).split('\n'),
    };
  }
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  const body = blank < 0 ? lines : lines.slice(0, blank);
  return {
    greeting: '',
    blocks: body.filter(Boolean).map((line) => ({ type: 'paragraph', text: line })),
    signature: blank < 0 ? [] : lines.slice(blank + 1),
  };
}

/** Lines with their breaks kept as <br>, each line through `line`. */
const Lines = ({ text, line }: { text: string; line: (text: string) => ComponentChildren }) => (
  <>{text.split('\n').flatMap((part, i) => (i ? [<br />, line(part)] : [line(part)]))}</>
);

const body = `${font}font-size:16px;line-height:24px;color:${ink};`;
const paragraph = `margin:0 0 16px 0;${body}`;

function Block({ block }: { block: MailBlock }) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p style={paragraph}>
          <Lines text={block.text} line={(line) => <Linkified text={line} />} />
        </p>
      );
    case 'words':
      // A person's words, as they wrote them: never linkified, so the desk lends no link of a stranger its look.
      return (
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px 0;">
          <tr>
            <td style={`border-left:4px solid #9ca3af;background:#f3f4f6;padding:12px 16px;${wraps}`}>
              <p style={`margin:0 0 8px 0;${body}font-weight:bold;`}>
                <UserText value={block.by} />:
              </p>
              <p dir="auto" style={`margin:0;${body}`}>
                <Lines text={block.text} line={(line) => <UserText value={line} />} />
              </p>
            </td>
          </tr>
        </table>
      );
    case 'list':
      return (
        <ul style={`${paragraph}padding:0 0 0 24px;`}>
          {block.items.map((item) => (
            <li style="margin:0 0 4px 0;">
              <UserText value={item} />
            </li>
          ))}
        </ul>
      );
    case 'facts':
      return (
        <table width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px 0;border-collapse:collapse;">
          {block.rows.map((row) => (
            <tr>
              <th
                scope="row"
                style={`${font}font-size:15px;line-height:22px;color:${muted};text-align:left;vertical-align:top;font-weight:bold;padding:4px 16px 4px 0;${keepsWords}`}
              >
                {row.label}
              </th>
              <td
                valign="top"
                dir="auto"
                style={`${font}font-size:15px;line-height:22px;color:${ink};padding:4px 0;${wraps}`}
              >
                <Lines text={row.value} line={(line) => <UserText value={line} />} />
              </td>
            </tr>
          ))}
        </table>
      );
    case 'action':
      // A button that is a link (Outlook draws the cell's colour), and the URL under it for
      // whoever cannot click: it breaks anywhere, so a 300-character token never widens the mail.
      return (
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px 0;">
          <tr>
            <td style="padding:0 0 8px 0;">
              <table role="presentation" cellpadding="0" cellspacing="0">
                <tr>
                  <td style={`background:${brand};border-radius:6px;`}>
                    <a
                      href={block.url}
                      style={`display:inline-block;padding:12px 24px;${font}font-size:16px;line-height:24px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;`}
                    >
                      {block.label}
                    </a>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
          <tr>
            <td
              style={`${font}font-size:13px;line-height:20px;color:${muted};word-break:break-all;overflow-wrap:anywhere;`}
            >
              <a href={block.url} style={`color:${brand};word-break:break-all;`}>
                {block.url}
              </a>
            </td>
          </tr>
        </table>
      );
  }
}

function MailLayout({ mail, letter, desk }: { mail: MailContent; letter: MailLetter; desk: DeskIdentity }) {
  const tag = mail.ticketId ? `[${mail.ticketId}]` : '';
  return (
    <html lang={mail.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <meta name="color-scheme" content="light" />
        <title>{tag ? `${desk.name} ${tag}` : desk.name}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f4f6;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
          <tr>
            <td align="center" style="padding:16px 8px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:600px;width:100%;background:#ffffff;border:1px solid #e5e7eb;"
              >
                <tr>
                  <td style={`background:${brand};padding:16px 24px;${font}color:#ffffff;${wraps}`}>
                    <span style="font-size:18px;line-height:26px;font-weight:bold;">{desk.name}</span>{' '}
                    <span style="font-size:14px;line-height:26px;color:#dbe4f0;white-space:nowrap;">{tag}</span>
                  </td>
                </tr>
                <tr>
                  <td style={`padding:24px;${wraps}`}>
                    {letter.greeting ? (
                      <p dir="auto" style={paragraph}>
                        {letter.greeting}
                      </p>
                    ) : null}
                    {letter.blocks.map((block) => (
                      <Block block={block} />
                    ))}
                    {letter.signature.length ? (
                      <p style={`margin:24px 0 0 0;${body}`}>
                        <Lines text={letter.signature.join('\n')} line={(line) => line} />
                      </p>
                    ) : null}
                  </td>
                </tr>
                {desk.phone ? (
                  <tr>
                    <td
                      style={`padding:16px 24px;border-top:1px solid #e5e7eb;${font}font-size:13px;line-height:20px;color:${muted};${wraps}`}
                    >
                      {desk.name} · {words[mail.language].phone}{' '}
                      <a href={telHref(desk.phone)} style={`color:${brand};white-space:nowrap;`}>
                        {desk.phone}
                      </a>
                    </td>
                  </tr>
                ) : null}
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

/** A sender that names no desk signs as a policy without one does (policy.ts). */
const unnamedDesk: DeskIdentity = { name: 'Servicedesk' };

/** The HTML part of a mail: its letter in the desk's layout; a message stored before letters, its text in the same layout. */
export const mailHtml = (mail: MailContent, desk: DeskIdentity = unnamedDesk): string =>
  renderDocument(<MailLayout mail={mail} letter={mail.letter ?? letterOfText(mail.text)} desk={desk} />);
