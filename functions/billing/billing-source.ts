// Reads what the billing export needs from the table: the heads of tickets changed since the month
// began (one customer's through the byCustomer index, everyone's through the status index), and
// the event log of each head that holds billable work.
import {
  QueryCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { hasBillableWork, type BillableTicket } from '../../workflows/billing/billing';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import type { Desk } from '../desk';
import { indexNames } from '../store/table-schema';
import { createTicketStore, toHead } from '../lifecycle/ticket-store';

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

  const headsWhere = async (
    input: Pick<
      QueryCommandInput,
      'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ) => {
    const heads: TicketHead[] = [];
    let ExclusiveStartKey: Record<string, NativeAttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          ...input,
          TableName: tableName,
          // Only heads carry these index keys today; the filter keeps it so if another item ever does.
          FilterExpression: 'entity = :head',
          ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':head': 'head' },
          ExclusiveStartKey,
        }),
      );
      heads.push(...(page.Items ?? []).map(toHead));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return heads;
  };

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
      // An index is read eventually consistently: a head caught mid-move could show twice; keep the newest.
      const newest = new Map<string, TicketHead>();
      for (const head of await changedHeads(since, customerId)) {
        if (hasBillableWork(head) && (newest.get(head.id)?.version ?? 0) < head.version) newest.set(head.id, head);
      }
      const heads = [...newest.values()];
      const tickets: BillableTicket[] = [];
      for (let i = 0; i < heads.length; i += LOG_READS_IN_PARALLEL) {
        const batch = heads.slice(i, i + LOG_READS_IN_PARALLEL);
        // The log cut at the head's version, so head and log describe the same ticket.
        tickets.push(
          ...(await Promise.all(
            batch.map(async (head) => ({ head, events: await store.listEvents(head.id, head.version) })),
          )),
        );
      }
      return tickets;
    },
  };
}

/** The Lambda wiring: the same table as deskFromEnv(), read through its own client. */
/** The billing source on the desk's own table. */
export function billingSourceOf(desk: Desk): BillingSource {
  return createBillingSource(desk.table.client, desk.table.tableName, desk.machine);
}
