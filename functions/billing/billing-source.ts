// Reads what the billing export needs from the table: the heads of tickets changed since the month
// began (one customer's through the byCustomer index, everyone's through the status index), and
// the event log of each head that holds billable work.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hasBillableWork, type BillableTicket } from '../../workflows/billing/billing';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import type { Desk } from '../desk';
import { indexNames } from '../store/table-schema';
import { createTicketStore } from '../lifecycle/ticket-store';
import { headsWhere as headsWhereOn, logsOf, newestOf, type HeadQuery } from '../lifecycle/ticket-logs';

export interface BillingSource {
  /**
   * Every ticket with billable work whose head changed at or after `since` (for one customer, or
   * all when null). A billable fact is an event, so it never postdates its head's last change:
   * tickets untouched since `since` cannot bill anything from then on.
   */
  ticketsChangedSince(since: number, customerId: string | null): Promise<BillableTicket[]>;
}

/** Logs read at once: enough to overlap round trips, few enough not to throttle the table. */
const LOG_READS_IN_PARALLEL = 8;

export function createBillingSource(
  client: DynamoDBDocumentClient,
  tableName: string,
  machine: TicketMachine,
): BillingSource {
  const store = createTicketStore(client, tableName);
  const statuses = lifecycleStatuses(machine).map((s) => s.status);

  const headsWhere = (query: HeadQuery) => headsWhereOn(client, tableName, query);

  const changedHeads = async (since: number, customerId: string | null) =>
    customerId !== null
      ? headsWhere({
          IndexName: indexNames.byCustomer,
          KeyConditionExpression: 'customerId = :customer AND updatedAt >= :since',
          ExpressionAttributeValues: { ':customer': customerId, ':since': since },
        })
      : // Every customer, and tickets nobody assigned one: the status index covers all heads.
        (
          await Promise.all(
            statuses.map((status) =>
              headsWhere({
                IndexName: indexNames.byStatus,
                KeyConditionExpression: '#status = :status AND updatedAt >= :since',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': status, ':since': since },
              }),
            ),
          )
        ).flat();

  return {
    async ticketsChangedSince(since, customerId) {
      const heads = newestOf(await changedHeads(since, customerId)).filter(hasBillableWork);
      return logsOf(store, heads, LOG_READS_IN_PARALLEL);
    },
  };
}

/** The billing source on the desk's own table. */
export function billingSourceOf(desk: Desk): BillingSource {
  return createBillingSource(desk.table.client, desk.table.tableName, desk.machine);
}
