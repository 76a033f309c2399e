// The HTTP API's routes (functions/http/route-table.ts) bound to their handlers for the local server.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Desk } from '../functions/desk';
import { makeCreateTicketHandler } from '../functions/api/create-ticket.handler';
import { makeListTicketsHandler } from '../functions/api/list-tickets.handler';
import { makeGetTicketHandler } from '../functions/api/get-ticket.handler';
import { makePostTicketEventHandler } from '../functions/api/post-ticket-event.handler';
import { makeResendMailHandler } from '../functions/outbox/resend-mail.handler';
import { makeHealthzHandler } from '../functions/api/healthz.handler';
import { makeReceiveWebhookHandler } from '../functions/intake/receive-webhook.handler';
import { makeListQuarantineHandler } from '../functions/api/list-quarantine.handler';
import { makeReleaseQuarantineHandler } from '../functions/api/release-quarantine.handler';
import { makeDiscardQuarantineHandler } from '../functions/api/discard-quarantine.handler';
import { makeLinkPageHandler } from '../functions/links/link-page.handler';
import { makeLinkActionHandler } from '../functions/links/link-action.handler';
import { makeLifecycleHandler } from '../functions/api/lifecycle.handler';
import { makeOpenApiHandler } from '../functions/api/openapi.handler';
import { makeBillingExportHandler } from '../functions/billing/billing-export.handler';
import { makeConsoleQueueHandler } from '../functions/console/console-queue.handler';
import { makeConsoleSignInHandler } from '../functions/console/console-sign-in.handler';
import { makeConsoleSignOutHandler } from '../functions/console/console-sign-out.handler';
import { makeConsoleCognitoHandler } from '../functions/console/console-cognito.handler';
import { makeConsoleTicketHandler } from '../functions/console/console-ticket.handler';
import { makeConsoleActionHandler } from '../functions/console/console-action.handler';
import { makeConsoleResendMailHandler } from '../functions/console/console-resend-mail.handler';
import { makeConsoleMailOriginalHandler } from '../functions/console/console-mail-original.handler';
import { makeConsoleFileHandler } from '../functions/console/console-file.handler';
import { makeGetTicketFileHandler } from '../functions/api/get-ticket-file.handler';
import { makeConsoleQuarantineHandler } from '../functions/console/console-quarantine.handler';
import { makeConsoleQuarantineMailHandler } from '../functions/console/console-quarantine-mail.handler';
import { makeConsoleQuarantineActionHandler } from '../functions/console/console-quarantine-action.handler';
import { makeConsoleSearchHandler } from '../functions/console/console-search.handler';
import { makeConsoleCreateHandler } from '../functions/console/console-create.handler';
import { makeConsoleBillingHandler } from '../functions/billing/console-billing.handler';
import { makeServiceReportHandler } from '../functions/reports/service-report.handler';
import { makeConsoleReportsHandler } from '../functions/reports/console-reports.handler';
import { makeConsoleReportPdfHandler } from '../functions/reports/console-report-pdf.handler';
import { makeConsoleReportMailHandler } from '../functions/reports/console-report-mail.handler';
import { makePortalSignInHandler } from '../functions/portal/portal-sign-in.handler';
import { makePortalSignOutHandler } from '../functions/portal/portal-sign-out.handler';
import { makePortalHomeHandler } from '../functions/portal/portal-home.handler';
import { makePortalRequestHandler } from '../functions/portal/portal-request.handler';
import { makePortalTicketHandler } from '../functions/portal/portal-ticket.handler';
import { makePortalActionHandler } from '../functions/portal/portal-action.handler';
import { httpRoutes, type HttpHandlerName } from '../functions/http/route-table';

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

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
  'discard-quarantine': makeDiscardQuarantineHandler,
  'billing-export': (desk) => makeBillingExportHandler(desk),
  'service-report': (desk) => makeServiceReportHandler(desk),
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
  'console-mail-original': makeConsoleMailOriginalHandler,
  'console-file': makeConsoleFileHandler,
  'get-ticket-file': makeGetTicketFileHandler,
  'console-quarantine': makeConsoleQuarantineHandler,
  'console-quarantine-mail': makeConsoleQuarantineMailHandler,
  'console-quarantine-action': makeConsoleQuarantineActionHandler,
  'console-search': makeConsoleSearchHandler,
  'console-create': makeConsoleCreateHandler,
  'console-billing': (desk) => makeConsoleBillingHandler(desk),
  'console-reports': (desk) => makeConsoleReportsHandler(desk),
  'console-report-pdf': (desk) => makeConsoleReportPdfHandler(desk),
  'console-report-mail': (desk) => makeConsoleReportMailHandler(desk),
  'portal-sign-in': (desk) => makePortalSignInHandler(desk),
  'portal-sign-out': (desk) => makePortalSignOutHandler(desk),
  'portal-home': (desk) => makePortalHomeHandler(desk),
  'portal-request': (desk) => makePortalRequestHandler(desk),
  'portal-ticket': (desk) => makePortalTicketHandler(desk),
  'portal-action': (desk) => makePortalActionHandler(desk),
};

export function deskRoutes(desk: Desk): Route[] {
  return httpRoutes.map((route) => ({
    method: route.method,
    path: route.path,
    handler: factories[route.handler](desk),
  }));
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
