// Reads many tickets for the month-wide views (billing, the service report): heads from an index
// (every page, heads only, the newest copy of each), then each head's event log cut at the head's
// version, a bounded number of logs in flight at once.
import {
  QueryCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { toHead, type TicketStore } from './ticket-store';

export type HeadQuery = Pick<
  QueryCommandInput,
  | 'IndexName'
  | 'KeyConditionExpression'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
  | 'ProjectionExpression'
> & { filter?: string };

/** Every head an index query finds, all pages (only the attributes a projection names, when it names some). */
export async function headsWhere<H = TicketHead>(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: HeadQuery,
): Promise<H[]> {
  const { filter, ...input } = query;
  const heads: H[] = [];
  let ExclusiveStartKey: Record<string, NativeAttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        ...input,
        TableName: tableName,
        // Only heads carry these index keys today; the filter keeps it so if another item ever does.
        FilterExpression: filter ? `entity = :head AND (${filter})` : 'entity = :head',
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':head': 'head' },
        ExclusiveStartKey,
      }),
    );
    heads.push(...((page.Items ?? []).map(toHead) as H[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return heads;
}

/** An index is read eventually consistently: a head caught mid-move can show twice; keep the newest. */
export function newestOf<H extends Pick<TicketHead, 'id' | 'version'>>(heads: Iterable<H>): H[] {
  const newest = new Map<string, H>();
  for (const head of heads) if ((newest.get(head.id)?.version ?? 0) < head.version) newest.set(head.id, head);
  return [...newest.values()];
}

/** Each head with its log up to the head's version (head and log describe the same ticket), in the heads' order. */
export async function logsOf<H extends Pick<TicketHead, 'id' | 'version'>>(
  store: Pick<TicketStore, 'listEvents'>,
  heads: H[],
  inFlight: number,
): Promise<{ head: H; events: LoggedEvent[] }[]> {
  const read: { head: H; events: LoggedEvent[] }[] = new Array(heads.length);
  let next = 0;
  const worker = async () => {
    while (next < heads.length) {
      const i = next++;
      const head = heads[i]!;
      read[i] = { head, events: await store.listEvents(head.id, head.version) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, heads.length) }, worker));
  return read;
}
