// GET /v1/tickets — the queue and the search: with no parameters the open tickets, most recently
// changed first; with words (`q`) and filters the tickets that match, closed ones too, a page at a
// time (`next` is the cursor of the page after). A bad parameter is a 400 naming it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { HttpProblem, problemTypes } from '../http/problem';
import { deskFromEnv, type Desk } from '../desk';
import { ticketSummary } from './ticket-view';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { runSearch } from '../search/search-request';

export function makeListTicketsHandler(desk: Desk) {
  const statuses = lifecycleStatuses(desk.machine);
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const answer = await runSearch(desk, event.queryStringParameters ?? {});
    if (!answer.ok) {
      throw new HttpProblem({
        type: problemTypes('invalid'),
        title: 'Invalid request',
        status: 400,
        detail: answer.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        errors: answer.issues,
      });
    }
    const tickets = answer.heads.map((h) => ticketSummary(desk.machine, h));
    return json(200, { tickets, statuses, next: answer.next });
  }, desk);
}

export const handler = makeListTicketsHandler(deskFromEnv());
