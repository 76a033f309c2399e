// How the console shows a ticket's mail: one line per message in the timeline (to whom, its
// subject, sent when, still retrying until when, failed why, resent by whom, a failed one's
// resend link), and the "Mail not delivered" section at the
// top of the ticket page with a resend form (POST with the session's CSRF token) per failed mail;
// one to a suppressed address says so and offers to clear the suppression with the resend.
import {
  retryWindowStart,
  type MailFailure,
  type StoredOutboxMessage,
  type Suppression,
} from '../../workflows/mail/outbox-delivery';
import { retryDeadline } from '../../workflows/mail/outbox-retry';
import type { OutboxRetry } from '../../workflows/policy/policy';
import { CsrfField } from './console-pages';
import type { Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';

export const MailFailedBadge = () => <span class="mark mail-failed">MAIL FAILED</span>;

const failureText: Record<MailFailure, string> = {
  permanent: 'refused for good by the mail relay',
  suppressed: 'not sent: the address bounced permanently before',
  expired: 'not delivered within the retry window',
};

const mailRef = (m: Pick<StoredOutboxMessage, 'seq' | 'n'>) => `${m.seq}-${m.n}`;

const actorText = (actor: { type: string; id: string }) => `${actor.type} ${actor.id}`;

function resendsText(m: StoredOutboxMessage, formats: Formats): string {
  if (!m.resends) return '';
  const last = m.resentBy ? ` by ${actorText(m.resentBy)}` : '';
  return ` · resent ${m.resends}× (last${last}, ${formats.stamp(m.resentAt)})`;
}

/** A message's delivery in a few words, for the timeline. */
export function MailStatus({ m, retry, formats }: { m: StoredOutboxMessage; retry: OutboxRetry; formats: Formats }) {
  const resent = resendsText(m, formats);
  if (m.status === 'sent')
    return (
      <span>
        sent {formats.stamp(m.sentAt)}
        {resent}
      </span>
    );
  if (m.status === 'failed') {
    const why = m.failure ? `${failureText[m.failure]} — ` : '';
    const failed = `FAILED ${formats.stamp(m.failedAt)}: ${why}${m.lastError ?? 'unknown error'}`;
    return (
      <>
        <strong class="field-error">{failed}</strong> <a href={`#mail-${mailRef(m)}`}>Resend</a>
        {resent}
      </>
    );
  }
  if (!m.attempts) return <span>pending{resent}</span>;
  const until = retryDeadline(retry, retryWindowStart(m));
  const tries = `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}, last error: ${m.lastError ?? 'unknown'}`;
  const retrying = `pending, retrying: ${tries}; next try ${formats.stamp(m.nextAttemptAt)}, gives up ${formats.stamp(until)}`;
  return (
    <>
      <span class="warn-text">{retrying}</span>
      {resent}
    </>
  );
}

/** Whom a message went to, by the role the chart named when it was owed. */
const roleText = new Map<string, string>([
  ['requester', 'the customer'],
  ['vendor', 'the vendor'],
  ['vendorEscalation', "the vendor's escalation contact"],
  ['dutyManager', 'the duty manager'],
]);

/** One mail an event sent, on the timeline: recipient, subject, delivery, and each resend. */
export function MailLine({ m, retry, formats }: { m: StoredOutboxMessage; retry: OutboxRetry; formats: Formats }) {
  const resends = (m.resendHistory ?? []).map((r) => {
    const after = r.error ? ` after: ${r.error}` : '';
    const cleared = r.clearedSuppression ? ` · cleared the suppression (${r.clearedSuppression.status})` : '';
    return <li>{`Resent ${formats.stamp(r.at)} by ${actorText(r.by)}${after}${cleared}`}</li>;
  });
  // Outbox messages may carry the conversation's Cc; older ones do not.
  const cc = (m as { cc?: string[] }).cc ?? [];
  return (
    <li data-mail-status={m.status} data-mail={mailRef(m)} data-template={m.template}>
      Mail to {roleText.get(m.to) ?? m.to} &lt;
      <UserText value={m.address} />
      &gt;
      {cc.length ? (
        <>
          {' '}
          (cc <UserText value={cc.join(', ')} />)
        </>
      ) : null}
      : “<UserText value={m.subject} />” — <MailStatus m={m} retry={retry} formats={formats} />
      {resends.length ? <ul>{resends}</ul> : null}
    </li>
  );
}

function ResendForm({
  ticketId,
  m,
  suppression,
  csrf,
  formats,
}: {
  ticketId: string;
  m: StoredOutboxMessage;
  suppression: Suppression | undefined;
  csrf: string;
  formats: Formats;
}) {
  const ref = mailRef(m);
  const action = `/console/tickets/${encodeURIComponent(ticketId)}/outbox/${m.seq}/${m.n}/resend`;
  const bounced =
    suppression && `${m.address} bounced permanently (${suppression.status}) on ${formats.stamp(suppression.at)}`;
  return (
    <form method="post" action={action} id={`resend-${ref}`} aria-label={`Resend ${m.template} to ${m.address}`}>
      <CsrfField csrf={csrf} />
      {bounced ? (
        <>
          <p class="field-error">{bounced}: the desk sends it nothing until that is cleared.</p>
          <div class="inline">
            <label>
              <input type="checkbox" name="clearSuppression" value="yes" required /> Clear the suppression of{' '}
              {m.address} and resend
            </label>
          </div>
        </>
      ) : null}
      <p>
        <button type="submit">Resend</button>
      </p>
    </form>
  );
}

/** The failed mail up front, each with why and a resend form; nothing when every mail went out. */
export interface MailFailuresInput {
  ticketId: string;
  outbox: StoredOutboxMessage[];
  suppressions: Map<string, Suppression>;
  csrf: string;
  formats: Formats;
}

export function MailFailures(input: MailFailuresInput) {
  const { formats } = input;
  const failed = input.outbox.filter((m) => m.status === 'failed');
  if (!failed.length) return null;
  const count = failed.length === 1 ? 'One mail of this ticket was' : `${failed.length} mails of this ticket were`;
  return (
    <section class="mail-failures" aria-labelledby="h-mail-failed" id="mail-failed">
      <h2 id="h-mail-failed">
        <MailFailedBadge /> Mail not delivered
      </h2>
      <p>{count} not delivered. Resending puts it back in the outbox with a fresh retry window.</p>
      <ul>
        {failed.map((m) => {
          const why = m.failure ? `${failureText[m.failure]}: ` : '';
          const attempts = m.attempts ? ` after ${m.attempts} attempt${m.attempts === 1 ? '' : 's'}` : '';
          return (
            <li id={`mail-${mailRef(m)}`} data-mail={mailRef(m)}>
              <p>
                <strong>{m.template}</strong> to <UserText value={m.address} />: “<UserText value={m.subject} />”<br />
                Failed <time datetime={formats.iso(m.failedAt ?? m.createdAt)}>{formats.stamp(m.failedAt)}</time>
                {attempts} —{' '}
                <span class="reason">
                  {why}
                  {m.lastError ?? 'unknown error'}
                </span>
                {resendsText(m, formats)}
              </p>
              <ResendForm
                ticketId={input.ticketId}
                m={m}
                suppression={input.suppressions.get(m.address)}
                csrf={input.csrf}
                formats={formats}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
