// POST /console/tickets/{id}/outbox/{seq}/{n}/resend — an agent resends a failed mail from the
// ticket page; `clearSuppression=yes` clears the address's suppression with it (recorded). Then
// 303 back to the ticket with a flash. A refusal (unknown message, not failed, address suppressed)
// shows the page again with the reason and changes nothing. Session and CSRF token are checked
// before this runs.
import { parseResendTarget, type ResendTarget } from '../../workflows/mail/resend-rules';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { htmlResponse, refusalPage, seeOther } from './console-pages';
import { formatsFor } from '../views/formats';
import { outboxResendFor, type ResendResult } from '../outbox/resend-store';
import { ticketPage } from './console-ticket-page';
import { ticketPageData } from './console-ticket-data';

function refusalText(target: ResendTarget, refusal: Exclude<ResendResult, { ok: true }>, zone: string): string {
  switch (refusal.reason) {
    case 'not-found':
      return `There is no mail ${target.seq}/${target.n} on this ticket; nothing was resent.`;
    case 'not-failed':
      return `The mail was not resent: it is ${refusal.status} now, and only a failed mail can be resent.`;
    case 'suppressed':
      return `The mail was not resent: ${refusal.address} bounced permanently (${refusal.suppression.status}) \
on ${formatsFor('en', zone).stamp(refusal.suppression.at)}. Tick "Clear the suppression" to resend it anyway.`;
  }
}

export function makeConsoleResendMailHandler(desk: Desk) {
  const outbox = outboxResendFor(desk);
  return consoleEndpoint(desk, async ({ event, session, chrome, form }) => {
    const target = parseResendTarget(event.pathParameters ?? {});
    if (!target.ok) {
      const why = target.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
      return htmlResponse(400, refusalPage('Not accepted', `The resend names no mail: ${why}.`, chrome, '/console'));
    }
    const { ticketId, seq, n } = target.value;
    const clearSuppression = form.get('clearSuppression') === 'yes';
    const result = await outbox.resend(
      ticketId,
      target.value,
      { type: 'agent', id: session.agentId },
      { clearSuppression },
    );
    if (result.ok) return seeOther(`/console/tickets/${encodeURIComponent(ticketId)}?resent=${seq}.${n}#flash`);
    // An unknown ticket is the console's 404 page (ticketPageData throws); a refusal, the ticket with why.
    const data = await ticketPageData(desk, ticketId);
    const text = refusalText(target.value, result, desk.policy.businessHours.timeZone);
    return htmlResponse(
      result.reason === 'not-found' ? 404 : 409,
      ticketPage({ ...data, chrome, flash: { kind: 'error', text } }),
    );
  });
}

export const handler = makeConsoleResendMailHandler(deskInAws());
