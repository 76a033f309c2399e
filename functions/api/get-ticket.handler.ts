// GET /v1/tickets/{id} — one ticket with its timeline, pending timers, the events allowed now, and
// its mail (failed messages up front, with whether the address is suppressed and where to resend).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { ticketIdOf } from '../http/path-params';
import { deskFromEnv, type Desk } from '../desk';
import { readTicketRecord } from '../lifecycle/ticket-record';
import { ticketDetail } from './ticket-view';

export function makeGetTicketHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const { head, events, outbox, suppressions } = await readTicketRecord(desk, id);
    return json(200, ticketDetail(desk.machine, head, events, outbox, { retry: desk.policy.outbox, suppressions }));
  }, desk);
}

export const handler = makeGetTicketHandler(deskFromEnv());
