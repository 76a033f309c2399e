// Builds the search index for tickets whose events were written before it existed (or before a
// change to what is indexed): every ticket's logged events give their index items again, by the
// same function a commit uses, written with BatchWrite. Every item is an idempotent Put of what the
// commit itself writes, so it may run while the desk works, be stopped and be run again. A marker
// item says the table's index is whole, so a desk builds it once.
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import type { TicketStore } from '../lifecycle/ticket-store';
import { searchItems } from './search-items';

type Item = Record<string, NativeAttributeValue>;

/** Which build of the index a table holds; raise it when what is indexed changes. */
export const SEARCH_INDEX_VERSION = 1;
const markerKey = { pk: 'SEARCHINDEX', sk: 'SEARCHINDEX' };
const BATCH = 25;

export interface ReindexDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: Pick<TicketStore, 'getHead' | 'listEvents'>;
  /** Between retries of items DynamoDB left unprocessed (throttling). */
  backoff?: (attempt: number) => Promise<void>;
}

const wait = (attempt: number) => new Promise<void>((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2000)));

async function writeAll(deps: ReindexDeps, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    let pending = items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await (deps.backoff ?? wait)(attempt);
      const result = await deps.client.send(new BatchWriteCommand({ RequestItems: { [deps.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[deps.tableName] ?? []) as typeof pending;
    }
  }
}

/** Whether the table's search index is whole at this version (a new table's is). */
export async function searchIndexIsWhole(deps: Pick<ReindexDeps, 'client' | 'tableName'>): Promise<boolean> {
  const found = await deps.client.send(new GetCommand({ TableName: deps.tableName, Key: markerKey }));
  return Number(found.Item?.version ?? 0) >= SEARCH_INDEX_VERSION;
}

export async function markSearchIndexWhole(deps: Pick<ReindexDeps, 'client' | 'tableName'>, at: number) {
  await deps.client.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...markerKey, entity: 'search-index', version: SEARCH_INDEX_VERSION, builtAt: at },
    }),
  );
}

/** Indexes every ticket's events; returns how many tickets and items it wrote. */
export async function reindexSearch(deps: ReindexDeps): Promise<{ tickets: number; items: number }> {
  let tickets = 0;
  let items = 0;
  let start: Item | undefined;
  do {
    const page = await deps.client.send(
      new ScanCommand({
        TableName: deps.tableName,
        FilterExpression: 'entity = :head',
        ExpressionAttributeValues: { ':head': 'head' },
        ProjectionExpression: 'id',
        ExclusiveStartKey: start,
      }),
    );
    for (const { id } of page.Items ?? []) {
      const head = await deps.store.getHead(String(id));
      if (!head) continue;
      // One item per key: a batch may not name a key twice, and a word's posting is one item however often it occurs.
      const byKey = new Map<string, Item>();
      for (const event of await deps.store.listEvents(head.id))
        for (const item of searchItems({ head, event }, 0)) byKey.set(`${item.pk}\u0000${item.sk}`, item);
      const written = [...byKey.values()];
      await writeAll(deps, written);
      tickets += 1;
      items += written.length;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { tickets, items };
}
