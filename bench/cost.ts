// `npm run cost`: what one ticket costs on AWS. Three typical lifecycles run locally through the
// generated state machine (aws-local-stepfunctions) and the real handlers on DynamoDB Local.
// Counted per ticket: state transitions, Lambda requests, GB-seconds and cold-start init, DynamoDB
// request units by AWS's rules (cost-dynamodb.ts), mails in (with their 256 KB chunks) and out,
// S3 and HTTP API requests, CloudWatch Logs (the bytes the handlers write, Lambda's own lines, the
// state machine's log at its level), X-Ray traces, Secrets Manager and KMS requests; priced with
// bench/aws-prices.json (data, with its date). Bundles and init CPU: cost-bundles.ts.
// Writes bench/cost.json and prints the tables the README shows.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createLocalFolderStore, type BlobStore } from '../functions/store/blob-store';
import { createDocumentClient } from '../functions/store/dynamo-client';
import { ensureTable } from '../functions/store/ensure-table';
import { makeGetTicketHandler } from '../functions/api/get-ticket.handler';
import { makeLinkActionHandler } from '../functions/links/link-action.handler';
import { makeLinkPageHandler } from '../functions/links/link-page.handler';
import { outboxDispatcherFor } from '../functions/outbox/delivery-attempts';
import { makePostTicketEventHandler } from '../functions/api/post-ticket-event.handler';
import { makeStartLifecycleHandler } from '../functions/lifecycle/start-lifecycle.handler';
import { outboxKey } from '../functions/lifecycle/ticket-store';
import { LINK_VALIDITY_SECONDS } from '../functions/desk';
import { emailIntakeOf } from '../functions/intake/intake-email';
import { lifecycleDefinition } from '../infra/lifecycle-state-machine';
import { DESK_TRACING } from '../infra/desk-function';
import { TABLE_ENCRYPTION } from '../infra/desk-table';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { lambdaFunctions } from '../functions/function-table';
import { localCredentials, startDynamoDbLocal } from '../local/dynamodb-local';
import { runLocalLifecycle } from '../local/local-lifecycle';
import { parseLinkKeys, verifyLink } from '../workflows/links/link-token';
import { BASELINE, measureBundles, targets, type Bundle } from './cost-bundles';
import { meterDynamoDb, newDynamoUnits, type DynamoUnits } from './cost-dynamodb';

const prices = JSON.parse(readFileSync(join(__dirname, 'aws-prices.json'), 'utf8')) as Record<string, number | string>;
const price = (name: string) => Number(prices[name]);

interface Meter {
  transitions: number;
  lambda: Map<string, { requests: number; ms: number; coldStarts: number; logBytes: number; logLines: number }>;
  dynamo: DynamoUnits;
  mailsOut: number;
  mailsIn: number;
  /** Incoming mail in SES's 256 KB chunks (each mail at least one). */
  mailChunksIn: number;
  s3Puts: number;
  s3Gets: number;
  httpRequests: number;
  executions: number;
  /** Parks that ran out (a timer fell due): the state machine logs each as TaskTimedOut, an ERROR event. */
  parkTimeouts: number;
  /** The state machine's history events, and their bytes as its log would carry them at level ALL. */
  historyEvents: number;
  historyBytes: number;
  /** The bytes the state's data adds to a history event (the Lambda payloads seen, their mean). */
  payloadBytes: number[];
}

const newMeter = (): Meter => ({
  transitions: 0,
  lambda: new Map(),
  dynamo: newDynamoUnits(),
  mailsOut: 0,
  mailsIn: 0,
  mailChunksIn: 0,
  s3Puts: 0,
  s3Gets: 0,
  httpRequests: 0,
  executions: 0,
  parkTimeouts: 0,
  historyEvents: 0,
  historyBytes: 0,
  payloadBytes: [],
});

/**
 * Cold starts: a step of a scenario (a mail, an agent's action, a click, a timer) comes after 15+
 * minutes of quiet, as on a small desk, so each function's first invocation in a step starts a new
 * container and the rest of that step reuses it.
 */
const running = new AsyncLocalStorage<string>();
let step = 0;
const warm = new Set<string>();

/** What the handlers write through the logger (stdout/stderr) while they run, per function. */
function captureLogs(meter: () => Meter | undefined) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const name = running.getStore();
      const entry = name ? meter()?.lambda.get(name) : undefined;
      if (!entry) return write(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      entry.logBytes += Buffer.byteLength(text);
      entry.logLines += text.split('\n').filter(Boolean).length;
      return true;
    }) as typeof stream.write;
  }
}

function timed<A, R>(meter: () => Meter, name: string, handler: (input: A) => Promise<R>): (input: A) => Promise<R> {
  return async (input) => {
    const entry = meter().lambda.get(name) ?? { requests: 0, ms: 0, coldStarts: 0, logBytes: 0, logLines: 0 };
    meter().lambda.set(name, entry);
    if (!warm.has(`${step}:${name}`)) {
      warm.add(`${step}:${name}`);
      entry.coldStarts++;
    }
    const started = performance.now();
    const overhead = meter().dynamo.overheadMs;
    try {
      const result = await running.run(name, () => handler(input));
      if (name === 'park-ticket' || name === 'advance-ticket')
        meter().payloadBytes.push(JSON.stringify(input).length + JSON.stringify(result ?? null).length);
      return result;
    } finally {
      entry.requests++;
      // Lambda bills whole milliseconds; the metering's own reads are not the handler's.
      const overheadMs = meter().dynamo.overheadMs - overhead;
      entry.ms += Math.max(1, Math.ceil(performance.now() - started - overheadMs));
    }
  };
}

const agentClaims = { authorizer: { jwt: { claims: { email: 'agent@desk.example.com' } } } };
function apiEvent(
  method: string,
  path: string,
  pathParameters: Record<string, string>,
  body?: unknown,
  agent = false,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    isBase64Encoded: false,
    headers: { 'content-type': body === undefined ? 'application/x-www-form-urlencoded' : 'application/json' },
    pathParameters,
    body: body === undefined ? undefined : JSON.stringify(body),
    requestContext: {
      accountId: 'cost',
      apiId: 'cost',
      domainName: 'desk.example.com',
      domainPrefix: 'desk',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cost' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(agent ? agentClaims : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

const inboundMail = (subject: string) =>
  Buffer.from(
    [
      `From: Jan de Vries <jan@acme.example.nl>`,
      'To: servicedesk@desk.example.com',
      `Subject: ${subject}`,
      `Message-ID: <${randomBytes(8).toString('hex')}@acme.example.nl>`,
      'Date: Tue, 24 Nov 2026 09:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Goedemorgen, zie onderwerp. Groet, Jan',
      '',
    ].join('\r\n'),
  );

async function runScenario(endpoint: string, script: (desk: Toolkit) => Promise<void>): Promise<Meter> {
  const meter = newMeter();
  const m = () => meter;
  current = meter;
  const client = createDocumentClient({ endpoint, region: 'local', credentials: localCredentials });
  // Only what a function sends is priced: the harness's own polling (is the execution parked yet?)
  // goes through the same client, outside every function, and AWS would never see it.
  const outside = newDynamoUnits();
  const metered = meterDynamoDb(client, endpoint, () => (running.getStore() ? meter.dynamo : outside));
  const tableName = `cost-${randomBytes(4).toString('hex')}`;
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  await ensureTable(raw, tableName);
  raw.destroy();
  const folder = createLocalFolderStore(mkdtempSync(join(tmpdir(), 'cost-mail-')));
  const blobStore: BlobStore = {
    put: async (bytes, options) => ((meter.s3Puts += 1), folder.put(bytes, options)),
    get: (key) => folder.get(key),
  };
  const links = {
    keys: parseLinkKeys(`cost:${randomBytes(32).toString('base64url')}`),
    baseUrl: 'https://desk.example.com',
    validitySeconds: LINK_VALIDITY_SECONDS,
  };
  const local = await runLocalLifecycle({
    client,
    tableName,
    links,
    blobStore,
    instrument: (name, handler) => timed(m, name === 'wake' ? 'wake-lifecycle' : `${name}-ticket`, handler),
  });
  const desk = local.desk;
  const lambdaContext = {} as Context;
  const getTicket = makeGetTicketHandler(desk);
  const postEvent = makePostTicketEventHandler(desk);
  const linkPage = makeLinkPageHandler(desk);
  const linkAction = makeLinkActionHandler(desk);
  const http = (name: string, handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<unknown>) =>
    timed(m, name, async (event: APIGatewayProxyEventV2) => {
      meter.httpRequests++;
      return (await handler(event, lambdaContext)) as { statusCode: number; body?: string };
    });
  let done: Promise<unknown> = Promise.resolve();
  // StartExecution, as the stream-driven starter calls it.
  const sfn = {
    send: async (command: { input: { name: string } }) => {
      done = (await local.start(command.input.name)).result;
      return { executionArn: command.input.name };
    },
  } as unknown as SFNClient;
  const starter = timed(
    m,
    'start-lifecycle',
    makeStartLifecycleHandler(desk, sfn, 'arn:aws:states:::stateMachine:lifecycle'),
  );
  let ticketId = '';
  const email = emailIntakeOf(desk);
  const version = async () => (await desk.store.getHead(ticketId))!.version;
  // The execution's next park after a timeout (a new version if the timer committed, else the same), or none once closed.
  const nextPark = async (previous: string) => {
    for (let i = 0; i < 50; i++) {
      const head = (await desk.store.getHead(ticketId))!;
      if (head.status === 'closed') return;
      const found = await local.parkedAt(head.version, ticketId).catch(() => undefined);
      if (found && found.token !== previous) return;
    }
    throw new Error('the execution never parked again after its timer');
  };

  const toolkit: Toolkit = {
    async mailIn(subject) {
      step++;
      const mail = inboundMail(subject);
      meter.mailsIn++;
      meter.mailChunksIn += Math.max(1, Math.ceil(mail.length / (256 * 1024)));
      meter.s3Puts++; // SES's S3 action stores the message
      meter.s3Gets++; // the intake reads it back
      const outcome = await timed(m, 'receive-email', (raw: Buffer) =>
        email.receive(raw, { recipients: ['servicedesk@desk.example.com'] }),
      )(mail);
      if (outcome.outcome !== 'created') throw new Error(`mail not taken in: ${outcome.outcome}`);
      ticketId = outcome.ticketId;
      await starter({
        Records: [
          {
            eventName: 'INSERT',
            dynamodb: { Keys: { pk: { S: `TICKET#${ticketId}` }, sk: { S: 'HEAD' } }, SequenceNumber: '1' },
          },
        ],
      } as never);
    },
    async agent(event) {
      step++;
      await local.parkedAt(await version(), ticketId);
      await http('get-ticket', getTicket)(apiEvent('GET', '/v1/tickets/{id}', { id: ticketId }, undefined, true));
      const response = await http(
        'post-ticket-event',
        postEvent,
      )(apiEvent('POST', '/v1/tickets/{id}/events', { id: ticketId }, event, true));
      if (response.statusCode !== 200)
        throw new Error(`${String(event.type)}: ${response.statusCode} ${response.body}`);
    },
    async customerClicks(action) {
      step++;
      await local.parkedAt(await version(), ticketId);
      const mails = await desk.store.listOutbox(ticketId);
      const tokens = mails.flatMap((mail) =>
        [...mail.text.matchAll(/\/v1\/links\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((match) => match[1]!),
      );
      const token = tokens.reverse().find((t) => {
        const checked = verifyLink(links.keys, t, desk.clock.now() / 1000);
        return checked.ok && checked.claims.action === action;
      });
      if (!token) throw new Error(`no ${action} link mailed`);
      await http('link-page', linkPage)(apiEvent('GET', '/v1/links/{token}', { token }));
      const response = await http('link-action', linkAction)(apiEvent('POST', '/v1/links/{token}', { token }));
      if (response.statusCode !== 200) throw new Error(`${action}: ${response.statusCode}`);
    },
    async untilClosed() {
      while ((await desk.store.getHead(ticketId))!.status !== 'closed') await this.timerFires();
    },
    async timerFires() {
      // However long the park is (a day today, the next timer once parks wait for it): the clock
      // moves to its end and the task times out, as in AWS.
      step++;
      const parked = await local.parkedAt(await version(), ticketId);
      local.timeOut(parked);
      meter.parkTimeouts++;
      await nextPark(parked.token);
    },
    async waitDays(days) {
      const until = local.clock.now() + days * 86_400_000;
      for (;;) {
        const parked = await local.parkedAt(await version(), ticketId);
        if (local.clock.now() + parked.seconds * 1000 > until) break;
        await this.timerFires();
      }
      // What happens next (a reply) wakes the parked execution before its timer.
      local.clock.advance(until - local.clock.now());
    },
  };

  await script(toolkit).catch(async (error: unknown) => {
    console.error(
      (await desk.store.listEvents(ticketId)).map((e) => `${e.seq} ${e.type} ${new Date(e.at).toISOString()}`),
    );
    throw error;
  });
  await done;
  // Wake-ups are the table stream's: every head change delivered before the totals are read.
  await local.streamDrained();
  meter.transitions = await local.stateTransitions();
  meter.executions = local.executions.length;
  historyOf(meter, local.executions, desk.machine);
  // Every outgoing message: one stream-triggered dispatcher invocation (batches can only lower this).
  const dispatcher = outboxDispatcherFor(desk, { send: async () => void meter.mailsOut++ });
  const deliver = timed(m, 'dispatch-outbox', (key: { pk: string; sk: string }) => dispatcher.deliver(key));
  step++;
  for (const mail of await desk.store.listOutbox(ticketId)) await deliver(outboxKey(ticketId, mail));
  metered.stop();
  current = undefined;
  return meter;
}

interface Toolkit {
  mailIn(subject: string): Promise<void>;
  agent(event: Record<string, unknown>): Promise<void>;
  customerClicks(action: string): Promise<void>;
  /** The ticket's next due timer fires, however far off it is. */
  timerFires(): Promise<void>;
  /** Timers fire as they fall due until the ticket closes. */
  untilClosed(): Promise<void>;
  /** Days pass: every timer due within them fires (reminders, escalations, wake-ups). */
  waitDays(days: number): Promise<void>;
}

let current: Meter | undefined;
captureLogs(() => current);

/**
 * The state machine's history, as its log at level ALL carries it: a task state is five events
 * (entered, scheduled, started, succeeded or timed out, exited), any other state two, an execution
 * two more; each event is ≈ 350 B of envelope (ids, type, timestamps, ARNs) plus the state's data,
 * taken as the mean Lambda payload (input + output) seen in this run.
 */
function historyOf(
  meter: Meter,
  executions: { entered: string[] }[],
  machine: Parameters<typeof lifecycleDefinition>[0],
) {
  const definition = lifecycleDefinition(machine, { park: 'park', advance: 'advance' });
  const states = definition.States as Record<string, { Type: string }>;
  const payload = meter.payloadBytes.length
    ? meter.payloadBytes.reduce((a, b) => a + b, 0) / meter.payloadBytes.length / 2
    : 200;
  for (const execution of executions) {
    meter.historyEvents += 2;
    for (const name of execution.entered) meter.historyEvents += states[name]?.Type === 'Task' ? 5 : 2;
  }
  meter.historyBytes = Math.round(meter.historyEvents * (HISTORY_EVENT_ENVELOPE + payload));
}
const HISTORY_EVENT_ENVELOPE = 350;

const scenarios: { name: string; script: (t: Toolkit) => Promise<void> }[] = [
  {
    name: 'Incident, solved remotely',
    script: async (t) => {
      await t.mailIn('Outlook start niet');
      await t.agent({ type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'software', inScope: true });
      await t.agent({ type: 'RESOLVE', summary: 'Profiel hersteld op afstand' });
      await t.customerClicks('confirm_resolution');
    },
  },
  {
    name: 'Incident with vendor follow-up and on-site visit',
    script: async (t) => {
      await t.mailIn('Internet ligt eruit op de tweede verdieping');
      await t.agent({ type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true });
      await t.agent({ type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity' });
      // 30 days on the vendor: its follow-ups and the escalation fire as the policy has them.
      await t.waitDays(30);
      await t.agent({
        type: 'VENDOR_REPLIED',
        vendorRef: 'KPN-4711',
        message: 'Lijn is in orde, switch ter plaatse controleren',
      });
      await t.agent({ type: 'PROPOSE_ONSITE', reason: 'Switch vervangen' });
      await t.customerClicks('consent_onsite');
      await t.agent({ type: 'PLAN_VISIT', plannedFor: '2026-11-26T09:00:00+01:00', technician: 'Piet' });
      await t.agent({
        type: 'RECORD_VISIT',
        hours: 1.5,
        materials: [{ description: 'Switch 24 poorts', quantity: 1, unitCents: 24900 }],
      });
      await t.agent({ type: 'RESOLVE', summary: 'Switch vervangen' });
      await t.untilClosed();
    },
  },
  {
    name: 'Change with quote and approval',
    script: async (t) => {
      await t.mailIn('Verzoek: tweede locatie aansluiten op de VPN');
      await t.agent({ type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
      await t.agent({
        type: 'SUBMIT_QUOTE',
        lines: [
          { kind: 'hardware', description: 'VPN-appliance', quantity: 1, unitCents: 89900 },
          { kind: 'labour', description: 'Configuratie', quantity: 2, unitCents: 9500 },
        ],
      });
      await t.customerClicks('approve_quote');
      await t.agent({ type: 'START_WORK' });
      await t.agent({ type: 'RESOLVE', summary: 'Tunnel actief' });
      await t.customerClicks('confirm_change');
    },
  },
];

const withSecrets = new Set(lambdaFunctions.filter((row) => row.secrets).map((row) => row.handler));
/** Lambda's own lines per invocation (START, END, REPORT with its X-Ray line), an estimate. */
const PLATFORM_LOG_BYTES = 300;
const PLATFORM_LOG_LINES = 3;
/** CloudWatch Logs counts 26 bytes per log event besides its message. */
const LOG_EVENT_OVERHEAD = 26;
/** A TaskTimedOut (or other error) event with its data, as the state machine logs it at level ERROR. */
const ERROR_EVENT_BYTES = 600;
/** Lambda gives a function CPU in proportion to its memory: one vCPU at 1,769 MB. */
const FULL_VCPU_MB = 1769;
const GB = 1024 ** 3;

function costOf(meter: Meter, bundles: Map<string, Bundle>, stateMachineLevel: string) {
  const memoryOf = (name: string) => bundles.get(name)?.memoryMb ?? 512;
  const lambdas = [...meter.lambda.entries()];
  const requests = lambdas.reduce((sum, [, l]) => sum + l.requests, 0);
  const gbSeconds = lambdas.reduce((sum, [name, l]) => sum + (l.ms / 1000) * (memoryOf(name) / 1024), 0);
  const coldStarts = lambdas.reduce((sum, [, l]) => sum + l.coldStarts, 0);
  // Init: the bundle's local init CPU, stretched by the share of a vCPU the function's memory buys.
  const initMsOf = (name: string) =>
    (bundles.get(name)?.initMs ?? bundles.get(BASELINE)!.initMs) * Math.max(1, FULL_VCPU_MB / memoryOf(name));
  const initGbSeconds = lambdas.reduce(
    (sum, [name, l]) => sum + ((l.coldStarts * initMsOf(name)) / 1000) * (memoryOf(name) / 1024),
    0,
  );
  const secretCalls = lambdas.reduce((sum, [name, l]) => sum + (withSecrets.has(name) ? l.coldStarts : 0), 0);
  // KMS: the secret's key (aws/secretsmanager) behind every GetSecretValue; the table's key only
  // if the stack gives it an AWS managed one (infra/desk-table.ts): one Decrypt per new container's
  // connection. Buckets (SSE-S3), queues (SSE-SQS) and the state machine (AWS owned key) call none.
  const tableKms = TABLE_ENCRYPTION === TableEncryption.AWS_MANAGED ? coldStarts : 0;
  const kmsRequests = tableKms + secretCalls;
  // X-Ray: every trace root recorded (at low traffic the sampler's one-a-second reservoir takes
  // each): each execution (its tasks join it), and, if functions trace actively
  // (infra/desk-function.ts), every invocation the state machine did not make.
  const rooted =
    DESK_TRACING === Tracing.ACTIVE
      ? lambdas.reduce(
          (sum, [name, l]) => sum + (name === 'park-ticket' || name === 'advance-ticket' ? 0 : l.requests),
          0,
        )
      : 0;
  const traces = rooted + meter.executions;
  const functionLogBytes = lambdas.reduce(
    (sum, [, l]) =>
      sum +
      l.logBytes +
      l.logLines * LOG_EVENT_OVERHEAD +
      l.requests * (PLATFORM_LOG_BYTES + PLATFORM_LOG_LINES * LOG_EVENT_OVERHEAD),
    0,
  );
  const allLogBytes = meter.historyBytes + meter.historyEvents * LOG_EVENT_OVERHEAD;
  const errorLogBytes = meter.parkTimeouts * (ERROR_EVENT_BYTES + LOG_EVENT_OVERHEAD);
  const stateMachineLogBytes = stateMachineLevel === 'ALL' ? allLogBytes : errorLogBytes;
  const { dynamo } = meter;
  const items = {
    stepFunctions: meter.transitions * price('stepFunctionsStandardPerTransition'),
    lambda: requests * price('lambdaPerRequest') + gbSeconds * price('lambdaArmPerGbSecond'),
    lambdaInit: initGbSeconds * price('lambdaArmPerGbSecond'),
    dynamoDb:
      dynamo.writeUnits * price('dynamoDbPerWriteRequestUnit') + dynamo.readUnits * price('dynamoDbPerReadRequestUnit'),
    sesOut: meter.mailsOut * price('sesPerOutgoingMail'),
    sesIn: meter.mailsIn * price('sesPerIncomingMail') + meter.mailChunksIn * price('sesPerIncomingChunk'),
    s3: meter.s3Puts * price('s3PerPut') + meter.s3Gets * price('s3PerGet'),
    httpApi: meter.httpRequests * price('httpApiPerRequest'),
    logsFunctions: (functionLogBytes / GB) * price('cloudWatchLogsPerGbIngested'),
    logsStateMachine: (stateMachineLogBytes / GB) * price('cloudWatchLogsPerGbIngested'),
    xRay: traces * price('xRayPerTraceRecorded'),
    secretsManager: secretCalls * price('secretsManagerPerApiCall'),
    kms: kmsRequests * price('kmsPerRequest'),
  };
  return {
    requests,
    gbSeconds,
    coldStarts,
    initGbSeconds,
    secretCalls,
    kmsRequests,
    traces,
    functionLogBytes,
    stateMachineLogBytes: { ALL: allLogBytes, ERROR: errorLogBytes, configured: stateMachineLevel },
    items,
    total: Object.values(items).reduce((a, b) => a + b, 0),
  };
}

const usd = (n: number) => `$${n.toFixed(6)}`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const ticketTargets: Record<string, number> = {
  'Incident, solved remotely': 0.001,
  'Incident with vendor follow-up and on-site visit': 0.002,
  'Change with quote and approval': 0.0015,
};

/** The state machine's log level as the stack configures it (infra/desk-lifecycle.ts). */
function stateMachineLogLevel(): string {
  const source = readFileSync(join(__dirname, '..', 'infra', 'desk-lifecycle.ts'), 'utf8');
  return /LogLevel\.(\w+)/.exec(source)?.[1] ?? 'ALL';
}

async function main() {
  process.stdout.write('synthesizing the stack and the baseline with bundling, measuring init… ');
  const measured = measureBundles();
  console.log('done');
  const bundles = new Map(measured.map((b) => [b.handler, b]));
  const level = stateMachineLogLevel();
  const dynamo = await startDynamoDbLocal();
  const results: { scenario: string; meter: Meter; cost: ReturnType<typeof costOf> }[] = [];
  try {
    // One unmeasured run first, so no scenario pays for the JIT and the connection set-up.
    await runScenario(dynamo.endpoint, scenarios[0]!.script);
    for (const scenario of scenarios) {
      const meter = await runScenario(dynamo.endpoint, scenario.script);
      results.push({ scenario: scenario.name, meter, cost: costOf(meter, bundles, level) });
    }
  } finally {
    await dynamo.stop();
  }

  console.log(
    `\nCost per ticket (prices: ${String(prices.region)}, ${String(prices.date)}, ${String(prices.currency)}; no free tier)\n`,
  );
  console.log('| | ' + results.map((r) => r.scenario).join(' | ') + ' | counted or estimated |');
  console.log('|---|' + results.map(() => '---:').join('|') + '|---|');
  const row = (label: string, f: (r: (typeof results)[number]) => string, how: string) =>
    console.log(`| ${label} | ${results.map(f).join(' | ')} | ${how} |`);
  row('state transitions', (r) => String(r.meter.transitions), 'counted');
  row('Lambda requests / cold starts', (r) => `${r.cost.requests} / ${r.cost.coldStarts}`, 'counted / assumed ¹');
  row(
    'Lambda GB-seconds: run / init',
    (r) => `${r.cost.gbSeconds.toFixed(3)} / ${r.cost.initGbSeconds.toFixed(3)}`,
    'local warm durations / estimate ²',
  );
  row(
    'DynamoDB write / read units (AWS rules)',
    (r) => `${r.meter.dynamo.writeUnits} / ${r.meter.dynamo.readUnits}`,
    'counted from the items ³',
  );
  row('… of which index writes', (r) => String(r.meter.dynamo.indexWriteUnits), 'counted ³');
  row(
    '… DynamoDB Local reported',
    (r) => `${r.meter.dynamo.localWriteUnits} / ${r.meter.dynamo.localReadUnits}`,
    'for comparison, not priced',
  );
  row(
    'mails out / in (256 KB chunks)',
    (r) => `${r.meter.mailsOut} / ${r.meter.mailsIn} (${r.meter.mailChunksIn})`,
    'counted',
  );
  row('S3 puts / gets', (r) => `${r.meter.s3Puts} / ${r.meter.s3Gets}`, 'counted');
  row('HTTP API requests', (r) => String(r.meter.httpRequests), 'counted');
  row('function logs', (r) => kb(r.cost.functionLogBytes), 'handlers counted, Lambda lines estimated ⁴');
  row(
    `state machine log at ${level} (at ALL / at ERROR)`,
    (r) => `${kb(r.cost.stateMachineLogBytes.ALL)} / ${kb(r.cost.stateMachineLogBytes.ERROR)}`,
    'estimate ⁵',
  );
  row('X-Ray traces', (r) => String(r.cost.traces), 'upper bound ⁶');
  row('Secrets Manager / KMS requests', (r) => `${r.cost.secretCalls} / ${r.cost.kmsRequests}`, 'per cold start ⁷');
  const labels: Record<keyof ReturnType<typeof costOf>['items'], string> = {
    stepFunctions: 'Step Functions',
    lambda: 'Lambda (requests + run)',
    lambdaInit: 'Lambda init (cold starts)',
    dynamoDb: 'DynamoDB',
    sesOut: 'SES outbound',
    sesIn: 'SES inbound',
    s3: 'S3',
    httpApi: 'HTTP API',
    logsFunctions: 'CloudWatch Logs: functions',
    logsStateMachine: 'CloudWatch Logs: state machine',
    xRay: 'X-Ray',
    secretsManager: 'Secrets Manager',
    kms: 'KMS',
  };
  for (const [item, label] of Object.entries(labels) as [keyof typeof labels, string][])
    row(label, (r) => usd(r.cost.items[item]), '');
  row('**per ticket**', (r) => `**${usd(r.cost.total)}**`, '');
  row('target', (r) => `≤ $${ticketTargets[r.scenario]}`, '');
  row('**met**', (r) => (r.cost.total <= ticketTargets[r.scenario]! ? '**met**' : '**not met**'), '');
  row('per 1,000 tickets', (r) => `$${(r.cost.total * 1000).toFixed(2)}`, '');

  const base = bundles.get(BASELINE)!;
  console.log(
    `\nBundles against ${BASELINE} (${kb(base.bytes)}, init ${base.initMs.toFixed(0)} ms; targets: size ≤ ${targets.size}×, receive-email ≤ ${targets.mailReceiptSize}×, init ≤ ${targets.init}×)\n`,
  );
  console.log('| function | memory | index.js | gzip | zip | size × | init CPU | init × |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const flag = (met: boolean) => (met ? '' : ' ✗');
  for (const b of [base, ...measured.filter((b) => b !== base).sort((a, c) => a.handler.localeCompare(c.handler))])
    console.log(
      `| ${b.handler} | ${b.memoryMb} MB | ${(b.bytes / 1024 / 1024).toFixed(2)} MB | ${kb(b.gzipBytes)} | ${(b.zipBytes / 1024 / 1024).toFixed(2)} MB | ${b.sizeRatio.toFixed(2)}${flag(b.sizeMet)} | ${b.initMs.toFixed(0)} ms | ${b.initRatio.toFixed(2)}${flag(b.initMet)} |`,
    );
  const others = measured.filter((b) => b !== base);
  console.log(
    `\nsize target met by ${others.filter((b) => b.sizeMet).length}/${others.length}, init target by ${others.filter((b) => b.initMet).length}/${others.length}`,
  );

  writeFileSync(
    join(__dirname, 'cost.json'),
    JSON.stringify(
      {
        prices,
        stateMachineLogLevel: level,
        assumptions: ASSUMPTIONS,
        targets: { perTicket: ticketTargets, bundles: targets },
        results: results.map((r) => ({
          ...r,
          met: r.cost.total <= ticketTargets[r.scenario]!,
          meter: {
            ...r.meter,
            payloadBytes: undefined,
            lambda: Object.fromEntries(r.meter.lambda),
            dynamo: { ...r.meter.dynamo, calls: Object.fromEntries(r.meter.dynamo.calls) },
          },
        })),
        bundles: measured,
      },
      null,
      2,
    ),
  );
}

const ASSUMPTIONS = {
  coldStarts:
    '¹ every step of a scenario (a mail, an agent action, a click, a timer) follows 15+ minutes of quiet (a small desk): each function it invokes starts cold once per step',
  init: `² init = the bundle's local require() CPU × ${FULL_VCPU_MB} MB ÷ memory (Lambda's CPU share), billed at the GB-second price; the runtime's own start is not counted`,
  dynamoDb:
    '³ item sizes by AWS sizing rules from the items before and after each write (read back from the table); an Update counts the larger image; index writes at the projected size, 1 unit per KB even inside a transaction',
  functionLogs: `⁴ the bytes the handlers wrote through the logger in the run + ${PLATFORM_LOG_BYTES} B of START/END/REPORT per invocation + ${LOG_EVENT_OVERHEAD} B per log event`,
  stateMachineLog: `⁵ level ALL: per history event ${HISTORY_EVENT_ENVELOPE} B + the mean task payload of the run (task states 5 events, others 2); level ERROR: one ${ERROR_EVENT_BYTES} B TaskTimedOut event per park that ran out`,
  xRay: '⁶ every trace sampled (low traffic: the 1/s reservoir takes each; above 1 request/s only 5 % more): one per execution (its tasks join it); functions pass traces through and start none (infra/desk-function.ts)',
  secretsAndKms:
    '⁷ one GetSecretValue per cold start of a function that reads the secrets (the 10-minute refresh does not come round at low traffic); KMS: one Decrypt per GetSecretValue (aws/secretsmanager); the table is under a key DynamoDB owns (no request of the account)',
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
