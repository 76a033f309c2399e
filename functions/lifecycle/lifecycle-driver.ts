// The Step Functions side of the LifecycleDriver port: what a parked execution needs to route
// (the ticket's status and seconds to its next timer), and waking it when an event commits.
// A token that is invalid, finished or timed out means the execution already moved on: harmless.
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Commit, TicketHead } from '../../workflows/lifecycle/ticket-engine';

/**
 * The longest a parked execution waits, even for a ticket with no timer: a day. A wake-up that was
 * lost (SendTaskSuccess failing after the commit) heals within a day, when the wait runs out and
 * advance routes on the ticket as it stands; and the cycle cap then also bounds an execution's age.
 */
export const MAX_WAIT_SECONDS = 24 * 3600;

export interface RoutingFacts {
  ticketId: string;
  version: number;
  status: string;
  secondsToNextTimer: number;
}

export function routingFacts(head: TicketHead, now: number): RoutingFacts {
  const seconds =
    head.nextDueAt === null
      ? MAX_WAIT_SECONDS
      : Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil((head.nextDueAt - now) / 1000)));
  return { ticketId: head.id, version: head.version, status: head.status, secondsToNextTimer: seconds };
}

/**
 * What an execution carries between states: the routing facts, how far it is from handing over,
 * and the counts that end it when it cannot go on (infra/lifecycle-state-machine.ts).
 */
export interface LifecycleInput extends RoutingFacts {
  /** Park/advance cycles in this execution, failed ones included (it continues in a new one before the history limit). */
  cycle: number;
  /** 0 for the execution named after the ticket, n for its n-th continuation. */
  generation: number;
  /** Rounds in a row whose park or advance failed after every retry; a round that goes through resets it. */
  failures: number;
  /** Handovers in a row for a status the running definition did not know; carried into the continuation. */
  unknownStatusHandovers: number;
}

/**
 * What an operator restarts a stopped ticket's lifecycle with (the alarm on failed executions says
 * how: stalledTicketAlarmDescription in infra/lifecycle-state-machine.ts): the ticket, and the
 * generation after the failed execution's. It fires due timers, then routes on the ticket as it stands.
 */
export interface RestartInput {
  ticketId: string;
  generation: number;
}

/** The execution's name for a ticket: its id, then `--<n>` for each continuation. */
export const executionName = (ticketId: string, generation: number) =>
  generation === 0 ? ticketId : `${ticketId}--${generation}`;

export const firstExecutionInput = (head: TicketHead, now: number): LifecycleInput => ({
  ...routingFacts(head, now),
  cycle: 0,
  generation: 0,
  failures: 0,
  unknownStatusHandovers: 0,
});

const ALREADY_MOVED_ON = new Set(['InvalidToken', 'TaskDoesNotExist', 'TaskTimedOut']);

export async function wakeExecution(
  sfn: SFNClient,
  taskToken: string,
  facts: RoutingFacts,
): Promise<'woken' | 'moved-on'> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(facts) }));
    return 'woken';
  } catch (error) {
    if (ALREADY_MOVED_ON.has((error as Error).name)) return 'moved-on';
    throw error;
  }
}

/** The engine's onCommit hook in AWS: wake the execution parked on the version just replaced. */
export const wakeOnCommit =
  (sfn: SFNClient, now: () => number) => async (commit: Commit, previous: TicketHead | null) => {
    if (previous?.parkToken) await wakeExecution(sfn, previous.parkToken, routingFacts(commit.head, now()));
  };
