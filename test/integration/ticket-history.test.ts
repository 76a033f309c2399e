// A ticket's history against DynamoDB Local: the requester's and the customer's other tickets,
// one Query each on the indexes the head carries the keys of; tickets registered through the API
// find their customer by the requester's mail domain; a table made before these indexes gets them.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { makeGetTicketHandler } from '../../functions/api/get-ticket.handler';
import type { Desk } from '../../functions/desk';
import { readTicketHistory } from '../../functions/lifecycle/ticket-history';
import { ensureTable } from '../../functions/store/ensure-table';
import { indexNames, tableDefinition } from '../../functions/store/table-schema';
import { createDocumentClient } from '../../functions/store/dynamo-client';
import { localCredentials } from '../../local/dynamodb-local';
import { consoleEvent, invoke } from '../support/console-requests';
import { byAgent, endpoint } from '../support/test-table';
import { HANDLER_AGENT_TOKEN, handlerDesk } from '../support/handler-desk';
import type { Origin } from '../../workflows/lifecycle/ticket-events';
import { amsterdam, customer } from '../support/ticket-driver';

const MINUTE = 60_000;
const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock));
});

const authorization = { authorization: `Bearer ${HANDLER_AGENT_TOKEN}`, 'content-type': 'application/json' };

/** POST /v1/tickets as an agent, a minute after the previous ticket. */
async function register(email: string, subject: string, extra: Record<string, unknown> = {}) {
  clock.advance(MINUTE);
  const response = await invoke(makeCreateTicketHandler(desk), {
    ...consoleEvent('POST', '/v1/tickets', { headers: authorization }),
    body: JSON.stringify({ kind: 'incident', subject, requester: { email }, channel: 'phone', ...extra }),
  });
  expect(response.statusCode).toBe(201);
  return JSON.parse(response.body!) as { id: string; customerId: string | null; language: string };
}

async function apply(id: string, event: Record<string, unknown>, origin: Origin = byAgent) {
  const result = await desk.service.apply(id, event, origin);
  expect(result.ok).toBe(true);
}

const close = async (id: string) => {
  await apply(id, { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'network', inScope: true });
  await apply(id, { type: 'RESOLVE', summary: 'Cable replaced' });
  await apply(id, { type: 'CONFIRM_RESOLUTION' }, { actor: customer, channel: 'link' });
};

const historyOf = async (id: string, limit?: number) => readTicketHistory(desk, (await desk.store.getHead(id))!, limit);

describe('a ticket registered through the API', () => {
  it('belongs to the customer of the requester’s mail domain, as a mail from them would', async () => {
    const created = await register('Els@ACME.example.nl', 'Printer jams');
    expect(created.customerId).toBe('acme');
    expect((await desk.store.getHead(created.id))?.customerId).toBe('acme');
  });

  it('keeps the customer the agent named, whatever the domain', async () => {
    const created = await register('els@acme.example.nl', 'On behalf of Globex', { customerId: 'globex' });
    expect(created.customerId).toBe('globex');
  });

  it('has no customer when no customer has the domain', async () => {
    const created = await register('someone@unknown.example.org', 'Who am I');
    expect(created.customerId).toBeNull();
  });
});

describe('a ticket’s history', () => {
  let first: string, cancelled: string, colleague: string, elsewhere: string, latest: string;

  beforeAll(async () => {
    first = (await register('jan@acme.example.nl', 'Mail server unreachable')).id;
    await close(first);
    cancelled = (await register('Jan@Acme.example.nl', 'Printer offline')).id;
    await apply(cancelled, { type: 'CANCEL', reason: 'Was switched off' });
    colleague = (await register('piet@acme.example.nl', 'VPN slow', { priority: 'P1' })).id;
    elsewhere = (await register('jan@globex.example.com', 'Portal down')).id;
    latest = (await register('jan@acme.example.nl', 'Mail server unreachable again')).id;
    // The colleague's P1 waits past its 30-minute response target.
    clock.advance(45 * MINUTE);
  });

  it('lists the requester’s other tickets newest first, closed and cancelled ones included, the ticket itself not', async () => {
    const history = await historyOf(latest);
    expect(history.requester.map((l) => [l.id, l.status])).toEqual([
      [cancelled, 'cancelled'],
      [first, 'closed'],
    ]);
  });

  it('lists the customer’s other tickets newest first, and never another customer’s', async () => {
    const ids = (await historyOf(latest)).customer.map((l) => l.id);
    expect(ids.slice(0, 3)).toEqual([colleague, cancelled, first]);
    expect(ids).not.toContain(latest);
    expect(ids).not.toContain(elsewhere);
    for (const id of ids) expect((await desk.store.getHead(id))?.customerId).toBe('acme');
  });

  it('gives each ticket its state’s title and how its SLA came out', async () => {
    const { customer: lines } = await historyOf(latest);
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect(byId.get(first)).toMatchObject({ title: { en: 'Closed' }, sla: { response: 'met', resolution: 'met' } });
    expect(byId.get(colleague)).toMatchObject({ sla: { response: 'breached', resolution: 'running' } });
    expect(byId.get(colleague)?.subject).toBe('VPN slow');
    // Cancelled before the desk responded: neither clock counts.
    expect(byId.get(cancelled)).toMatchObject({ sla: { response: 'stopped', resolution: 'stopped' } });
  });

  it('is carried by GET /v1/tickets/{id} as `history`', async () => {
    const response = await invoke(makeGetTicketHandler(desk), {
      ...consoleEvent('GET', `/v1/tickets/${latest}`, { headers: authorization }),
      pathParameters: { id: latest },
    });
    const body = JSON.parse(response.body!) as { history: { requester: { id: string; createdAt: string }[] } };
    expect(body.history.requester.map((l) => l.id)).toEqual([cancelled, first]);
    expect(body.history.requester[0]!.createdAt).toMatch(/^2026-11-24T08:\d\d:00\.000Z$/);
  });

  it('shows at most the latest tickets of each list', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register('kees@isp.example.net', `Line ${i} down`)).id);
    const lines = (await historyOf(ids[4]!, 3)).requester.map((l) => l.id);
    expect(lines).toEqual([ids[3], ids[2], ids[1]]);
  });
});

describe('a table made before the history indexes', () => {
  it('gets them when the desk starts, filled from the tickets already there', async () => {
    const tableName = `test-${randomUUID()}`;
    const raw = new DynamoDBClient({ endpoint: endpoint(), region: 'local', credentials: localCredentials });
    const definition = tableDefinition(tableName);
    const old = new Set<string>([indexNames.byRequester]);
    await raw.send(
      new CreateTableCommand({
        ...definition,
        AttributeDefinitions: definition.AttributeDefinitions!.filter(
          (a) => a.AttributeName !== 'requesterKey' && a.AttributeName !== 'createdAt',
        ),
        GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes!.filter((i) => !old.has(i.IndexName!)),
      }),
    );
    const client = createDocumentClient({ endpoint: endpoint(), region: 'local', credentials: localCredentials });
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: 'TICKET#INC-2026-000009',
          sk: 'HEAD',
          entity: 'head',
          id: 'INC-2026-000009',
          customerId: 'acme',
          requesterKey: 'jan@acme.example.nl',
          createdAt: 1,
        },
      }),
    );

    expect(await ensureTable(raw, tableName)).toBe('indexes added');
    expect(await ensureTable(raw, tableName)).toBe('existed');
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexNames.byRequester,
        KeyConditionExpression: 'requesterKey = :r',
        ExpressionAttributeValues: { ':r': 'jan@acme.example.nl' },
      }),
    );
    expect(Items?.map((i) => i.id)).toEqual(['INC-2026-000009']);
    raw.destroy();
  });
});
