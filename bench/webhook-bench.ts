// The webhook section of `npm run bench`: signed deliveries over real HTTP to the desk's local
// server (started in this process on the bench's DynamoDB Local), closed loop and open loop at
// fixed offered rates, against a same-run baseline of the write shape a created ticket must make,
// done raw: the id counter update and the very transaction the store sent for a real delivery
// (captured, replayed with fresh keys).
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { startLocalDesk } from '../local/desk-runtime';
import { defaultPolicy } from '../workflows/policy/default-policy';

const SOURCE = 'globex-portal';
const SECRET_NAME = 'WEBHOOK_SECRET_GLOBEX_PORTAL';
const CLOSED_CALLERS = 16;
const CLOSED_COUNT = Number(process.env.BENCH_WEBHOOKS ?? 1500);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 4);
const FIRST_RATE = Number(process.env.BENCH_FIRST_RATE ?? 50);
const MAX_RATE = 12_800;

export interface LoopResult {
  offeredPerSecond: number | null;
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  held: boolean | null;
}

export interface WebhookBench {
  writeShape: string;
  roundTripsPerDelivery: Record<string, number>;
  redelivery: Record<string, number>;
  closed: { intake: LoopResult; baseline: LoopResult; ratio: number };
  open: { intake: LoopResult[]; baseline: LoopResult[] };
  highestHeld: { intake: number; baseline: number; ratio: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * No backlog: nearly all that was offered was done in its time, and the tail is a few times the
 * median (or under half a second: on a shared machine a fast median makes the tail look long).
 */
export const HOLD_RULE = 'achieved ≥ 0.95 × offered and p99 ≤ max(5 × p50, 500 ms)';
const holds = (offered: number, achieved: number, p50: number, p99: number) =>
  achieved >= 0.95 * offered && p99 <= Math.max(5 * p50, 500);

function summary(latencies: number[], seconds: number, offered: number | null): LoopResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const achieved = latencies.length / seconds;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  return {
    offeredPerSecond: offered,
    achievedPerSecond: round(achieved, 0),
    p50Ms: round(p50),
    p99Ms: round(p99),
    held: offered === null ? null : holds(offered, achieved, p50, p99),
  };
}

async function closedLoop(callers: number, total: number, task: () => Promise<void>): Promise<LoopResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next++ < total) {
        const at = performance.now();
        await task();
        latencies.push(performance.now() - at);
      }
    }),
  );
  return summary(latencies, (performance.now() - started) / 1000, null);
}

/**
 * Offered at a fixed rate whatever came back: each request's latency counts from when it was due,
 * so a backlog shows as latency rather than hiding as a slower sender.
 */
async function openLoop(rate: number, seconds: number, task: () => Promise<void>): Promise<LoopResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(task().then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(pending);
  return summary(latencies, (performance.now() - started) / 1000, rate);
}

/** Rates doubling from 50/s until one does not hold, then quarter steps above the last that held. */
async function openLoops(task: () => Promise<void>): Promise<LoopResult[]> {
  const results: LoopResult[] = [];
  let rate = FIRST_RATE;
  for (; rate <= MAX_RATE; rate *= 2) {
    const result = await openLoop(rate, OPEN_SECONDS, task);
    results.push(result);
    if (!result.held) break;
  }
  const lastHeld = rate / 2;
  if (lastHeld < FIRST_RATE) return results;
  for (const step of [1.25, 1.5, 1.75]) {
    const result = await openLoop(lastHeld * step, OPEN_SECONDS, task);
    results.push(result);
    if (!result.held) break;
  }
  return results.sort((a, b) => (a.offeredPerSecond ?? 0) - (b.offeredPerSecond ?? 0));
}

const highestHeld = (results: LoopResult[]) =>
  results.filter((r) => r.held).reduce((best, r) => Math.max(best, r.offeredPerSecond ?? 0), 0);

/** Counts the desk's requests to the store by command, and keeps the first transaction and counter update sent. */
export function watchRequests(client: DynamoDBDocumentClient) {
  const counts = new Map<string, number>();
  let transaction: TransactWriteCommandInput | null = null;
  let counter: UpdateCommandInput | null = null;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const input = args.input as Record<string, unknown>;
      if (name === 'TransactWriteItemsCommand' && !transaction)
        transaction = structuredClone(input) as TransactWriteCommandInput;
      if (name === 'UpdateItemCommand' && !counter && String((input.Key as { pk?: string })?.pk).startsWith('COUNTER#'))
        counter = structuredClone(input) as UpdateCommandInput;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return {
    counts: () => new Map(counts),
    reset: () => counts.clear(),
    captured: () => ({ transaction, counter }),
  };
}

const perDelivery = (counts: Map<string, number>, deliveries: number) =>
  Object.fromEntries([...counts].map(([name, n]) => [name.replace(/Command$/, ''), round(n / deliveries)]));

/**
 * The captured transaction with every key made fresh: the same items and sizes, each conditional
 * put still conditional (on a fresh key a version condition becomes `attribute_not_exists`).
 */
export function withFreshKeys(transaction: TransactWriteCommandInput, suffix: string): TransactWriteCommandInput {
  return {
    TransactItems: transaction.TransactItems!.map((entry) => {
      const { ExpressionAttributeValues: _values, ...put } = entry.Put!;
      const conditional = put.ConditionExpression ? { ConditionExpression: 'attribute_not_exists(pk)' } : {};
      return {
        Put: { ...put, ...conditional, Item: { ...put.Item, pk: `${String(put.Item!.pk)}#${suffix}` } },
      };
    }),
  };
}

/** What a captured transaction writes, item by item (`head, event, outbox, …`). */
export const shapeOf = (transaction: TransactWriteCommandInput) =>
  transaction
    .TransactItems!.map((t) => String(t.Put!.Item!.entity ?? String(t.Put!.Item!.pk).split('#')[0]))
    .join(', ');

export async function benchWebhooks(dynamoEndpoint: string): Promise<WebhookBench> {
  const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
  const local = await startLocalDesk({
    dataDir: null,
    port: 0,
    smtpPort: 0,
    dynamoEndpoint,
    tableName: `webhook-bench-${Date.now()}`,
    policy: defaultPolicy,
    secrets: { [SECRET_NAME]: secret },
    // The bench measures intake; the desk's timer and outbox loops stay out of its way.
    pollIntervalMs: 3_600_000,
  });
  const client = local.desk.table.client;
  const watch = watchRequests(client);
  const signer = new Webhook(secret);
  const url = `${local.url}/v1/webhooks/${SOURCE}`;
  const post = async (id: string, body: string) => {
    const now = new Date();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    });
    const text = await response.text();
    if (response.status !== 202) throw new Error(`delivery ${id}: ${response.status} ${text}`);
    return JSON.parse(text) as { outcome: string };
  };
  let n = 0;
  const deliver = async () => {
    const i = n++;
    const body = JSON.stringify({ title: `Printer ${i} jams`, description: `Tray ${i % 4} on floor ${i % 7}.` });
    const { outcome } = await post(`msg_bench_${i}`, body);
    if (outcome !== 'created') throw new Error(`delivery ${i}: ${outcome}`);
  };
  try {
    // Warm-up, and one delivery to capture the write shape and count its round trips.
    for (let i = 0; i < 200; i++) await deliver();
    watch.reset();
    await deliver();
    const roundTrips = perDelivery(watch.counts(), 1);
    const { transaction, counter } = watch.captured();
    if (!transaction || !counter) throw new Error('no transaction or counter update captured');
    const items = transaction.TransactItems!.length;
    // A redelivery of the one just made: what it costs.
    watch.reset();
    const again = await post(`msg_bench_${n - 1}`, JSON.stringify({ title: 'again' }));
    if (again.outcome !== 'duplicate') throw new Error(`redelivery: ${again.outcome}`);
    const redelivery = perDelivery(watch.counts(), 1);

    let b = 0;
    const raw = async () => {
      const suffix = `bench-${b++}`;
      await client.send(new UpdateCommand(counter));
      await client.send(new TransactWriteCommand(withFreshKeys(transaction, suffix)));
    };
    for (let i = 0; i < 200; i++) await raw();

    // Closed loop, baseline measured before and after the intake (DynamoDB Local keeps warming up).
    const baseBefore = await closedLoop(CLOSED_CALLERS, CLOSED_COUNT, raw);
    watch.reset();
    const intakeClosed = await closedLoop(CLOSED_CALLERS, CLOSED_COUNT, deliver);
    const closedTrips = perDelivery(watch.counts(), CLOSED_COUNT);
    const baseAfter = await closedLoop(CLOSED_CALLERS, CLOSED_COUNT, raw);
    const baseline = baseBefore.achievedPerSecond <= baseAfter.achievedPerSecond ? baseBefore : baseAfter;
    const baselineMean = (baseBefore.achievedPerSecond + baseAfter.achievedPerSecond) / 2;

    // BENCH_OPEN=0 leaves the open loops out (for profiling the closed loop).
    const open = process.env.BENCH_OPEN !== '0';
    const baselineOpen = open ? await openLoops(raw) : [];
    const intakeOpen = open ? await openLoops(deliver) : [];
    const held = { intake: highestHeld(intakeOpen), baseline: highestHeld(baselineOpen) };
    return {
      writeShape: `counter UpdateItem + one TransactWriteItems of ${items} items (${shapeOf(transaction)})`,
      roundTripsPerDelivery: { ...roundTrips, closedLoopMean: Object.values(closedTrips).reduce((a, c) => a + c, 0) },
      redelivery,
      closed: {
        intake: intakeClosed,
        baseline: { ...baseline, achievedPerSecond: round(baselineMean, 0) },
        ratio: round(intakeClosed.achievedPerSecond / baselineMean),
      },
      open: { intake: intakeOpen, baseline: baselineOpen },
      highestHeld: { ...held, ratio: held.baseline ? round(held.intake / held.baseline) : 0 },
    };
  } finally {
    await local.stop();
  }
}

export function printWebhooks(result: WebhookBench) {
  console.log(`\nWebhook intake over HTTP (signed Standard Webhooks deliveries, ${SOURCE}), one run`);
  console.log(`  write shape: ${result.writeShape}`);
  console.log(`  round trips for one created ticket: ${JSON.stringify(result.roundTripsPerDelivery)}`);
  console.log(`  round trips for one redelivery: ${JSON.stringify(result.redelivery)}`);
  console.table({
    [`intake, closed loop ${CLOSED_CALLERS} callers`]: result.closed.intake,
    [`baseline, closed loop ${CLOSED_CALLERS} callers (mean of before/after)`]: result.closed.baseline,
  });
  console.log(`  closed loop intake ÷ baseline: ${result.closed.ratio}`);
  const rows = (label: string, results: LoopResult[]) =>
    Object.fromEntries(results.map((r) => [`${label} ${r.offeredPerSecond}/s`, r]));
  console.table({ ...rows('baseline', result.open.baseline), ...rows('intake', result.open.intake) });
  console.log(`  held means: ${HOLD_RULE}`);
  console.log(
    `  highest open-loop rate held: intake ${result.highestHeld.intake}/s, baseline ${result.highestHeld.baseline}/s, ratio ${result.highestHeld.ratio}`,
  );
}
