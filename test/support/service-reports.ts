// Service reports to present: an empty month (every figure 0) and a busy one, built by hand from
// the data contract so the presentation's tests need no event log.
import { priorities, ticketKinds } from '../../workflows/policy/policy';
import type { Breakdown, ClockFigures, Durations, Figure, ServiceReport } from '../../workflows/reports/service-report';

const none = (): Figure => ({ count: 0, tickets: [] });
const noDurations = (): Durations => ({ ...none(), medianMs: null, p90Ms: null });
const counted = (count: number, prefix: string): Figure => ({
  count,
  tickets: Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`),
});

const emptyBreakdown = (): Breakdown => ({
  total: none(),
  byKind: ticketKinds.map((kind) => ({ kind, figure: none() })),
  byPriority: priorities.map((priority) => ({ priority, figure: none() })),
  byCategory: [],
});

const emptyClock = (): ClockFigures => ({
  clock: 'business',
  targetMs: 4 * 3_600_000,
  met: none(),
  breached: none(),
  open: none(),
  total: none(),
  time: noDurations(),
});

const trendMonths = (last: string): string[] => {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7));
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 12 + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
};

/** A month in which nothing happened, for the whole desk. */
export function emptyReport(month = '2026-11'): ServiceReport {
  return {
    month,
    timeZone: 'Europe/Amsterdam',
    customerId: null,
    customerName: null,
    language: 'nl',
    from: `${month}-01T00:00:00+01:00`,
    to: '2026-12-01T00:00:00+01:00',
    generatedAt: '2026-12-01T08:00:00+01:00',
    policies: ['p-1'],
    opened: emptyBreakdown(),
    closed: emptyBreakdown(),
    cancelled: none(),
    sla: {
      response: priorities.map((priority) => ({ priority, figures: emptyClock() })),
      resolution: priorities.map((priority) => ({ priority, figures: emptyClock() })),
    },
    paused: { ...noDurations(), totalMs: 0 },
    backlog: { atMonthEnd: none(), trend: trendMonths(month).map((m) => ({ month: m, open: none() })) },
    vendors: [],
    reopens: { resolved: none(), reopened: none(), rate: null },
    onSite: { visits: none(), made: 0, hours: 0 },
    billing: {
      currency: 'EUR',
      totalCents: 0,
      rows: 0,
      byItem: [],
      tickets: [],
      reconciled: { ok: true, issues: [] },
    },
  };
}

/** A busy month for one customer (whose name a test may make hostile). */
export function busyReport(customerName = 'Acme B.V.'): ServiceReport {
  const report = emptyReport();
  const clock = (met: number, breached: number, open: number, prefix: string): ClockFigures => ({
    ...emptyClock(),
    met: counted(met, `${prefix}-m`),
    breached: counted(breached, `${prefix}-b`),
    open: counted(open, `${prefix}-o`),
    total: counted(met + breached + open, `${prefix}-t`),
    time: { ...counted(met, `${prefix}-m`), medianMs: 95 * 60_000, p90Ms: 26 * 3_600_000 + 5 * 60_000 },
  });
  return {
    ...report,
    customerId: 'acme',
    customerName,
    language: 'en',
    opened: {
      total: counted(12, 'OPEN'),
      byKind: [
        { kind: 'incident', figure: counted(7, 'INC') },
        { kind: 'service_request', figure: counted(4, 'SR') },
        { kind: 'change', figure: counted(1, 'CHG') },
      ],
      byPriority: [
        { priority: 'P1', figure: counted(1, 'P1') },
        { priority: 'P2', figure: counted(3, 'P2') },
        { priority: 'P3', figure: counted(6, 'P3') },
        { priority: 'P4', figure: counted(2, 'P4') },
      ],
      byCategory: [
        { category: 'network', figure: counted(5, 'NET') },
        { category: null, figure: counted(7, 'UNC') },
      ],
    },
    closed: {
      ...emptyBreakdown(),
      total: counted(9, 'CLS'),
      byKind: [
        { kind: 'incident', figure: counted(6, 'CINC') },
        { kind: 'service_request', figure: counted(3, 'CSR') },
        { kind: 'change', figure: none() },
      ],
    },
    cancelled: counted(1, 'CAN'),
    sla: {
      response: [
        { priority: 'P1', figures: clock(1, 0, 0, 'R1') },
        { priority: 'P2', figures: clock(2, 1, 0, 'R2') },
        { priority: 'P3', figures: clock(5, 0, 1, 'R3') },
        { priority: 'P4', figures: clock(2, 0, 0, 'R4') },
      ],
      resolution: [
        { priority: 'P1', figures: clock(1, 0, 0, 'S1') },
        { priority: 'P2', figures: clock(1, 1, 1, 'S2') },
        { priority: 'P3', figures: clock(3, 1, 2, 'S3') },
        { priority: 'P4', figures: clock(1, 0, 1, 'S4') },
      ],
    },
    paused: { ...counted(2, 'PAU'), medianMs: 3_600_000, p90Ms: 7_200_000, totalMs: 3 * 3_600_000 },
    backlog: {
      atMonthEnd: counted(5, 'BL'),
      trend: report.backlog.trend.map((p, i) => ({ month: p.month, open: counted(i % 6, `BL${i}`) })),
    },
    vendors: [
      {
        vendorId: 'kpn',
        name: 'KPN Zakelijk',
        handOffs: counted(3, 'V1'),
        replies: { ...counted(2, 'V1r'), medianMs: 2 * 3_600_000, p90Ms: 5 * 3_600_000 },
        reminders: { ...counted(1, 'V1m'), sent: 2 },
        escalations: counted(1, 'V1e'),
      },
    ],
    reopens: { resolved: counted(8, 'RES'), reopened: counted(1, 'REO'), rate: 0.125 },
    onSite: { visits: counted(2, 'VIS'), made: 2, hours: 3.5 },
    billing: {
      currency: 'EUR',
      totalCents: 115_400,
      rows: 3,
      byItem: [
        { item: 'onsite_visit', amountCents: 45_400, rows: 2 },
        { item: 'hardware', amountCents: 70_000, rows: 1 },
      ],
      tickets: ['INC-001', 'SR-002'],
      reconciled: { ok: false, issues: ['2 on-site visits in the report, 1 in the billing export'] },
    },
  };
}
