// Every Lambda of the desk as a row of data: its handler module, what triggers it, its size and
// time, and what it needs in AWS (table access, the desk's secrets, waking or starting lifecycle
// executions, sending mail, the mail bucket). The CDK stack builds each function and its grants
// from this table; the HTTP rows come from the route table, which the local server binds too.
// Each row's module is `functions/<capability>/<handler>.handler.ts`.
import { httpRoutes, type HttpHandlerName } from './http/route-table';

/** The capability folders of functions/ that hold Lambda entry points. */
export type Capability =
  'api' | 'billing' | 'console' | 'intake' | 'lifecycle' | 'links' | 'outbox' | 'portal' | 'reports';

/** What a function may do with the table: read; write only the console's own items; only the portal's; only the reports'; write. */
export type TableAccess = 'read' | 'sessions' | 'portal' | 'reports' | 'write';

export type Trigger =
  /** Routes of the HTTP API (the route table). */
  | 'http'
  /** A task of the ticket's lifecycle execution (park, advance). */
  | 'lifecycle-task'
  /** The table stream: a new ticket head. */
  | 'new-ticket'
  /** The table stream: a commit took the park token off a ticket head. */
  | 'park-token-taken'
  /** The table stream: a new outbox message, and a schedule that sweeps up retries. */
  | 'outbox'
  /** SES's receipt rule, once the raw message is in the mail bucket. */
  | 'ses-receipt';

export interface LambdaRow {
  /** The function's name: its construct id (functionId) and its module's name. */
  handler: string;
  capability: Capability;
  /** Its module, relative to functions/: `<capability>/<handler>.handler.ts`. */
  entry: string;
  trigger: Trigger;
  store: TableAccess;
  /** Reads the desk's secrets (link signing keys, webhook secrets) from Secrets Manager. */
  secrets: boolean;
  /**
   * Commits ticket events, so a commit may wake the ticket's parked execution: the table stream
   * does (wake-lifecycle), so this needs no grant of its own.
   */
  wakes: boolean;
  /** Answers parked executions' task tokens (SendTaskSuccess): the stream's wake-up. */
  answersTasks?: boolean;
  /** Starts lifecycle executions. */
  starts?: boolean;
  /** Sends mail through SES, from the policy's first desk address only. */
  sends?: boolean;
  /** Reads SES's inbound messages and keeps raw mail and attachments in the mail bucket. */
  mailBucket?: boolean;
  /** Reads raw mail the intake kept; `release` also keeps its attachments again, content-addressed. */
  keptMail?: 'read' | 'release';
  /** Reads the kept attachments (a vendor forward mails the customer's files on; a download serves them). */
  readsFiles?: boolean;
  /** Keeps an agent's uploaded files in attachments/ (PutObject there only; downloads are another function's). */
  writesFiles?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
}

const entryOf = (capability: Capability, handler: string) => `${capability}/${handler}.handler.ts`;

/** Where each HTTP handler's module lives: a new route's handler must be placed here. */
const httpCapability = {
  'create-ticket': 'api',
  'list-tickets': 'api',
  'get-ticket': 'api',
  'post-ticket-event': 'api',
  'get-ticket-file': 'api',
  'list-quarantine': 'api',
  'release-quarantine': 'api',
  'discard-quarantine': 'api',
  lifecycle: 'api',
  openapi: 'api',
  healthz: 'api',
  'resend-mail': 'outbox',
  'billing-export': 'billing',
  'console-billing': 'billing',
  'service-report': 'reports',
  'console-reports': 'reports',
  'console-report-pdf': 'reports',
  'console-report-mail': 'reports',
  'receive-webhook': 'intake',
  'link-page': 'links',
  'link-action': 'links',
  'console-queue': 'console',
  'console-sign-in': 'console',
  'console-cognito': 'console',
  'console-sign-out': 'console',
  'console-create': 'console',
  'console-ticket': 'console',
  'console-action': 'console',
  'console-resend-mail': 'console',
  'console-mail-original': 'console',
  'console-file': 'console',
  'console-quarantine': 'console',
  'console-quarantine-mail': 'console',
  'console-quarantine-action': 'console',
  'console-search': 'console',
  'portal-sign-in': 'portal',
  'portal-sign-out': 'portal',
  'portal-home': 'portal',
  'portal-request': 'portal',
  'portal-ticket': 'portal',
  'portal-action': 'portal',
} as const satisfies Record<HttpHandlerName, Capability>;

/** One row per HTTP handler: one function serves every route of its handler (they agree on needs). */
const httpRows: LambdaRow[] = [...new Map(httpRoutes.map((r) => [r.handler, r])).values()].map((route) => ({
  handler: route.handler,
  capability: httpCapability[route.handler],
  entry: entryOf(httpCapability[route.handler], route.handler),
  trigger: 'http',
  store: route.store,
  secrets: route.secrets,
  wakes: route.wakes,
  ...('keptMail' in route ? { keptMail: route.keptMail } : {}),
  ...('readsFiles' in route ? { readsFiles: route.readsFiles } : {}),
  ...('writesFiles' in route ? { writesFiles: route.writesFiles } : {}),
  ...('memoryMb' in route ? { memoryMb: route.memoryMb } : {}),
  ...('timeoutSeconds' in route ? { timeoutSeconds: route.timeoutSeconds } : {}),
}));

const otherRows: Omit<LambdaRow, 'entry'>[] = [
  // Stores the execution's task token on the head (answering it at once if the ticket moved on:
  // the lifecycle grants that to its own task); commits nothing, so wakes no one.
  {
    handler: 'park-ticket',
    capability: 'lifecycle',
    trigger: 'lifecycle-task',
    store: 'write',
    secrets: false,
    wakes: false,
  },
  // Fires due timers through the engine, which mints customer links into the mails it writes.
  {
    handler: 'advance-ticket',
    capability: 'lifecycle',
    trigger: 'lifecycle-task',
    store: 'write',
    secrets: true,
    wakes: false,
    timeoutSeconds: 30,
  },
  {
    handler: 'start-lifecycle',
    capability: 'lifecycle',
    trigger: 'new-ticket',
    store: 'read',
    secrets: false,
    wakes: false,
    starts: true,
  },
  // Wakes the execution from the stream's images alone: it reads nothing of the table.
  {
    handler: 'wake-lifecycle',
    capability: 'lifecycle',
    trigger: 'park-token-taken',
    store: 'read',
    secrets: false,
    wakes: false,
    answersTasks: true,
  },
  {
    handler: 'dispatch-outbox',
    capability: 'outbox',
    trigger: 'outbox',
    store: 'write',
    secrets: false,
    wakes: false,
    sends: true,
    readsFiles: true,
    timeoutSeconds: 60,
  },
  {
    handler: 'receive-email',
    capability: 'intake',
    trigger: 'ses-receipt',
    store: 'write',
    secrets: true,
    wakes: true,
    mailBucket: true,
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
];

export const lambdaFunctions: readonly LambdaRow[] = [
  ...httpRows,
  ...otherRows.map((row) => ({ ...row, entry: entryOf(row.capability, row.handler) })),
];

/** The row of a handler module. */
export function lambdaRow(handler: string): LambdaRow {
  const row = lambdaFunctions.find((r) => r.handler === handler);
  if (!row) throw new Error(`no Lambda ${handler} in the function table`);
  return row;
}
