// The HTTP API's routes (functions/http/route-table.ts) bound to their handlers for the local server.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Desk } from '../functions/desk';
import { makeCreateTicketHandler } from '../functions/create-ticket';
import { makeListTicketsHandler } from '../functions/list-tickets';
import { makeGetTicketHandler } from '../functions/get-ticket';
import { makePostTicketEventHandler } from '../functions/post-ticket-event';
import { makeResendMailHandler } from '../functions/resend-mail';
import { makeHealthzHandler } from '../functions/healthz';
import { makeReceiveWebhookHandler } from '../functions/receive-webhook';
import { makeListQuarantineHandler } from '../functions/list-quarantine';
import { makeReleaseQuarantineHandler } from '../functions/release-quarantine';
import { makeLinkPageHandler } from '../functions/link-page';
import { makeLinkActionHandler } from '../functions/link-action';
import { makeLifecycleHandler } from '../functions/lifecycle';
import { makeOpenApiHandler } from '../functions/openapi';
import { makeBillingExportHandler } from '../functions/billing-export';
import { makeConsoleQueueHandler } from '../functions/console-queue';
import { makeConsoleSignInHandler } from '../functions/console-sign-in';
import { makeConsoleSignOutHandler } from '../functions/console-sign-out';
import { makeConsoleCognitoHandler } from '../functions/console-cognito';
import { makeConsoleTicketHandler } from '../functions/console-ticket';
import { makeConsoleActionHandler } from '../functions/console-action';
import { makeConsoleResendMailHandler } from '../functions/console-resend-mail';
import { makeConsoleCreateHandler } from '../functions/console-create';
import { makeConsoleBillingHandler } from '../functions/console-billing';
import { httpRoutes, type HttpHandlerName } from '../functions/http/route-table';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Route {
  method: string;
  path: string;
  handler: LambdaHttpHandler;
}

const factories: Record<HttpHandlerName, (desk: Desk) => LambdaHttpHandler> = {
  'create-ticket': makeCreateTicketHandler,
  'list-tickets': makeListTicketsHandler,
  'get-ticket': makeGetTicketHandler,
  'post-ticket-event': makePostTicketEventHandler,
  'resend-mail': makeResendMailHandler,
  'list-quarantine': makeListQuarantineHandler,
  'release-quarantine': makeReleaseQuarantineHandler,
  'billing-export': (desk) => makeBillingExportHandler(desk),
  'receive-webhook': makeReceiveWebhookHandler,
  'link-page': makeLinkPageHandler,
  'link-action': makeLinkActionHandler,
  lifecycle: makeLifecycleHandler,
  openapi: makeOpenApiHandler,
  healthz: makeHealthzHandler,
  'console-queue': makeConsoleQueueHandler,
  'console-sign-in': makeConsoleSignInHandler,
  'console-sign-out': makeConsoleSignOutHandler,
  // Locally the token sign-in is all there is: the Cognito routes say it is not configured.
  'console-cognito': (desk) => makeConsoleCognitoHandler(desk, null),
  'console-ticket': makeConsoleTicketHandler,
  'console-action': makeConsoleActionHandler,
  'console-resend-mail': makeConsoleResendMailHandler,
  'console-create': makeConsoleCreateHandler,
  'console-billing': (desk) => makeConsoleBillingHandler(desk),
};

export function deskRoutes(desk: Desk): Route[] {
  return httpRoutes.map((route) => ({ method: route.method, path: route.path, handler: factories[route.handler](desk) }));
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
