// The seeded month on DynamoDB Local: tickets that really lived through November 2026 by the desk's
// own engine, timers fired as the poller fires them, every event inside the month's window.
import { createDesk, type Desk } from '../../functions/desk';
import type { LoggedEvent } from '../../workflows/lifecycle/ticket-engine';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { seedMonth, type SeedSummary } from '../../local/seed-month';
import { createTestTable } from '../support/test-table';

const DAY = 86_400_000;

async function seededDesk(): Promise<Desk> {
  const { client, tableName } = await createTestTable();
  return createDesk({
    client,
    tableName,
    policy: defaultPolicy,
    links: {
      keys: parseLinkKeys('k1:seed-secret-0123456789'),
      baseUrl: 'http://127.0.0.1:3000',
      validitySeconds: 30 * 86_400,
    },
  });
}

describe('a seeded month', () => {
  let desk: Desk;
  let summary: SeedSummary;
  const logs = new Map<string, LoggedEvent[]>();

  beforeAll(async () => {
    desk = await seededDesk();
    summary = await seedMonth(desk, { month: '2026-11', tickets: 30, seed: 7 });
    for (const ticket of summary.tickets) logs.set(ticket.id, await desk.store.listEvents(ticket.id));
  }, 120_000);

  const withEvent = (type: string) => [...logs].filter(([, events]) => events.some((e) => e.type === type));

  it('has tickets of every kind and every priority', () => {
    const kinds = new Set(summary.tickets.map((t) => t.kind));
    const priorities = new Set(summary.tickets.map((t) => t.priority));

    expect([...kinds].sort()).toEqual(['change', 'incident', 'service_request']);
    expect([...priorities].sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('has tickets of every customer of the policy', () => {
    const customers = new Set([...logs.values()].map((events) => events[0]!.event.customerId));

    expect([...customers].sort()).toEqual(defaultPolicy.customers.map((c) => c.id).sort());
  });

  it('marks an SLA breach by a timer event in the log', () => {
    const breached = [...withEvent('timer:slaResponseBreach'), ...withEvent('timer:slaResolutionBreach')];

    expect(breached.length).toBeGreaterThan(0);
    const breach = breached[0]![1].find((e) => e.type.startsWith('timer:sla') && e.type.endsWith('Breach'))!;
    expect(breach.actor).toEqual({ type: 'system', id: 'timer' });
  });

  it('follows a vendor up with reminder timers, and escalates one', () => {
    expect(withEvent('timer:vendorFollowUp').length).toBeGreaterThan(0);
    expect(summary.tickets.some((t) => t.stage === 'withThirdParty.escalated')).toBe(true);
  });

  it('records an on-site visit with hours', () => {
    const visits = [...logs.values()].flatMap((events) => events.filter((e) => e.type === 'RECORD_VISIT'));

    expect(visits.length).toBeGreaterThan(0);
    expect(visits[0]!.event.hours).toBeGreaterThan(0);
  });

  it('reopens a ticket', () => {
    expect(withEvent('REOPEN').length).toBeGreaterThan(0);
  });

  it('leaves tickets open at month end, a few of them opened the month before', () => {
    const open = summary.tickets.filter((t) => t.status !== 'closed' && t.status !== 'cancelled');

    expect(open.length).toBeGreaterThan(0);
    expect(summary.tickets.some((t) => t.createdAt < summary.monthStart)).toBe(true);
  });

  it('stamps senders as their channels would: agents by the console, customers by mail, link or portal, vendors by mail', () => {
    const stamps = new Set(
      [...logs.values()].flatMap((events) => events.map((e) => `${e.actor.type}:${String(e.event.channel)}`)),
    );

    expect(stamps).toEqual(
      // A ticket an agent registers from a call says so on its CREATED: `phone`.
      new Set([
        'agent:agent',
        'agent:phone',
        'customer:email',
        'customer:link',
        'customer:portal',
        'vendor:email',
        'system:timer',
      ]),
    );
  });

  it('puts every event within the month, or at most 31 days before it, never going back in time', () => {
    for (const events of logs.values()) {
      for (const [i, e] of events.entries()) {
        expect(e.at).toBeGreaterThanOrEqual(summary.monthStart - 31 * DAY);
        expect(e.at).toBeLessThan(summary.monthEnd);
        if (i > 0) expect(e.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
      }
    }
  });

  it('leaves each ticket with timers due on the due-time index, as the desk would have it', async () => {
    const heads = await desk.store.getHeads(summary.tickets.map((t) => t.id));
    const due = heads.filter((h) => h.nextDueAt !== null);

    expect(due.length).toBeGreaterThan(0);
    expect(await desk.store.dueTicketIds(summary.monthEnd + 60 * DAY, 1000)).toEqual(
      expect.arrayContaining(due.map((h) => h.id)),
    );
  });

  it('draws the same mix again for the same seed', async () => {
    const again = await seedMonth(await seededDesk(), { month: '2026-11', tickets: 30, seed: 7 });
    const mix = (s: SeedSummary) => s.tickets.map((t) => [t.scenario, t.kind, t.priority, t.stage]);

    expect(mix(again)).toEqual(mix(summary));
  }, 120_000);
});
