// One step of a ticket through the statechart, in pure terms: a stored snapshot and an event in;
// the next snapshot, the timers now pending and the notifications owed out. No clock, no I/O.
import {
  createActor,
  getNextTransitions,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type ExecutableActionObject,
} from 'xstate';
import {
  internalEventTypes,
  type MachineEvent,
  type Notification,
  type TicketContext,
  type TicketInput,
  type TicketMachine,
} from './ticket-machine';
import { channelMaySend, isTicketEventType, type Channel } from './ticket-events';

export interface Timer {
  /** xstate's id of the delayed event; unique among a ticket's pending timers. */
  id: string;
  /** The delay's name in the chart (`vendorFollowUp`, `slaResolutionBreach`, …). */
  name: string;
  /** The event sent to the chart when the timer fires. */
  event: string;
  dueAt: number;
}

export interface PersistedTicket {
  value: unknown;
  context: TicketContext;
  status: 'active' | 'done' | 'error' | 'stopped';
  historyValue?: unknown;
}

export interface StepResult {
  snapshot: PersistedTicket;
  timers: Timer[];
  notifications: Notification[];
}

interface ExecutedAction {
  type: string;
  params?: unknown;
}

const delayName = (id: string) => id.split('.')[2] ?? id;

/** Applies the actions of a macrostep to the pending timers: cancels first-come, then (re)arms. */
function nextTimers(pending: Timer[], actions: ExecutedAction[], at: number): Timer[] {
  const timers = new Map(pending.map((t) => [t.id, t]));
  for (const action of actions) {
    if (action.type === 'xstate.cancel') {
      timers.delete((action.params as { sendId: string }).sendId);
    } else if (action.type === 'xstate.raise') {
      const params = action.params as { event: { type: string }; id?: string; delay?: number };
      if (params.delay === undefined || params.id === undefined) continue;
      timers.set(params.id, {
        id: params.id,
        name: delayName(params.id),
        event: params.event.type,
        dueAt: at + params.delay,
      });
    }
  }
  return [...timers.values()].sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}

function notificationsOf(actions: ExecutedAction[]): Notification[] {
  return actions.filter((a) => a.type === 'notify').map((a) => ({ ...(a.params as Notification) }));
}

function persist(machine: TicketMachine, snapshot: AnyMachineSnapshot): PersistedTicket {
  const { value, context, status, historyValue } = machine.getPersistedSnapshot(
    snapshot as never,
  ) as unknown as PersistedTicket;
  return JSON.parse(JSON.stringify({ value, context, status, historyValue })) as PersistedTicket;
}

export function restore(machine: TicketMachine, stored: PersistedTicket) {
  return machine.resolveState({
    value: stored.value as never,
    context: stored.context,
    status: stored.status,
    historyValue: (stored.historyValue ?? {}) as never,
  });
}

/**
 * xstate's pure `transition`/`initialTransition` build a throwaway actor per call, and that actor's
 * constructor works out the chart's whole initial state (SLA timers and all) only to drop it: a
 * third of a decision's CPU. The chart invokes and spawns nothing, so one inert scope per machine
 * serves every decision; each call collects the actions it would execute, as xstate's does.
 */
const scopes = new WeakMap<TicketMachine, { scope: AnyActorScope; collected: ExecutableActionObject[] }>();

function decide<T>(machine: TicketMachine, run: (scope: AnyActorScope) => T): [T, ExecutableActionObject[]] {
  let inert = scopes.get(machine);
  if (!inert) {
    const self = createActor(machine, { input: undefined as never });
    const collected: ExecutableActionObject[] = [];
    const scope: AnyActorScope = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      system: self.system,
      stopChild: () => {},
      actionExecutor: (action) => void collected.push(action),
    };
    inert = { scope, collected };
    scopes.set(machine, inert);
  }
  inert.collected.length = 0;
  const result = run(inert.scope);
  return [result, inert.collected.splice(0)];
}

export function startTicket(machine: TicketMachine, input: TicketInput): StepResult {
  const [snapshot, actions] = decide(machine, (scope) => machine.getInitialSnapshot(scope, input));
  return {
    snapshot: persist(machine, snapshot),
    timers: nextTimers([], actions, input.at),
    notifications: notificationsOf(actions),
  };
}

export function stepTicket(
  machine: TicketMachine,
  stored: PersistedTicket,
  pending: Timer[],
  event: MachineEvent & { at: number },
): StepResult {
  const [snapshot, actions] = decide(machine, (scope) => machine.transition(restore(machine, stored), event, scope));
  return {
    snapshot: persist(machine, snapshot),
    timers: nextTimers(pending, actions, event.at),
    notifications: notificationsOf(actions),
  };
}

/** A ticket as the chart holds it between two events of a replay: read there, never stored. */
export type LiveTicket = Pick<PersistedTicket, 'value' | 'context' | 'status'>;

/**
 * A replay's steps: the same transitions as startTicket/stepTicket, without the persisted form in
 * between (half a step's CPU), since a replay only reads where the ticket stands. A ticket held by
 * another policy's chart moves to this one through its persisted form.
 */
export function startLive(machine: TicketMachine, input: TicketInput): LiveTicket {
  return decide(machine, (scope) => machine.getInitialSnapshot(scope, input))[0] as unknown as LiveTicket;
}

export function stepLive(machine: TicketMachine, live: LiveTicket, event: MachineEvent & { at: number }): LiveTicket {
  const held = live as unknown as AnyMachineSnapshot;
  const from = held.machine === machine ? held : restore(machine, persist(held.machine as TicketMachine, held));
  return decide(machine, (scope) => machine.transition(from as never, event, scope))[0] as unknown as LiveTicket;
}

/**
 * The domain events with a transition from the ticket's current state (guards aside); with a
 * channel, only those that channel may bring (an agent is never offered what mail says).
 */
export function allowedEvents(machine: TicketMachine, stored: PersistedTicket, channel?: Channel): string[] {
  if (stored.status !== 'active') return [];
  const types = getNextTransitions(restore(machine, stored)).map((t) => t.eventType);
  return [...new Set(types)]
    .filter((t) => t !== '' && !t.startsWith('xstate.') && !internalEventTypes.has(t))
    .filter((t) => channel === undefined || (isTicketEventType(t) && channelMaySend(t, channel)))
    .sort();
}

/** Whether the chart would take this event now, guards included. */
export function canTake(machine: TicketMachine, stored: PersistedTicket, event: MachineEvent): boolean {
  return stored.status === 'active' && restore(machine, stored).can(event);
}

/** The lifecycle path (`withThirdParty.followingUp`) of a snapshot: the main region only. */
export function stageOf(stored: PersistedTicket): string {
  const path: string[] = [];
  let node = (stored.value as Record<string, unknown>).lifecycle;
  while (node !== undefined) {
    if (typeof node === 'string') {
      path.push(node);
      break;
    }
    const [key, child] = Object.entries(node as Record<string, unknown>)[0] ?? [];
    if (key === undefined) break;
    path.push(key);
    node = child;
  }
  return path.join('.');
}
