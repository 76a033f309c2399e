// The HTTP API's routes (DESIGN.md §6) as data: method, path, the handler module that serves it
// and who may call it. The local server and the CDK stack both bind from this one table.
export type Access = 'agent' | 'public';

export const httpRoutes = [
  { method: 'POST', path: '/v1/tickets', handler: 'create-ticket', access: 'agent' },
  { method: 'GET', path: '/v1/tickets', handler: 'list-tickets', access: 'agent' },
  { method: 'GET', path: '/v1/tickets/{id}', handler: 'get-ticket', access: 'agent' },
  { method: 'POST', path: '/v1/tickets/{id}/events', handler: 'post-ticket-event', access: 'agent' },
  { method: 'GET', path: '/v1/quarantine', handler: 'list-quarantine', access: 'agent' },
  { method: 'GET', path: '/v1/billing', handler: 'billing-export', access: 'agent' },
  // Public, but each handler verifies: a webhook's signature or token, a link's signature.
  { method: 'POST', path: '/v1/webhooks/{source}', handler: 'receive-webhook', access: 'public' },
  { method: 'GET', path: '/v1/links/{token}', handler: 'link-page', access: 'public' },
  { method: 'POST', path: '/v1/links/{token}', handler: 'link-action', access: 'public' },
  { method: 'GET', path: '/v1/lifecycle', handler: 'lifecycle', access: 'public' },
  { method: 'GET', path: '/healthz', handler: 'healthz', access: 'public' },
] as const satisfies readonly { method: 'GET' | 'POST'; path: string; handler: string; access: Access }[];

export type HttpHandlerName = (typeof httpRoutes)[number]['handler'];
