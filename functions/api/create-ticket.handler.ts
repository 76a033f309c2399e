// POST /v1/tickets — an agent registers a ticket (a phone call, or on a customer's behalf).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { agentOriginOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { refusalResponse } from '../http/refusal';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { ticketSummary } from './ticket-view';

export function makeCreateTicketHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const result = await desk.service.create(readJsonBody(event), agentOriginOf(event));
    if (!result.ok) return refusalResponse(result);
    return json(201, ticketSummary(desk.machine, result.head), { location: `/v1/tickets/${result.head.id}` });
  }, desk);
}

export const handler = makeCreateTicketHandler(deskInAws());
