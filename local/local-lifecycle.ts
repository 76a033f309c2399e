// Runs the generated Step Functions definition in aws-local-stepfunctions with its tasks bound to
// the real park and advance handlers on DynamoDB Local (the lifecycle tests and `npm run cost`). Parking waits for the engine's wake-up
// (SendTaskSuccess, captured here) or for the test to let the next timer fall due.
//
// Where this interpreter differs from AWS, and how the test goes around it: it resolves
// TimeoutSecondsPath against the task's effective input (after Parameters) rather than the state
// input, so the local copy reads `$.Payload.secondsToNextTimer`; and it enforces the timeout with
// a real timer, so a park "times out" when the test advances the clock and says so. That timeout
// is an ordinary error named States.Timeout (the interpreter's own timeout class is not exported),
// which its States.TaskFailed retrier would match where AWS's does not: the local copy of each
// wait task drops that retrier.
import './node20-polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { lifecycleDefinition } from '../infra/lifecycle-state-machine';
import { makeAdvanceTicketHandler } from '../functions/advance-ticket';
import { createDesk, type DeskOptions } from '../functions/desk';
import { firstExecutionInput, wakeOnCommit, type RoutingFacts } from '../functions/lifecycle-driver';
import { makeParkTicketHandler } from '../functions/park-ticket';
import { manualClock } from '../functions/clock';
import type { Origin } from '../workflows/ticket-events';

const byAgent: Origin = { actor: { type: 'agent', id: 'agent@desk.example.com' }, channel: 'agent' };

type Parked = { token: string; version: number; status: string; seconds: number; resolve: (v: unknown) => void; reject: (e: Error) => void };

export interface LocalLifecycleOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  maxCycles?: number;
  links?: DeskOptions['links'];
  blobStore?: DeskOptions['blobStore'];
  /** Wraps each Lambda the state machine invokes (park, advance), e.g. to count and time it. */
  instrument?: <A, R>(name: 'park' | 'advance', handler: (input: A) => Promise<R>) => (input: A) => Promise<R>;
}

export async function runLocalLifecycle(options: LocalLifecycleOptions) {
  const { client, tableName } = options;
  const instrument = options.instrument ?? (<A, R>(_: string, handler: (input: A) => Promise<R>) => handler);
  const clock = manualClock(DateTime.fromISO('2026-11-24T09:00', { zone: 'Europe/Amsterdam' }).toMillis());
  const parked: Parked[] = [];
  const waits: string[] = [];
  // The engine's side of SendTaskSuccess: resolve the parked task with the routing facts.
  const sfn = {
    send: async (command: { input: { taskToken: string; output: string } }) => {
      const index = parked.findIndex((p) => p.token === command.input.taskToken);
      if (index < 0) throw Object.assign(new Error('no such task'), { name: 'TaskDoesNotExist' });
      const [task] = parked.splice(index, 1);
      task!.resolve(JSON.parse(command.input.output));
      return {};
    },
  } as unknown as SFNClient;
  const desk = createDesk({ client, tableName, clock, links: options.links, blobStore: options.blobStore, onCommit: wakeOnCommit(sfn, clock.now) });
  const park = instrument('park', makeParkTicketHandler(desk, sfn));
  const advance = instrument('advance', makeAdvanceTicketHandler(desk));
  let stateTransitions = 0;
  const logsRead: Promise<void>[] = [];

  const functions = { park: 'arn:aws:lambda:eu-west-1:123456789012:function:park', advance: 'arn:aws:lambda:eu-west-1:123456789012:function:advance' };
  const definition = lifecycleDefinition(desk.machine, functions, { maxCycles: options.maxCycles });
  const continuations: { StateMachineArn: string; Name: string; Input: Record<string, unknown> }[] = [];
  const handlers: Record<string, (input: { Payload: RoutingFacts }) => Promise<unknown>> = {};
  let tokens = 0;
  for (const [name, state] of Object.entries(definition.States as Record<string, Record<string, unknown>>)) {
    if (name.startsWith('Wait: ')) {
      const parameters = state.Parameters as { Payload: Record<string, string> };
      parameters.Payload['secondsToNextTimer.$'] = '$.secondsToNextTimer';
      state.TimeoutSecondsPath = '$.Payload.secondsToNextTimer';
      state.Retry = (state.Retry as { ErrorEquals: string[] }[]).filter((retrier) => !retrier.ErrorEquals.includes('States.TaskFailed'));
      handlers[name] = ({ Payload }) =>
        new Promise((resolve, reject) => {
          const token = `token-${++tokens}`;
          waits.push(name);
          parked.push({ token, version: Payload.version, status: Payload.status, seconds: Payload.secondsToNextTimer, resolve, reject });
          void park({ ticketId: Payload.ticketId, version: Payload.version, taskToken: token }).catch(reject);
        });
    }
  }
  handlers['Fire due timers'] = async ({ Payload }) => ({ Payload: await advance({ ticketId: Payload.ticketId }) });
  // states:startExecution has no local twin here: record what would be started.
  handlers['Continue in a new execution'] = async (request) => {
    continuations.push(request as never);
    return {};
  };

  return {
    desk,
    clock,
    waits,
    continuations,
    /** State transitions of every execution this harness started, once their logs are read to the end. */
    stateTransitions: async () => {
      await Promise.all(logsRead);
      return stateTransitions;
    },
    /** Starts the ticket's execution from the ticket as it stands, as ticket creation does in AWS. */
    async start(ticketId: string): Promise<{ result: Promise<RoutingFacts> }> {
      const head = await desk.store.getHead(ticketId);
      if (!head) throw new Error(`no ticket ${ticketId}`);
      const execution = new StateMachine(definition as never).run(firstExecutionInput(head, clock.now()) as never, { overrides: { taskResourceLocalHandlers: handlers as never }, context: { Task: { Token: 'local' }, StateMachine: { Id: 'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle' }, Execution: { Id: `arn:aws:states:eu-west-1:123456789012:execution:lifecycle:${ticketId}` } } } as never);
      // Step Functions bills a transition per state entered (retries included).
      logsRead.push(
        (async () => {
          for await (const log of execution.eventLogs) if (log.type === 'StateEntered' || log.type === 'StateRetried') stateTransitions++;
        })(),
      );
      // Wrapped: an async function would otherwise adopt the promise and wait for the whole run.
      return { result: execution.result as unknown as Promise<RoutingFacts> };
    },
    /**
     * Opens a ticket and starts its execution. `step` waits until the execution is parked on the
     * ticket's current version, then applies the event (as AWS would between two parks).
     */
    async open(kind: 'incident' | 'change', subject: string) {
      const created = await desk.service.create({ kind, subject, requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' }, byAgent);
      if (!created.ok) throw new Error('create refused');
      const id = created.head.id;
      const { result } = await this.start(id);
      const version = async () => (await desk.store.getHead(id))!.version;
      const step = async (event: Record<string, unknown>, origin: Origin = byAgent) => {
        await this.parkedAt(await version());
        const applied = await desk.service.apply(id, event, origin);
        if (!applied.ok) throw new Error(`${String(event.type)} refused`);
      };
      return { id, done: result, version, step };
    },
    /** Resolves once the execution is parked on the ticket's current version. */
    async parkedAt(version: number): Promise<Parked> {
      for (let i = 0; i < 400; i++) {
        const found = parked.find((p) => p.version === version);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`never parked at version ${version}; parked: ${parked.map((p) => p.version).join(',')}`);
    },
    /** Lets the parked task's wait run out: the clock reaches its next timer and the task times out. */
    timeOut(task: Parked) {
      clock.advance(task.seconds * 1000);
      parked.splice(parked.indexOf(task), 1);
      task.reject(Object.assign(new Error('the next timer is due'), { name: 'States.Timeout' }));
    },
  };

}
