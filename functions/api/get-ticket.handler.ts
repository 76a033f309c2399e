// GET /v1/tickets/{id} — one ticket with its timeline, pending timers, the events allowed now, and
// its mail (failed messages up front, with whether the address is suppressed and where to resend).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { ticketIdOf } from '../http/path-params';
import { deskFromEnv, type Desk } from '../desk';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import { ticketDetail } from './ticket-view';

export function makeGetTicketHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const head = await desk.store.getHead(id);
    if (!head) throw new TicketNotFoundError(id);
    // Cut the log and outbox at the head's version: a commit landing meanwhile is not half-shown.
    const [events, outbox] = await Promise.all([
      desk.store.listEvents(id, head.version),
      desk.store.listOutbox(id, head.version),
    ]);
    const suppressions = await desk.intake.suppressedAmong(
      outbox.filter((m) => m.status === 'failed').map((m) => m.address),
    );
    return json(200, ticketDetail(desk.machine, head, events, outbox, { retry: desk.policy.outbox, suppressions }));
  }, desk);
}

export const handler = makeGetTicketHandler(deskFromEnv());
