// Webhook intake against DynamoDB Local: alert correlation under concurrent deliveries, and
// labels that name inherited object properties.
import { createIntakeStore } from '../../functions/intake/intake-store';
import { createWebhookIntake } from '../../functions/intake/intake-webhook';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { findWebhookSource } from '../../workflows/policy/policy';
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
