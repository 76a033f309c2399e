// `npm run bench`: the engine's speed as ratios against a baseline measured in the same run on
// the same DynamoDB Local. Not a test: it prints a table and writes bench/results.json.
//   baseline   raw TransactWriteItems/s of the engine's write shape (conditional head + log item +
//              the note's search postings)
//   engine     events/s through apply() (read head → statechart → the same transaction)
//   latency    p50/p99 of one apply()
//   timers     how long after their common due time N simultaneous timers have all fired
//   search     p50/p99 of searches over 100,000 tickets against one indexed Query (bench/search-bench.ts)
//   webhooks   signed deliveries over HTTP against the raw write shape of a created ticket (bench/webhook-bench.ts)
//   report     a month's service report over 10,000 tickets against reading their logs once (bench/report-bench.ts)
// `BENCH_ONLY=search npm run bench` runs the search section alone (written to bench/search-results.json),
// `BENCH_ONLY=webhook` the webhook section alone (bench/webhook-results.json), `BENCH_ONLY=report` the
// report section alone (bench/report-results.json; BENCH_REPORT_TICKETS, BENCH_REPORT_SEEDED size it).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../functions/clock';
import { createDocumentClient } from '../functions/store/dynamo-client';
import { ensureTable } from '../functions/store/ensure-table';
import { createTicketService } from '../functions/lifecycle/ticket-service';
import { createTicketStore } from '../functions/lifecycle/ticket-store';
import { localCredentials, startDynamoDbLocal } from '../local/dynamodb-local';
import { fireDueTimers } from '../local/timer-poller';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import { benchReports, printReports } from './report-bench';
import { benchSearch, printSearch } from './search-bench';
import { benchWebhooks, printWebhooks, shapeOf, watchRequests, withFreshKeys } from './webhook-bench';
import { eventTerms } from '../workflows/search/search-terms';
import { postingPk, postingSk } from '../functions/search/search-items';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 4000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
// The poller's settings for the timer section (defaults: local/timer-poller.ts's own).
const TIMER_CONCURRENCY = Number(process.env.BENCH_TIMER_CONCURRENCY ?? 32);
const TIMER_BATCH = Number(process.env.BENCH_TIMER_BATCH ?? 1000);
const actor = { actor: { type: 'agent' as const, id: 'bench' }, channel: 'agent' as const };

async function inParallel(workers: number, total: number, task: (i: number, worker: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < total) await task(next++, worker);
    }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A section run alone (`BENCH_ONLY`): printed, and written to a results file of its own. */
function sectionAlone<T>(file: string, key: string, results: T, print: (results: T) => void) {
  print(results);
  const path = join(__dirname, file);
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), [key]: results }, null, 2) + '\n');
  console.log(`written to ${path}`);
}

async function main() {
  const dynamo = await startDynamoDbLocal();
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: localCredentials });
  const client = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local', credentials: localCredentials });
  try {
    const only = process.env.BENCH_ONLY;
    if (only === 'search')
      return sectionAlone('search-results.json', 'search', await benchSearch(raw, client), printSearch);
    if (only === 'webhook')
      return sectionAlone('webhook-results.json', 'webhooks', await benchWebhooks(dynamo.endpoint), printWebhooks);
    if (only === 'report')
      return sectionAlone('report-results.json', 'reports', await benchReports(raw, client), printReports);
    const tableName = 'bench';
    await ensureTable(raw, tableName);
    const clock = manualClock(Date.parse('2026-11-24T08:00:00Z'));
    const machine = createTicketMachine(defaultPolicy);
    const store = createTicketStore(client, tableName);
    const service = createTicketService({ store, machine, policy: defaultPolicy, clock });

    // Warm up both paths so neither pays the JIT and connection set-up inside its measurement.
    const warm = await service.create(
      { kind: 'incident', subject: 'warm-up', requester: { email: 'bench@acme.example.nl' } },
      actor,
    );
    if (!warm.ok) throw new Error('warm-up refused');
    await inParallel(CONCURRENCY, 500, async () => {
      await service.apply(warm.head.id, { type: 'ADD_NOTE', text: 'warm' }, actor);
    });

    // Baseline: the engine's transaction shape, written raw, one item chain per worker. Measured
    // before and after the engine (DynamoDB Local's JVM keeps warming up) and averaged.
    const versions = new Array<number>(CONCURRENCY).fill(0);
    const rawTransactions = async (count: number) => {
      const started = performance.now();
      await inParallel(CONCURRENCY, count, async (i, worker) => {
        const version = versions[worker]!;
        const pk = `BASELINE#${worker}`;
        // The engine writes a note's words as postings in its transaction: so does the baseline.
        const postings = eventTerms('ADD_NOTE', { text: `note ${i}` }).map((term) => ({
          Put: { TableName: tableName, Item: { pk: postingPk(term), sk: postingSk(0, pk), entity: 'posting' } },
        }));
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: 'HEAD', version: version + 1, body: 'x'.repeat(2000) },
                  ...(version === 0
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } }),
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: `EVENT#${version + 1}`, type: 'ADD_NOTE', text: `note ${i}` },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...postings,
            ],
          }),
        );
        versions[worker] = version + 1;
      });
      return count / ((performance.now() - started) / 1000);
    };
    await rawTransactions(500);
    const baselineBefore = await rawTransactions(EVENTS);

    // Engine: the same number of events through apply(), one ticket per worker (no contention).
    const tickets: string[] = [];
    for (let w = 0; w < CONCURRENCY; w++) {
      const created = await service.create(
        { kind: 'incident', subject: `bench ${w}`, requester: { email: 'bench@acme.example.nl' } },
        actor,
      );
      if (!created.ok) throw new Error('create refused');
      tickets.push(created.head.id);
    }
    const latencies: number[] = [];
    const engineStart = performance.now();
    await inParallel(CONCURRENCY, EVENTS, async (i, worker) => {
      const started = performance.now();
      const result = await service.apply(tickets[worker]!, { type: 'ADD_NOTE', text: `note ${i}` }, actor);
      latencies.push(performance.now() - started);
      if (!result.ok) throw new Error('apply refused');
    });
    const engineSeconds = (performance.now() - engineStart) / 1000;
    latencies.sort((a, b) => a - b);
    const baselineAfter = await rawTransactions(EVENTS);

    // One caller at a time: the latency of apply() without queueing behind other writers.
    const alone: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await service.apply(tickets[0]!, { type: 'ADD_NOTE', text: `alone ${i}` }, actor);
      alone.push(performance.now() - started);
    }
    alone.sort((a, b) => a - b);

    // Timers: TIMERS tickets opened at the same instant all have their response warning due at
    // the same later instant; jump the clock there and fire them all.
    const createStart = performance.now();
    await inParallel(32, TIMERS, async () => {
      const created = await service.create(
        { kind: 'incident', subject: 'timer', requester: { email: 'bench@acme.example.nl' } },
        actor,
      );
      if (!created.ok) throw new Error('create refused');
    });
    const createSeconds = (performance.now() - createStart) / 1000;
    const dueAt = (await store.getHead(tickets[0]!))!.timers.find((t) => t.name === 'slaResponseWarning')!.dueAt;
    clock.set(dueAt);
    // The first firing's transaction is captured: the timer baseline replays that shape raw.
    const watch = watchRequests(client);
    watch.reset();
    const fireStart = performance.now();
    const fired = await fireDueTimers({
      // BENCH_TIMER_READS=each: one head read per ticket, as the poller did before it read them in batches.
      store: process.env.BENCH_TIMER_READS === 'each' ? { ...store, getHeads: async () => [] } : store,
      service,
      clock,
      concurrency: TIMER_CONCURRENCY,
      batchSize: TIMER_BATCH,
    });
    const fireSeconds = (performance.now() - fireStart) / 1000;
    const fireRequests = Object.fromEntries(
      [...watch.counts()].map(([name, n]) => [name.replace(/Command$/, ''), round(n / fired)]),
    );
    const timerShape = watch.captured().transaction;
    if (!timerShape) throw new Error('no timer transaction captured');
    let t = 0;
    const timerBaselineStart = performance.now();
    await inParallel(TIMER_CONCURRENCY, fired, async () => {
      await client.send(new TransactWriteCommand(withFreshKeys(timerShape, `timer-${t++}`)));
    });
    const timerBaselinePerSecond = fired / ((performance.now() - timerBaselineStart) / 1000);

    // `BENCH_ONLY=engine` leaves the search section out (its seeding takes minutes).
    const search = process.env.BENCH_ONLY === 'engine' ? null : await benchSearch(raw, client);
    const webhooks = process.env.BENCH_ONLY === 'engine' ? null : await benchWebhooks(dynamo.endpoint);
    const reports = process.env.BENCH_ONLY === 'engine' ? null : await benchReports(raw, client);
    const baselinePerSecond = (baselineBefore + baselineAfter) / 2;
    const enginePerSecond = EVENTS / engineSeconds;
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      store: 'DynamoDB Local (in memory), same process for baseline and engine',
      concurrency: CONCURRENCY,
      events: EVENTS,
      baseline: {
        transactWritesPerSecond: round(baselinePerSecond, 0),
        before: round(baselineBefore, 0),
        after: round(baselineAfter, 0),
      },
      engine: {
        eventsPerSecond: round(enginePerSecond, 0),
        ratioToBaseline: round(enginePerSecond / baselinePerSecond),
        applyP50Ms: round(percentile(latencies, 50)),
        applyP99Ms: round(percentile(latencies, 99)),
        aloneP50Ms: round(percentile(alone, 50)),
        aloneP99Ms: round(percentile(alone, 99)),
      },
      timers: {
        tickets: TIMERS,
        fired,
        allFiredSecondsAfterDue: round(fireSeconds),
        firedPerSecond: round(fired / fireSeconds, 0),
        firedRatioToBaseline: round(fired / fireSeconds / baselinePerSecond),
        concurrency: TIMER_CONCURRENCY,
        batchSize: TIMER_BATCH,
        writeShape: `one TransactWriteItems of ${timerShape.TransactItems!.length} items (${shapeOf(timerShape)})`,
        requestsPerTimer: fireRequests,
        sameShapeBaselinePerSecond: round(timerBaselinePerSecond, 0),
        firedRatioToSameShape: round(fired / fireSeconds / timerBaselinePerSecond),
        ticketsCreatedPerSecond: round(TIMERS / createSeconds, 0),
      },
      search,
      webhooks,
      reports,
    };

    console.log('\nService desk engine benchmark (DynamoDB Local, one run)\n');
    console.table({
      'baseline: raw TransactWriteItems/s (mean of before/after)': { value: results.baseline.transactWritesPerSecond },
      'engine: events/s through apply()': { value: results.engine.eventsPerSecond },
      'engine ÷ baseline': { value: results.engine.ratioToBaseline },
      [`apply() p50 ms (${CONCURRENCY} callers)`]: { value: results.engine.applyP50Ms },
      [`apply() p99 ms (${CONCURRENCY} callers)`]: { value: results.engine.applyP99Ms },
      'apply() p50 ms (one caller)': { value: results.engine.aloneP50Ms },
      'apply() p99 ms (one caller)': { value: results.engine.aloneP99Ms },
      [`${TIMERS} simultaneous timers: all fired after (s)`]: { value: results.timers.allFiredSecondsAfterDue },
      'timers fired/s': { value: results.timers.firedPerSecond },
      'timers fired/s ÷ baseline': { value: results.timers.firedRatioToBaseline },
      [`timers: raw same-shape transactions/s (${TIMER_CONCURRENCY} callers)`]: {
        value: results.timers.sameShapeBaselinePerSecond,
      },
      'timers fired/s ÷ same-shape baseline': { value: results.timers.firedRatioToSameShape },
      'ticket creations/s': { value: results.timers.ticketsCreatedPerSecond },
    });
    console.log(`  a timer firing writes ${results.timers.writeShape}`);
    console.log(
      `  requests per timer fired (concurrency ${TIMER_CONCURRENCY}, batch ${TIMER_BATCH}): ${JSON.stringify(fireRequests)}`,
    );
    if (search) printSearch(search);
    if (webhooks) printWebhooks(webhooks);
    if (reports) printReports(reports);
    const file = join(__dirname, 'results.json');
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    console.log(`written to ${file}`);
  } finally {
    client.destroy();
    raw.destroy();
    await dynamo.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
