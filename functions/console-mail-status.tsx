// How the console shows a ticket's mail: one line per message in the timeline (sent when, still
// retrying until when, failed why, resent by whom), and the "Mail not delivered" section at the
// top of the ticket page with a resend form (POST with the session's CSRF token) per failed mail;
// one to a suppressed address says so and offers to clear the suppression with the resend.
import { retryWindowStart, type MailFailure, type StoredOutboxMessage, type Suppression } from '../workflows/outbox-delivery';
import { retryDeadline } from '../workflows/outbox-retry';
import type { OutboxRetry } from '../workflows/policy';
import { e, isoAt, when } from './console-pages';

export const MAIL_FAILED_BADGE = '<span class="mark mail-failed">MAIL FAILED</span>';

const failureText: Record<MailFailure, string> = {
  permanent: 'refused for good by the mail relay',
  suppressed: 'not sent: the address bounced permanently before',
  expired: 'not delivered within the retry window',
};

const mailRef = (m: Pick<StoredOutboxMessage, 'seq' | 'n'>) => `${m.seq}-${m.n}`;

const actorText = (actor: { type: string; id: string }) => `${actor.type} ${actor.id}`;

function resendsText(m: StoredOutboxMessage, zone: string): string {
  if (!m.resends) return '';
  const last = m.resentBy ? ` by ${actorText(m.resentBy)}` : '';
  return ` · resent ${m.resends}× (last${last}, ${when(m.resentAt, zone)})`;
}

/** A message's delivery in a few words, for the timeline. */
export function mailStatusHtml(m: StoredOutboxMessage, retry: OutboxRetry, zone: string): string {
  const resent = e(resendsText(m, zone));
  if (m.status === 'sent') return `<span>sent ${e(when(m.sentAt, zone))}${resent}</span>`;
  if (m.status === 'failed') {
    const why = m.failure ? `${failureText[m.failure]} — ` : '';
    const failed = `FAILED ${when(m.failedAt, zone)}: ${why}${m.lastError ?? 'unknown error'}`;
    return `<strong class="field-error">${e(failed)}</strong> <a href="#mail-${mailRef(m)}">Resend</a>${resent}`;
  }
  if (!m.attempts) return `<span>pending${resent}</span>`;
  const until = retryDeadline(retry, retryWindowStart(m));
  const tries = `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}, last error: ${m.lastError ?? 'unknown'}`;
  const retrying = `pending, retrying: ${tries}; next try ${when(m.nextAttemptAt, zone)}, gives up ${when(until, zone)}`;
  return `<span class="warn-text">${e(retrying)}</span>${resent}`;
}

function resendFormHtml(ticketId: string, m: StoredOutboxMessage, suppression: Suppression | undefined, csrf: string, zone: string): string {
  const ref = mailRef(m);
  const action = `/console/tickets/${encodeURIComponent(ticketId)}/outbox/${m.seq}/${m.n}/resend`;
  const bounced = suppression && `${m.address} bounced permanently (${suppression.status}) on ${when(suppression.at, zone)}`;
  const clear = bounced
    ? `<p class="field-error">${e(bounced)}: the desk sends it nothing until that is cleared.</p>
<div class="inline"><label><input type="checkbox" name="clearSuppression" value="yes" required> \
Clear the suppression of ${e(m.address)} and resend</label></div>`
    : '';
  return `<form method="post" action="${e(action)}" id="resend-${ref}" aria-label="Resend ${e(m.template)} to ${e(m.address)}">
<input type="hidden" name="csrf" value="${e(csrf)}">${clear}<p><button type="submit">Resend</button></p></form>`;
}

/** The failed mail up front, each with why and a resend form; nothing when every mail went out. */
export interface MailFailuresInput {
  ticketId: string;
  outbox: StoredOutboxMessage[];
  suppressions: Map<string, Suppression>;
  csrf: string;
  zone: string;
}

export function mailFailuresHtml(input: MailFailuresInput): string {
  const failed = input.outbox.filter((m) => m.status === 'failed');
  if (!failed.length) return '';
  const items = failed.map((m) => {
    const why = m.failure ? `${failureText[m.failure]}: ` : '';
    const attempts = m.attempts ? ` after ${m.attempts} attempt${m.attempts === 1 ? '' : 's'}` : '';
    const failedAt = `<time datetime="${isoAt(m.failedAt ?? m.createdAt)}">${e(when(m.failedAt, input.zone))}</time>`;
    const reason = `<span class="reason">${e(why)}${e(m.lastError ?? 'unknown error')}</span>`;
    const form = resendFormHtml(input.ticketId, m, input.suppressions.get(m.address), input.csrf, input.zone);
    return `<li id="mail-${mailRef(m)}" data-mail="${mailRef(m)}"><p><strong>${e(m.template)}</strong> to ${e(m.address)}: “${e(m.subject)}”<br>
Failed ${failedAt}${e(attempts)} — ${reason}${e(resendsText(m, input.zone))}</p>
${form}</li>`;
  });
  const count = failed.length === 1 ? 'One mail of this ticket was' : `${failed.length} mails of this ticket were`;
  return `<section class="mail-failures" aria-labelledby="h-mail-failed" id="mail-failed">
<h2 id="h-mail-failed">${MAIL_FAILED_BADGE} Mail not delivered</h2>
<p>${count} not delivered. Resending puts it back in the outbox with a fresh retry window.</p>
<ul>${items.join('\n')}</ul></section>`;
}
