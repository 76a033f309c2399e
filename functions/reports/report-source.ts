// Reads what a month's service report replays: every ticket open at some instant of the month with
// its log, and the heads of those open at the trend's earlier month ends. A ticket open at an
// instant is open now or changed since (a closed ticket takes no events), so the heads are the open
// ones and those changed since the trend's first month began: one customer's through the byCustomer
// index, everyone's through the status index.
import { hasBillableWork, monthRange, type BillableTicket, type BillingHead } from '../../workflows/billing/billing';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { PersistedTicket } from '../../workflows/lifecycle/ticket-step';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { monthPlus, serviceReport, trendHeadOf, type TrendHead } from '../../workflows/reports/service-report-figures';
import type { ReportQuery } from '../../workflows/reports/report-query';
import type { ServiceReport } from '../../workflows/reports/service-report';
import type { PolicyFor } from '../../workflows/reports/ticket-replay';
import type { Desk } from '../desk';
import { indexNames } from '../store/table-schema';
import { headsWhere, logReader, newestOf } from '../lifecycle/ticket-logs';
import { replayPoliciesFor } from './replay-policies';

/** Logs read at once: enough to overlap round trips, few enough not to throttle the table. */
export const REPORT_LOGS_IN_PARALLEL = 32;

/** What the report reads of every head: when it was opened and changed, whether it ended, and what billing reads. */
export type ReportHead = Pick<TicketHead, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'customerId'> &
  BillingHead & { snapshot: Pick<PersistedTicket, 'status'> };

const headProjection = {
  ProjectionExpression: [
    '#id, #version, #kind, createdAt, updatedAt, customerId, #snapshot.#done',
    '#snapshot.#context.#id, #snapshot.#context.#kind, #snapshot.#context.catalogItemId',
    '#snapshot.#context.visits, #snapshot.#context.quote',
  ].join(', '),
  names: {
    '#id': 'id',
    '#version': 'version',
    '#kind': 'kind',
    '#snapshot': 'snapshot',
    '#done': 'status',
    '#context': 'context',
  },
};

export interface ReportTickets {
  tickets: { head: ReportHead; events: LoggedEvent[] }[];
  billable: BillableTicket[];
  trendHeads: TrendHead[];
  policyFor: PolicyFor;
}

/** The heads a report reads: only what it needs of each (a head's snapshot is most of its size). */
async function headsSince(
  desk: Desk,
  since: number,
  customerId: string | null,
  onPage: (heads: ReportHead[]) => void,
): Promise<ReportHead[]> {
  const { client, tableName } = desk.table;
  const statuses = lifecycleStatuses(desk.machine);
  const { ProjectionExpression, names } = headProjection;
  const byStatus = (status: string, final: boolean) =>
    headsWhere<ReportHead>(
      client,
      tableName,
      {
        IndexName: indexNames.byStatus,
        ProjectionExpression,
        KeyConditionExpression: final ? '#status = :status AND updatedAt >= :since' : '#status = :status',
        ExpressionAttributeNames: {
          ...names,
          '#status': 'status',
          ...(customerId === null ? {} : { '#customer': 'customerId' }),
        },
        ExpressionAttributeValues: {
          ':status': status,
          ...(final ? { ':since': since } : {}),
          ...(customerId === null ? {} : { ':customer': customerId }),
        },
        ...(customerId === null ? {} : { filter: '#customer = :customer' }),
      },
      onPage,
    );
  if (customerId === null) return (await Promise.all(statuses.map((s) => byStatus(s.status, s.final)))).flat();
  // One customer's changed tickets from its own index; its open ones however long untouched.
  const [changed, ...open] = await Promise.all([
    headsWhere<ReportHead>(
      client,
      tableName,
      {
        IndexName: indexNames.byCustomer,
        ProjectionExpression,
        KeyConditionExpression: 'customerId = :customer AND updatedAt >= :since',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':customer': customerId, ':since': since },
      },
      onPage,
    ),
    ...statuses.filter((s) => !s.final).map((s) => byStatus(s.status, false)),
  ]);
  return [...changed, ...open.flat()];
}

export async function readReportTickets(desk: Desk, query: ReportQuery): Promise<ReportTickets> {
  const timeZone = desk.policy.businessHours.timeZone;
  const { from, to } = monthRange(query.month, timeZone);
  const trendFrom = monthRange(monthPlus(query.month, -11), timeZone).from;
  // Open at some instant of the month: created before its end, not ended before its start. Their
  // logs are read while the index pages still arrive.
  const openInMonth = (h: ReportHead) => h.createdAt < to && !(h.snapshot.status !== 'active' && h.updatedAt < from);
  const reader = logReader<ReportHead>(desk.store, REPORT_LOGS_IN_PARALLEL);
  const heads = newestOf(
    await headsSince(desk, trendFrom, query.customerId, (page) => page.filter(openInMonth).forEach(reader.add)),
  );
  const tickets = newestOf(await reader.done(), (t) => t.head);
  // What billing reads of a head came with it, and each log is cut at that head's version.
  const billable = tickets.filter((t) => hasBillableWork(t.head));
  const policyFor = await replayPoliciesFor(
    desk,
    tickets.map((t) => t.events),
  );
  return { tickets, billable, trendHeads: heads.map(trendHeadOf), policyFor };
}

/** The month's report, read and replayed. */
export async function readServiceReport(desk: Desk, query: ReportQuery): Promise<ServiceReport> {
  const read = await readReportTickets(desk, query);
  return serviceReport({ ...query, ...read, policy: desk.policy, now: desk.clock.now() });
}
