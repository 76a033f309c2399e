// POST /v1/tickets/{id}/events — an agent moves a ticket on; 409 lists what is allowed instead.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { ticketIdOf } from '../http/path-params';
import { agentOriginOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { refusalResponse } from '../http/refusal';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { ticketSummary } from './ticket-view';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';

export function makePostTicketEventHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const result = await desk.service.apply(id, readJsonBody(event), agentOriginOf(event));
    if (!result.ok) return refusalResponse(result);
    return json(200, {
      ...ticketSummary(desk.machine, result.head),
      allowedEvents: allowedEvents(desk.machine, result.head.snapshot, 'agent'),
    });
  }, desk);
}

export const handler = makePostTicketEventHandler(deskInAws());
