// The Step Functions definition of a ticket's lifecycle, derived from the statechart: one named
// wait task per lifecycle state (titled from its meta) that parks on a task token until the next
// timer is due (or the execution's deadline), a timeout that fires due timers through advance(),
// a Choice that routes on the new state, and a Succeed per final state. No state is listed by
// hand: add one to the chart and this definition has it. A task's result is the next input whole
// (its ResultSelector counts the cycle), so a wake-up costs two transitions (Route, Wait), a timer
// three (Fire, Route, Wait) and a start two (Route, Wait). Every way round is bounded
// (test/unit/lifecycle-state-machine.test.ts walks the graph): rounds by the handover to a new
// execution (at the cycle cap or the deadline), failures in a row by a stall, and handovers for a
// status this definition does not know by a count carried across executions.
import type { TicketMachine } from '../workflows/lifecycle/ticket-machine';
import { lifecycleStatuses } from '../workflows/lifecycle/state-titles';
import { CHART_VERSION } from '../workflows/lifecycle/ticket-machine';
import { TicketNotFoundError } from '../functions/lifecycle/ticket-store';
import type { RoutingFacts } from '../functions/lifecycle/lifecycle-driver';

export interface LifecycleFunctions {
  /** Stores the task token and context on the ticket head (if still at the version parked for), returns at once. */
  park: string;
  /** Fires the ticket's due timers; returns the RoutingFacts (functions/lifecycle/lifecycle-driver.ts). */
  advance: string;
}

/** How an execution that cannot go on ends: the Fail states' errors, which the alarm explains. */
export const LIFECYCLE_ERRORS = {
  /** Parking or firing timers failed MAX_CONSECUTIVE_FAILURES rounds in a row. */
  stalled: 'Lifecycle.Stalled',
  /** The ticket's status is unknown to this definition, after MAX_UNKNOWN_STATUS_HANDOVERS handovers. */
  unknownStatus: 'Lifecycle.StatusUnknown',
  /** The ticket is gone from the table: nothing is left to drive. */
  ticketNotFound: 'Lifecycle.TicketNotFound',
} as const;

/** The Lambda error's name is the error Step Functions sees: the handlers' stable class name. */
const TICKET_NOT_FOUND = new TicketNotFoundError('').name;

/**
 * Lambda's transient failures, TooManyRequests included (CDK's default retry omits it); then the
 * handler's own failures (secrets unavailable, DynamoDB throttled, a ticket too contended), which
 * are just as passing. A ticket that is gone stays gone: never retried (the first matching retrier
 * wins). What outlasts the retries is caught, counted and waited out (below).
 */
const lambdaRetry = [
  { ErrorEquals: [TICKET_NOT_FOUND], MaxAttempts: 0 },
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.ClientExecutionTimeoutException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 5, BackoffRate: 3, JitterStrategy: 'FULL' },
];

/** After the retries: wait, then fire due timers and route again from the ticket as it stands. */
export const SETTLE_SECONDS = 600;

/**
 * Failed rounds in a row (a park or an advance that outlasted its retries) before the ticket is
 * declared stalled. Between the first and the last lie 11 settle waits, 110 minutes, plus up to
 * ~12 minutes of retries a round: an outage of Lambda, DynamoDB or the secrets of up to about two
 * hours heals by itself; one that outlasts it, or a failure that is no outage at all (a defect, a
 * ticket the engine refuses to advance), pages a person instead of looping until the history limit.
 */
export const MAX_CONSECUTIVE_FAILURES = 12;

const lambdaCatch = [
  { ErrorEquals: [TICKET_NOT_FOUND], ResultPath: '$.failure', Next: 'Ticket not found' },
  { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Count the failure' },
];

/**
 * Handovers in a row for a status this definition does not know. Such a status comes from a newer
 * chart: the first handover reaches the deployed definition at once. If that does not know it
 * either, the deployment is still under way (CloudFormation updates the functions, which write the
 * new status, before the state machine), so each further handover first waits
 * DEPLOYMENT_WAIT_SECONDS. After three handovers and twenty minutes the deployed chart itself lacks
 * the status: a defect, or a rollback, for a person to settle.
 */
export const MAX_UNKNOWN_STATUS_HANDOVERS = 3;
export const DEPLOYMENT_WAIT_SECONDS = 600;

/**
 * A task's result as the execution's next input (`result` is where the function's RoutingFacts
 * are in it): a round that went through counts a cycle, and its failures and unknown-status
 * handovers start again from 0. The function hands back the counters it was given (the park
 * keeps them beside its token); the counting is the definition's, where the graph walk sees it.
 */
function nextInput(result: '$' | '$.Payload'): Record<string, unknown> {
  const fields: Record<keyof RoutingFacts, string> = {
    ticketId: `${result}.ticketId`,
    version: `${result}.version`,
    status: `${result}.status`,
    secondsToNextTimer: `${result}.secondsToNextTimer`,
    handOver: `${result}.handOver`,
    cycle: `States.MathAdd(${result}.cycle, 1)`,
    generation: `${result}.generation`,
  };
  const selector: Record<string, unknown> = { failures: 0, unknownStatusHandovers: 0 };
  for (const [field, path] of Object.entries(fields)) selector[`${field}.$`] = path;
  return selector;
}

/** What the park and advance tasks are told of the execution: its counters and when it started. */
const executionPosition = {
  'ticketId.$': '$.ticketId',
  'cycle.$': '$.cycle',
  'generation.$': '$.generation',
  'executionStartedAt.$': '$$.Execution.StartTime',
};

/**
 * Park/advance cycles before the execution hands over to a new one; a failed round counts as a
 * cycle too. Two limits bind a Standard execution: 25,000 history events (a cycle writes at most
 * ~14 without retries: Choice 2, wait task 6, advance task 6) and one year, which the deadline
 * keeps (MAX_EXECUTION_AGE_SECONDS in functions/lifecycle/lifecycle-driver.ts: no park outlasts it,
 * and at it the next route hands over). 300 cycles stay far inside the history limit.
 */
export const MAX_CYCLES_PER_EXECUTION = 300;
export const HISTORY_EVENTS_PER_CYCLE = 14;
export const HISTORY_EVENT_LIMIT = 25_000;
/**
 * A failed round at its worst: a wait task through every retry (12 attempts of 4 events, entered
 * and exited), then count 2, check 2, settle 2. Since failed rounds count as cycles, an execution
 * holds at most MAX_CYCLES_PER_EXECUTION + MAX_CONSECUTIVE_FAILURES of them.
 */
export const HISTORY_EVENTS_PER_FAILED_ROUND = 56;

/**
 * What an execution carries between states (LifecycleInput in functions/lifecycle/lifecycle-driver.ts); an
 * input without all of them (an operator's restart, or a continuation started by a definition
 * from before the counters or the deadline) starts from the ticket as it stands.
 */
const EXECUTION_FIELDS = [
  'ticketId',
  'version',
  'status',
  'secondsToNextTimer',
  'handOver',
  'cycle',
  'generation',
  'failures',
  'unknownStatusHandovers',
] as const;
type ExecutionField = (typeof EXECUTION_FIELDS)[number];

/** Parameters that rebuild the execution's fields: each carried over unless `changes` sets it. */
function carried(changes: Partial<Record<ExecutionField | `${ExecutionField}.$`, unknown>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of EXECUTION_FIELDS) {
    if (field in changes) fields[field] = changes[field];
    else fields[`${field}.$`] = changes[`${field}.$`] ?? `$.${field}`;
  }
  return fields;
}

/**
 * What the alarm on failed executions tells the person it pages: which ticket stopped and why (the
 * execution's name and error), and how to restart its lifecycle once the cause is fixed: a new
 * execution with just the ticket id and the next generation, which starts from the ticket as it
 * stands. One execution per ticket at a time: restart only once the failed one has ended.
 */
export function stalledTicketAlarmDescription(stateMachineArn: string): string {
  return [
    "A ticket's lifecycle stopped, so its timers no longer fire. The failed execution is named after the ticket",
    '(<ticket id>, or <ticket id>--<n> for its n-th continuation); its error says why:',
    `${LIFECYCLE_ERRORS.stalled}: parking or firing timers failed ${MAX_CONSECUTIVE_FAILURES} rounds in a row (the cause names the last error);`,
    `${LIFECYCLE_ERRORS.unknownStatus}: the deployed chart does not know the ticket's status;`,
    `${LIFECYCLE_ERRORS.ticketNotFound}: the ticket is gone from the table, nothing to restart;`,
    'anything else: the definition itself failed.',
    'Once the cause is fixed and no execution of the ticket runs, restart it: aws stepfunctions start-execution',
    `--state-machine-arn ${stateMachineArn} --name <ticket id>--<n+1> --input '{"ticketId":"<ticket id>","generation":<n+1>}'`,
    '(n = 0 for the bare ticket id).',
  ].join(' ');
}

const stateName = (prefix: string, title: string) => `${prefix}: ${title}`.slice(0, 80);

export function lifecycleDefinition(
  machine: TicketMachine,
  functions: LifecycleFunctions,
  options: { maxCycles?: number } = {},
) {
  const maxCycles = options.maxCycles ?? MAX_CYCLES_PER_EXECUTION;
  const statuses = lifecycleStatuses(machine);
  const active = statuses.filter((s) => !s.final);
  const finals = statuses.filter((s) => s.final);
  const parkName = (s: (typeof statuses)[number]) => stateName('Wait', s.title.en);
  const endName = (s: (typeof statuses)[number]) => stateName('Done', s.title.en);

  const states: Record<string, unknown> = {
    'Start from the ticket as it stands': {
      Type: 'Pass',
      // Placeholders for the routing facts until advance reports the ticket as it stands.
      Parameters: carried({
        version: 0,
        status: '',
        secondsToNextTimer: 1,
        handOver: false,
        cycle: 0,
        failures: 0,
        unknownStatusHandovers: 0,
      }),
      Next: 'Fire due timers',
    },
    'Route by status': {
      Type: 'Choice',
      Choices: [
        // First, since a Choice on a missing field fails: an operator's restart, or an older continuation.
        {
          Not: { And: EXECUTION_FIELDS.map((field) => ({ Variable: `$.${field}`, IsPresent: true })) },
          Next: 'Start from the ticket as it stands',
        },
        ...finals.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: endName(s) })),
        // Long-lived tickets hand over before the history limit and before the year is out, never
        // in the middle of a cycle.
        { Variable: '$.cycle', NumericGreaterThanEquals: maxCycles, Next: 'Continue in a new execution' },
        { Variable: '$.handOver', BooleanEquals: true, Next: 'Continue in a new execution' },
        ...active.map((s) => ({ Variable: '$.status', StringEquals: s.status, Next: parkName(s) })),
      ],
      // A status this definition does not know: the chart is newer than this running execution, so
      // hand over to a new one, which runs the deployed definition (a bounded number of times).
      Default: 'Count the unknown status',
    },
    'Fire due timers': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functions.advance, Payload: executionPosition },
      // ResultPath left at its default, `$`: the result replaces the state.
      ResultSelector: nextInput('$.Payload'),
      Retry: lambdaRetry,
      Catch: lambdaCatch,
      Next: 'Route by status',
    },
    'Count the failure': {
      Type: 'Pass',
      Parameters: {
        ...carried({ 'cycle.$': 'States.MathAdd($.cycle, 1)', 'failures.$': 'States.MathAdd($.failures, 1)' }),
        'failure.$': '$.failure',
      },
      Next: 'Check the failures',
    },
    'Check the failures': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.failures', NumericGreaterThanEquals: MAX_CONSECUTIVE_FAILURES, Next: 'Explain the stall' },
      ],
      Default: 'Wait after a failure',
    },
    'Wait after a failure': { Type: 'Wait', Seconds: SETTLE_SECONDS, Next: 'Fire due timers' },
    'Explain the stall': {
      Type: 'Pass',
      Parameters: {
        'cause.$':
          `States.Format('Ticket {} stalled: parking it or firing its timers failed {} times in a row, ` +
          `${SETTLE_SECONDS} s apart, the last with {}. Its timers no longer fire.', $.ticketId, $.failures, $.failure.Error)`,
      },
      ResultPath: '$.stall',
      Next: 'Ticket stalled',
    },
    'Ticket stalled': { Type: 'Fail', Error: LIFECYCLE_ERRORS.stalled, CausePath: '$.stall.cause' },
    'Ticket not found': {
      Type: 'Fail',
      Error: LIFECYCLE_ERRORS.ticketNotFound,
      Cause: 'The ticket is gone from the table (the execution is named after it): there is nothing left to drive.',
    },
    'Count the unknown status': {
      Type: 'Pass',
      Parameters: carried({ 'unknownStatusHandovers.$': 'States.MathAdd($.unknownStatusHandovers, 1)' }),
      Next: 'Check the unknown-status handovers',
    },
    'Check the unknown-status handovers': {
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.unknownStatusHandovers',
          NumericGreaterThan: MAX_UNKNOWN_STATUS_HANDOVERS,
          Next: 'Explain the unknown status',
        },
        { Variable: '$.unknownStatusHandovers', NumericEquals: 1, Next: 'Continue in a new execution' },
      ],
      Default: 'Wait for the deployment',
    },
    'Wait for the deployment': { Type: 'Wait', Seconds: DEPLOYMENT_WAIT_SECONDS, Next: 'Continue in a new execution' },
    'Explain the unknown status': {
      Type: 'Pass',
      Parameters: {
        'cause.$':
          `States.Format('Ticket {} is in status {}, which the deployed lifecycle definition does not know either, ` +
          `after {} handovers. Deploy a chart that knows it (or migrate the ticket).', $.ticketId, $.status, ${MAX_UNKNOWN_STATUS_HANDOVERS})`,
      },
      ResultPath: '$.stall',
      Next: 'Status unknown',
    },
    'Status unknown': { Type: 'Fail', Error: LIFECYCLE_ERRORS.unknownStatus, CausePath: '$.stall.cause' },
    'Continue in a new execution': {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        // executionName() in lifecycle-driver.ts, spelled in intrinsics.
        'Name.$': "States.Format('{}--{}', $.ticketId, States.MathAdd($.generation, 1))",
        Input: {
          ...carried({ cycle: 0, handOver: false, 'generation.$': 'States.MathAdd($.generation, 1)' }),
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      // The first matching retrier wins: an existing continuation is never retried, anything else is.
      Retry: [
        { ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], MaxAttempts: 0 },
        {
          ErrorEquals: ['States.TaskFailed'],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      // A retried start whose first attempt went through: the continuation is already running.
      Catch: [
        {
          ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'],
          ResultPath: null,
          Next: 'Continued in a new execution',
        },
      ],
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
      Parameters: {
        FunctionName: functions.park,
        Payload: {
          ...executionPosition,
          'version.$': '$.version',
          'status.$': '$.status',
          'taskToken.$': '$$.Task.Token',
        },
      },
      // Woken early by SendTaskSuccess when a commit changes what it waits on (the table stream:
      // wake-lifecycle); otherwise the next timer, or the execution's deadline, is due.
      TimeoutSecondsPath: '$.secondsToNextTimer',
      // The SendTaskSuccess output is RoutingFacts: the next input, once counted.
      ResultSelector: nextInput('$'),
      Retry: lambdaRetry,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Fire due timers' }, ...lambdaCatch],
      Next: 'Route by status',
    };
  }
  for (const status of finals)
    states[endName(status)] = { Type: 'Succeed', Comment: `${status.title.nl} / ${status.title.en}` };

  return {
    Comment: `Ticket lifecycle, generated from the statechart (chart version ${CHART_VERSION})`,
    StartAt: 'Route by status',
    States: states,
  };
}
