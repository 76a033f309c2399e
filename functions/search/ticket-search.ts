// Runs a search on the table: reads the driving index newest first (a word's postings with its
// packed bucket, a requester's or customer's tickets, or the statuses' queues), checks the other
// words by BatchGet of their postings (and packed items where the ticket has any), reads the heads
// and filters them, and stops at a page, or after a bounded number of tickets looked at, with the
// position of the last one as the next cursor.
import {
  QueryCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { bucketOf } from '../../workflows/search/search-postings';
import type { Position, SearchQuery } from '../../workflows/search/search-query';
import { driverOf, headMatches, isAfter, orderOf, type Driver } from '../../workflows/search/search-plan';
import { indexNames } from '../store/table-schema';
import { batchGetAll } from '../store/batch-get';
import { toHead } from '../lifecycle/ticket-store';
import { packedMarkerKey, packedPk, postingPk, postingSk } from './search-items';

type Item = Record<string, NativeAttributeValue>;
interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** How many tickets one page looks at before it hands back a cursor (a page may then be short). */
export const MAX_EXAMINED = 1000;
const BATCH = 25;
/** One read of an index: a page's worth, not the 1 MB a Query returns unasked (heads are large). */
const QUERY_PAGE = 100;

interface Candidate {
  position: Position;
  /** The head, when the driving index projects it. */
  head?: TicketHead;
}

export interface SearchPage {
  heads: TicketHead[];
  /** Where the next page starts; null when the index has no more. */
  next: Position | null;
}

/** A cursor's driver must be this search's: its position means nothing in another order. */
export class CursorMismatchError extends Error {
  override readonly name = 'CursorMismatchError';
}

async function* queryItems(table: Table, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        ...input,
        TableName: table.tableName,
        ExclusiveStartKey,
        ScanIndexForward: false,
        Limit: QUERY_PAGE,
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

const before = (a: Position, b: Position) => isAfter(b, a);

/** Several streams newest first, as one (equal positions once). */
async function* merged(streams: AsyncGenerator<Candidate>[]): AsyncGenerator<Candidate> {
  const current = await Promise.all(streams.map((s) => s.next()));
  let last: Position | null = null;
  for (;;) {
    let best = -1;
    current.forEach((r, i) => {
      if (!r.done && (best < 0 || before(r.value.position, (current[best]!.value as Candidate).position))) best = i;
    });
    if (best < 0) return;
    const candidate = current[best]!.value as Candidate;
    current[best] = await streams[best]!.next();
    if (last && last.id === candidate.position.id && last.at === candidate.position.at) continue;
    last = candidate.position;
    yield candidate;
  }
}

/** An index sorted by time only: equal times in id order (newest-first order's tie-break), past the cursor. */
async function* inOrder(items: AsyncGenerator<Item>, toCandidate: (i: Item) => Candidate, cursor?: Position) {
  let ties: Candidate[] = [];
  const flush = function* () {
    ties.sort((a, b) => (a.position.id < b.position.id ? 1 : -1));
    for (const c of ties) if (!cursor || isAfter(c.position, cursor)) yield c;
    ties = [];
  };
  for await (const item of items) {
    const c = toCandidate(item);
    if (ties.length && ties[0]!.position.at !== c.position.at) yield* flush();
    ties.push(c);
  }
  yield* flush();
}

function streamOf(table: Table, driver: Driver, cursor?: Position): AsyncGenerator<Candidate> {
  const by = orderOf(driver);
  if (driver.index === 'words') {
    const below = cursor ? postingSk(cursor.at, cursor.id) : undefined;
    const range = below ? ' AND sk < :below' : '';
    const words = (item: Item): Candidate => ({
      position: { by, at: Number(String(item.sk).slice(0, 15)), id: String(item.ticketId) },
    });
    const read = async function* (input: Omit<QueryCommandInput, 'TableName'>) {
      for await (const item of queryItems(table, input)) yield words(item);
    };
    return merged([
      read({
        KeyConditionExpression: `pk = :pk${range}`,
        ExpressionAttributeValues: { ':pk': postingPk(driver.term), ...(below && { ':below': below }) },
      }),
      read({
        KeyConditionExpression: `pk = :pk${range}`,
        FilterExpression: 'contains(terms, :term)',
        ProjectionExpression: 'sk, ticketId',
        ExpressionAttributeValues: {
          ':pk': packedPk(bucketOf(driver.term)),
          ':term': driver.term,
          ...(below && { ':below': below }),
        },
      }),
    ]);
  }
  const gsi = (index: string, key: string, value: string, sortKey: string) =>
    queryItems(table, {
      IndexName: index,
      KeyConditionExpression: `#key = :value${cursor ? ' AND #sort <= :at' : ''}`,
      ExpressionAttributeNames: { '#key': key, ...(cursor && { '#sort': sortKey }) },
      ExpressionAttributeValues: { ':value': value, ...(cursor && { ':at': cursor.at }) },
    });
  if (driver.index === 'requester') {
    return inOrder(
      gsi(indexNames.byRequester, 'requesterKey', driver.requesterKey, 'createdAt'),
      (item) => ({ position: { by, at: Number(item.createdAt), id: String(item.id) } }),
      cursor,
    );
  }
  const withHead = (item: Item): Candidate => {
    const head = toHead(item);
    return { position: { by, at: head.updatedAt, id: head.id }, head };
  };
  if (driver.index === 'customer')
    return inOrder(gsi(indexNames.byCustomer, 'customerId', driver.customerId, 'updatedAt'), withHead, cursor);
  return merged(
    driver.statuses.map((status) => inOrder(gsi(indexNames.byStatus, 'status', status, 'updatedAt'), withHead, cursor)),
  );
}

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

/** Which of these tickets carry every one of the words, as postings or packed terms. */
async function withAllTerms(table: Table, candidates: Candidate[], terms: string[]): Promise<Set<string>> {
  const ids = new Set(candidates.map((c) => c.position.id));
  if (!terms.length) return ids;
  const skOf = (c: Candidate) => postingSk(c.position.at, c.position.id);
  const keys = candidates.flatMap((c) => [
    ...terms.map((term) => ({ pk: postingPk(term), sk: skOf(c) })),
    packedMarkerKey(c.position.id),
  ]);
  const present = new Set(
    (await batchGetAll(table, keys, { projection: '#pk, #sk', names: { '#pk': 'pk', '#sk': 'sk' } })).map(keyOf),
  );
  const matching = await Promise.all(
    candidates.map(async (c) => {
      const missing = terms.filter((term) => !present.has(keyOf({ pk: postingPk(term), sk: skOf(c) })));
      if (!missing.length) return true;
      if (!present.has(keyOf(packedMarkerKey(c.position.id)))) return false;
      for (const term of missing) {
        const packed = queryItems(table, {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ticket)',
          FilterExpression: 'contains(terms, :term)',
          ProjectionExpression: 'sk',
          ExpressionAttributeValues: { ':pk': packedPk(bucketOf(term)), ':ticket': `${skOf(c)}#`, ':term': term },
        });
        if ((await packed.next()).done) return false;
      }
      return true;
    }),
  );
  return new Set(candidates.filter((_, i) => matching[i]).map((c) => c.position.id));
}

async function headsOf(table: Table, candidates: Candidate[]): Promise<Map<string, TicketHead>> {
  const heads = new Map(candidates.flatMap((c) => (c.head ? [[c.head.id, c.head] as const] : [])));
  const missing = candidates.filter((c) => !c.head).map((c) => ({ pk: `TICKET#${c.position.id}`, sk: 'HEAD' }));
  for (const item of await batchGetAll(table, missing)) {
    const head = toHead(item);
    heads.set(head.id, head);
  }
  return heads;
}

export async function searchTickets(
  table: Table,
  query: SearchQuery,
  allStatuses: readonly string[],
): Promise<SearchPage> {
  const driver = driverOf(query, allStatuses);
  if (query.cursor && query.cursor.by !== orderOf(driver)) throw new CursorMismatchError('not a cursor of this search');
  const others = driver.index === 'words' ? query.terms.filter((t) => t !== driver.term) : [];
  const stream = streamOf(table, driver, query.cursor);
  const found: TicketHead[] = [];
  const seen = new Set<string>();
  let examined = 0;
  for (;;) {
    const batch: Candidate[] = [];
    while (batch.length < BATCH) {
      const next = await stream.next();
      if (next.done) break;
      if (seen.has(next.value.position.id)) continue;
      seen.add(next.value.position.id);
      batch.push(next.value);
    }
    if (!batch.length) return { heads: found, next: null };
    // Words first: a ticket without them needs no head read.
    const worded = await withAllTerms(table, batch, others);
    const read = await headsOf(
      table,
      batch.filter((c) => worded.has(c.position.id)),
    );
    for (const c of batch) {
      examined++;
      const head = read.get(c.position.id);
      if (head && worded.has(head.id) && headMatches(query, head)) found.push(head);
      if (found.length === query.limit || examined >= MAX_EXAMINED) {
        await stream.return(undefined);
        return { heads: found, next: c.position };
      }
    }
  }
}
