import fc from 'fast-check';
import { allowedEvents, startLive, stepLive } from '../../workflows/lifecycle/ticket-step';
import type { TicketInput } from '../../workflows/lifecycle/ticket-machine';
import { samplesAt } from '../support/event-samples';
import { amsterdam, customer, ticketDriver } from '../support/ticket-driver';

const samples = samplesAt(amsterdam('2026-11-05 09:00'));
const HOUR = 3_600_000;

describe("a replay's live steps", () => {
  it('end where the engine left the ticket, event for event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(1000), fc.integer({ min: -3 * 24, max: -1 })), { maxLength: 30 }),
        (steps) => {
          const t = ticketDriver({ at: amsterdam('2026-11-02 09:00') });
          for (const s of steps) {
            if (s < 0) {
              t.passTime(t.now - s * HOUR);
              continue;
            }
            const allowed = allowedEvents(t.machine, t.head.snapshot);
            if (!allowed.length) break;
            const type = allowed[s % allowed.length]!;
            const payload = samples[type]?.[0];
            if (payload) t.send(type, payload, s % 2 ? customer : undefined);
          }

          const [first, ...rest] = t.log;
          let live = startLive(t.machine, first!.event as unknown as TicketInput);
          for (const logged of rest) live = stepLive(t.machine, live, logged.event as never);

          expect(JSON.parse(JSON.stringify({ value: live.value, context: live.context, status: live.status }))).toEqual(
            {
              value: t.head.snapshot.value,
              context: t.head.snapshot.context,
              status: t.head.snapshot.status,
            },
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
