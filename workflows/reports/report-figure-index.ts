// Every figure of a service report by its key (`opened.byKind.incident`, `sla.response.P1.breached`,
// `backlog.2026-11`, `vendors.connectivity.reminders`…): how a page links a number to the tickets it
// counts, and how the link is answered. A Map, so a caller's key never reaches an object's own names.
import type { Breakdown, Figure, ServiceReport } from './service-report';

/** The category key of tickets nobody classified: parentheses never occur in a policy id. */
export const UNCLASSIFIED = '(none)';

export function figureIndex(report: ServiceReport): Map<string, Figure> {
  const index = new Map<string, Figure>();
  const breakdown = (name: string, b: Breakdown) => {
    index.set(`${name}.total`, b.total);
    for (const { kind, figure } of b.byKind) index.set(`${name}.byKind.${kind}`, figure);
    for (const { priority, figure } of b.byPriority) index.set(`${name}.byPriority.${priority}`, figure);
    for (const { category, figure } of b.byCategory)
      index.set(`${name}.byCategory.${category ?? UNCLASSIFIED}`, figure);
  };
  breakdown('opened', report.opened);
  breakdown('closed', report.closed);
  index.set('cancelled', report.cancelled);
  for (const clock of ['response', 'resolution'] as const)
    for (const { priority, figures } of report.sla[clock])
      for (const outcome of ['met', 'breached', 'open', 'total', 'time'] as const)
        index.set(`sla.${clock}.${priority}.${outcome}`, figures[outcome]);
  index.set('paused', report.paused);
  index.set('backlog.atMonthEnd', report.backlog.atMonthEnd);
  for (const point of report.backlog.trend) index.set(`backlog.${point.month}`, point.open);
  for (const v of report.vendors)
    for (const measure of ['handOffs', 'replies', 'reminders', 'escalations'] as const)
      index.set(`vendors.${v.vendorId}.${measure}`, v[measure]);
  index.set('reopens.resolved', report.reopens.resolved);
  index.set('reopens.reopened', report.reopens.reopened);
  index.set('onSite.visits', report.onSite.visits);
  index.set('billing.tickets', { count: report.billing.tickets.length, tickets: report.billing.tickets });
  return index;
}
