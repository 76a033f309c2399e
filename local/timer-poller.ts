// The local timer driver: finds tickets with timers due on the due-time index and fires them
// through the engine's advance(). Durable by construction: due timers live in the table, so
// those that fell due while the process was down fire on the first pass after a restart.
import type { Clock } from '../functions/clock';
import type { TicketService } from '../functions/lifecycle/ticket-service';
import type { TicketStore } from '../functions/lifecycle/ticket-store';
import type { TicketHead } from '../workflows/lifecycle/ticket-engine';
import { startLoop } from './poll-loop';

// Chosen by measurement (bench/run.ts, README "Performance"): see the table there.
const DEFAULT_CONCURRENCY = 32;
const DEFAULT_BATCH = 1000;

export interface TimerPollerOptions {
  store: TicketStore;
  service: TicketService;
  clock: Clock;
  intervalMs?: number;
  concurrency?: number;
  batchSize?: number;
  onError?: (error: unknown, ticketId?: string) => void;
}

/** Heads are read in batches of this many (one BatchGetItem each), ahead of the workers that fire them. */
const HEADS_PER_READ = 100;

/**
 * One pass: fires everything due now; returns how many timers fired. Each listed ticket's head
 * comes from a batched read rather than one read per ticket; a head that changed since costs that
 * ticket a retry (the commit is conditional on its version), never a wrong commit.
 */
export async function fireDueTimers(options: TimerPollerOptions): Promise<number> {
  const { store, service, clock } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  let fired = 0;
  for (;;) {
    const ids = await store.dueTicketIds(clock.now(), options.batchSize ?? DEFAULT_BATCH);
    if (ids.length === 0) return fired;
    const reads = new Map<number, Promise<Map<string, TicketHead>>>();
    const headsAt = (chunk: number) => {
      let read = reads.get(chunk);
      if (!read) {
        const slice = ids.slice(chunk * HEADS_PER_READ, (chunk + 1) * HEADS_PER_READ);
        read = store.getHeads(slice).then((heads) => new Map(heads.map((head) => [head.id, head])));
        // Failed reads surface at the worker that awaits them; none is left unhandled.
        read.catch(() => {});
        reads.set(chunk, read);
      }
      return read;
    };
    let next = 0;
    let progressed = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        const id = ids[i]!;
        try {
          const chunk = Math.floor(i / HEADS_PER_READ);
          // The next chunk's read starts while this one's timers fire.
          void headsAt(chunk + 1);
          const head = (await headsAt(chunk)).get(id);
          const n = await service.advance(id, head);
          fired += n;
          progressed += n;
        } catch (error) {
          options.onError?.(error, id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    // The index is eventually consistent: a ticket listed but with nothing left to fire means we
    // are ahead of it; stop this pass rather than spin.
    if (progressed === 0) return fired;
  }
}

export function startTimerPoller(options: TimerPollerOptions) {
  return startLoop(
    () => fireDueTimers(options),
    options.intervalMs ?? 1000,
    (error) => options.onError?.(error),
  );
}
