// POST /console/tickets/{id}/events — an agent's form, applied through the engine exactly as the
// agent API applies an event (desk.service.apply); then 303 back to the ticket with a flash. A
// refusal (invalid, or not allowed now) shows the page again with the reason, the field errors and
// what was typed; the ticket is unchanged. Session and CSRF token are checked before this runs.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { ticketIdOf } from '../http/path-params';
import { htmlResponse, seeOther } from './console-pages';
import { eventForm, eventFromForm, eventTitle, fieldLabel } from './console-event-forms';
import { ticketPage } from './console-ticket-page';
import { ticketPageData } from './console-ticket-data';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import type { Refusal } from '../../workflows/lifecycle/ticket-engine';

export function makeConsoleActionHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, session, chrome, form }) => {
    const id = ticketIdOf(event);
    const type = form.get('type') ?? '';
    const head = await desk.store.getHead(id);
    if (!head) throw new TicketNotFoundError(id);
    const checked = eventFromForm(type, form, head, desk.policy);
    let refusal: Refusal = { ok: false, reason: 'invalid', issues: checked.ok ? [] : checked.issues };
    if (checked.ok) {
      const applied = await desk.service.apply(id, checked.event, {
        actor: { type: 'agent', id: session.agentId },
        channel: 'agent',
      });
      if (applied.ok)
        return seeOther(`/console/tickets/${encodeURIComponent(id)}?applied=${encodeURIComponent(type)}#flash`);
      refusal = applied;
    }
    const title = eventTitle(type);
    const shown = eventForm(type, head, desk.policy);
    const text =
      refusal.reason === 'invalid'
        ? `${title} was not applied: ${refusal.issues.map((i) => `${fieldLabel(shown, i.field)}: ${i.message}`).join('; ')}.`
        : `${title} was not applied: ${refusal.detail}. Allowed now: ${refusal.allowed.join(', ') || 'nothing'}.`;
    const values = Object.fromEntries([...form].filter(([name]) => name !== 'csrf' && name !== 'type'));
    const data = await ticketPageData(desk, id);
    return htmlResponse(
      refusal.reason === 'invalid' ? 400 : 409,
      ticketPage({
        ...data,
        chrome,
        flash: { kind: 'error', text },
        submitted: { type, values, issues: refusal.reason === 'invalid' ? refusal.issues : [] },
      }),
    );
  });
}

export const handler = makeConsoleActionHandler(deskInAws());
