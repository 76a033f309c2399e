// The month's service report from its tickets' replayed logs, pure: each figure is the set of
// tickets it counts, so every number links to the events that made it. SLA clocks are counted once
// in the month they were decided (met, breached) or in every month they are still open at its end.
import { billingExport, hasBillableWork, monthRange, type BillableTicket, type BillingItem } from '../billing/billing';
import type { LoggedEvent, TicketHead } from '../lifecycle/ticket-engine';
import type { PersistedTicket } from '../lifecycle/ticket-step';
import { findVendor, priorities, ticketKinds, type Policy, type Priority, type TicketKind } from '../policy/policy';
import { isoWithOffset } from '../time/zoned-time';
import { replayTicketFacts, type Classification, type PolicyFor, type TicketFacts } from './ticket-replay';
import type {
  BacklogPoint,
  Breakdown,
  ClockFigures,
  Durations,
  Figure,
  ServiceReport,
  VendorFigures,
} from './service-report';

/** What a trend point needs of a head: a ticket is open at an instant it was created before and had not ended by. */
export type TrendHead = Pick<TicketHead, 'id' | 'createdAt' | 'updatedAt' | 'customerId'> & { ended: boolean };

export const trendHeadOf = (
  head: Pick<TicketHead, 'id' | 'createdAt' | 'updatedAt' | 'customerId'> & {
    snapshot: Pick<PersistedTicket, 'status'>;
  },
): TrendHead => ({
  id: head.id,
  createdAt: head.createdAt,
  updatedAt: head.updatedAt,
  customerId: head.customerId,
  ended: head.snapshot.status !== 'active',
});

export interface ReportInput {
  month: string;
  customerId: string | null;
  /** The policy in force now: its customers, vendors, targets and time zone label the report. */
  policy: Policy;
  /** The log of every ticket open at some instant of the month (at least up to the month's end). */
  tickets: { events: LoggedEvent[] }[];
  /** Those of them with billable work, with their heads: what the billing export reads. */
  billable: BillableTicket[];
  /** Heads of the tickets open at some month end of the trend (older months), for its points. */
  trendHeads: TrendHead[];
  policyFor: PolicyFor;
  now: number;
}

const TREND_MONTHS = 12;
const BILLING_ITEMS: BillingItem[] = ['onsite_visit', 'material', 'hardware', 'licence', 'labour'];

export function figureOf(ids: Iterable<string>): Figure {
  const tickets = [...new Set(ids)].sort();
  return { count: tickets.length, tickets };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], q: number): number | null =>
  sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! : null;

export function durationsOf(values: { id: string; ms: number }[]): Durations {
  const sorted = values.map((v) => v.ms).sort((a, b) => a - b);
  return { ...figureOf(values.map((v) => v.id)), medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}

/** The month before or after: `YYYY-MM` plus `n` months. */
export function monthPlus(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function breakdown(entries: { id: string; c: Classification }[]): Breakdown {
  const categories = [...new Set(entries.map((e) => e.c.category))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const where = (test: (c: Classification) => boolean) => figureOf(entries.filter((e) => test(e.c)).map((e) => e.id));
  return {
    total: figureOf(entries.map((e) => e.id)),
    byKind: ticketKinds.map((kind: TicketKind) => ({ kind, figure: where((c) => c.kind === kind) })),
    byPriority: priorities.map((priority: Priority) => ({ priority, figure: where((c) => c.priority === priority) })),
    byCategory: categories.map((category) => ({ category, figure: where((c) => c.category === category) })),
  };
}

export function serviceReport(input: ReportInput): ServiceReport {
  const { policy, month, customerId } = input;
  const timeZone = policy.businessHours.timeZone;
  const { from, to } = monthRange(month, timeZone);
  const within = (at: number | null) => at !== null && at >= from && at < to;
  const customer = customerId === null ? null : (policy.customers.find((c) => c.id === customerId) ?? null);

  // Replayed to the month's end; a ticket counts for the customer it belonged to then.
  const replayed = input.tickets
    .filter((t) => t.events[0] && t.events[0].at < to)
    .map((t) => replayTicketFacts(t.events, input.policyFor, to))
    .filter((facts) => customerId === null || facts.end.customerId === customerId);
  const all: TicketFacts[] = replayed;

  const opened = breakdown(all.filter((f) => within(f.createdAt)).map((f) => ({ id: f.id, c: f.end })));
  const closings = all.flatMap((f) => f.closings.filter((c) => within(c.at)).map((c) => ({ id: f.id, c })));
  const closed = breakdown(closings.filter((e) => !e.c.cancelled));
  const cancelled = figureOf(closings.filter((e) => e.c.cancelled).map((e) => e.id));

  const clockFigures = (clock: 'response' | 'resolution', priority: Priority): ClockFigures => {
    const mine = all.filter((f) => f.end.priority === priority);
    const met = mine.filter((f) => f[clock].outcome === 'met' && within(f[clock].at));
    const breached = mine.filter((f) => f[clock].outcome === 'breached' && within(f[clock].at));
    const open = mine.filter((f) => f[clock].outcome === 'open');
    const target = policy.sla.targets[priority];
    return {
      clock: target.clock,
      targetMs: (clock === 'response' ? target.responseMinutes : target.resolutionMinutes) * 60_000,
      met: figureOf(met.map((f) => f.id)),
      breached: figureOf(breached.map((f) => f.id)),
      open: figureOf(open.map((f) => f.id)),
      total: figureOf([...met, ...breached, ...open].map((f) => f.id)),
      time: durationsOf(met.map((f) => ({ id: f.id, ms: f[clock].usedMs ?? 0 }))),
    };
  };

  const waited = all
    .map((f) => ({
      id: f.id,
      ms: f.waits.reduce(
        (sum, w) =>
          w.to > from && w.from < to ? sum + w.measure.between(Math.max(w.from, from), Math.min(w.to, to)) : sum,
        0,
      ),
      touched: f.waits.some((w) => w.to > from && w.from < to),
    }))
    .filter((w) => w.touched);

  const backlogNow = figureOf(all.filter((f) => !f.end.final).map((f) => f.id));
  const trend: BacklogPoint[] = [];
  for (let n = TREND_MONTHS - 1; n >= 1; n--) {
    const point = monthPlus(month, -n);
    const end = monthRange(point, timeZone).to;
    const open = input.trendHeads.filter(
      (h) =>
        (customerId === null || h.customerId === customerId) && h.createdAt < end && !(h.ended && h.updatedAt < end),
    );
    trend.push({ month: point, open: figureOf(open.map((h) => h.id)) });
  }
  trend.push({ month, open: backlogNow });

  const vendorIds = [...new Set(all.flatMap((f) => f.handOffs.map((h) => h.vendorId)))];
  const vendorOrder = (id: string) => {
    const i = policy.vendors.findIndex((v) => v.id === id);
    return i < 0 ? policy.vendors.length : i;
  };
  const vendors: VendorFigures[] = vendorIds
    .sort((a, b) => vendorOrder(a) - vendorOrder(b) || (a < b ? -1 : 1))
    .map((vendorId) => {
      const handOffs = all.flatMap((f) =>
        f.handOffs.filter((h) => h.vendorId === vendorId).map((h) => ({ id: f.id, h })),
      );
      const reminders = handOffs.flatMap(({ id, h }) => h.reminders.filter(within).map(() => id));
      return {
        vendorId,
        name: findVendor(policy, vendorId)?.name ?? vendorId,
        handOffs: figureOf(handOffs.filter(({ h }) => within(h.startedAt)).map(({ id }) => id)),
        replies: durationsOf(
          handOffs.filter(({ h }) => within(h.repliedAt)).map(({ id, h }) => ({ id, ms: h.replyMs ?? 0 })),
        ),
        reminders: { ...figureOf(reminders), sent: reminders.length },
        escalations: figureOf(handOffs.filter(({ h }) => within(h.escalatedAt)).map(({ id }) => id)),
      };
    })
    .filter((v) => v.handOffs.count + v.replies.count + v.reminders.sent + v.escalations.count > 0);

  const resolved = figureOf(all.filter((f) => f.resolutions.some(within)).map((f) => f.id));
  const reopened = figureOf(all.filter((f) => f.reopens.some(within)).map((f) => f.id));
  const resolutionsInMonth = all.reduce((n, f) => n + f.resolutions.filter(within).length, 0);
  const reopensInMonth = all.reduce((n, f) => n + f.reopens.filter(within).length, 0);
  const visits = all.flatMap((f) => f.visits.filter((v) => within(v.at)).map((v) => ({ id: f.id, ...v })));
  const hours = visits.reduce((sum, v) => sum + v.hours, 0);

  const billable = input.billable.filter((t) => hasBillableWork(t.head));
  const billing = billingExport(billable, { month, customerId }, policy);
  const byItem = BILLING_ITEMS.map((item) => {
    const rows = billing.rows.filter((r) => r.item === item);
    return { item, rows: rows.length, amountCents: rows.reduce((sum, r) => sum + r.amountCents, 0) };
  });
  const issues: string[] = [];
  const itemsSum = byItem.reduce((sum, i) => sum + i.amountCents, 0);
  if (itemsSum !== billing.totalCents)
    issues.push(`items add up to ${itemsSum} cents, the export to ${billing.totalCents}`);
  const customersSum = billing.totals.reduce((sum, t) => sum + t.amountCents, 0);
  if (customersSum !== billing.totalCents)
    issues.push(`customer totals add up to ${customersSum} cents, the export to ${billing.totalCents}`);
  const billedHours = billing.rows.filter((r) => r.item === 'onsite_visit').reduce((sum, r) => sum + r.quantity, 0);
  if (Math.abs(billedHours - hours) > 1e-9)
    issues.push(`on-site hours billed ${billedHours}, recorded on visits ${hours}`);
  const billedVisits = byItem.find((i) => i.item === 'onsite_visit')!.rows;
  if (billedVisits !== visits.length) issues.push(`visits billed ${billedVisits}, recorded ${visits.length}`);

  return {
    month,
    timeZone,
    customerId,
    customerName: customer?.name ?? null,
    language: customer?.language ?? 'nl',
    from: isoWithOffset(from, timeZone),
    to: isoWithOffset(to, timeZone),
    generatedAt: isoWithOffset(input.now, timeZone),
    policies: [...new Set(all.flatMap((f) => [...f.policies]))].sort(),
    opened,
    closed,
    cancelled,
    sla: {
      response: priorities.map((priority) => ({ priority, figures: clockFigures('response', priority) })),
      resolution: priorities.map((priority) => ({ priority, figures: clockFigures('resolution', priority) })),
    },
    paused: { ...durationsOf(waited), totalMs: waited.reduce((sum, w) => sum + w.ms, 0) },
    backlog: { atMonthEnd: backlogNow, trend },
    vendors,
    reopens: {
      resolved,
      reopened,
      rate: resolutionsInMonth ? reopensInMonth / resolutionsInMonth : null,
    },
    onSite: { visits: figureOf(visits.map((v) => v.id)), made: visits.length, hours },
    billing: {
      currency: 'EUR',
      totalCents: billing.totalCents,
      rows: billing.rows.length,
      byItem,
      tickets: figureOf(billing.rows.map((r) => r.ticketId)).tickets,
      reconciled: { ok: issues.length === 0, issues },
    },
  };
}
