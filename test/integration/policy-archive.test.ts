// The policy in force, on DynamoDB Local: a desk keeps the policy it decides with once, every event
// names it, and a report computed later by a desk with other business hours replays those events
// with the policy they were decided under.
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../../functions/clock';
import { createDesk } from '../../functions/desk';
import { readServiceReport } from '../../functions/reports/report-source';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { defaultPolicyData } from '../../workflows/policy/default-policy-data';
import { policyFingerprint } from '../../workflows/policy/policy-fingerprint';
import { loadPolicy } from '../../workflows/policy/policy';
import { byAgent, createTestTable } from '../support/test-table';
import { amsterdam } from '../support/ticket-driver';

const HOUR = 3_600_000;

describe('the policy in force', () => {
  it('is kept once and replayed for the events decided under it, after the desk changed its hours', async () => {
    const { client, tableName } = await createTestTable();
    const early = loadPolicy({
      ...defaultPolicyData,
      businessHours: { ...defaultPolicyData.businessHours, opens: '08:00' },
    });
    const clock = manualClock(amsterdam('2026-11-03 08:00'));
    const then = createDesk({ client, tableName, policy: early, clock });
    const created = await then.service.create(
      { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      byAgent,
    );
    if (!created.ok) throw new Error('refused');
    clock.set(amsterdam('2026-11-03 09:00'));
    await then.service.apply(
      created.head.id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true },
      byAgent,
    );
    // Today the desk opens at 08:30: the same hour would count 30 minutes.
    const now = createDesk({
      client,
      tableName,
      policy: defaultPolicy,
      clock: manualClock(amsterdam('2026-12-02 09:00')),
    });

    const report = await readServiceReport(now, { month: '2026-11', customerId: null });

    const { Items: kept = [] } = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :policy',
        ExpressionAttributeValues: { ':policy': 'policy' },
      }),
    );
    expect(kept.map((item) => item.fingerprint)).toEqual([policyFingerprint(early)]);
    const { Items: events = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `TICKET#${created.head.id}`, ':event': 'EVENT#' },
      }),
    );
    expect(events.map((e) => e.policy)).toEqual([policyFingerprint(early), policyFingerprint(early)]);
    expect(report.policies).toEqual([policyFingerprint(early)]);
    const p2 = report.sla.response.find((p) => p.priority === 'P2')!.figures;
    expect(p2.met.tickets).toEqual([created.head.id]);
    expect(p2.time.medianMs).toBe(HOUR);
  });
});
