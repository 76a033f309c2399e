// Runs the generated Step Functions definition in aws-local-stepfunctions with its tasks bound to
// the real park and advance handlers on DynamoDB Local (the lifecycle tests and `npm run cost`).
// Parking waits for a wake-up or for the test to let the next timer fall due. Wake-ups come as in
// AWS: each commit's head change goes, as a table stream record (old and new image), through the
// stream's filter to the real wake-lifecycle handler, in commit order, retried as the stream
// retries; its SendTaskSuccess is captured here. A handover to a new execution starts one here
// too, on the definition "deployed" now (a test may give the first execution an older one).
//
// Where this interpreter differs from AWS, and how the harness goes around it: it would enforce a
// task's timeout with a real timer, which Node cuts short past 24.8 days (parks now wait up to a
// year), so the local copy of each wait task has no TimeoutSecondsPath and a park "times out" when
// the test advances the clock and says so (timeOut, passTime). That timeout is an ordinary error
// named States.Timeout (the interpreter's own timeout class is not exported), which its
// States.TaskFailed retrier would match where AWS's does not: the local copy of each wait task
// drops that retrier. $$.Execution.StartTime is the wall clock here: the tasks are told the
// harness clock's time at the execution's start instead. Wait states and retry back-offs take a
// millisecond here (their lengths are the definition's, asserted by its unit tests): one, not
// zero, so that even a loop that never ends yields to timers and a test's timeout still fires.
import './node20-polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { lifecycleDefinition } from '../infra/lifecycle-state-machine';
import { makeAdvanceTicketHandler } from '../functions/lifecycle/advance-ticket.handler';
import { createDesk, type DeskOptions } from '../functions/desk';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  executionName,
  firstExecutionInput,
  type RestartInput,
  type RoutingFacts,
} from '../functions/lifecycle/lifecycle-driver';
import { makeParkTicketHandler } from '../functions/lifecycle/park-ticket.handler';
import { makeWakeLifecycleHandler } from '../functions/lifecycle/wake-lifecycle.handler';
import { parkedChange } from '../functions/lifecycle/parked-change';
import { headItem } from '../functions/lifecycle/ticket-store';
import { STREAM_RETRY_ATTEMPTS } from '../infra/stream-delivery';
import type { TicketHead } from '../workflows/lifecycle/ticket-engine';
import { manualClock } from '../functions/clock';
import type { Origin } from '../workflows/lifecycle/ticket-events';

const byAgent: Origin = { actor: { type: 'agent', id: 'agent@desk.example.com' }, channel: 'agent' };

type Parked = {
  token: string;
  version: number;
  status: string;
  seconds: number;
  /** The harness clock when it parked: its wait runs out `seconds` later. */
  since: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};
export type LifecycleDefinition = ReturnType<typeof lifecycleDefinition>;
type States = Record<string, Record<string, unknown>>;

/** One execution this harness started: its name, how it ended, and the states it entered. */
export interface LocalExecution {
  name: string;
  input: Record<string, unknown>;
  result: Promise<unknown>;
  entered: string[];
  /** Resolves once the execution's log is read to its end (it has ended). */
  logged: Promise<void>;
}

/** How many executions of one ticket this harness starts before it calls the chain a runaway. */
const RUNAWAY_CHAIN = 12;

export interface LocalLifecycleOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  maxCycles?: number;
  links?: DeskOptions['links'];
  blobStore?: DeskOptions['blobStore'];
  /** Wraps each Lambda the state machine or the stream invokes (park, advance, wake), e.g. to count and time it. */
  instrument?: <A, R>(name: 'park' | 'advance' | 'wake', handler: (input: A) => Promise<R>) => (input: A) => Promise<R>;
  /** The definition in the state machine now, which continuations run: the generated one unless revised. */
  deployed?: (generated: LifecycleDefinition) => LifecycleDefinition;
  /** The definition a ticket's first execution runs (an older deployment's); the deployed one unless given. */
  running?: (generated: LifecycleDefinition) => LifecycleDefinition;
}

const executionArn = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:lifecycle:${name}`;

/**
 * A copy through JSON, not structuredClone: under jest that makes objects of another realm, which
 * this interpreter does not take for plain objects (and then leaves their Parameters unresolved).
 */
const copyOf = (definition: LifecycleDefinition): LifecycleDefinition =>
  JSON.parse(JSON.stringify(definition)) as LifecycleDefinition;

/** The local copy of a definition: wait tasks tell the harness their timeout, which it enforces. */
function localCopy(definition: LifecycleDefinition): LifecycleDefinition {
  const copy = copyOf(definition);
  for (const [name, state] of Object.entries(copy.States as States)) {
    if (!name.startsWith('Wait: ')) continue;
    const parameters = state.Parameters as { Payload: Record<string, string> };
    parameters.Payload['secondsToNextTimer.$'] = '$.secondsToNextTimer';
    delete state.TimeoutSecondsPath;
    state.Retry = (state.Retry as { ErrorEquals: string[] }[]).filter(
      (retrier) => !retrier.ErrorEquals.includes('States.TaskFailed'),
    );
  }
  return copy;
}

/** A commit's head change as the table stream carries it: both images, keys, a sequence number. */
function streamRecord(previous: TicketHead, next: TicketHead, sequence: number): DynamoDBRecord {
  const image = (head: TicketHead) =>
    marshall(headItem(head), { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
  return {
    eventName: 'MODIFY',
    dynamodb: {
      Keys: { pk: { S: `TICKET#${next.id}` }, sk: { S: 'HEAD' } },
      OldImage: image(previous),
      NewImage: image(next),
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** Every Wait state and every retry back-off of a definition, a millisecond long. */
function shortWaits(definitions: LifecycleDefinition[]) {
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const definition of definitions) {
    for (const [name, state] of Object.entries(definition.States as States)) {
      if (state.Type === 'Wait') waitTimeOverrides[name] = 1;
      if (state.Retry) retryIntervalOverrides[name] = 1;
    }
  }
  return { waitTimeOverrides, retryIntervalOverrides };
}

export async function runLocalLifecycle(options: LocalLifecycleOptions) {
  const { client, tableName } = options;
  const instrument = options.instrument ?? (<A, R>(_: string, handler: (input: A) => Promise<R>) => handler);
  const clock = manualClock(DateTime.fromISO('2026-11-24T09:00', { zone: 'Europe/Amsterdam' }).toMillis());
  const parked: Parked[] = [];
  const waits: string[] = [];
  // Step Functions' side of SendTaskSuccess: resolve the parked task with the routing facts.
  const sfn = {
    send: async (command: { input: { taskToken: string; output: string } }) => {
      const index = parked.findIndex((p) => p.token === command.input.taskToken);
      if (index < 0) throw Object.assign(new Error('no such task'), { name: 'TaskDoesNotExist' });
      const [task] = parked.splice(index, 1);
      task!.resolve(JSON.parse(command.input.output));
      return {};
    },
  } as unknown as SFNClient;
  const wake = instrument<DynamoDBStreamEvent, DynamoDBBatchResponse>(
    'wake',
    makeWakeLifecycleHandler(sfn, () => clock.now()),
  );
  // The table stream: one shard per harness, so records arrive in commit order, a failed one
  // delivered again (holding back those after it) until its retries run out.
  const stream = { sequence: 0, queue: Promise.resolve(), deliveries: 0, deadLetters: [] as DynamoDBRecord[] };
  let stopped = false;
  const deliver = async (record: DynamoDBRecord) => {
    for (let attempt = 0; attempt <= STREAM_RETRY_ATTEMPTS && !stopped; attempt++) {
      stream.deliveries++;
      const answer = await wake({ Records: [record] }).catch(() => null);
      if (answer && answer.batchItemFailures.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (!stopped) stream.deadLetters.push(record);
  };
  const desk = createDesk({
    client,
    tableName,
    clock,
    links: options.links,
    blobStore: options.blobStore,
    // A new head (INSERT) starts the execution (start, below); a changed one passes the filter of
    // the wake-up's event source only if the commit took the park token off.
    onCommit: async (commit, previous) => {
      if (!previous) return;
      const record = streamRecord(previous, commit.head, ++stream.sequence);
      if (!parkedChange(record)) return;
      stream.queue = stream.queue.then(() => deliver(record));
    },
  });
  const park = instrument('park', makeParkTicketHandler(desk, sfn));
  const advance = instrument('advance', makeAdvanceTicketHandler(desk));
  const expire = (task: Parked) => {
    parked.splice(parked.indexOf(task), 1);
    task.reject(Object.assign(new Error('the next timer is due'), { name: 'States.Timeout' }));
  };
  const executions: LocalExecution[] = [];
  let stateTransitions = 0;
  const aborts: (() => void)[] = [];

  const functions = {
    park: 'arn:aws:lambda:eu-west-1:123456789012:function:park',
    advance: 'arn:aws:lambda:eu-west-1:123456789012:function:advance',
  };
  const generated = lifecycleDefinition(desk.machine, functions, { maxCycles: options.maxCycles });
  const deployed = localCopy(options.deployed ? options.deployed(copyOf(generated)) : generated);
  const running = options.running ? localCopy(options.running(copyOf(generated))) : deployed;
  const overrides = shortWaits([deployed, running]);
  const continuations: { StateMachineArn: string; Name: string; Input: Record<string, unknown> }[] = [];
  type TaskInput = { Payload: RoutingFacts & { executionStartedAt?: string } };
  const handlers: Record<string, (input: TaskInput) => Promise<unknown>> = {};
  let tokens = 0;
  for (const definition of [deployed, running]) {
    for (const name of Object.keys(definition.States as States)) {
      if (!name.startsWith('Wait: ')) continue;
      handlers[name] = ({ Payload }) =>
        new Promise((resolve, reject) => {
          const token = `token-${++tokens}`;
          waits.push(name);
          parked.push({
            token,
            version: Payload.version,
            status: Payload.status,
            seconds: Payload.secondsToNextTimer,
            since: clock.now(),
            resolve,
            reject,
          });
          void park({ ...Payload, taskToken: token }).catch(reject);
        });
    }
  }
  handlers['Fire due timers'] = async ({ Payload }) => ({ Payload: await advance(Payload) });
  // states:startExecution: the continuation runs here too, on the deployed definition.
  handlers['Continue in a new execution'] = async (request) => {
    const started = request as unknown as (typeof continuations)[number];
    continuations.push(started);
    const chain = continuations.filter((c) => c.Input.ticketId === started.Input.ticketId).length;
    if (chain >= RUNAWAY_CHAIN)
      throw Object.assign(new Error(`${chain} handovers in a row: a runaway chain`), {
        name: 'LocalHarness.RunawayChain',
      });
    run(deployed, started.Input, started.Name);
    return { ExecutionArn: executionArn(started.Name) };
  };

  function run(definition: LifecycleDefinition, input: Record<string, unknown>, name: string): LocalExecution {
    // $$.Execution.StartTime on the harness clock: the tasks count the execution's deadline from it.
    const startTime = new Date(clock.now()).toISOString();
    const ownHandlers = Object.fromEntries(
      Object.entries(handlers).map(([state, handler]) => [
        state,
        (task: TaskInput) =>
          handler(
            task.Payload?.executionStartedAt === undefined
              ? task
              : { ...task, Payload: { ...task.Payload, executionStartedAt: startTime } },
          ),
      ]),
    );
    const runOptions = {
      overrides: { taskResourceLocalHandlers: ownHandlers, ...overrides },
      context: {
        Task: { Token: 'local' },
        StateMachine: { Id: 'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle' },
        Execution: { Id: executionArn(name), Name: name },
      },
    };
    const execution = new StateMachine(definition as never).run(input as never, runOptions as never);
    const entered: string[] = [];
    // Step Functions bills a transition per state entered (retries included).
    const logged = (async () => {
      for await (const log of execution.eventLogs) {
        if (log.type === 'StateEntered') entered.push(log.state.name);
        if (log.type === 'StateEntered' || log.type === 'StateRetried') stateTransitions++;
      }
    })();
    aborts.push(() => execution.abort());
    // A failed execution as DescribeExecution reports it: the error (name) and the cause (message),
    // not the interpreter's wrapper around them.
    const result = (execution.result as unknown as Promise<unknown>).catch((error: Error) => {
      throw error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
    });
    // Observed by whoever awaits it; a continuation nobody awaits must not count as unhandled.
    result.catch(() => undefined);
    const started: LocalExecution = { name, input, result, entered, logged };
    executions.push(started);
    return started;
  }

  return {
    desk,
    clock,
    waits,
    continuations,
    executions,
    /** State transitions of every execution this harness started, once their logs are read to the end. */
    stateTransitions: async () => {
      await Promise.all(executions.map((e) => e.logged));
      return stateTransitions;
    },
    /** Starts the ticket's execution from the ticket as it stands, as ticket creation does in AWS. */
    async start(ticketId: string): Promise<{ result: Promise<RoutingFacts> }> {
      const head = await desk.store.getHead(ticketId);
      if (!head) throw new Error(`no ticket ${ticketId}`);
      const { result } = run(running, { ...firstExecutionInput(head, clock.now()) }, executionName(ticketId, 0));
      // Wrapped: an async function would otherwise adopt the promise and wait for the whole run.
      return { result: result as Promise<RoutingFacts> };
    },
    /** Starts an execution as an operator restarts a stalled ticket: its id and the next generation only. */
    restart(input: RestartInput): { result: Promise<unknown> } {
      return { result: run(deployed, { ...input }, executionName(input.ticketId, input.generation)).result };
    },
    /** How the newest execution of the chain ended (a handover starts the next before the last ends). */
    async lastOutcome(): Promise<{ name: string; entered: string[]; output?: unknown; error?: Error }> {
      for (;;) {
        const last = executions.at(-1)!;
        const outcome = await last.result.then(
          (output) => ({ output }),
          (error: Error) => ({ error }),
        );
        await last.logged;
        if (executions.at(-1) === last) return { name: last.name, entered: last.entered, ...outcome };
      }
    },
    /**
     * Opens a ticket and starts its execution. `step` waits until the execution is parked on the
     * ticket's current version, then applies the event (as AWS would between two parks).
     */
    async open(kind: 'incident' | 'change', subject: string) {
      const created = await desk.service.create(
        { kind, subject, requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
        byAgent,
      );
      if (!created.ok) throw new Error('create refused');
      const id = created.head.id;
      const { result } = await this.start(id);
      const version = async () => (await desk.store.getHead(id))!.version;
      const step = async (event: Record<string, unknown>, origin: Origin = byAgent) => {
        await this.parkedAt(await version(), id);
        const applied = await desk.service.apply(id, event, origin);
        if (!applied.ok) throw new Error(`${String(event.type)} refused`);
      };
      return { id, done: result, version, step };
    },
    /**
     * Resolves once the execution is parked on this version of the ticket: parked for it, or for an
     * earlier one whose token the head still carries (the commits since changed nothing it waits on).
     */
    async parkedAt(version: number, ticketId?: string): Promise<Parked> {
      for (let i = 0; i < 400; i++) {
        const found = parked.find((p) => p.version === version);
        if (found) return found;
        const head = ticketId === undefined ? null : await desk.store.getHead(ticketId);
        const carried = head?.version === version && parked.find((p) => p.token === head.parkToken);
        if (carried) return carried;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`never parked at version ${version}; parked: ${parked.map((p) => p.version).join(',')}`);
    },
    /** How often the deployed definition retries a state on an error (MaxAttempts of the matching retrier). */
    retriesOf(state: string, error: string): number {
      const retry = ((deployed.States as States)[state]?.Retry ?? []) as {
        ErrorEquals: string[];
        MaxAttempts?: number;
      }[];
      return retry.find((r) => r.ErrorEquals.includes(error))?.MaxAttempts ?? 0;
    },
    /** The table stream as the wake-up consumes it: deliveries made (retries included), records dead-lettered. */
    stream,
    /** Resolves once every head change committed so far has been delivered (or dead-lettered). */
    async streamDrained(): Promise<void> {
      let seen: Promise<void>;
      do {
        seen = stream.queue;
        await seen;
      } while (seen !== stream.queue);
    },
    /** Ends every execution still running, the park each waits in, and the stream's deliveries. */
    stop() {
      stopped = true;
      for (const abort of aborts) abort();
      for (const task of parked.splice(0))
        task.reject(Object.assign(new Error('the harness stopped'), { name: 'States.Aborted' }));
    },
    /** Lets the parked task's wait run out: the clock reaches its next timer and the task times out. */
    timeOut(task: Parked) {
      clock.set(Math.max(clock.now(), task.since + task.seconds * 1000));
      expire(task);
    },
    /** Lets time pass on the harness clock: every park whose wait runs out by then times out, as in AWS. */
    passTime(ms: number) {
      clock.advance(ms);
      for (const task of parked.filter((p) => p.since + p.seconds * 1000 <= clock.now())) expire(task);
    },
    /** The parks waiting now. */
    parked: () => [...parked],
  };
}
