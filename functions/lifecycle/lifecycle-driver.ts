// The Step Functions side of the LifecycleDriver port: what a ticket's execution goes on with
// after a task (the ticket's routing facts, its counters as the task was given them, and whether
// it is old enough to hand over), and answering a parked execution's task token. A token that is
// invalid, finished or timed out means the execution already moved on: harmless.
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { ParkContext } from '../../workflows/lifecycle/park-carry';

/** Step Functions ends a Standard execution a year after it started. */
export const EXECUTION_AGE_LIMIT_SECONDS = 365 * 86_400;
/**
 * How long before that limit an execution hands over: a day. After its deadline it still has to
 * reach the handover: a park's timeout at the deadline, then at worst a streak of failed rounds
 * (retries and settle waits, a few hours) and the deployment waits of unknown-status handovers;
 * test/unit/lifecycle-state-machine.test.ts asserts that all of it fits in the margin.
 */
export const HANDOVER_MARGIN_SECONDS = 86_400;
/** An execution's deadline, counted from its start: parks never outlast it, and at it advance says to hand over. */
export const MAX_EXECUTION_AGE_SECONDS = EXECUTION_AGE_LIMIT_SECONDS - HANDOVER_MARGIN_SECONDS;
/**
 * The longest park of an execution whose task did not say when the execution started: one of a
 * definition deployed before the deadline existed, which bounds its age by a day per cycle.
 */
export const LEGACY_WAIT_SECONDS = 86_400;

/**
 * What a task hands back (advance's result, the answer to a park's token): the ticket's routing
 * facts and the counters the task was given. The definition's ResultSelector counts the cycle and
 * makes it the execution's next input.
 */
export interface RoutingFacts {
  ticketId: string;
  version: number;
  status: string;
  /** Until the next timer, never past the execution's deadline: how long the next park may wait. */
  secondsToNextTimer: number;
  /** The execution reached its deadline: the next route hands over to a new one. */
  handOver: boolean;
  cycle: number;
  generation: number;
}

/** What the park and advance tasks are given besides the ticket ($$.Execution.StartTime among them). */
export interface ExecutionPosition {
  cycle?: number;
  generation?: number;
  executionStartedAt?: string;
}

/** The parked execution's context, from what its task was given; none from a definition without counters. */
export function parkContextOf(given: ExecutionPosition, now: number): ParkContext | undefined {
  if (typeof given.cycle !== 'number' || typeof given.generation !== 'number') return undefined;
  const started = given.executionStartedAt === undefined ? NaN : Date.parse(given.executionStartedAt);
  const deadline = Number.isFinite(started)
    ? started + MAX_EXECUTION_AGE_SECONDS * 1000
    : now + LEGACY_WAIT_SECONDS * 1000;
  return { cycle: given.cycle, generation: given.generation, deadline };
}

type Routed = Pick<TicketHead, 'id' | 'version' | 'status' | 'nextDueAt'>;

export function routingFacts(head: Routed, now: number, context: ParkContext | undefined): RoutingFacts {
  const deadline = context?.deadline ?? now + LEGACY_WAIT_SECONDS * 1000;
  const handOver = now >= deadline;
  // The continuation waits until its own deadline, a year on, not this execution's.
  const until = handOver ? now + MAX_EXECUTION_AGE_SECONDS * 1000 : deadline;
  const wakeAt = Math.min(head.nextDueAt ?? Infinity, until);
  return {
    ticketId: head.id,
    version: head.version,
    status: head.status,
    secondsToNextTimer: Math.max(1, Math.ceil((wakeAt - now) / 1000)),
    handOver,
    cycle: context?.cycle ?? 0,
    generation: context?.generation ?? 0,
  };
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

/** The first execution's input: it starts now, so its deadline is counted from now. */
export const firstExecutionInput = (head: Routed, now: number): LifecycleInput => ({
  ...routingFacts(head, now, { cycle: 0, generation: 0, deadline: now + MAX_EXECUTION_AGE_SECONDS * 1000 }),
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
