// The local timer driver: finds tickets with timers due on the due-time index and fires them
// through the engine's advance(). Durable by construction: due timers live in the table, so
// those that fell due while the process was down fire on the first pass after a restart.
import type { Clock } from '../functions/clock';
import type { TicketService } from '../functions/lifecycle/ticket-service';
import type { TicketStore } from '../functions/lifecycle/ticket-store';
import { startLoop } from './poll-loop';

export interface TimerPollerOptions {
  store: TicketStore;
  service: TicketService;
  clock: Clock;
  intervalMs?: number;
  concurrency?: number;
  batchSize?: number;
  onError?: (error: unknown, ticketId?: string) => void;
}

/** One pass: fires everything due now; returns how many timers fired. */
export async function fireDueTimers(options: TimerPollerOptions): Promise<number> {
  const { store, service, clock } = options;
  const concurrency = options.concurrency ?? 16;
  let fired = 0;
  for (;;) {
    const ids = await store.dueTicketIds(clock.now(), options.batchSize ?? 1000);
    if (ids.length === 0) return fired;
    let next = 0;
    let progressed = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        try {
          const n = await service.advance(id);
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
