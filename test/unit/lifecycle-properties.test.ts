import fc from 'fast-check';
import { createLifecycleRules } from '../../workflows/lifecycle/lifecycle-rules';
import { replayTicket } from '../../workflows/lifecycle/ticket-engine';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import { samplesAt } from '../support/event-samples';
import { amsterdam, customer, ticketDriver } from '../support/ticket-driver';

const samples = samplesAt(amsterdam('2026-11-24 09:00'));
const sampleList = Object.entries(samples).flatMap(([type, payloads]) =>
  payloads.map((payload) => ({ type, payload })),
);
const HOUR = 3600_000;

type Step = { kind: 'event'; index: number } | { kind: 'wait'; ms: number } | { kind: 'allowed'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('event' as const), index: fc.nat(sampleList.length - 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('allowed' as const), pick: fc.nat(1000) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 4 * 24 * HOUR }) }),
  },
);

/** The service description's rule: the clock stops while the desk waits on the customer. */
const waitingOnCustomer = [
  'awaitingCustomer',
  'awaitingWrittenConfirmation',
  'awaitingApproval',
  'onSite.awaitingConsent',
  'resolved',
];
const clockShouldRun = (head: { stage: string; snapshot: { status: string; value: unknown } }) =>
  head.snapshot.status === 'active' &&
  !waitingOnCustomer.some((stage) => head.stage === stage || head.stage.startsWith(`${stage}.`)) &&
  (head.snapshot.value as { sla: { resolution: unknown } }).sla.resolution !== 'breached';

describe('random event sequences', () => {
  it('keep the lifecycle invariants', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('incident', 'service_request', 'change' as const),
        fc.array(step, { minLength: 5, maxLength: 60 }),
        (kind, steps) => {
          const t = ticketDriver({ kind: kind as 'incident' });
          const rules = createLifecycleRules(t.policy);
          // The oracle: business time summed over the stretches between commits in which the
          // ticket was being worked on (not waiting on the customer, not finished, not breached).
          const oracleUsed = () =>
            t.heads.reduce((sum, head, i) => {
              const until = t.heads[i + 1]?.updatedAt ?? t.now;
              return clockShouldRun(head) ? sum + rules.calendar.between(head.updatedAt, until) : sum;
            }, 0);

          for (const s of steps) {
            const before = t.head;
            let result: { ok: boolean } | null = null;
            if (s.kind === 'wait') {
              t.passTime(t.now + s.ms);
            } else {
              const sample =
                s.kind === 'event' ? sampleList[s.index]! : pickAllowed(t.machine, t.head.snapshot, s.pick);
              if (!sample) continue;
              result = t.send(sample.type, sample.payload, customer);
            }
            // A refused event leaves the ticket exactly as it was.
            if (result && !result.ok) expect(t.head).toBe(before);
            // A finished ticket has no pending timers.
            if (t.head.snapshot.status === 'done') expect(t.head.timers).toEqual([]);
            // The log has no gaps and the head's version is its length.
            expect(t.log.map((e) => e.seq)).toEqual(t.log.map((_, i) => i + 1));
            expect(t.head.version).toBe(t.log.length);
            // SLA time never counts the stretches the clock was paused or stopped.
            expect(rules.slaUsedMs(t.context.sla.resolution, t.context.priority, t.now)).toBe(oracleUsed());
          }
          // Replaying the log rebuilds the head.
          const rebuilt = replayTicket(t.machine, t.log);
          expect(rebuilt.snapshot).toEqual(t.head.snapshot);
          expect(rebuilt.timers).toEqual(t.head.timers);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function pickAllowed(
  machine: Parameters<typeof allowedEvents>[0],
  snapshot: Parameters<typeof allowedEvents>[1],
  pick: number,
) {
  const allowed = allowedEvents(machine, snapshot);
  if (allowed.length === 0) return undefined;
  const type = allowed[pick % allowed.length]!;
  const payloads = samples[type]!;
  return { type, payload: payloads[Math.floor(pick / allowed.length) % payloads.length]! };
}
