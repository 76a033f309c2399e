// The search section of `npm run bench`: p50/p99 of searches over SEARCH_TICKETS tickets against a
// same-run baseline of one indexed Query (a status queue's page) on the same table. The tickets'
// heads and postings are seeded directly with BatchWrite (a Zipf vocabulary), on their own table.
import {
  CreateTableCommand,
  DeleteTableCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { postingPk, postingSk } from '../functions/search/search-items';
import { searchTickets } from '../functions/search/ticket-search';
import { indexNames, tableDefinition } from '../functions/store/table-schema';
import { lifecycleStatuses } from '../workflows/lifecycle/state-titles';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { parseSearchQuery } from '../workflows/search/search-query';

const TICKETS = Number(process.env.SEARCH_TICKETS ?? 100_000);
const VOCABULARY = 50_000;
const TERMS_PER_TICKET = 5;
const RUNS = Number(process.env.SEARCH_RUNS ?? 200);
const SEED_CONCURRENCY = 32;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The word of a rank: rank 1 the most common. */
const word = (rank: number) => `w${rank.toString(36)}z`;

/** A Zipf (s = 1) draw of a rank from 1..VOCABULARY, by a seeded generator so runs compare. */
function zipf(random: () => number) {
  const cumulative = new Float64Array(VOCABULARY);
  let sum = 0;
  for (let k = 1; k <= VOCABULARY; k++) cumulative[k - 1] = sum += 1 / k;
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(client: DynamoDBDocumentClient, tableName: string) {
  const random = mulberry32(42);
  const rank = zipf(random);
  const openStatuses = ['triage', 'diagnosing', 'waitingForCustomer'];
  const customers = defaultPolicy.customers.map((c) => c.id);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const id = `INC-2025-${String(i + 1).padStart(6, '0')}`;
    const createdAt = start + i * 60_000;
    const status = random() < 0.2 ? openStatuses[i % openStatuses.length]! : 'closed';
    const email = `user${i % 5000}@example.com`;
    items.push({
      pk: `TICKET#${id}`,
      sk: 'HEAD',
      entity: 'head',
      id,
      kind: 'incident',
      status,
      stage: status,
      priority: `P${1 + (i % 4)}`,
      subject: `Ticket ${i}`,
      requester: { email },
      requesterKey: email,
      customerId: customers[i % customers.length],
      language: 'nl',
      version: 1,
      createdAt,
      updatedAt: createdAt + 3_600_000,
      snapshot: { value: {}, context: {} },
      timers: [],
    });
    const terms = new Set(Array.from({ length: TERMS_PER_TICKET }, () => word(rank())));
    for (const term of terms)
      items.push({ pk: postingPk(term), sk: postingSk(createdAt, id), entity: 'posting', ticketId: id });
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < items.length) {
        const batch = items.slice(next, (next += 25));
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
  return { items: items.length, seconds: (performance.now() - started) / 1000 };
}

async function timed(runs: number, task: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await task();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
}

export async function benchSearch(raw: DynamoDBClient, client: DynamoDBDocumentClient) {
  const tableName = 'bench-search';
  await raw.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  await raw.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: tableName });
  const seeded = await seed(client, tableName);

  const machine = createTicketMachine(defaultPolicy);
  const statuses = lifecycleStatuses(machine);
  const all = statuses.map((s) => s.status);
  const table = { client, tableName };
  const search = (params: Record<string, string>) => {
    const parsed = parseSearchQuery(params, defaultPolicy, statuses);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return () => searchTickets(table, parsed.value, all);
  };
  const baseline = await timed(RUNS, () =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexNames.byStatus,
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'triage' },
        ScanIndexForward: false,
        Limit: 50,
      }),
    ),
  );
  const cases: [string, Record<string, string>][] = [
    ['a rare word (rank 5000)', { q: word(5000) }],
    ['a common word (rank 1)', { q: word(1) }],
    ['two words (ranks 10 and 300)', { q: `${word(10)} ${word(300)}` }],
    ['a common word, open only', { q: word(2), status: 'open' }],
    ['a mid word and a customer', { q: word(50), customer: 'acme' }],
    ['no words: the open queue', {}],
    ['a customer, P2', { customer: 'globex', priority: 'P2' }],
  ];
  const searches: Record<string, { p50: number; p99: number; found: number; p50Ratio: number }> = {};
  for (const [name, params] of cases) {
    const run = search(params);
    const found = (await run()).heads.length;
    const latency = await timed(RUNS, run);
    searches[name] = { ...latency, found, p50Ratio: round(latency.p50 / baseline.p50) };
  }
  await raw.send(new DeleteTableCommand({ TableName: tableName }));
  return {
    tickets: TICKETS,
    vocabulary: VOCABULARY,
    termsPerTicket: TERMS_PER_TICKET,
    seeded: {
      items: seeded.items,
      seconds: round(seeded.seconds, 1),
      itemsPerSecond: round(seeded.items / seeded.seconds, 0),
    },
    runs: RUNS,
    baselineQuery: baseline,
    searches,
  };
}

export function printSearch(results: Awaited<ReturnType<typeof benchSearch>>) {
  console.log(
    `\nSearch over ${results.tickets} tickets (${results.seeded.items} items seeded in ${results.seeded.seconds} s), page of 50, ${results.runs} runs each\n`,
  );
  console.table({
    'baseline: one indexed Query (50 of a status)': { ...results.baselineQuery, found: 50, p50Ratio: 1 },
    ...results.searches,
  });
}
