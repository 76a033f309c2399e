// Reads a ticket's history: its requester's and its customer's other tickets, one bounded Query
// each on the indexes the head carries the keys of (written in the head's own transaction).
import { QueryCommand, type DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { HistoryEntry, TicketHistory } from '../../workflows/lifecycle/ticket-history';
import { historyLine } from '../../workflows/lifecycle/ticket-history';
import type { Desk } from '../desk';
import { indexNames } from '../store/table-schema';
import { requesterKeyOf } from './ticket-store';

/** How many of each list a ticket shows: the latest ones. */
export const HISTORY_LIMIT = 20;

type Read = (index: string, key: string, value: string) => Promise<HistoryEntry[]>;

/** One bounded Query of a history index (the requester's, the customer's): the newest `limit` items of one key. */
export async function newestOnIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: { index: string; key: string; value: string; limit: number },
): Promise<Record<string, NativeAttributeValue>[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: query.index,
      KeyConditionExpression: '#key = :value',
      ExpressionAttributeNames: { '#key': query.key },
      ExpressionAttributeValues: { ':value': query.value },
      ScanIndexForward: false,
      Limit: query.limit,
    }),
  );
  return Items;
}

function reader(client: DynamoDBDocumentClient, tableName: string, self: string, limit: number): Read {
  return async (index, key, value) => {
    // One more than shown: the ticket itself is on both lists and is left out.
    const Items = await newestOnIndex(client, tableName, { index, key, value, limit: limit + 1 });
    return Items.map((item: Record<string, NativeAttributeValue>) => item as HistoryEntry)
      .filter((entry) => entry.id !== self)
      .slice(0, limit);
  };
}

export async function readTicketHistory(desk: Desk, head: TicketHead, limit = HISTORY_LIMIT): Promise<TicketHistory> {
  const read = reader(desk.table.client, desk.table.tableName, head.id, limit);
  const [requester, customer] = await Promise.all([
    read(indexNames.byRequester, 'requesterKey', requesterKeyOf(head.requester.email)),
    // The customer's tickets by latest activity: the index billing reads; a second new index would
    // make an existing stack need two deploys (DynamoDB adds one index per table update).
    head.customerId === null ? [] : read(indexNames.byCustomer, 'customerId', head.customerId),
  ]);
  const now = desk.clock.now();
  const line = (entry: HistoryEntry) => historyLine(desk.machine, desk.policy, entry, now);
  return { requester: requester.map(line), customer: customer.map(line) };
}
