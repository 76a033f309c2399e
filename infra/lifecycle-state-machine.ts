// The Step Functions definition of a ticket's lifecycle, derived from the statechart: one named
// wait task per lifecycle state (titled from its meta) that parks on a task token until the next
// timer is due, a timeout that fires due timers through advance(), a Choice that routes on the
// new state, and a Succeed per final state. No state is listed by hand: add one to the chart and
// this definition has it.
import type { TicketMachine } from '../workflows/ticket-machine';
import { lifecycleStatuses } from '../workflows/state-titles';
import { CHART_VERSION } from '../workflows/ticket-machine';

export interface LifecycleFunctions {
  /** Stores the task token on the ticket head (if still at the version parked for), returns at once. */
  park: string;
  /** Fires the ticket's due timers; returns `{ ticketId, version, status, secondsToNextTimer }`. */
  advance: string;
}

/** Lambda's transient failures, TooManyRequests included (CDK's default retry omits it). */
const lambdaRetry = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

/** What every Lambda task hands on: the ticket's routing facts, nothing else. */
const routingFacts = {
  'ticketId.$': '$.Payload.ticketId',
  'version.$': '$.Payload.version',
  'status.$': '$.Payload.status',
  'secondsToNextTimer.$': '$.Payload.secondsToNextTimer',
};

const stateName = (prefix: string, title: string) => `${prefix}: ${title}`.slice(0, 80);

export function lifecycleDefinition(machine: TicketMachine, functions: LifecycleFunctions) {
  const statuses = lifecycleStatuses(machine);
  const active = statuses.filter((s) => !s.final);
  const finals = statuses.filter((s) => s.final);
  const parkName = (s: (typeof statuses)[number]) => stateName('Wait', s.title.en);
  const endName = (s: (typeof statuses)[number]) => stateName('Done', s.title.en);

  const states: Record<string, unknown> = {
    'Route by status': {
      Type: 'Choice',
      Choices: [...active.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: parkName(s) })), ...finals.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: endName(s) }))],
      // A status this definition does not know (a newer chart): fire what is due and route again.
      Default: 'Fire due timers',
    },
    'Fire due timers': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functions.advance, 'Payload.$': '$' },
      ResultSelector: routingFacts,
      Retry: lambdaRetry,
      Next: 'Route by status',
    },
  };
  for (const status of active) {
    states[parkName(status)] = {
      Type: 'Task',
      Comment: `${status.title.nl} / ${status.title.en}`,
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: functions.park, Payload: { 'ticketId.$': '$.ticketId', 'version.$': '$.version', 'status.$': '$.status', 'taskToken.$': '$$.Task.Token' } },
      // Woken early by SendTaskSuccess when an event commits; otherwise the next timer is due.
      TimeoutSecondsPath: '$.secondsToNextTimer',
      Retry: lambdaRetry,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Fire due timers' }],
      Next: 'Route by status',
    };
  }
  for (const status of finals) states[endName(status)] = { Type: 'Succeed', Comment: `${status.title.nl} / ${status.title.en}` };

  return { Comment: `Ticket lifecycle, generated from the statechart (chart version ${CHART_VERSION})`, StartAt: 'Route by status', States: states };
}
