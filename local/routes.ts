// The HTTP API's routes (DESIGN.md §6) bound to their handlers; the CDK stack binds the same ones.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Desk } from '../functions/desk';
import { makeCreateTicketHandler } from '../functions/create-ticket';
import { makeListTicketsHandler } from '../functions/list-tickets';
import { makeGetTicketHandler } from '../functions/get-ticket';
import { makePostTicketEventHandler } from '../functions/post-ticket-event';
import { makeHealthzHandler } from '../functions/healthz';
import { makeReceiveWebhookHandler } from '../functions/receive-webhook';
import { makeListQuarantineHandler } from '../functions/list-quarantine';
import { makeLinkPageHandler } from '../functions/link-page';
import { makeLinkActionHandler } from '../functions/link-action';
import { makeLifecycleHandler } from '../functions/lifecycle';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Route {
  method: string;
  path: string;
  handler: LambdaHttpHandler;
}

export function deskRoutes(desk: Desk): Route[] {
  return [
    { method: 'POST', path: '/v1/tickets', handler: makeCreateTicketHandler(desk) },
    { method: 'GET', path: '/v1/tickets', handler: makeListTicketsHandler(desk) },
    { method: 'GET', path: '/v1/tickets/{id}', handler: makeGetTicketHandler(desk) },
    { method: 'POST', path: '/v1/tickets/{id}/events', handler: makePostTicketEventHandler(desk) },
    { method: 'POST', path: '/v1/webhooks/{source}', handler: makeReceiveWebhookHandler(desk) },
    { method: 'GET', path: '/v1/quarantine', handler: makeListQuarantineHandler(desk) },
    { method: 'GET', path: '/v1/links/{token}', handler: makeLinkPageHandler(desk) },
    { method: 'POST', path: '/v1/links/{token}', handler: makeLinkActionHandler(desk) },
    { method: 'GET', path: '/v1/lifecycle', handler: makeLifecycleHandler(desk) },
    { method: 'GET', path: '/healthz', handler: makeHealthzHandler(desk) },
  ];
}

/** Matches a path against `/v1/tickets/{id}`-style templates; returns the path parameters. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  if (!match) return null;
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
  } catch {
    // A malformed escape (`%E0%A4%A`) names nothing we have: no match, not a crash.
    return null;
  }
}
