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
  onPage?: (heads: H[]) => void,
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
    const found = (page.Items ?? []).map(toHead) as H[];
    heads.push(...found);
    onPage?.(found);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return heads;
}

/** An index is read eventually consistently: a head caught mid-move can show twice; keep the newest. */
export function newestOf<T>(
  items: Iterable<T>,
  headOf: (item: T) => Pick<TicketHead, 'id' | 'version'> = (item) => item as Pick<TicketHead, 'id' | 'version'>,
): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const { id, version } = headOf(item);
    const kept = newest.get(id);
    if (kept === undefined || headOf(kept).version < version) newest.set(id, item);
  }
  return [...newest.values()];
}

/** Each head with its log up to the head's version (head and log describe the same ticket), in the heads' order. */
export async function logsOf<H extends Pick<TicketHead, 'id' | 'version'>>(
  store: Pick<TicketStore, 'listEvents'>,
  heads: H[],
  inFlight: number,
): Promise<{ head: H; events: LoggedEvent[] }[]> {
  const reader = logReader<H>(store, inFlight);
  heads.forEach(reader.add);
  return reader.done();
}

/**
 * Reads logs while the heads are still arriving (page by page from an index): `add` a head as it
 * comes, `done` once all are added; at most `inFlight` logs are read at once, in the order added.
 */
export function logReader<H extends Pick<TicketHead, 'id' | 'version'>>(
  store: Pick<TicketStore, 'listEvents'>,
  inFlight: number,
): { add(head: H): void; done(): Promise<{ head: H; events: LoggedEvent[] }[]> } {
  const heads: H[] = [];
  const read: { head: H; events: LoggedEvent[] }[] = [];
  const workers: Promise<void>[] = [];
  let next = 0;
  let active = 0;
  // A worker reads until nothing is waiting, then ends; `add` starts one while fewer than `inFlight` run.
  const worker = async () => {
    active++;
    try {
      while (next < heads.length) {
        const i = next++;
        const head = heads[i]!;
        read[i] = { head, events: await store.listEvents(head.id, head.version) };
      }
    } finally {
      active--;
    }
  };
  return {
    add(head) {
      heads.push(head);
      if (active < inFlight) workers.push(worker());
    },
    async done() {
      await Promise.all(workers);
      return read;
    },
  };
}
