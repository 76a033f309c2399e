import validator from 'asl-validator';
import { createMachine } from 'xstate';
import {
  DEPLOYMENT_WAIT_SECONDS,
  HISTORY_EVENT_LIMIT,
  HISTORY_EVENTS_PER_CYCLE,
  HISTORY_EVENTS_PER_FAILED_ROUND,
  LIFECYCLE_ERRORS,
  lifecycleDefinition,
  MAX_CONSECUTIVE_FAILURES,
  MAX_CYCLES_PER_EXECUTION,
  MAX_UNKNOWN_STATUS_HANDOVERS,
  SETTLE_SECONDS,
} from '../../infra/lifecycle-state-machine';
import {
  EXECUTION_AGE_LIMIT_SECONDS,
  HANDOVER_MARGIN_SECONDS,
  MAX_EXECUTION_AGE_SECONDS,
} from '../../functions/lifecycle/lifecycle-driver';
import { lambdaRow } from '../../functions/function-table';
import { TicketNotFoundError } from '../../functions/lifecycle/ticket-store';
import { walkLoops } from '../support/definition-loops';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { createTicketMachine, type TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';

const machine = createTicketMachine(defaultPolicy);
const functions = {
  park: 'arn:aws:lambda:eu-west-1:123456789012:function:park',
  advance: 'arn:aws:lambda:eu-west-1:123456789012:function:advance',
};
type Definition = ReturnType<typeof lifecycleDefinition>;
type AnyState = {
  Type: string;
  Next?: string;
  TimeoutSecondsPath?: string;
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[];
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; IntervalSeconds?: number; BackoffRate?: number }[];
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string | null;
  Choices?: { Next: string; Variable?: string; StringEquals?: string }[];
  Error?: string;
};
const states = (d: Definition) => d.States as Record<string, AnyState>;
const tasks = (d: Definition) =>
  Object.entries(states(d)).filter(
    ([, s]) =>
      s.Type === 'Task' &&
      s.Retry?.some((r) => r.ErrorEquals.includes('States.TaskFailed')) &&
      !s.Catch?.some((c) => c.Next === 'Continued in a new execution'),
  );

describe('the Step Functions lifecycle, generated from the statechart', () => {
  const definition = lifecycleDefinition(machine, functions);

  it('is valid Amazon States Language', () => {
    const result = validator(structuredClone(definition));
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('parks in one named wait task per lifecycle state, until the next timer, then fires due timers', () => {
    const names = Object.keys(states(definition));
    expect(names).toEqual(
      expect.arrayContaining([
        'Wait: Triage',
        'Wait: Waiting on customer',
        'Wait: With third party',
        'Wait: On-site support',
        'Wait: Resolved',
        'Done: Closed',
        'Done: Cancelled',
      ]),
    );
    const wait = states(definition)['Wait: With third party']!;
    expect(wait).toMatchObject({ Type: 'Task', TimeoutSecondsPath: '$.secondsToNextTimer' });
    expect(wait.Catch![0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Fire due timers' });
    expect(wait.Retry!.flatMap((r) => r.ErrorEquals)).toContain('Lambda.TooManyRequestsException');
  });

  it('gains a wait task when a state is added to the chart, with no other edit', () => {
    const config = machine.config as unknown as { states: { lifecycle: { states: Record<string, unknown> } } };
    const extended = createMachine(
      {
        ...config,
        states: {
          ...config.states,
          lifecycle: {
            ...config.states.lifecycle,
            states: {
              ...config.states.lifecycle.states,
              onHold: { meta: { title: { nl: 'On hold', en: 'On hold' } } },
            },
          },
        },
      } as never,
      machine.implementations as never,
    ) as unknown as TicketMachine;
    const grown = lifecycleDefinition(extended, functions);
    expect(Object.keys(states(grown)).filter((n) => !(n in states(definition)))).toEqual(['Wait: On hold']);
    expect(validator(structuredClone(grown)).isValid).toBe(true);
  });

  it('continues in a new execution well before the history limit and the one-year limit', () => {
    expect(MAX_CYCLES_PER_EXECUTION * HISTORY_EVENTS_PER_CYCLE).toBeLessThanOrEqual((HISTORY_EVENT_LIMIT * 2) / 3);
    // After its deadline an execution still reaches the handover inside the year: at worst a
    // streak of failed rounds (every retry of every attempt, each attempt its function's whole
    // timeout, then a settle wait) and the deployment waits of unknown-status handovers.
    const all = states(definition);
    const retrySeconds = (task: AnyState) =>
      task
        .Retry!.flatMap((r) =>
          Array.from({ length: r.MaxAttempts ?? 3 }, (_, k) => (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** k),
        )
        .reduce((sum, seconds) => sum + seconds, 0);
    const attempts = (task: AnyState) => 1 + task.Retry!.reduce((sum, r) => sum + (r.MaxAttempts ?? 3), 0);
    const advance = all['Fire due timers']!;
    const worstRound = retrySeconds(advance) + attempts(advance) * lambdaRow('advance-ticket').timeoutSeconds!;
    const afterDeadline =
      MAX_CONSECUTIVE_FAILURES * (worstRound + SETTLE_SECONDS) +
      (MAX_UNKNOWN_STATUS_HANDOVERS - 1) * DEPLOYMENT_WAIT_SECONDS +
      retrySeconds(all['Continue in a new execution']!);
    expect(afterDeadline).toBeLessThan(HANDOVER_MARGIN_SECONDS / 2);
    expect(MAX_EXECUTION_AGE_SECONDS + HANDOVER_MARGIN_SECONDS).toBe(EXECUTION_AGE_LIMIT_SECONDS);
    // No park outlasts the deadline; at it, the tasks say to hand over.
    expect(all['Wait: With third party']!.Parameters).toMatchObject({
      Payload: { 'executionStartedAt.$': '$$.Execution.StartTime' },
    });
    expect(all['Fire due timers']!.Parameters).toMatchObject({
      Payload: { 'executionStartedAt.$': '$$.Execution.StartTime' },
    });
    expect(all['Route by status']!.Choices).toContainEqual({
      Variable: '$.handOver',
      BooleanEquals: true,
      Next: 'Continue in a new execution',
    });
    const route = states(definition)['Route by status'] as unknown as { Choices: { Variable: string; Next: string }[] };
    // Final states first: a finished ticket never starts a continuation.
    const order = route.Choices.map((c) => c.Next);
    expect(order.indexOf('Continue in a new execution')).toBeGreaterThan(order.indexOf('Done: Closed'));
    expect(order.indexOf('Continue in a new execution')).toBeLessThan(order.indexOf('Wait: Triage'));
  });

  it('waits out a task that keeps failing, counting each failed round, and stalls the ticket past the bound', () => {
    const all = states(definition);
    for (const name of ['Fire due timers', 'Wait: Triage']) {
      const task = all[name]!;
      expect(task.Retry!.map((r) => r.ErrorEquals)).toContainEqual(['States.TaskFailed']);
      expect(task.Catch!.at(-1)).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Count the failure' });
    }
    expect(all['Count the failure']).toMatchObject({
      Type: 'Pass',
      Parameters: { 'failures.$': 'States.MathAdd($.failures, 1)', 'cycle.$': 'States.MathAdd($.cycle, 1)' },
    });
    expect(all['Check the failures']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.failures', NumericGreaterThanEquals: MAX_CONSECUTIVE_FAILURES }],
      Default: 'Wait after a failure',
    });
    expect(all['Wait after a failure']).toMatchObject({
      Type: 'Wait',
      Seconds: SETTLE_SECONDS,
      Next: 'Fire due timers',
    });
    expect(all['Ticket stalled']).toMatchObject({
      Type: 'Fail',
      Error: LIFECYCLE_ERRORS.stalled,
      CausePath: '$.stall.cause',
    });
    // Only a round that went through resets the count, as its task's result becomes the next input.
    expect(all['Fire due timers']).toMatchObject({
      ResultSelector: { failures: 0, unknownStatusHandovers: 0, 'cycle.$': 'States.MathAdd($.Payload.cycle, 1)' },
    });
    expect(all['Wait: Triage']).toMatchObject({
      ResultSelector: { failures: 0, unknownStatusHandovers: 0, 'cycle.$': 'States.MathAdd($.cycle, 1)' },
    });
    // The result replaces the state: ResultPath left at its default ($).
    expect(all['Fire due timers']!.ResultPath).toBeUndefined();
    expect(all['Wait: Triage']!.ResultPath).toBeUndefined();
  });

  it('costs two transitions a wake-up (route, wait), three a timer (fire, route, wait) and two a start', () => {
    const all = states(definition);
    const route = all['Route by status']!;
    const waitFor = (status: string) => route.Choices!.find((c) => c.StringEquals === status)!.Next;
    // A start enters the route first, which parks the ticket.
    expect(definition.StartAt).toBe('Route by status');
    expect(waitFor('triage')).toBe('Wait: Triage');
    // A wake-up's answer goes straight back to the route; a timeout through firing the timers.
    const wait = all['Wait: Triage']!;
    expect(wait.Next).toBe('Route by status');
    expect(wait.Catch![0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Fire due timers' });
    expect(all['Fire due timers']!.Next).toBe('Route by status');
  });

  it('gives up on a failing ticket only after an outage of well over an hour, and inside the history limit', () => {
    // The settle waits alone, between the first and the last failed round.
    expect((MAX_CONSECUTIVE_FAILURES - 1) * SETTLE_SECONDS).toBeGreaterThanOrEqual(3600);
    expect((MAX_CONSECUTIVE_FAILURES - 1) * SETTLE_SECONDS).toBeLessThanOrEqual(6 * 3600);
    // Failed rounds count as cycles: an execution ends by the cycle cap plus one streak of failures,
    // inside the history limit even if every one of its rounds failed after every retry.
    expect((MAX_CYCLES_PER_EXECUTION + MAX_CONSECUTIVE_FAILURES) * HISTORY_EVENTS_PER_FAILED_ROUND).toBeLessThan(
      HISTORY_EVENT_LIMIT,
    );
  });

  it('ends at once, neither retried nor waited out, when the ticket is gone (TicketNotFoundError, by its stable name)', () => {
    const gone = new TicketNotFoundError('INC-2026-000001').name;
    for (const [name, task] of tasks(definition)) {
      expect({ name, first: task.Retry![0] }).toEqual({ name, first: { ErrorEquals: [gone], MaxAttempts: 0 } });
      expect({ name, catcher: task.Catch!.find((c) => c.ErrorEquals.includes(gone)) }).toEqual({
        name,
        catcher: expect.objectContaining({ Next: 'Ticket not found' }),
      });
    }
    expect(states(definition)['Ticket not found']).toMatchObject({
      Type: 'Fail',
      Error: LIFECYCLE_ERRORS.ticketNotFound,
    });
  });

  it('hands a ticket in a state this execution does not know (a newer chart) to a new execution, a bounded number of times', () => {
    const all = states(definition);
    expect(all['Route by status']).toMatchObject({ Default: 'Count the unknown status' });
    expect(all['Count the unknown status']).toMatchObject({
      Type: 'Pass',
      Parameters: { 'unknownStatusHandovers.$': 'States.MathAdd($.unknownStatusHandovers, 1)' },
    });
    expect(all['Check the unknown-status handovers']).toMatchObject({
      Type: 'Choice',
      // The first handover goes at once; later ones wait for a deployment still under way.
      Choices: [
        { Variable: '$.unknownStatusHandovers', NumericGreaterThan: MAX_UNKNOWN_STATUS_HANDOVERS },
        { Variable: '$.unknownStatusHandovers', NumericEquals: 1, Next: 'Continue in a new execution' },
      ],
      Default: 'Wait for the deployment',
    });
    expect(all['Wait for the deployment']).toMatchObject({
      Type: 'Wait',
      Seconds: DEPLOYMENT_WAIT_SECONDS,
      Next: 'Continue in a new execution',
    });
    expect(all['Status unknown']).toMatchObject({ Type: 'Fail', Error: LIFECYCLE_ERRORS.unknownStatus });
    const input = (all['Continue in a new execution'] as unknown as { Parameters: { Input: Record<string, unknown> } })
      .Parameters.Input;
    expect(input).toMatchObject({ 'unknownStatusHandovers.$': '$.unknownStatusHandovers', cycle: 0 });
  });
});

describe('every loop of the generated lifecycle is bounded (the definition walked as a graph)', () => {
  const definition = lifecycleDefinition(machine, functions);

  it('climbs a counter that a Choice bounds on every way round, across handovers to a new execution too', () => {
    const { walked, unbounded } = walkLoops(definition);
    expect(unbounded).toEqual([]);
    // A park and a timeout per lifecycle state, their failures, the unknown status, the handover.
    expect(walked).toBeGreaterThan(3 * lifecycleStatuses(machine).filter((s) => !s.final).length);
  });

  it('stays bounded when the chart gains a state', () => {
    const config = machine.config as unknown as { states: { lifecycle: { states: Record<string, unknown> } } };
    const extended = createMachine(
      {
        ...config,
        states: {
          ...config.states,
          lifecycle: {
            ...config.states.lifecycle,
            states: {
              ...config.states.lifecycle.states,
              onHold: { meta: { title: { nl: 'In de wacht', en: 'On hold' } } },
            },
          },
        },
      } as never,
      machine.implementations as never,
    ) as unknown as TicketMachine;
    expect(walkLoops(lifecycleDefinition(extended, functions)).unbounded).toEqual([]);
  });

  it('finds the loop when a new catch waits out a failure without counting it (the check is live)', () => {
    const revised = structuredClone(definition);
    const advance = states(revised)['Fire due timers']!;
    advance.Catch!.unshift({ ErrorEquals: ['Lambda.Unknown'], ResultPath: '$.failure', Next: 'Wait after a failure' });
    expect(walkLoops(revised).unbounded).toContainEqual({
      states: expect.arrayContaining(['Wait after a failure', 'Fire due timers']),
    });
  });

  it('finds the loop when an unknown status hands over without counting (the check is live)', () => {
    const revised = structuredClone(definition);
    (states(revised)['Route by status'] as unknown as { Default: string }).Default = 'Continue in a new execution';
    expect(walkLoops(revised).unbounded).toContainEqual({
      states: expect.arrayContaining(['Route by status', 'Continue in a new execution']),
    });
  });

  it('finds the loop when the handover leaves the execution due to hand over again (the check is live)', () => {
    const revised = structuredClone(definition);
    const input = (
      states(revised)['Continue in a new execution'] as unknown as { Parameters: { Input: Record<string, unknown> } }
    ).Parameters.Input;
    delete input.handOver;
    input['handOver.$'] = '$.handOver';
    expect(walkLoops(revised).unbounded).toContainEqual({
      states: expect.arrayContaining(['Route by status', 'Continue in a new execution']),
    });
  });

  it('finds the loop when a wake-up does not count the cycle (the check is live)', () => {
    const revised = structuredClone(definition);
    const selector = states(revised)['Wait: Triage']!.ResultSelector!;
    selector['cycle.$'] = '$.cycle';
    expect(walkLoops(revised).unbounded).toContainEqual({
      states: expect.arrayContaining(['Route by status', 'Wait: Triage']),
    });
  });

  it('finds the loop when the handover starts the failure count afresh and failures hand over (the check is live)', () => {
    const revised = structuredClone(definition);
    (states(revised)['Check the failures'] as unknown as { Default: string }).Default = 'Continue in a new execution';
    const input = (
      states(revised)['Continue in a new execution'] as unknown as { Parameters: { Input: Record<string, unknown> } }
    ).Parameters.Input;
    delete input['failures.$'];
    input.failures = 0;
    expect(walkLoops(revised).unbounded).toContainEqual({
      states: expect.arrayContaining(['Count the failure', 'Continue in a new execution']),
    });
  });
});
