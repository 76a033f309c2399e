// GET /portal/tickets/{id} — one ticket as the signed-in customer sees it: its state, SLA targets,
// public timeline (never a note) and a form per action the portal takes now. A ticket that is not
// theirs answers exactly as one that does not exist (404), and so does a number that cannot be one.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { isPortalAction } from '../../workflows/portal/portal-actions';
import { portalEndpoint } from './portal-endpoint';
import { portalTicketIdOf, portalTicketNotFound, portalTicketResponse, readPortalTicket } from './portal-ticket-data';

export function makePortalTicketHandler(desk: Desk, now: () => number = Date.now) {
  return portalEndpoint(
    desk,
    async (request) => {
      const id = portalTicketIdOf(request.event);
      const ticket = id ? await readPortalTicket(desk, request.customer.email, id) : null;
      if (!ticket) return portalTicketNotFound(request);
      // After a form: `?done=<action>` says what it did (a known action only; anything else says
      // nothing), `?opened=1` that the customer's new request was received.
      const query = request.event.queryStringParameters ?? {};
      const done = query.done ?? '';
      const flash = isPortalAction(done)
        ? ({ kind: 'done', action: done } as const)
        : query.opened === '1'
          ? ({ kind: 'opened' } as const)
          : undefined;
      return portalTicketResponse(desk, request, ticket, 200, flash);
    },
    now,
  );
}

export const handler = makePortalTicketHandler(deskInAws());
