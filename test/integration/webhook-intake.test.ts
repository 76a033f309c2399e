// Webhook intake against DynamoDB Local: alert correlation under concurrent deliveries, and
// labels that name inherited object properties.
import { createIntakeStore } from '../../functions/intake/intake-store';
import { createWebhookIntake } from '../../functions/intake/intake-webhook';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { findWebhookSource } from '../../workflows/policy/policy';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTestEngine } from '../support/test-table';

const monitoring = findWebhookSource(defaultPolicy, 'acme-monitoring')!;

const firing = (severity: string, fingerprint = 'fp-1') => ({
  version: '4',
  groupKey: '{}:{alertname="DiskFull"}',
  status: 'firing',
  receiver: 'desk',
  commonLabels: { alertname: 'DiskFull', instance: 'fs01', severity },
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'DiskFull', severity },
      annotations: {},
      startsAt: '2026-11-24T08:55:00Z',
      fingerprint,
    },
  ],
});

async function createTestWebhooks() {
  const engine = await createTestEngine();
  const intake = createIntakeStore(engine.client, engine.tableName);
  const webhooks = createWebhookIntake({
    service: engine.service,
    tickets: engine.store,
    intake,
    policy: defaultPolicy,
    clock: engine.clock,
  });
  return { ...engine, webhooks };
}

describe('alert correlation', () => {
  it('opens one incident for one alert group however many deliveries arrive at once', async () => {
    const { webhooks, store } = await createTestWebhooks();

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        webhooks.receive(monitoring, `delivery-${i}`, firing('critical', `fp-${i % 3}`)),
      ),
    );

    const created = results.filter((r) => r.ok && r.outcome === 'created');
    expect(created).toHaveLength(1);
    const ticketId = created[0]!.ok ? created[0]!.ticketId : null;
    expect(results.every((r) => r.ok && r.ticketId === ticketId)).toBe(true);
    expect(await store.listByStatus('triage', 50)).toHaveLength(1);
  });

  it('opens a new incident when the group fires again after its incident was closed', async () => {
    const { webhooks, service } = await createTestWebhooks();
    const first = await webhooks.receive(monitoring, 'd-1', firing('critical'));
    const firstId = first.ok ? first.ticketId! : '';
    await service.apply(
      firstId,
      { type: 'CANCEL', reason: 'maintenance' },
      { actor: { type: 'agent', id: 'a' }, channel: 'agent' },
    );

    const again = await webhooks.receive(monitoring, 'd-2', firing('critical'));

    expect(again).toMatchObject({ ok: true, outcome: 'created' });
    expect(again.ok && again.ticketId).not.toBe(firstId);
  });
});

describe("labels are the sender's words", () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'maps a severity of "%s" to the source\'s default priority, not to an inherited property',
    async (severity) => {
      const { webhooks, store } = await createTestWebhooks();

      const result = await webhooks.receive(monitoring, `d-${severity}`, firing(severity));

      expect(result).toMatchObject({ ok: true, outcome: 'created' });
      expect((await store.getHead(result.ok ? result.ticketId! : ''))?.priority).toBe(monitoring.defaultPriority);
    },
  );
});

/** Counts the store requests made while `act` runs, by command name (GetItem, TransactWriteItems…). */
async function requestsDuring(client: DynamoDBDocumentClient, act: () => Promise<unknown>) {
  const counts = new Map<string, number>();
  const name = `count-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await act();
  } finally {
    client.middlewareStack.remove(name);
  }
  return Object.fromEntries(counts);
}

describe('what a delivery costs the store', () => {
  const portal = findWebhookSource(defaultPolicy, 'globex-portal')!;
  const ticket = { title: 'Printer on floor 2 jams', description: 'Tray 3.' };

  it('creates a ticket with the id counter and one transaction, and reads nothing', async () => {
    const { webhooks, client } = await createTestWebhooks();

    const requests = await requestsDuring(client, () => webhooks.receive(portal, 'msg_cost_1', ticket));

    expect(requests).toEqual({ UpdateItem: 1, TransactWriteItems: 1 });
  });

  it('creates no second ticket for a redelivered webhook, and names the first without reading its claim', async () => {
    const { webhooks, client, store } = await createTestWebhooks();
    const first = await webhooks.receive(portal, 'msg_cost_2', ticket);

    let again: Awaited<ReturnType<typeof webhooks.receive>> | undefined;
    const requests = await requestsDuring(client, async () => {
      again = await webhooks.receive(portal, 'msg_cost_2', ticket);
    });

    expect(again).toEqual({ ok: true, ticketId: first.ok && first.ticketId, outcome: 'duplicate' });
    // The claim's condition refuses the transaction and returns the claim: no read before or after.
    expect(requests).toEqual({ UpdateItem: 1, TransactWriteItems: 1 });
    expect(await store.listByStatus('triage', 50)).toHaveLength(1);
  });

  it('adds a comment to a ticket in one transaction after the one read of its head', async () => {
    const { webhooks, client } = await createTestWebhooks();
    const created = await webhooks.receive(portal, 'msg_cost_3', ticket);
    const ticketId = created.ok ? created.ticketId! : '';

    let result: Awaited<ReturnType<typeof webhooks.receive>> | undefined;
    const requests = await requestsDuring(client, async () => {
      result = await webhooks.receive(portal, 'msg_cost_4', { ticketId, comment: 'It jams again.' });
    });

    expect(result).toMatchObject({ ok: true, ticketId, outcome: 'updated' });
    expect(requests).toEqual({ GetItem: 1, TransactWriteItems: 1 });
  });

  it('still calls a redelivered comment a duplicate once the ticket takes no more comments', async () => {
    const { webhooks, service } = await createTestWebhooks();
    const created = await webhooks.receive(portal, 'msg_cost_5', ticket);
    const ticketId = created.ok ? created.ticketId! : '';
    await webhooks.receive(portal, 'msg_cost_6', { ticketId, comment: 'It jams again.' });
    await service.apply(
      ticketId,
      { type: 'CANCEL', reason: 'duplicate' },
      { actor: { type: 'agent', id: 'a' }, channel: 'agent' },
    );

    const again = await webhooks.receive(portal, 'msg_cost_6', { ticketId, comment: 'It jams again.' });

    expect(again).toEqual({ ok: true, ticketId, outcome: 'duplicate' });
  });
});
