// Reads what a month's service report replays: every ticket open at some instant of the month with
// its log, and the heads of those open at the trend's earlier month ends. A ticket open at an
// instant is open now or changed since (a closed ticket takes no events), so the heads are the open
// ones and those changed since the trend's first month began: one customer's through the byCustomer
// index, everyone's through the status index.
import type { BillableTicket } from '../../workflows/billing/billing';
import { monthRange } from '../../workflows/billing/billing';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { monthPlus, serviceReport, trendHeadOf, type TrendHead } from '../../workflows/reports/service-report-figures';
import type { ReportQuery } from '../../workflows/reports/report-query';
import type { ServiceReport } from '../../workflows/reports/service-report';
import type { PolicyFor } from '../../workflows/reports/ticket-replay';
import type { Desk } from '../desk';
import { indexNames } from '../store/table-schema';
import { headsWhere, logsOf, newestOf } from '../lifecycle/ticket-logs';
import { replayPoliciesFor } from './replay-policies';

/** Logs read at once: enough to overlap round trips, few enough not to throttle the table. */
export const REPORT_LOGS_IN_PARALLEL = 32;

export interface ReportTickets {
  tickets: BillableTicket[];
  trendHeads: TrendHead[];
  policyFor: PolicyFor;
}

async function headsSince(desk: Desk, since: number, customerId: string | null): Promise<TicketHead[]> {
  const { client, tableName } = desk.table;
  const statuses = lifecycleStatuses(desk.machine);
  const byStatus = (status: string, final: boolean) =>
    headsWhere(client, tableName, {
      IndexName: indexNames.byStatus,
      KeyConditionExpression: final ? '#status = :status AND updatedAt >= :since' : '#status = :status',
      ExpressionAttributeNames: { '#status': 'status', ...(customerId === null ? {} : { '#customer': 'customerId' }) },
      ExpressionAttributeValues: {
        ':status': status,
        ...(final ? { ':since': since } : {}),
        ...(customerId === null ? {} : { ':customer': customerId }),
      },
      ...(customerId === null ? {} : { filter: '#customer = :customer' }),
    });
  if (customerId === null) return (await Promise.all(statuses.map((s) => byStatus(s.status, s.final)))).flat();
  // One customer's changed tickets from its own index; its open ones however long untouched.
  const [changed, ...open] = await Promise.all([
    headsWhere(client, tableName, {
      IndexName: indexNames.byCustomer,
      KeyConditionExpression: 'customerId = :customer AND updatedAt >= :since',
      ExpressionAttributeValues: { ':customer': customerId, ':since': since },
    }),
    ...statuses.filter((s) => !s.final).map((s) => byStatus(s.status, false)),
  ]);
  return [...changed, ...open.flat()];
}

export async function readReportTickets(desk: Desk, query: ReportQuery): Promise<ReportTickets> {
  const timeZone = desk.policy.businessHours.timeZone;
  const { from, to } = monthRange(query.month, timeZone);
  const trendFrom = monthRange(monthPlus(query.month, -11), timeZone).from;
  const heads = newestOf(await headsSince(desk, trendFrom, query.customerId));
  // Open at some instant of the month: created before its end, not ended before its start.
  const inMonth = heads.filter((h) => h.createdAt < to && !(h.snapshot.status !== 'active' && h.updatedAt < from));
  const tickets = await logsOf(desk.store, inMonth, REPORT_LOGS_IN_PARALLEL);
  const policyFor = await replayPoliciesFor(
    desk,
    tickets.map((t) => t.events),
  );
  return { tickets, trendHeads: heads.map(trendHeadOf), policyFor };
}

/** The month's report, read and replayed. */
export async function readServiceReport(desk: Desk, query: ReportQuery): Promise<ServiceReport> {
  const read = await readReportTickets(desk, query);
  return serviceReport({ ...query, ...read, policy: desk.policy, now: desk.clock.now() });
}
