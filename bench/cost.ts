// `npm run cost`: what one ticket costs on AWS. Three typical lifecycles run locally through the
// generated state machine (aws-local-stepfunctions) and the real handlers on DynamoDB Local, which
// reports the request units each call would consume. Counted per ticket: state transitions,
// Lambda requests and GB-seconds (local durations × the stack's memory sizes), DynamoDB request
// units, mails, S3 requests, HTTP API requests; priced with bench/aws-prices.json (data, with its
// date). The stack is synthesized with real bundling for each function's bundle size.
// Writes bench/cost.json and prints the tables the README shows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { App, Stack } from 'aws-cdk-lib';
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
import { ServiceDeskStack } from '../infra/servicedesk-stack';
import { localCredentials, startDynamoDbLocal } from '../local/dynamodb-local';
import { runLocalLifecycle } from '../local/local-lifecycle';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { parseLinkKeys, verifyLink } from '../workflows/links/link-token';

const prices = JSON.parse(readFileSync(join(__dirname, 'aws-prices.json'), 'utf8')) as Record<string, number | string>;
const price = (name: string) => Number(prices[name]);

interface Meter {
  transitions: number;
  lambda: Map<string, { requests: number; ms: number }>;
  writeUnits: number;
  readUnits: number;
  mailsOut: number;
  mailsIn: number;
  s3Puts: number;
  s3Gets: number;
  httpRequests: number;
}

const newMeter = (): Meter => ({
  transitions: 0,
  lambda: new Map(),
  writeUnits: 0,
  readUnits: 0,
  mailsOut: 0,
  mailsIn: 0,
  s3Puts: 0,
  s3Gets: 0,
  httpRequests: 0,
});
const READ_COMMANDS = /^(Get|Query|Scan|BatchGet|TransactGet)/;

/** A document client that asks DynamoDB Local for the request units of every call and adds them up. */
function meteredClient(endpoint: string, meter: () => Meter) {
  const client = createDocumentClient({ endpoint, region: 'local', credentials: localCredentials });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const consumed = (
        result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
      ).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (READ_COMMANDS.test(context.commandName ?? '')) meter().readUnits += units;
      else meter().writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'meterRequestUnits' },
  );
  return client;
}

function timed<A, R>(meter: () => Meter, name: string, handler: (input: A) => Promise<R>): (input: A) => Promise<R> {
  return async (input) => {
    const started = performance.now();
    try {
      return await handler(input);
    } finally {
      const entry = meter().lambda.get(name) ?? { requests: 0, ms: 0 };
      entry.requests++;
      // Lambda bills whole milliseconds.
      entry.ms += Math.max(1, Math.ceil(performance.now() - started));
      meter().lambda.set(name, entry);
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
  const client = meteredClient(endpoint, m);
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
    instrument: (name, handler) => timed(m, `${name}-ticket`, handler),
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

  const toolkit: Toolkit = {
    async mailIn(subject) {
      meter.mailsIn++;
      meter.s3Puts++; // SES's S3 action stores the message
      meter.s3Gets++; // the intake reads it back
      const outcome = await timed(m, 'receive-email', (raw: Buffer) =>
        email.receive(raw, { recipients: ['servicedesk@desk.example.com'] }),
      )(inboundMail(subject));
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
      await local.parkedAt(await version());
      await http('get-ticket', getTicket)(apiEvent('GET', '/v1/tickets/{id}', { id: ticketId }, undefined, true));
      const response = await http(
        'post-ticket-event',
        postEvent,
      )(apiEvent('POST', '/v1/tickets/{id}/events', { id: ticketId }, event, true));
      if (response.statusCode !== 200)
        throw new Error(`${String(event.type)}: ${response.statusCode} ${response.body}`);
    },
    async customerClicks(action) {
      await local.parkedAt(await version());
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
      // Parks last a day at most: waiting days out is a daily wake-up, as in AWS.
      while ((await desk.store.getHead(ticketId))!.status !== 'closed') await this.timerFires();
    },
    async timerFires() {
      const parked = await local.parkedAt(await version());
      local.timeOut(parked);
      // The due timer commits one version and the execution parks on it, unless the ticket closed.
      await local.parkedAt(parked.version + 1).catch(() => undefined);
    },
  };

  await script(toolkit).catch(async (error: unknown) => {
    console.error(
      (await desk.store.listEvents(ticketId)).map((e) => `${e.seq} ${e.type} ${new Date(e.at).toISOString()}`),
    );
    throw error;
  });
  await done;
  meter.transitions = await local.stateTransitions();
  // Every outgoing message: one stream-triggered dispatcher invocation (batches can only lower this).
  const dispatcher = outboxDispatcherFor(desk, { send: async () => void meter.mailsOut++ });
  const deliver = timed(m, 'dispatch-outbox', (key: { pk: string; sk: string }) => dispatcher.deliver(key));
  for (const mail of await desk.store.listOutbox(ticketId)) await deliver(outboxKey(ticketId, mail));
  return meter;
}

interface Toolkit {
  mailIn(subject: string): Promise<void>;
  agent(event: Record<string, unknown>): Promise<void>;
  customerClicks(action: string): Promise<void>;
  timerFires(): Promise<void>;
  untilClosed(): Promise<void>;
}

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
      await t.timerFires();
      await t.timerFires();
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

function bundles(): { handler: string; memoryMb: number; bytes: number; gzipBytes: number }[] {
  const outdir = mkdtempSync(join(tmpdir(), 'cost-cdk-'));
  const app = new App({ outdir });
  const stack = new ServiceDeskStack(app, 'ServiceDesk', {
    mailDomain: 'desk.example.com',
    alarmEmail: 'ops@desk.example.com',
    policy: defaultPolicy,
  });
  const assembly = app.synth();
  return Object.entries(stack.functions).map(([handler, fn]) => {
    const cfn = fn.node.defaultChild as unknown as { code: unknown; memorySize?: number };
    const key = (Stack.of(fn).resolve(cfn.code) as { s3Key: string }).s3Key.replace(/\.zip$/, '');
    const file = join(assembly.directory, `asset.${key}`, 'index.js');
    return {
      handler,
      memoryMb: Number(cfn.memorySize ?? 128),
      bytes: statSync(file).size,
      gzipBytes: gzipSync(readFileSync(file)).length,
    };
  });
}

function costOf(meter: Meter, memoryMb: (handler: string) => number) {
  const requests = [...meter.lambda.values()].reduce((sum, l) => sum + l.requests, 0);
  const gbSeconds = [...meter.lambda.entries()].reduce(
    (sum, [name, l]) => sum + (l.ms / 1000) * (memoryMb(name) / 1024),
    0,
  );
  const items = {
    stepFunctions: meter.transitions * price('stepFunctionsStandardPerTransition'),
    lambda: requests * price('lambdaPerRequest') + gbSeconds * price('lambdaArmPerGbSecond'),
    dynamoDb:
      meter.writeUnits * price('dynamoDbPerWriteRequestUnit') + meter.readUnits * price('dynamoDbPerReadRequestUnit'),
    ses: meter.mailsOut * price('sesPerOutgoingMail') + meter.mailsIn * price('sesPerIncomingMail'),
    s3: meter.s3Puts * price('s3PerPut') + meter.s3Gets * price('s3PerGet'),
    httpApi: meter.httpRequests * price('httpApiPerRequest'),
  };
  return { requests, gbSeconds, items, total: Object.values(items).reduce((a, b) => a + b, 0) };
}

const usd = (n: number) => `$${n.toFixed(6)}`;

async function main() {
  process.stdout.write('synthesizing the stack with bundling… ');
  const sizes = bundles();
  console.log('done');
  const memory = new Map(sizes.map((s) => [s.handler, s.memoryMb]));
  const dynamo = await startDynamoDbLocal();
  const results: { scenario: string; meter: Meter; cost: ReturnType<typeof costOf> }[] = [];
  try {
    // One unmeasured run first, so no scenario pays for the JIT and the connection set-up.
    await runScenario(dynamo.endpoint, scenarios[0]!.script);
    for (const scenario of scenarios) {
      const meter = await runScenario(dynamo.endpoint, scenario.script);
      results.push({ scenario: scenario.name, meter, cost: costOf(meter, (name) => memory.get(name) ?? 512) });
    }
  } finally {
    await dynamo.stop();
  }

  console.log(
    `\nCost per ticket (prices: ${String(prices.region)}, ${String(prices.date)}, ${String(prices.currency)}; no free tier)\n`,
  );
  console.log('| | ' + results.map((r) => r.scenario).join(' | ') + ' |');
  console.log('|---|' + results.map(() => '---:').join('|') + '|');
  const row = (label: string, f: (r: (typeof results)[number]) => string) =>
    console.log(`| ${label} | ${results.map(f).join(' | ')} |`);
  row('state transitions', (r) => String(r.meter.transitions));
  row('Lambda requests', (r) => String(r.cost.requests));
  row('Lambda GB-seconds', (r) => r.cost.gbSeconds.toFixed(3));
  row('DynamoDB write / read units', (r) => `${r.meter.writeUnits} / ${r.meter.readUnits}`);
  row('mails out / in', (r) => `${r.meter.mailsOut} / ${r.meter.mailsIn}`);
  row('S3 puts / gets', (r) => `${r.meter.s3Puts} / ${r.meter.s3Gets}`);
  row('HTTP API requests', (r) => String(r.meter.httpRequests));
  for (const item of ['stepFunctions', 'lambda', 'dynamoDb', 'ses', 's3', 'httpApi'] as const)
    row(`${item}`, (r) => usd(r.cost.items[item]));
  row('**per ticket**', (r) => `**${usd(r.cost.total)}**`);
  row('per 1,000 tickets', (r) => `$${(r.cost.total * 1000).toFixed(2)}`);

  console.log('\nBundle per function (minified, source map beside it)\n');
  console.log('| function | memory | bundle | gzipped |');
  console.log('|---|---:|---:|---:|');
  for (const s of sizes.sort((a, b) => a.handler.localeCompare(b.handler)))
    console.log(
      `| ${s.handler} | ${s.memoryMb} MB | ${(s.bytes / 1024 / 1024).toFixed(2)} MB | ${(s.gzipBytes / 1024).toFixed(0)} KB |`,
    );

  writeFileSync(
    join(__dirname, 'cost.json'),
    JSON.stringify(
      {
        prices,
        results: results.map((r) => ({ ...r, meter: { ...r.meter, lambda: Object.fromEntries(r.meter.lambda) } })),
        bundles: sizes,
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
