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

/**
 * Lambda's transient failures, TooManyRequests included (CDK's default retry omits it); then the
 * handler's own failures (secrets unavailable, DynamoDB throttled, a ticket too contended), which
 * are just as passing. What outlasts both is caught and waited out, never left to fail the execution.
 */
const lambdaRetry = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 5, BackoffRate: 3, JitterStrategy: 'FULL' },
];

/** After the retries: wait, then fire due timers and route again from the ticket as it stands. */
const SETTLE_SECONDS = 600;
const waitItOut = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Wait after a failure' };

/** What the advance task hands on: the ticket's routing facts, nothing else. */
const routingFacts = {
  'ticketId.$': '$.Payload.ticketId',
  'version.$': '$.Payload.version',
  'status.$': '$.Payload.status',
  'secondsToNextTimer.$': '$.Payload.secondsToNextTimer',
};

/**
 * Park/advance cycles before the execution hands over to a new one. Two limits bind a Standard
 * execution: 25,000 history events (a cycle writes at most ~16 without retries: Choice 2, wait
 * task 6, advance task 6, count 2) and one year (a cycle lasts at most MAX_WAIT_SECONDS, a day).
 * 300 cycles stay far inside both.
 */
export const MAX_CYCLES_PER_EXECUTION = 300;
export const MAX_EXECUTION_DAYS = 365;
export const HISTORY_EVENTS_PER_CYCLE = 16;
export const HISTORY_EVENT_LIMIT = 25_000;


const stateName = (prefix: string, title: string) => `${prefix}: ${title}`.slice(0, 80);

export function lifecycleDefinition(machine: TicketMachine, functions: LifecycleFunctions, options: { maxCycles?: number } = {}) {
  const maxCycles = options.maxCycles ?? MAX_CYCLES_PER_EXECUTION;
  const statuses = lifecycleStatuses(machine);
  const active = statuses.filter((s) => !s.final);
  const finals = statuses.filter((s) => s.final);
  const parkName = (s: (typeof statuses)[number]) => stateName('Wait', s.title.en);
  const endName = (s: (typeof statuses)[number]) => stateName('Done', s.title.en);

  const states: Record<string, unknown> = {
    'Route by status': {
      Type: 'Choice',
      Choices: [
        ...finals.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: endName(s) })),
        // Long-lived tickets hand over before the history limit, never in the middle of a cycle.
        { Variable: '$.cycle', NumericGreaterThanEquals: maxCycles, Next: 'Continue in a new execution' },
        ...active.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: parkName(s) })),
      ],
      // A status this definition does not know: the chart is newer than this running execution, so
      // hand over to a new one, which runs the deployed definition.
      Default: 'Continue in a new execution',
    },
    'Fire due timers': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functions.advance, 'Payload.$': '$' },
      ResultSelector: routingFacts,
      ResultPath: '$.facts',
      Retry: lambdaRetry,
      Catch: [waitItOut],
      Next: 'Count the cycle',
    },
    'Wait after a failure': { Type: 'Wait', Seconds: SETTLE_SECONDS, Next: 'Fire due timers' },
    'Count the cycle': {
      Type: 'Pass',
      Parameters: {
        'ticketId.$': '$.facts.ticketId',
        'version.$': '$.facts.version',
        'status.$': '$.facts.status',
        'secondsToNextTimer.$': '$.facts.secondsToNextTimer',
        'cycle.$': 'States.MathAdd($.cycle, 1)',
        'generation.$': '$.generation',
      },
      Next: 'Route by status',
    },
    'Continue in a new execution': {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        // executionName() in lifecycle-driver.ts, spelled in intrinsics.
        'Name.$': "States.Format('{}--{}', $.ticketId, States.MathAdd($.generation, 1))",
        Input: {
          'ticketId.$': '$.ticketId',
          'version.$': '$.version',
          'status.$': '$.status',
          'secondsToNextTimer.$': '$.secondsToNextTimer',
          cycle: 0,
          'generation.$': 'States.MathAdd($.generation, 1)',
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      // The first matching retrier wins: an existing continuation is never retried, anything else is.
      Retry: [
        { ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], MaxAttempts: 0 },
        { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
      ],
      // A retried start whose first attempt went through: the continuation is already running.
      Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: null, Next: 'Continued in a new execution' }],
      ResultPath: '$.continuedAs',
      Next: 'Continued in a new execution',
    },
    'Continued in a new execution': { Type: 'Succeed' },
  };
  for (const status of active) {
    states[parkName(status)] = {
      Type: 'Task',
      Comment: `${status.title.nl} / ${status.title.en}`,
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: functions.park, Payload: { 'ticketId.$': '$.ticketId', 'version.$': '$.version', 'status.$': '$.status', 'taskToken.$': '$$.Task.Token' } },
      // Woken early by SendTaskSuccess when an event commits; otherwise the next timer is due.
      TimeoutSecondsPath: '$.secondsToNextTimer',
      // The engine's SendTaskSuccess output is the ticket's routing facts.
      ResultPath: '$.facts',
      Retry: lambdaRetry,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Fire due timers' }, waitItOut],
      Next: 'Count the cycle',
    };
  }
  for (const status of finals) states[endName(status)] = { Type: 'Succeed', Comment: `${status.title.nl} / ${status.title.en}` };

  return { Comment: `Ticket lifecycle, generated from the statechart (chart version ${CHART_VERSION})`, StartAt: 'Route by status', States: states };
}
