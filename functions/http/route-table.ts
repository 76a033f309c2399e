// The HTTP API's routes (docs/architecture.md) as data: method, path, the handler module that serves it,
// who may call it, and what its function needs in AWS (table writes, the desk's secrets, waking
// lifecycle executions). The local server and the CDK stack both bind from this one table; all
// routes of one handler agree, since one function serves them.
export type Access = 'agent' | 'public';

const reads = { store: 'read', secrets: false, wakes: false } as const;
/** Verifies or mints signed links or sessions, so it reads the desk's secrets. */
const readsWithSecrets = { store: 'read', secrets: true, wakes: false } as const;
/**
 * Signs agents in or out: writes the console's own items only (sessions, used sign-in form nonces,
 * sign-in throttle counters; table-schema.ts's consoleItemPrefixes), never a ticket, and wakes nothing.
 */
const signsIn = { store: 'sessions', secrets: true, wakes: false } as const;
/**
 * The customer portal's sign-in and sign-out: writes the portal's own items only (attempts, throttle
 * counters, sessions, the sign-in mails' outbox items; table-schema.ts's PORTAL_ITEM_PREFIX), never a ticket.
 */
const portalSignsIn = { store: 'portal', secrets: true, wakes: false } as const;
/**
 * Replays a month of tickets: a whole desk's 10,000 take seconds of one vCPU and about 1 GB (npm run
 * bench), within the HTTP API's 30 s; 1769 MB is where Lambda gives a function one full vCPU.
 */
const replaysMonths = { memoryMb: 1769, timeoutSeconds: 29 } as const;
/**
 * Mails a service report: writes the reports' own items only (the record and its outbox item;
 * table-schema.ts's REPORT_ITEM_PREFIX) and keeps the PDF with the attachments, behind a session.
 */
const mailsReports = { store: 'reports', secrets: true, wakes: false, writesFiles: true } as const;
/** Commits events: writes the table, wakes the ticket's lifecycle, may mint links. */
const commits = { store: 'write', secrets: true, wakes: true } as const;
/** Commits events that may carry an agent's uploaded files: keeps them in attachments/ (writes only there). */
const commitsWithFiles = { ...commits, writesFiles: true } as const;
/** Releases a quarantined mail onto a ticket: commits it, reading the kept raw mail from the bucket. */
const releases = { store: 'write', secrets: true, wakes: true, keptMail: 'release' } as const;
/** Shows an event's original mail to a signed-in agent: reads the kept raw mail, writes nothing. */
const showsKeptMail = { store: 'read', secrets: true, wakes: false, keptMail: 'read' } as const;
/** Serves a ticket's kept files (attachments/<sha256>) to an agent: reads them, writes nothing. */
const servesFiles = { store: 'read', secrets: false, wakes: false, readsFiles: true } as const;
/** The console's download: the same read, behind a session that reads the desk's secrets. */
const servesFilesFromConsole = { store: 'read', secrets: true, wakes: false, readsFiles: true } as const;
/** Discards a quarantined mail: writes its record (and the claim that settles it), reads no raw mail. */
const discards = { store: 'write', secrets: false, wakes: false } as const;
/** Resends a failed mail: writes the outbox (and a suppression), commits no event, wakes nothing. */
const resends = { store: 'write', secrets: false, wakes: false } as const;
/** The console's resend: the same write, behind a session that reads the desk's secrets. */
const resendsFromConsole = { store: 'write', secrets: true, wakes: false } as const;

export const httpRoutes = [
  {
    method: 'POST',
    path: '/v1/tickets',
    handler: 'create-ticket',
    summary: "Register a ticket (a phone call, or on a customer's behalf)",
    access: 'agent',
    ...commits,
  },
  {
    method: 'GET',
    path: '/v1/tickets',
    handler: 'list-tickets',
    summary: 'Search tickets by words and filters (no parameters: the open tickets), a page at a time',
    access: 'agent',
    ...reads,
  },
  {
    method: 'GET',
    path: '/v1/tickets/{id}',
    handler: 'get-ticket',
    summary: 'One ticket: timeline, pending timers, outbox, the events allowed now',
    access: 'agent',
    ...reads,
  },
  {
    method: 'GET',
    path: '/v1/tickets/{id}/files/{sha256}',
    handler: 'get-ticket-file',
    summary: 'Download a file the ticket carries (an attachment an event references)',
    access: 'agent',
    ...servesFiles,
  },
  {
    method: 'POST',
    path: '/v1/tickets/{id}/events',
    handler: 'post-ticket-event',
    summary: 'Apply an event to a ticket (409 lists what is allowed now)',
    access: 'agent',
    ...commitsWithFiles,
  },
  {
    method: 'POST',
    path: '/v1/tickets/{id}/outbox/{seq}/{n}/resend',
    handler: 'resend-mail',
    summary: 'Resend a mail that failed for good',
    access: 'agent',
    ...resends,
  },
  {
    method: 'POST',
    path: '/v1/quarantine/{id}/release',
    handler: 'release-quarantine',
    summary: 'Release a quarantined mail onto a ticket, once',
    access: 'agent',
    ...releases,
  },
  {
    method: 'POST',
    path: '/v1/quarantine/{id}/discard',
    handler: 'discard-quarantine',
    summary: 'Discard a quarantined mail with a reason, once (its raw message stays kept)',
    access: 'agent',
    ...discards,
  },
  {
    method: 'GET',
    path: '/v1/quarantine',
    handler: 'list-quarantine',
    summary: 'Mail and payloads the desk could not take in, with the reason',
    access: 'agent',
    ...reads,
  },
  {
    method: 'GET',
    path: '/v1/billing',
    handler: 'billing-export',
    summary: "The month's billable work (JSON, or CSV for Accept: text/csv)",
    access: 'agent',
    ...reads,
  },
  {
    method: 'GET',
    path: '/v1/reports/service',
    handler: 'service-report',
    summary: "The month's service report (JSON): every figure with the tickets it counts",
    access: 'agent',
    ...reads,
    ...replaysMonths,
  },
  // Public, but each handler verifies: a webhook's signature or token, a link's signature.
  {
    method: 'POST',
    path: '/v1/webhooks/{source}',
    handler: 'receive-webhook',
    summary: 'Intake from a monitoring tool or portal (Standard Webhooks or bearer)',
    access: 'public',
    ...commits,
  },
  {
    method: 'GET',
    path: '/v1/links/{token}',
    handler: 'link-page',
    summary: "The page behind a customer's signed link (never changes anything)",
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'POST',
    path: '/v1/links/{token}',
    handler: 'link-action',
    summary: "A customer's answer through a signed link",
    access: 'public',
    ...commits,
  },
  {
    method: 'GET',
    path: '/v1/lifecycle',
    handler: 'lifecycle',
    summary: 'The lifecycle statechart as JSON and Mermaid',
    access: 'public',
    ...reads,
  },
  { method: 'GET', path: '/v1/openapi.json', handler: 'openapi', summary: 'This document', access: 'public', ...reads },
  // The agent console: public at the gateway, since a browser sends no bearer token; each handler
  // checks the session (its signed cookie and its item in the table), every POST also its CSRF token.
  {
    method: 'GET',
    path: '/console',
    handler: 'console-queue',
    summary: 'Agent console: the queue',
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'GET',
    path: '/console/sign-in',
    handler: 'console-sign-in',
    summary: 'Agent console: the sign-in form',
    access: 'public',
    ...signsIn,
  },
  {
    method: 'POST',
    path: '/console/sign-in',
    handler: 'console-sign-in',
    summary: 'Agent console: sign in with the agent token',
    access: 'public',
    ...signsIn,
  },
  // Sign-in through the Cognito user pool (AWS): to the hosted UI and back, then the same session cookie.
  {
    method: 'GET',
    path: '/console/sign-in/cognito',
    handler: 'console-cognito',
    summary: 'Agent console: sign in through the Cognito user pool',
    access: 'public',
    ...signsIn,
  },
  {
    method: 'GET',
    path: '/console/sign-in/callback',
    handler: 'console-cognito',
    summary: 'Agent console: back from the Cognito hosted UI',
    access: 'public',
    ...signsIn,
  },
  {
    method: 'POST',
    path: '/console/sign-out',
    handler: 'console-sign-out',
    summary: 'Agent console: sign out (the session is revoked)',
    access: 'public',
    ...signsIn,
  },
  {
    method: 'POST',
    path: '/console/tickets',
    handler: 'console-create',
    summary: 'Agent console: register a call',
    access: 'public',
    ...commits,
  },
  {
    method: 'GET',
    path: '/console/tickets/{id}',
    handler: 'console-ticket',
    summary: 'Agent console: one ticket',
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'POST',
    path: '/console/tickets/{id}/events',
    handler: 'console-action',
    summary: 'Agent console: apply an event from a form',
    access: 'public',
    ...commitsWithFiles,
  },
  {
    method: 'GET',
    path: '/console/tickets/{id}/events/{seq}/original',
    handler: 'console-mail-original',
    summary: 'Agent console: the original mail an event came from',
    access: 'public',
    ...showsKeptMail,
  },
  {
    method: 'GET',
    path: '/console/tickets/{id}/files/{sha256}',
    handler: 'console-file',
    summary: 'Agent console: download a file the ticket carries',
    access: 'public',
    ...servesFilesFromConsole,
  },
  {
    method: 'POST',
    path: '/console/tickets/{id}/outbox/{seq}/{n}/resend',
    handler: 'console-resend-mail',
    summary: 'Agent console: resend a failed mail',
    access: 'public',
    ...resendsFromConsole,
  },
  {
    method: 'GET',
    path: '/console/quarantine',
    handler: 'console-quarantine',
    summary: 'Agent console: quarantined mail',
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'GET',
    path: '/console/quarantine/{id}',
    handler: 'console-quarantine-mail',
    summary: 'Agent console: one quarantined mail, with its release and discard forms',
    access: 'public',
    ...showsKeptMail,
  },
  {
    method: 'POST',
    path: '/console/quarantine/{id}/release',
    handler: 'console-quarantine-action',
    summary: 'Agent console: release a quarantined mail onto a ticket or as a new one',
    access: 'public',
    ...releases,
  },
  {
    method: 'POST',
    path: '/console/quarantine/{id}/discard',
    handler: 'console-quarantine-action',
    summary: 'Agent console: discard a quarantined mail with a reason',
    access: 'public',
    ...releases,
  },
  {
    method: 'GET',
    path: '/console/search',
    handler: 'console-search',
    summary: 'Agent console: search tickets by words and filters',
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'GET',
    path: '/console/reports',
    handler: 'console-reports',
    summary: "Agent console: the month's service report, its charts and the tickets each number counts",
    access: 'public',
    ...readsWithSecrets,
    ...replaysMonths,
  },
  {
    method: 'GET',
    path: '/console/reports/print',
    handler: 'console-reports',
    summary: "Agent console: the customer's printable service report",
    access: 'public',
    ...readsWithSecrets,
    ...replaysMonths,
  },
  {
    method: 'GET',
    path: '/console/reports/pdf',
    handler: 'console-report-pdf',
    summary: "Agent console: the customer's service report as PDF",
    access: 'public',
    ...readsWithSecrets,
    ...replaysMonths,
  },
  {
    method: 'POST',
    path: '/console/reports/mail',
    handler: 'console-report-mail',
    summary: "Agent console: mail the customer's service report to its key contacts (through the outbox)",
    access: 'public',
    ...mailsReports,
    ...replaysMonths,
  },
  {
    method: 'GET',
    path: '/console/billing',
    handler: 'console-billing',
    summary: "Agent console: the month's billing CSV",
    access: 'public',
    ...readsWithSecrets,
  },
  // The customer portal: public at the gateway; each handler checks the customer's session (its
  // signed cookie and its item in the table) or, before sign-in, the form's browser-bound CSRF token.
  {
    method: 'GET',
    path: '/portal',
    handler: 'portal-sign-in',
    summary: 'Customer portal: sign in with your e-mail address',
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'POST',
    path: '/portal/sign-in',
    handler: 'portal-sign-in',
    summary: 'Customer portal: mail me a sign-in link and code (the same answer for any address)',
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'POST',
    path: '/portal/code',
    handler: 'portal-sign-in',
    summary: 'Customer portal: sign in with the code, in the browser that asked for it',
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'GET',
    path: '/portal/sign-in/{token}',
    handler: 'portal-sign-in',
    summary: "Customer portal: a sign-in link's page (never signs in by itself)",
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'POST',
    path: '/portal/sign-in/{token}',
    handler: 'portal-sign-in',
    summary: 'Customer portal: sign in with the link, once',
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'POST',
    path: '/portal/sign-out',
    handler: 'portal-sign-out',
    summary: 'Customer portal: sign out (the session is revoked)',
    access: 'public',
    ...portalSignsIn,
  },
  {
    method: 'GET',
    path: '/portal/tickets',
    handler: 'portal-home',
    summary: "Customer portal: your tickets (a key contact's: the organisation's)",
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'GET',
    path: '/portal/requests/new',
    handler: 'portal-request',
    summary: 'Customer portal: open a new incident, catalog service request or request for change',
    access: 'public',
    ...commits,
  },
  {
    method: 'POST',
    path: '/portal/requests',
    handler: 'portal-request',
    summary: 'Customer portal: send a new request (requester and customer from the session; a change is in writing)',
    access: 'public',
    ...commits,
  },
  {
    method: 'GET',
    path: '/portal/tickets/{id}',
    handler: 'portal-ticket',
    summary: 'Customer portal: one of your tickets, its public timeline and what you can do now',
    access: 'public',
    ...readsWithSecrets,
  },
  {
    method: 'POST',
    path: '/portal/tickets/{id}/actions',
    handler: 'portal-action',
    summary:
      'Customer portal: reply (with files), answer a quote or visit, confirm or reopen, confirm a change in writing',
    access: 'public',
    ...commitsWithFiles,
  },
  { method: 'GET', path: '/healthz', handler: 'healthz', summary: 'Health check', access: 'public', ...reads },
] as const satisfies readonly {
  method: 'GET' | 'POST';
  path: string;
  handler: string;
  summary: string;
  access: Access;
  store: 'read' | 'sessions' | 'portal' | 'reports' | 'write';
  secrets: boolean;
  wakes: boolean;
  keptMail?: 'read' | 'release';
  readsFiles?: boolean;
  writesFiles?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}[];

export type HttpHandlerName = (typeof httpRoutes)[number]['handler'];
