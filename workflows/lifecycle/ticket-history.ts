// A ticket's history as the desk shows it, pure: each other ticket of its requester or customer
// with its state's title and how its SLA came out (met, breached, or still running) per clock.
import type { Policy } from '../policy/policy';
import type { TicketHead } from './ticket-engine';
import type { TicketMachine } from './ticket-machine';
import { stateTitle, type Title } from './state-titles';
import { rulesFor, slaStanding, type ClockStanding } from './sla-standing';

/** What the history indexes project of a head. */
export type HistoryEntry = Pick<
  TicketHead,
  'id' | 'kind' | 'subject' | 'status' | 'stage' | 'priority' | 'snapshot' | 'createdAt'
>;

export interface HistoryLine {
  id: string;
  kind: string;
  subject: string;
  status: string;
  stage: string;
  title: Title;
  createdAt: number;
  sla: { response: ClockStanding['state']; resolution: ClockStanding['state'] };
}

export interface TicketHistory {
  /** The requester's other tickets, newest created first. */
  requester: HistoryLine[];
  /** The customer's other tickets, newest created first; empty when the ticket has no customer. */
  customer: HistoryLine[];
}

/**
 * How a clock came out. An ended ticket's clocks are stopped: it met the response if the desk
 * responded in time, the resolution if it was resolved in time; a ticket cancelled before either
 * keeps `stopped` (not counted).
 */
function outcome(entry: HistoryEntry, clock: ClockStanding): ClockStanding['state'] {
  if (clock.state !== 'stopped') return clock.state;
  const { context } = entry.snapshot;
  const done = clock.clock === 'response' ? context.sla.response.metAt : context.resolvedAt;
  return done === null ? 'stopped' : 'met';
}

export function historyLine(machine: TicketMachine, policy: Policy, entry: HistoryEntry, now: number): HistoryLine {
  const standing = slaStanding(rulesFor(policy), policy, entry.snapshot, now);
  return {
    id: entry.id,
    kind: entry.kind,
    subject: entry.subject,
    status: entry.status,
    stage: entry.stage,
    title: stateTitle(machine, entry.stage),
    createdAt: entry.createdAt,
    sla: { response: outcome(entry, standing.response), resolution: outcome(entry, standing.resolution) },
  };
}
