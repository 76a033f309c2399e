// GET /v1/tickets/{id} — one ticket with its timeline, pending timers, the events allowed now, and
// its mail (failed messages up front, with whether the address is suppressed and where to resend),
// and its history (the requester's and the customer's other tickets).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { ticketIdOf } from '../http/path-params';
import { deskFromEnv, type Desk } from '../desk';
import { readTicketRecord } from '../lifecycle/ticket-record';
import { readTicketHistory } from '../lifecycle/ticket-history';
import { historyView, ticketDetail } from './ticket-view';

export function makeGetTicketHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const { head, events, outbox, suppressions } = await readTicketRecord(desk, id);
    const history = await readTicketHistory(desk, head);
    return json(200, {
      ...ticketDetail(desk.machine, head, events, outbox, { retry: desk.policy.outbox, suppressions }),
      history: historyView(history),
    });
  }, desk);
}

export const handler = makeGetTicketHandler(deskFromEnv());
