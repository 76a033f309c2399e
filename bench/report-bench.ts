// The service report section of `npm run bench`: a month of REPORT_TICKETS tickets reported against
// a same-run baseline of reading those tickets' logs once, on the same table. A base set of tickets
// lives through the month by the engine (local/seed-month.ts); the rest are copies of those, item
// for item under new ticket numbers, because driving every one would take the bench far too long.
import {
  CreateTableCommand,
  DeleteTableCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../functions/clock';
import { createDesk } from '../functions/desk';
import { logsOf } from '../functions/lifecycle/ticket-logs';
import { headItem, ticketPk, toHead } from '../functions/lifecycle/ticket-store';
import { readReportTickets, readServiceReport, REPORT_LOGS_IN_PARALLEL } from '../functions/reports/report-source';
import { tableDefinition } from '../functions/store/table-schema';
import { seedMonth } from '../local/seed-month';
import { parseLinkKeys } from '../workflows/links/link-token';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { serviceReport } from '../workflows/reports/service-report-figures';
import type { ServiceReport } from '../workflows/reports/service-report';
import { instantAt } from '../workflows/time/zoned-time';

const TICKETS = Number(process.env.BENCH_REPORT_TICKETS ?? 10_000);
const SEEDED = Math.min(TICKETS, Number(process.env.BENCH_REPORT_SEEDED ?? 1000));
const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 3);
const MONTH = '2026-11';
const WRITE_CONCURRENCY = 16;
/**
 * The report may take this many times one read of its tickets' logs. The reads are the floor; on
 * top come the index queries for the heads (a few pages, small next to a log per ticket) and the
 * replay, which is CPU: every event stepped again through the policy's business calendar, then the
 * figures sorted into sets of ticket ids.
 */
export const REPORT_BUDGET = 2.0;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** `value` with every mention of one ticket id turned into another (keys, fields, texts, snapshot). */
function withId<T>(value: T, mention: RegExp, to: string): T {
  if (typeof value === 'string') return value.replace(mention, to) as T;
  if (Array.isArray(value)) return value.map((v) => withId(v, mention, to)) as T;
  if (value instanceof Set) return new Set([...value].map((v) => withId(v, mention, to))) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withId(v, mention, to)])) as T;
  return value;
}

/** Copy `n` (1, 2, …) of a ticket: the same prefix and year, its number moved up by millions (still an id of ours). */
function copyId(id: string, n: number): string {
  const [, prefix, year, number] = /^(INC|SR|CHG)-(\d{4})-(\d{6})$/.exec(id) ?? [];
  if (!prefix) throw new Error(`cannot number a copy of ${id}`);
  return `${prefix}-${year}-${n * 1_000_000 + Number(number)}`;
}

/** A ticket's head and log items as stored (its outbox and index entries elsewhere play no part in the report). */
async function storedItems(client: DynamoDBDocumentClient, tableName: string, id: string) {
  const items: Record<string, NativeAttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, NativeAttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ticketPk(id) },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []).filter((item) => item.sk === 'HEAD' || String(item.sk).startsWith('EVENT#')));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Each copy's items, ticket after ticket: the head through the store's own shape, so the indexes get their keys. */
function* copyItems(sources: { id: string; items: Record<string, NativeAttributeValue>[] }[], copies: number) {
  for (let i = 0; i < copies; i++) {
    const source = sources[i % sources.length]!;
    const id = copyId(source.id, Math.floor(i / sources.length) + 1);
    const mention = new RegExp(`${source.id}(?!\\d)`, 'g');
    for (const item of source.items) {
      const copy = withId(item, mention, id);
      yield copy.sk === 'HEAD' ? headItem(toHead(copy)) : copy;
    }
  }
}

async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Iterator<Record<string, NativeAttributeValue>>,
) {
  let written = 0;
  const nextBatch = () => {
    const batch: { PutRequest: { Item: Record<string, NativeAttributeValue> } }[] = [];
    for (
      let step = items.next();
      !step.done;
      step = batch.length < 25 ? items.next() : { done: true, value: undefined }
    ) {
      batch.push({ PutRequest: { Item: step.value } });
      if (batch.length === 25) break;
    }
    return batch;
  };
  await Promise.all(
    Array.from({ length: WRITE_CONCURRENCY }, async () => {
      for (let batch = nextBatch(); batch.length; batch = nextBatch()) {
        let pending = batch;
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
        written += batch.length;
      }
    }),
  );
  return written;
}

let peakHeap = 0;

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await task();
  const ms = performance.now() - started;
  // Taken while the result is still held: how much a report's reading and replay keep at once.
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return { ms, value };
}

export async function benchReports(raw: DynamoDBClient, client: DynamoDBDocumentClient) {
  const tableName = 'bench-report';
  await raw.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  await raw.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitUntilTableExists({ client: raw, maxWaitTime: 60 }, { TableName: tableName });
  const zone = defaultPolicy.businessHours.timeZone;
  const desk = createDesk({
    client,
    tableName,
    policy: defaultPolicy,
    clock: manualClock(instantAt({ year: 2026, month: 12, day: 2, hour: 9 }, zone)),
    links: {
      keys: parseLinkKeys('bench:bench-link-secret-0123456789'),
      baseUrl: 'https://desk.example.com',
      validitySeconds: 30 * 86_400,
    },
  });

  const seeded = await timed(() => seedMonth(desk, { month: MONTH, tickets: SEEDED, seed: 2026 }));
  const sources = await Promise.all(
    seeded.value.tickets.map(async (t) => ({ id: t.id, items: await storedItems(client, tableName, t.id) })),
  );
  const copies = TICKETS - SEEDED;
  const copied = await timed(() => writeAll(client, tableName, copyItems(sources, copies)));

  const query = { month: MONTH, customerId: null };
  // Every source stands for itself and its copies; a ticket opened in the month is counted that many times.
  const instancesOf = seeded.value.tickets.map(
    (_, index) => 1 + Math.floor(copies / SEEDED) + (index < copies % SEEDED ? 1 : 0),
  );
  const { monthStart, monthEnd } = seeded.value;
  const expectedOpened = seeded.value.tickets.reduce(
    (sum, t, i) => sum + (t.createdAt >= monthStart && t.createdAt < monthEnd ? instancesOf[i]! : 0),
    0,
  );

  // The heads the report reads logs for, found the report's way: the baseline reads exactly those logs.
  const { heads, events, bytes, opened } = await readReportTickets(desk, query).then((read) => ({
    heads: read.tickets.map((t) => t.head),
    events: read.tickets.reduce((sum, t) => sum + t.events.length, 0),
    // What a report holds in memory while it replays: the heads with their snapshots, and the logs.
    bytes: read.tickets.reduce((sum, t) => sum + JSON.stringify(t).length, 0),
    opened: serviceReport({ ...query, ...read, policy: desk.policy, now: desk.clock.now() }).opened.total.count,
  }));
  if (heads.length !== TICKETS)
    throw new Error(`the report read ${heads.length} tickets of the month, the fixture has ${TICKETS}`);
  if (opened !== expectedOpened)
    throw new Error(`the report counts ${opened} opened, the fixture opened ${expectedOpened}`);
  const customerId = defaultPolicy.customers[0]!.id;

  const baseline: number[] = [];
  const report: number[] = [];
  const reading: number[] = [];
  const replay: number[] = [];
  const customer: number[] = [];
  let customerReport: ServiceReport | null = null;
  // Alternating rounds (baseline and report swap places each round), so a slow spell of the machine
  // or the JVM falls on every measure alike.
  for (let r = 0; r < ROUNDS; r++) {
    const readLogs = async () =>
      baseline.push((await timed(() => logsOf(desk.store, heads, REPORT_LOGS_IN_PARALLEL))).ms);
    const readReport = async () => report.push((await timed(() => readServiceReport(desk, query))).ms);
    if (r % 2 === 0) await readLogs().then(readReport);
    else await readReport().then(readLogs);
    const split = await timed(() => readReportTickets(desk, query));
    reading.push(split.ms);
    replay.push(
      (await timed(async () => serviceReport({ ...query, ...split.value, policy: desk.policy, now: desk.clock.now() })))
        .ms,
    );
    const one = await timed(() => readServiceReport(desk, { month: MONTH, customerId }));
    customer.push(one.ms);
    customerReport = one.value;
  }
  await raw.send(new DeleteTableCommand({ TableName: tableName }));

  const baselineMs = median(baseline);
  const reportMs = median(report);
  const ratio = reportMs / baselineMs;
  return {
    month: MONTH,
    tickets: TICKETS,
    driven: {
      tickets: SEEDED,
      events: seeded.value.events,
      seconds: round(seeded.ms / 1000, 1),
      eventsPerSecond: round(seeded.value.events / (seeded.ms / 1000), 0),
    },
    copied: { tickets: copies, items: copied.value, seconds: round(copied.ms / 1000, 1) },
    read: { tickets: heads.length, events, opened, kbPerTicket: round(bytes / heads.length / 1024, 1) },
    rounds: ROUNDS,
    logsInParallel: REPORT_LOGS_IN_PARALLEL,
    baselineMs: round(baselineMs, 0),
    reportMs: round(reportMs, 0),
    readingMs: round(median(reading), 0),
    replayMs: round(median(replay), 0),
    customer: { id: customerId, tickets: customerReport?.opened.total.count ?? 0, ms: round(median(customer), 0) },
    ratio: round(ratio),
    budget: REPORT_BUDGET,
    withinBudget: ratio <= REPORT_BUDGET,
    peakHeapMb: round(peakHeap / 2 ** 20, 0),
    allMs: { baseline: baseline.map((n) => round(n, 0)), report: report.map((n) => round(n, 0)) },
  };
}

export function printReports(results: Awaited<ReturnType<typeof benchReports>>) {
  const { driven, copied } = results;
  console.log(
    `\nService report over ${results.tickets} tickets of ${results.month}: ${driven.tickets} driven through the engine ` +
      `(${driven.events} events in ${driven.seconds} s), ${copied.tickets} copies of those under new numbers ` +
      `(${copied.items} items in ${copied.seconds} s); ${results.read.events} events read, median of ${results.rounds} rounds\n`,
  );
  console.table({
    [`baseline: read the ${results.read.tickets} logs once (${results.logsInParallel} at a time)`]: {
      ms: results.baselineMs,
      ratio: 1,
    },
    'report: readServiceReport, everyone': { ms: results.reportMs, ratio: results.ratio },
    '  of which reading (readReportTickets)': {
      ms: results.readingMs,
      ratio: round(results.readingMs / results.baselineMs),
    },
    '  of which replay + figures (serviceReport)': {
      ms: results.replayMs,
      ratio: round(results.replayMs / results.baselineMs),
    },
    [`report: one customer (${results.customer.id}, ${results.customer.tickets} opened)`]: {
      ms: results.customer.ms,
      ratio: round(results.customer.ms / results.baselineMs),
    },
  });
  console.log(
    `  report ÷ baseline ${results.ratio} ${results.withinBudget ? '✓' : '✗'} budget ${results.budget}; ` +
      `${results.read.opened} opened in the month (the rest opened the month before); ` +
      `${results.read.kbPerTicket} KB of head and log per ticket as JSON; peak heap ${results.peakHeapMb} MB`,
  );
}
