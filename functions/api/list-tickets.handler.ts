// GET /v1/tickets?status=… — the queue: tickets in one lifecycle status, or every open one,
// most recently changed first.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { HttpProblem, problemTypes } from '../http/problem';
import { deskFromEnv, type Desk } from '../desk';
import { ticketSummary } from './ticket-view';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';

export function makeListTicketsHandler(desk: Desk) {
  const statuses = lifecycleStatuses(desk.machine);
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const wanted = event.queryStringParameters?.status;
    const limit = Math.min(Math.max(Number(event.queryStringParameters?.limit ?? 50) || 50, 1), 200);
    if (wanted && !statuses.some((s) => s.status === wanted)) {
      throw new HttpProblem({
        type: problemTypes('invalid'),
        title: 'Invalid request',
        status: 400,
        detail: `unknown status; one of ${statuses.map((s) => s.status).join(', ')}`,
        errors: [{ field: 'status', message: 'unknown status' }],
      });
    }
    const selected = wanted ? [wanted] : statuses.filter((s) => !s.final).map((s) => s.status);
    const heads = (await Promise.all(selected.map((s) => desk.store.listByStatus(s, limit)))).flat();
    heads.sort((a, b) => b.updatedAt - a.updatedAt);
    return json(200, { tickets: heads.slice(0, limit).map((h) => ticketSummary(desk.machine, h)), statuses });
  }, desk);
}

export const handler = makeListTicketsHandler(deskFromEnv());
