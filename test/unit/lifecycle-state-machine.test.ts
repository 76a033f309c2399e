import validator from 'asl-validator';
import { createMachine } from 'xstate';
import { HISTORY_EVENT_LIMIT, HISTORY_EVENTS_PER_CYCLE, lifecycleDefinition, MAX_CYCLES_PER_EXECUTION, MAX_EXECUTION_DAYS } from '../../infra/lifecycle-state-machine';
import { MAX_WAIT_SECONDS } from '../../functions/lifecycle-driver';
import { defaultPolicy } from '../../workflows/default-policy';
import { createTicketMachine, type TicketMachine } from '../../workflows/ticket-machine';

const machine = createTicketMachine(defaultPolicy);
const functions = { park: 'arn:aws:lambda:eu-west-1:123456789012:function:park', advance: 'arn:aws:lambda:eu-west-1:123456789012:function:advance' };
type Definition = ReturnType<typeof lifecycleDefinition>;
const states = (d: Definition) => d.States as Record<string, { Type: string; TimeoutSecondsPath?: string; Catch?: { ErrorEquals: string[]; Next: string }[]; Retry?: { ErrorEquals: string[] }[] }>;

describe('the Step Functions lifecycle, generated from the statechart', () => {
  const definition = lifecycleDefinition(machine, functions);

  it('is valid Amazon States Language', () => {
    const result = validator(structuredClone(definition));
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('parks in one named wait task per lifecycle state, until the next timer, then fires due timers', () => {
    const names = Object.keys(states(definition));
    expect(names).toEqual(expect.arrayContaining(['Wait: Triage', 'Wait: Waiting on customer', 'Wait: With third party', 'Wait: On-site support', 'Wait: Resolved', 'Done: Closed', 'Done: Cancelled']));
    const wait = states(definition)['Wait: With third party']!;
    expect(wait).toMatchObject({ Type: 'Task', TimeoutSecondsPath: '$.secondsToNextTimer' });
    expect(wait.Catch![0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Fire due timers' });
    expect(wait.Retry![0]!.ErrorEquals).toContain('Lambda.TooManyRequestsException');
  });

  it('gains a wait task when a state is added to the chart, with no other edit', () => {
    const config = machine.config as unknown as { states: { lifecycle: { states: Record<string, unknown> } } };
    const extended = createMachine(
      { ...config, states: { ...config.states, lifecycle: { ...config.states.lifecycle, states: { ...config.states.lifecycle.states, onHold: { meta: { title: { nl: 'On hold', en: 'On hold' } } } } } } } as never,
      machine.implementations as never,
    ) as unknown as TicketMachine;
    const grown = lifecycleDefinition(extended, functions);
    expect(Object.keys(states(grown)).filter((n) => !(n in states(definition)))).toEqual(['Wait: On hold']);
    expect(validator(structuredClone(grown)).isValid).toBe(true);
  });

  it('continues in a new execution well before the history limit and the one-year limit', () => {
    expect(MAX_CYCLES_PER_EXECUTION * HISTORY_EVENTS_PER_CYCLE).toBeLessThanOrEqual((HISTORY_EVENT_LIMIT * 2) / 3);
    // Every cycle ends within a day at most (the longest park), so the cycle cap also caps the age.
    expect((MAX_CYCLES_PER_EXECUTION * MAX_WAIT_SECONDS) / 86_400).toBeLessThan(MAX_EXECUTION_DAYS - 30);
    const route = states(definition)['Route by status'] as unknown as { Choices: { Variable: string; Next: string }[] };
    // Final states first: a finished ticket never starts a continuation.
    const order = route.Choices.map((c) => c.Next);
    expect(order.indexOf('Continue in a new execution')).toBeGreaterThan(order.indexOf('Done: Closed'));
    expect(order.indexOf('Continue in a new execution')).toBeLessThan(order.indexOf('Wait: Triage'));
  });

  it('waits out a task that keeps failing, then fires due timers again, rather than failing the ticket', () => {
    const all = states(definition);
    for (const name of ['Fire due timers', 'Wait: Triage']) {
      const task = all[name]!;
      expect(task.Retry!.map((r) => r.ErrorEquals)).toContainEqual(['States.TaskFailed']);
      expect(task.Catch!.at(-1)).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Wait after a failure' });
    }
    expect(all['Wait after a failure']).toMatchObject({ Type: 'Wait', Next: 'Fire due timers' });
  });

  it('hands a ticket in a state this execution does not know (a newer chart) to a new execution', () => {
    expect(states(definition)['Route by status']).toMatchObject({ Default: 'Continue in a new execution' });
  });
});
