// The engine's CPU per decision, without any store: µs per created ticket, per applied event and
// per business-time add/between, in one process (`npx tsx bench/engine-cpu.ts`). The business-time
// figures are set against the straightforward luxon reference (test/support), in the same run.
import { performance } from 'node:perf_hooks';
import { createTicketService } from '../functions/lifecycle/ticket-service';
import type { TicketStore } from '../functions/lifecycle/ticket-store';
import { manualClock } from '../functions/clock';
import { adaptWebhook } from '../workflows/intake/webhook-adapters';
import { createBusinessCalendar, type TimeMeasure } from '../workflows/lifecycle/business-time';
import type { Commit, TicketHead } from '../workflows/lifecycle/ticket-engine';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import type { Origin } from '../workflows/lifecycle/ticket-events';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { referenceBusinessCalendar } from '../test/support/business-time-reference';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);
const HOUR = 3_600_000;
/** Friday 20 November 2026, 10:00 in Amsterdam. */
const START = Date.parse('2026-11-20T09:00:00Z');

/** Heads in a Map, numbers from a Map: only what create/apply/advance touch, at no cost of its own. */
function memoryStore(): TicketStore {
  const heads = new Map<string, TicketHead>();
  const counters = new Map<string, number>();
  const unused = () => Promise.reject(new Error('not in the CPU bench'));
  return {
    ping: async () => {},
    getHead: async (id) => heads.get(id) ?? null,
    getHeads: async (ids) => ids.flatMap((id) => heads.get(id) ?? []),
    commit: async (commit: Commit) => void heads.set(commit.head.id, commit.head),
    listEvents: unused,
    listOutbox: unused,
    failedMailTickets: unused,
    listByStatus: unused,
    listTeamQueue: unused,
    dueTicketIds: unused,
    nextNumber: async (name) => {
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      return n;
    },
    park: async () => true,
  };
}

/**
 * µs per call of `fn`: the best of five batches of `rounds / 5` calls, after a warm-up of a tenth
 * as many (on a shared machine the best batch is the one least disturbed by others).
 */
async function timed(rounds: number, fn: (i: number) => unknown): Promise<number> {
  let i = 0;
  for (const end = Math.ceil(rounds / 10); i < end; i++) await fn(i);
  const batch = Math.max(1, Math.floor(rounds / 5));
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const started = performance.now();
    for (const end = i + batch; i < end; i++) await fn(i);
    best = Math.min(best, ((performance.now() - started) * 1000) / batch);
  }
  return best;
}

/** Instants spread over two years (DST changes and holidays included), minute-aligned and not. */
const instants = Array.from({ length: 4096 }, (_, i) => START + ((i * 7_919_993_311) % (730 * 24 * HOUR)));
const durations = Array.from({ length: 4096 }, (_, i) => ((i * 104_729) % (40 * 60)) * 60_000 + (i % 3) * 1234);

async function businessTime(calendar: TimeMeasure) {
  const add = await timed(ROUNDS * 10, (i) => calendar.add(instants[i % 4096]!, durations[i % 4096]!));
  const between = await timed(ROUNDS * 10, (i) =>
    calendar.between(instants[i % 4096]!, instants[i % 4096]! + durations[(i * 31) % 4096]! * 3),
  );
  return { add, between };
}

async function engine() {
  const clock = manualClock(START);
  const store = memoryStore();
  const service = createTicketService({
    store,
    machine: createTicketMachine(defaultPolicy),
    policy: defaultPolicy,
    clock,
    backoff: async () => {},
  });
  const source = defaultPolicy.intake.webhookSources.find((w) => w.id === 'globex-portal')!;
  const origin: Origin = { actor: { type: 'system', id: `webhook:${source.id}` }, channel: 'webhook' };
  const ids: string[] = [];
  const create = await timed(ROUNDS, async (i) => {
    const intent = adaptWebhook(source, {
      title: `Printer ${i} jams`,
      description: `Tray ${i % 4} on floor ${i % 7}.`,
    });
    if (!intent.ok || intent.value.type !== 'create') throw new Error('the webhook did not adapt to a create');
    clock.advance(37_000);
    const created = await service.create(intent.value.ticket, origin);
    if (!created.ok) throw new Error(`create refused: ${JSON.stringify(created)}`);
    ids.push(created.head.id);
  });
  const apply = await timed(ROUNDS, async (i) => {
    clock.advance(11_000);
    const applied = await service.apply(
      ids[i % ids.length]!,
      { type: 'COMMENT', from: source.id, text: `Tray ${i % 4} jams again.` },
      origin,
    );
    if (!applied.ok) throw new Error(`apply refused: ${JSON.stringify(applied)}`);
  });
  // A week later every ticket has SLA timers due: each advance fires them.
  clock.advance(7 * 24 * HOUR);
  let fired = 0;
  let advanced = 0;
  const advance = await timed(Math.floor(ids.length / 1.2), async (i) => {
    fired += await service.advance(ids[i]!);
    advanced++;
  });
  return { create, apply, advance, firedPerAdvance: fired / advanced };
}

async function main() {
  const policyHours = defaultPolicy.businessHours;
  const reference = await businessTime(referenceBusinessCalendar(policyHours));
  const current = await businessTime(createBusinessCalendar(policyHours));
  const decisions = await engine();
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(`engine CPU, ${ROUNDS} rounds (µs per call)`);
  console.log(`  service.create  ${f(decisions.create)}`);
  console.log(`  service.apply   ${f(decisions.apply)}   (a webhook's COMMENT)`);
  console.log(
    `  service.advance ${f(decisions.advance)}   (${decisions.firedPerAdvance.toFixed(2)} timers fired each)`,
  );
  console.log(`business time      reference   current   reference/current`);
  for (const op of ['add', 'between'] as const)
    console.log(
      `  ${op.padEnd(8)}        ${f(reference[op])}  ${f(current[op])}   ${(reference[op] / current[op]).toFixed(1)}×`,
    );
}

void main();
