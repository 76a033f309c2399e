// One ticket as a signed-in customer may read it, for the ticket page (GET) and for a refused form
// shown again (POST): the head, its log and outbox cut at the head's version, and the actions the
// chart allows through the portal now; null for a ticket that is not there or not theirs, so the
// two answer alike. The page it renders, and the page for "no such ticket".
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { offeredActions } from '../../workflows/portal/portal-actions';
import { portalAccess, publicTimeline, type SentMail } from '../../workflows/portal/portal-visibility';
import { InvalidPathParameterError, ticketIdOf } from '../http/path-params';
import type { Desk } from '../desk';
import type { PortalRequest } from './portal-endpoint';
import { htmlResponse, portalPage } from './portal-pages';
import { portalTicketPage, type PortalFlash } from './portal-ticket-page';

export interface PortalTicket {
  head: TicketHead;
  events: LoggedEvent[];
  /** The outbox as the timeline reads it: whom each mail went to and its subject (never its body). */
  outbox: SentMail[];
  /** The events the chart takes through the portal now. */
  allowed: string[];
}

/** The route's ticket `{id}`, or null when it cannot name a ticket (the page answers as for one not there). */
export function portalTicketIdOf(event: Parameters<typeof ticketIdOf>[0]): string | null {
  try {
    return ticketIdOf(event);
  } catch (error) {
    if (error instanceof InvalidPathParameterError) return null;
    throw error;
  }
}

/** The ticket, if it exists and this address may see it (portal-visibility.ts `portalAccess`). */
export async function readPortalTicket(desk: Desk, viewer: string, id: string): Promise<PortalTicket | null> {
  const head = await desk.store.getHead(id);
  if (!head || portalAccess(desk.policy, viewer, head) === null) return null;
  const [events, outbox] = await Promise.all([
    desk.store.listEvents(id, head.version),
    desk.store.listOutbox(id, head.version),
  ]);
  return { head, events, outbox, allowed: allowedEvents(desk.machine, head.snapshot, 'portal') };
}

/** The ticket page for this request, with what the last form did. */
export function portalTicketResponse(
  desk: Desk,
  request: Pick<PortalRequest, 'language' | 'csrf' | 'frame'>,
  ticket: PortalTicket,
  status: number,
  flash?: PortalFlash,
): APIGatewayProxyStructuredResultV2 {
  const { head } = ticket;
  return htmlResponse(
    status,
    portalTicketPage({
      language: request.language,
      policy: desk.policy,
      machine: desk.machine,
      head,
      entries: publicTimeline(ticket.events, ticket.outbox),
      offered: offeredActions(ticket.allowed, head.snapshot.context, desk.policy),
      csrf: request.csrf,
      actionPath: `/portal/tickets/${encodeURIComponent(head.id)}/actions`,
      frame: request.frame,
      ...(flash ? { flash } : {}),
    }),
  );
}

const notFoundWords = {
  nl: {
    title: 'Melding niet gevonden',
    text: 'Er is geen melding met dit nummer die u kunt bekijken.',
    back: 'Terug naar uw meldingen',
  },
  en: {
    title: 'Ticket not found',
    text: 'There is no ticket with this number that you can see.',
    back: 'Back to your tickets',
  },
};

/** 404: the same page whether the ticket is not there, not theirs, or the number cannot be one. */
export function portalTicketNotFound(request: Pick<PortalRequest, 'language' | 'frame'>) {
  const w = notFoundWords[request.language];
  return htmlResponse(
    404,
    portalPage(
      request.frame,
      w.title,
      <>
        <p>{w.text}</p>
        <p>
          <a href={`/portal/tickets?lang=${request.language}`}>{w.back}</a>
        </p>
      </>,
    ),
  );
}
