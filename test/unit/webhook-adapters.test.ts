import { defaultPolicy } from '../../workflows/policy/default-policy';
import { adaptWebhook } from '../../workflows/intake/webhook-adapters';

const monitoring = defaultPolicy.intake.webhookSources.find((s) => s.id === 'acme-monitoring')!;
const portal = defaultPolicy.intake.webhookSources.find((s) => s.id === 'globex-portal')!;
const alert = (severity: string, fingerprint: string) => ({
  status: 'firing',
  labels: { alertname: 'HighLoad', severity },
  annotations: {},
  startsAt: '2026-11-24T08:00:00Z',
  fingerprint,
});

describe('webhook payloads', () => {
  it('maps the most urgent severity in an Alertmanager group to its priority', () => {
    const result = adaptWebhook(monitoring, {
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'desk',
      alerts: [alert('warning', 'a1'), alert('critical', 'a2')],
    });
    expect(result.ok && result.value.type === 'alert' && result.value.ticket.priority).toBe('P1');
  });

  it('correlates an Alertmanager notification by its group and by each alert fingerprint', () => {
    const result = adaptWebhook(monitoring, {
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'desk',
      alerts: [alert('info', 'a1')],
    });
    expect(result.ok && result.value.type === 'alert' && result.value.keys).toEqual([
      expect.stringMatching(/^group:/),
      'fingerprint:a1',
    ]);
  });

  it('names each field that is wrong in an Alertmanager payload', () => {
    const result = adaptWebhook(monitoring, { version: '3', groupKey: '', status: 'burning', alerts: [] });
    expect(result.ok ? [] : result.reason === 'invalid' && result.issues.map((i) => i.field).sort()).toEqual([
      'alerts',
      'groupKey',
      'receiver',
      'status',
      'version',
    ]);
  });

  it('opens a ticket for its customer from the generic schema, or comments on a named ticket', () => {
    const created = adaptWebhook(portal, { title: 'Portal down' });
    expect(created.ok && created.value).toMatchObject({
      type: 'create',
      ticket: { customerId: 'globex', subject: 'Portal down', priority: 'P3', channel: 'webhook' },
    });
    expect(adaptWebhook(portal, { ticketId: 'INC-2026-000001', comment: 'still down' })).toMatchObject({
      ok: true,
      value: { type: 'comment' },
    });
    expect(adaptWebhook(portal, { title: 'x', unexpected: 1 }).ok).toBe(false);
  });
});
