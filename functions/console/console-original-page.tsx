// The console's page of an event's original mail: the kept raw message as it arrived — its
// headers (From, To, Cc, Date, Subject, Message-ID), its full text (quoted history included) and
// what was attached — and the page that says plainly when there is no such original.
import type { ComponentChildren } from 'preact';
import type { OriginalMail, OriginalMailbox } from '../intake/mail-original';
import { consolePage, type Chrome } from './console-pages';
import { FactList, Instant, sizeText } from './console-event-content';
import type { Formats } from '../views/formats';
import { Linkified } from '../views/linkified';
import { UserText } from '../views/user-text-bdi';

const ticketHref = (ticketId: string, seq?: number) =>
  `/console/tickets/${encodeURIComponent(ticketId)}${seq === undefined ? '' : `#event-${seq}`}`;

function Mailboxes({ list }: { list: OriginalMailbox[] }) {
  if (!list.length) return <span class="muted">—</span>;
  return (
    <>
      {list.map((m, i) => (
        <>
          {i ? ', ' : ''}
          {m.name ? (
            <>
              <UserText value={m.name} />{' '}
            </>
          ) : null}
          &lt;
          <UserText value={m.address} />
          &gt;
        </>
      ))}
    </>
  );
}

export interface OriginalPageInput {
  ticketId: string;
  seq: number;
  /** Who sent it, and what the desk made of it in words ("answered"). */
  event: { by: string; what: string };
  mail: OriginalMail;
  formats: Formats;
  chrome: Chrome;
}

/** A kept mail's headers, full text and attachments list, as sections of a page. */
export function OriginalMailSections({ mail, formats }: { mail: OriginalMail; formats: Formats }) {
  const rows: [string, ComponentChildren][] = [
    ['From', <Mailboxes list={mail.from} />],
    ['To', <Mailboxes list={mail.to} />],
    ['Cc', <Mailboxes list={mail.cc} />],
    [
      'Date',
      mail.date !== null ? <Instant at={mail.date} formats={formats} /> : <UserText value={mail.dateHeader ?? '—'} />,
    ],
    ['Subject', <UserText value={mail.subject || '—'} />],
    ['Message-ID', <UserText value={mail.messageId ?? '—'} />],
  ];
  return (
    <>
      <section aria-labelledby="h-headers">
        <h2 id="h-headers">Headers</h2>
        <FactList rows={rows} class="mail-headers" />
      </section>
      <section aria-labelledby="h-text">
        <h2 id="h-text">Text</h2>
        {mail.text ? (
          <div class="mail-text" dir="auto">
            <Linkified text={mail.text} />
          </div>
        ) : (
          <p class="muted">The message has no text.</p>
        )}
      </section>
      <section aria-labelledby="h-attachments">
        <h2 id="h-attachments">Attachments</h2>
        {mail.attachments.length ? (
          <ul class="attachments">
            {mail.attachments.map((a) => (
              <li>
                <UserText value={a.name} /> <span class="muted">({`${a.type}, ${sizeText(a.size)}`})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">None.</p>
        )}
      </section>
    </>
  );
}

export function originalMailPage({ ticketId, seq, event, mail, formats, chrome }: OriginalPageInput): string {
  return consolePage(
    `Original mail — ${ticketId}`,
    <>
      <p class="muted">
        <a href={ticketHref(ticketId, seq)}>← {ticketId}</a>
      </p>
      <p>
        The message behind event {seq} (<UserText value={event.by} /> {event.what}), as it arrived, quoted history
        included; the timeline shows what the desk took from it.
      </p>
      <OriginalMailSections mail={mail} formats={formats} />
    </>,
    chrome,
  );
}

/** No original to show: why, in words, and the way back to the ticket. */
export function noOriginalPage(ticketId: string, reason: string, chrome: Chrome): string {
  return consolePage(
    'No original mail',
    <>
      <p class="flash error" role="alert">
        {reason}
      </p>
      <p>
        <a href={ticketHref(ticketId)}>Back to {ticketId}</a>
      </p>
    </>,
    chrome,
  );
}
