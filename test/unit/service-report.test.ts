import fc from 'fast-check';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import { policyFingerprint } from '../../workflows/policy/policy-fingerprint';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { loadPolicy, type Policy } from '../../workflows/policy/policy';
import { defaultPolicyData } from '../../workflows/policy/default-policy-data';
import { serviceReport, trendHeadOf } from '../../workflows/reports/service-report-figures';
import type { ClockFigures, ServiceReport } from '../../workflows/reports/service-report';
import { replayPolicy, type PolicyFor } from '../../workflows/reports/ticket-replay';
import { samplesAt } from '../support/event-samples';
import { amsterdam, customer, ticketDriver, vendor } from '../support/ticket-driver';

type Driver = ReturnType<typeof ticketDriver>;
const HOUR = 3_600_000;
const current = replayPolicy(policyFingerprint(defaultPolicy), defaultPolicy);
const todays: PolicyFor = () => current;
const classify = (priority: string, category = 'network') => ({
  kind: 'incident',
  priority,
  category,
  inScope: true,
  customerId: 'acme',
});

function report(drivers: Driver[], options: { customerId?: string | null; policyFor?: PolicyFor } = {}) {
  return serviceReport({
    month: '2026-11',
    customerId: options.customerId ?? null,
    policy: defaultPolicy,
    tickets: drivers.map((d) => ({ events: d.log })),
    billable: drivers.map((d) => ({ head: d.head, events: d.log })),
    trendHeads: drivers.map((d) => trendHeadOf(d.head)),
    policyFor: options.policyFor ?? todays,
    now: amsterdam('2026-12-01 09:00'),
  });
}

const clockOf = (r: ServiceReport, clock: 'response' | 'resolution', priority: string): ClockFigures =>
  r.sla[clock].find((p) => p.priority === priority)!.figures;

function ok(decision: { ok: boolean }) {
  if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision)}`);
}

describe('service report by replay', () => {
  it('counts a response in time as met, with the business time the engine recorded', () => {
    const t = ticketDriver({ id: 'INC-2026-000001', at: amsterdam('2026-11-03 09:00') });
    t.setNow(amsterdam('2026-11-03 09:20'));
    ok(t.send('CLASSIFY', classify('P2')));

    const r = report([t]);

    const p2 = clockOf(r, 'response', 'P2');
    expect(p2.met.tickets).toEqual(['INC-2026-000001']);
    expect(p2.time.medianMs).toBe(t.context.sla.response.elapsedMs);
    expect(p2.time.medianMs).toBe(20 * 60_000);
    expect(r.opened.byPriority.find((p) => p.priority === 'P2')!.figure.count).toBe(1);
  });

  it('counts a clock the breach timer fired on as breached in the month it fired', () => {
    const t = ticketDriver({ id: 'INC-2026-000002', at: amsterdam('2026-11-10 09:00'), priority: 'P1' });
    t.passTime(amsterdam('2026-11-12 09:00'));

    const r = report([t]);

    expect(t.log.some((e) => e.type === 'timer:slaResponseBreach')).toBe(true);
    expect(clockOf(r, 'response', 'P1').breached.tickets).toEqual(['INC-2026-000002']);
    expect(clockOf(r, 'resolution', 'P1').breached.tickets).toEqual(['INC-2026-000002']);
    expect(r.backlog.atMonthEnd.tickets).toEqual(['INC-2026-000002']);
  });

  it('follows a vendor hand-off: the reminders it needed, the escalation, the time to reply', () => {
    const t = ticketDriver({ id: 'INC-2026-000003', at: amsterdam('2026-11-03 09:00') });
    ok(t.send('CLASSIFY', classify('P3')));
    t.setNow(amsterdam('2026-11-03 10:00'));
    ok(t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity' }));
    t.passTime(amsterdam('2026-11-05 17:00'));
    ok(t.send('VENDOR_REPLIED', { message: 'line restored' }, vendor));

    const r = report([t]);

    const [connectivity] = r.vendors;
    expect(connectivity!.vendorId).toBe('connectivity');
    expect(connectivity!.handOffs.count).toBe(1);
    // The vendor's last follow-up is the escalation, not another reminder.
    expect(connectivity!.reminders.sent).toBe(t.context.vendor!.reminders);
    expect(connectivity!.reminders.sent).toBe(defaultPolicy.vendors.find((v) => v.id === 'connectivity')!.maxReminders);
    expect(connectivity!.escalations.tickets).toEqual(['INC-2026-000003']);
    // On the vendor's business clock: 10:00–17:30, 08:30–17:30, 08:30–17:00.
    expect(connectivity!.replies.medianMs).toBe((7.5 + 9 + 8.5) * HOUR);
  });

  it('shows the time waiting on the customer apart, in business time', () => {
    const t = ticketDriver({ id: 'INC-2026-000004', at: amsterdam('2026-11-04 09:00') });
    ok(t.send('CLASSIFY', classify('P3')));
    ok(t.send('REQUEST_INFO', { question: 'Which laptop?' }));
    t.setNow(amsterdam('2026-11-04 13:00'));
    ok(t.send('CUSTOMER_REPLIED', { message: 'The grey one' }, customer));

    const r = report([t]);

    expect(r.paused.tickets).toEqual(['INC-2026-000004']);
    expect(r.paused.totalMs).toBe(4 * HOUR);
  });

  it('counts resolutions, reopens and the reopen rate; a ticket opened before the month is closed in it', () => {
    const t = ticketDriver({ id: 'INC-2026-000005', at: amsterdam('2026-10-28 09:00') });
    ok(t.send('CLASSIFY', classify('P3')));
    t.setNow(amsterdam('2026-11-02 10:00'));
    ok(t.send('RESOLVE', { summary: 'Replaced the cable' }));
    ok(t.send('REOPEN', { reason: 'Still down' }, customer));
    ok(t.send('RESOLVE', { summary: 'Replaced the port' }));
    ok(t.send('CONFIRM_RESOLUTION', {}, customer));

    const r = report([t]);

    expect(r.opened.total.count).toBe(0);
    expect(r.closed.total.tickets).toEqual(['INC-2026-000005']);
    expect(r.reopens.reopened.count).toBe(1);
    expect(r.reopens.rate).toBe(0.5);
    expect(r.backlog.atMonthEnd.count).toBe(0);
    expect(r.backlog.trend.find((p) => p.month === '2026-10')!.open.tickets).toEqual(['INC-2026-000005']);
  });

  it('counts on-site visits and their hours, and reconciles them with the billing export', () => {
    const t = ticketDriver({ id: 'INC-2026-000006', at: amsterdam('2026-11-09 09:00') });
    ok(t.send('CLASSIFY', classify('P3', 'hardware')));
    ok(t.send('PROPOSE_ONSITE', { reason: 'The switch has to be replaced' }));
    ok(t.send('CONSENT_GIVEN', { note: 'by phone' }));
    ok(t.send('PLAN_VISIT', { plannedFor: '2026-11-10T09:00:00+01:00', technician: 'Piet' }));
    t.setNow(amsterdam('2026-11-10 12:00'));
    ok(t.send('RECORD_VISIT', { hours: 2.5, materials: [], report: 'Switch replaced' }));

    const r = report([t]);

    expect(r.onSite).toEqual({ visits: { count: 1, tickets: ['INC-2026-000006'] }, made: 1, hours: 2.5 });
    expect(r.billing.byItem.find((i) => i.item === 'onsite_visit')!.rows).toBe(1);
    expect(r.billing.totalCents).toBe(t.context.visits[0]!.amountCents);
    expect(r.billing.reconciled).toEqual({ ok: true, issues: [] });
  });

  it("reports one customer's tickets only, and an empty month as zeros", () => {
    const acme = ticketDriver({ id: 'INC-2026-000007', at: amsterdam('2026-11-03 09:00') });
    ok(acme.send('CLASSIFY', classify('P3')));

    expect(report([acme], { customerId: 'globex' }).opened.total.count).toBe(0);
    const empty = report([]);
    expect(empty.opened.total).toEqual({ count: 0, tickets: [] });
    expect(empty.backlog.trend).toHaveLength(12);
    expect(empty.reopens.rate).toBeNull();
    expect(clockOf(empty, 'resolution', 'P1').time).toEqual({ count: 0, tickets: [], medianMs: null, p90Ms: null });
  });
});

describe('the policy in force', () => {
  it('steps each event with the policy it was decided under, not with today’s', () => {
    // Decided while the desk opened at 08:00; today it opens at 08:30, which would count less.
    const then: Policy = loadPolicy({
      ...defaultPolicyData,
      businessHours: { ...defaultPolicyData.businessHours, opens: '08:00' },
    });
    const thenReplay = replayPolicy(policyFingerprint(then), then);
    const t = ticketDriver({ id: 'INC-2026-000008', at: amsterdam('2026-11-03 08:00'), policy: then });
    t.setNow(amsterdam('2026-11-03 09:00'));
    ok(t.send('CLASSIFY', classify('P2')));
    expect(t.log.every((e) => e.policy === thenReplay.fingerprint)).toBe(true);
    const byFingerprint: PolicyFor = (f) => (f === thenReplay.fingerprint ? thenReplay : current);

    const replayed = clockOf(report([t], { policyFor: byFingerprint }), 'response', 'P2');
    const withToday = clockOf(report([t]), 'response', 'P2');

    expect(replayed.time.medianMs).toBe(HOUR);
    expect(replayed.time.medianMs).toBe(t.context.sla.response.elapsedMs);
    expect(withToday.time.medianMs).not.toBe(HOUR);
  });
});

const samples = samplesAt(amsterdam('2026-11-05 09:00'));
type Step = { pick: number; by: 'agent' | 'customer' } | { waitMs: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ pick: fc.nat(1000), by: fc.constantFrom('agent' as const, 'customer' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ waitMs: fc.integer({ min: 60_000, max: 3 * 24 * HOUR }) }) },
);
const ticketPlan = fc.record({
  kind: fc.constantFrom('incident' as const, 'service_request' as const, 'change' as const),
  priority: fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const, 'P4' as const),
  startDay: fc.integer({ min: -20, max: 28 }),
  steps: fc.array(step, { maxLength: 25 }),
});
const MONTH_START = amsterdam('2026-11-01 00:00');
const MONTH_END = amsterdam('2026-12-01 00:00');
const LAST_INSTANT = amsterdam('2026-11-30 23:00');
const inMonth = (at: number) => at >= MONTH_START && at < MONTH_END;

type TicketPlan = typeof ticketPlan extends fc.Arbitrary<infer T> ? T : never;

function drive(plan: TicketPlan, n: number): Driver {
  const at = Math.min(amsterdam('2026-11-01 09:00') + plan.startDay * 24 * HOUR, LAST_INSTANT - HOUR);
  const id = `INC-2026-${String(n + 1).padStart(6, '0')}`;
  const t = ticketDriver({ id, kind: plan.kind, priority: plan.priority, at });
  for (const s of plan.steps) {
    if ('waitMs' in s) {
      t.passTime(Math.min(t.now + s.waitMs, LAST_INSTANT));
      continue;
    }
    const allowed = allowedEvents(t.machine, t.head.snapshot);
    if (!allowed.length) break;
    const type = allowed[s.pick % allowed.length]!;
    const payloads = samples[type] ?? [];
    if (!payloads.length) continue;
    t.send(
      type,
      payloads[Math.floor(s.pick / allowed.length) % payloads.length]!,
      s.by === 'customer' ? customer : undefined,
    );
  }
  return t;
}

describe('service report properties', () => {
  it('adds up, and agrees with what the events and heads say on their own', () => {
    fc.assert(
      fc.property(fc.array(ticketPlan, { minLength: 1, maxLength: 8 }), (plans) => {
        const drivers = plans.map(drive);
        const r = report(drivers);
        const sum = (figures: { figure: { count: number } }[]) => figures.reduce((n, f) => n + f.figure.count, 0);

        for (const breakdown of [r.opened, r.closed]) {
          expect(sum(breakdown.byPriority)).toBe(breakdown.total.count);
          expect(sum(breakdown.byKind)).toBe(breakdown.total.count);
          expect(sum(breakdown.byCategory)).toBe(breakdown.total.count);
        }
        for (const clock of ['response', 'resolution'] as const) {
          for (const { figures } of r.sla[clock]) {
            expect(figures.met.count + figures.breached.count + figures.open.count).toBe(figures.total.count);
            expect(new Set([...figures.met.tickets, ...figures.breached.tickets, ...figures.open.tickets]).size).toBe(
              figures.total.count,
            );
          }
        }

        // Recomputed from the logs alone.
        const ids = (test: (d: Driver) => boolean) =>
          drivers
            .filter(test)
            .map((d) => d.head.id)
            .sort();
        expect(r.opened.total.tickets).toEqual(ids((d) => inMonth(d.log[0]!.at)));
        expect(r.closed.total.tickets).toEqual(ids((d) => d.log.some((e) => e.status === 'closed' && inMonth(e.at))));
        expect(r.cancelled.tickets).toEqual(ids((d) => d.log.some((e) => e.status === 'cancelled' && inMonth(e.at))));
        expect(r.reopens.reopened.tickets).toEqual(ids((d) => d.log.some((e) => e.type === 'REOPEN' && inMonth(e.at))));
        const all = (clock: 'response' | 'resolution', outcome: 'met' | 'breached' | 'open') =>
          r.sla[clock].flatMap((p) => p.figures[outcome].tickets).sort();
        // Every event lies before the month's end, so the heads are the month-end state the live engine wrote.
        const breachedIn = (clock: 'response' | 'resolution') =>
          ids((d) => {
            const at = d.context.sla[clock].breachedAt;
            return at !== null && inMonth(at);
          });
        expect(all('response', 'breached')).toEqual(breachedIn('response'));
        expect(all('resolution', 'breached')).toEqual(breachedIn('resolution'));
        // A breach the timer found is in the log by name.
        for (const d of drivers)
          if (d.log.some((e) => e.type === 'timer:slaResponseBreach' && inMonth(e.at)))
            expect(all('response', 'breached')).toContain(d.head.id);
        expect(all('response', 'met')).toEqual(
          ids((d) => {
            const metAt = d.context.sla.response.metAt;
            return metAt !== null && inMonth(metAt) && d.context.sla.response.breachedAt === null;
          }),
        );
        expect(r.backlog.atMonthEnd.tickets).toEqual(ids((d) => d.head.snapshot.status === 'active'));
        const usedByMet = drivers
          .filter((d) =>
            r.sla.response.some((p) => p.priority === d.context.priority && p.figures.met.tickets.includes(d.head.id)),
          )
          .map((d) => d.context.sla.response.elapsedMs);
        const responseTimes = r.sla.response.flatMap((p) => (p.figures.time.count ? [p.figures.time] : []));
        expect(responseTimes.reduce((n, t) => n + t.count, 0)).toBe(usedByMet.length);
      }),
      { numRuns: 150 },
    );
  });
});
