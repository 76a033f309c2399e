// Service reports as the replay would compute them, for tests of what presents them: a fully
// populated month for Acme (2026-11) whose figures agree with each other, and the same month empty.
import type {
  BacklogPoint,
  Breakdown,
  ClockFigures,
  Durations,
  Figure,
  ServiceReport,
  VendorFigures,
} from '../../workflows/reports/service-report';
import type { Priority } from '../../workflows/policy/policy';

const minute = 60_000;
const hour = 60 * minute;

/** `count` ticket ids of one kind, numbered from `first`: INC-2026-000101, … */
export function figure(count: number, first = 1, prefix = 'INC'): Figure {
  const tickets = Array.from({ length: count }, (_, i) => `${prefix}-2026-${String(first + i).padStart(6, '0')}`);
  return { count, tickets };
}

const durations = (f: Figure, medianMs: number | null, p90Ms: number | null): Durations => ({
  ...f,
  medianMs: f.count ? medianMs : null,
  p90Ms: f.count ? p90Ms : null,
});

function clock(
  targetMs: number,
  met: number,
  breached: number,
  open: number,
  first: number,
  medianMs: number,
  p90Ms: number,
): ClockFigures {
  const metFigure = figure(met, first);
  return {
    clock: 'business',
    targetMs,
    met: metFigure,
    breached: figure(breached, first + met),
    open: figure(open, first + met + breached),
    total: figure(met + breached + open, first),
    time: durations(metFigure, medianMs, p90Ms),
  };
}

function breakdown(byKind: [number, number, number], byPriority: [number, number, number, number]): Breakdown {
  const total = byKind[0] + byKind[1] + byKind[2];
  const incidents = figure(byKind[0], 101, 'INC');
  const requests = figure(byKind[1], 201, 'SR');
  const changes = figure(byKind[2], 301, 'CHG');
  const all = [...incidents.tickets, ...requests.tickets, ...changes.tickets].sort();
  const slice = (from: number, count: number): Figure => ({ count, tickets: all.slice(from, from + count) });
  const priorities: Priority[] = ['P1', 'P2', 'P3', 'P4'];
  let at = 0;
  const byPriorityFigures = priorities.map((priority, i) => {
    const f = slice(at, byPriority[i]!);
    at += byPriority[i]!;
    return { priority, figure: f };
  });
  const categories: [string | null, number][] = [
    ['workplace', Math.ceil(total * 0.4)],
    ['network', Math.floor(total * 0.25)],
    ['printing', Math.floor(total * 0.15)],
  ];
  const classified = categories.reduce((sum, [, n]) => sum + n, 0);
  categories.push([null, total - classified]);
  at = 0;
  const byCategory = categories.map(([category, n]) => {
    const f = slice(at, n);
    at += n;
    return { category, figure: f };
  });
  return {
    total: { count: total, tickets: all },
    byKind: [
      { kind: 'incident', figure: incidents },
      { kind: 'service_request', figure: requests },
      { kind: 'change', figure: changes },
    ],
    byPriority: byPriorityFigures,
    byCategory,
  };
}

function trend(openAtEnd: number[]): BacklogPoint[] {
  return openAtEnd.map((open, i) => {
    const month = new Date(Date.UTC(2025, 11 + i, 1)).toISOString().slice(0, 7);
    return { month, open: figure(open, 900 + i * 50) };
  });
}

function vendor(vendorId: string, name: string, handOffs: number, replies: number, sent: number): VendorFigures {
  return {
    vendorId,
    name,
    handOffs: figure(handOffs, 101),
    replies: durations(figure(replies, 101), 3 * hour + 20 * minute, 9 * hour + 5 * minute),
    reminders: { ...figure(Math.min(sent, handOffs), 101), sent },
    escalations: figure(sent > 2 ? 1 : 0, 101),
  };
}

/** A fully populated month for Acme (nl): tickets of every kind, SLA clocks met and breached, vendors, billing. */
export function sampleServiceReport(overrides: Partial<ServiceReport> = {}): ServiceReport {
  const openedBreakdown = breakdown([28, 14, 4], [2, 9, 27, 8]);
  const closedBreakdown = breakdown([25, 12, 3], [2, 8, 23, 7]);
  return {
    month: '2026-11',
    timeZone: 'Europe/Amsterdam',
    customerId: 'acme',
    customerName: 'Acme BV',
    language: 'nl',
    from: '2026-11-01T00:00:00+01:00',
    to: '2026-12-01T00:00:00+01:00',
    generatedAt: '2026-12-01T07:30:00+01:00',
    policies: ['3f9a0c1d2e4b5a69'],
    opened: openedBreakdown,
    closed: closedBreakdown,
    cancelled: figure(2, 180),
    sla: {
      response: [
        { priority: 'P1', figures: clock(30 * minute, 2, 0, 0, 101, 12 * minute, 25 * minute) },
        { priority: 'P2', figures: clock(hour, 8, 1, 0, 103, 24 * minute, 52 * minute) },
        { priority: 'P3', figures: clock(4 * hour, 24, 2, 1, 112, hour + 10 * minute, 3 * hour + 30 * minute) },
        { priority: 'P4', figures: clock(8 * hour, 8, 0, 0, 139, 2 * hour + 5 * minute, 6 * hour) },
      ],
      resolution: [
        { priority: 'P1', figures: clock(4 * hour, 1, 1, 0, 101, 3 * hour + 15 * minute, 3 * hour + 50 * minute) },
        { priority: 'P2', figures: clock(8 * hour, 6, 1, 2, 103, 5 * hour + 40 * minute, 7 * hour + 45 * minute) },
        { priority: 'P3', figures: clock(27 * hour, 19, 3, 5, 112, 14 * hour + 5 * minute, 25 * hour + 30 * minute) },
        { priority: 'P4', figures: clock(45 * hour, 6, 0, 2, 139, 20 * hour, 41 * hour + 10 * minute) },
      ],
    },
    paused: { ...durations(figure(9, 120), 6 * hour + 30 * minute, 22 * hour), totalMs: 81 * hour + 45 * minute },
    backlog: {
      atMonthEnd: figure(17, 1450),
      trend: trend([12, 15, 14, 18, 21, 16, 13, 11, 14, 19, 15, 17]),
    },
    vendors: [
      vendor('connectivity', 'Connectivity provider', 4, 4, 3),
      vendor('hardware', 'Hardware supplier', 3, 2, 1),
      vendor('software', 'Business software vendor', 1, 1, 0),
    ],
    reopens: { resolved: figure(38, 101), reopened: figure(3, 110), rate: 3 / 38 },
    onSite: { visits: figure(5, 205, 'SR'), made: 6, hours: 11.5 },
    billing: {
      currency: 'EUR',
      totalCents: 215_450,
      rows: 14,
      byItem: [
        { item: 'onsite_visit', amountCents: 109_250, rows: 5 },
        { item: 'material', amountCents: 18_700, rows: 4 },
        { item: 'hardware', amountCents: 64_900, rows: 2 },
        { item: 'licence', amountCents: 12_600, rows: 2 },
        { item: 'labour', amountCents: 10_000, rows: 1 },
      ],
      tickets: figure(9, 201, 'SR').tickets,
      reconciled: { ok: true, issues: [] },
    },
    ...overrides,
  };
}

const none: Figure = { count: 0, tickets: [] };
const noDurations: Durations = { ...none, medianMs: null, p90Ms: null };

/** The same month for a customer nothing happened for: every figure zero, every duration unknown. */
export function emptyServiceReport(overrides: Partial<ServiceReport> = {}): ServiceReport {
  const sample = sampleServiceReport();
  const emptyBreakdown: Breakdown = {
    total: none,
    byKind: sample.opened.byKind.map(({ kind }) => ({ kind, figure: none })),
    byPriority: sample.opened.byPriority.map(({ priority }) => ({ priority, figure: none })),
    byCategory: [],
  };
  const emptyClocks = (side: 'response' | 'resolution') =>
    sample.sla[side].map(({ priority, figures }) => ({
      priority,
      figures: { ...figures, met: none, breached: none, open: none, total: none, time: noDurations },
    }));
  return {
    ...sample,
    opened: emptyBreakdown,
    closed: emptyBreakdown,
    cancelled: none,
    sla: { response: emptyClocks('response'), resolution: emptyClocks('resolution') },
    paused: { ...noDurations, totalMs: 0 },
    backlog: { atMonthEnd: none, trend: sample.backlog.trend.map(({ month }) => ({ month, open: none })) },
    vendors: [],
    reopens: { resolved: none, reopened: none, rate: null },
    onSite: { visits: none, made: 0, hours: 0 },
    billing: { currency: 'EUR', totalCents: 0, rows: 0, byItem: [], tickets: [], reconciled: { ok: true, issues: [] } },
    ...overrides,
  };
}
