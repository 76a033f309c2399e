import {
  createActor,
  getNextTransitions,
  SimulatedClock,
  type AnyStateNode,
  type AnyTransitionDefinition,
} from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import {
  createTicketMachine,
  internalEventTypes,
  type MachineEvent,
  type TicketContext,
  type TicketInput,
} from '../../workflows/lifecycle/ticket-machine';
import { amsterdam, agent } from '../support/ticket-driver';
import { samplesAt } from '../support/event-samples';

const machine = createTicketMachine(defaultPolicy);
const T = amsterdam('2026-11-24 09:00');
const samples = samplesAt(T);

const inputFor = (kind: TicketInput['kind']): TicketInput => ({
  id: 'INC-2026-000001',
  kind,
  subject: 'path test',
  description: '',
  requester: { email: 'jan@acme.example.nl' },
  customerId: 'acme',
  channel: 'agent',
  attachments: [],
  at: T,
  actor: agent,
});

function eventsFrom(snapshot: Parameters<typeof getNextTransitions>[0]): MachineEvent[] {
  const types = [...new Set(getNextTransitions(snapshot).map((t) => t.eventType))];
  return types.flatMap((type) => {
    if (type === '' || internalEventTypes.has(type)) return [];
    if (type.startsWith('xstate.after.')) return [{ type, at: T, actor: agent } as unknown as MachineEvent];
    const payloads = samples[type];
    if (!payloads) throw new Error(`no sample payload for ${type}: add one`);
    return payloads.map((p) => ({ type, at: T, actor: agent, ...p }) as unknown as MachineEvent);
  });
}

/** Identity of a state for the traversal: the configuration and the context guards read, never timestamps. */
function serialize(snapshot: { value: unknown; context: unknown }): string {
  const value = snapshot.value as { lifecycle: unknown; sla: { response: unknown; resolution: unknown } };
  const c = snapshot.context as TicketContext;
  // Context counts only where a guard reads it, so states that differ in nothing else are one.
  const live = (clock: unknown) => clock !== 'met' && clock !== 'breached' && clock !== 'stopped';
  const awaitingCustomer =
    typeof value.lifecycle === 'object' && value.lifecycle !== null && 'awaitingCustomer' in value.lifecycle;
  return JSON.stringify([
    value.lifecycle,
    value.sla.response,
    value.sla.resolution,
    c.kind,
    c.reminders,
    c.vendor?.reminders ?? null,
    c.quote !== null,
    c.workStartedAt !== null,
    c.category !== null,
    awaitingCustomer ? c.returnTo : null,
    c.inWriting === null,
    live(value.sla.response) && c.sla.response.warnedAt !== null,
    live(value.sla.resolution) && c.sla.resolution.warnedAt !== null,
  ]);
}

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(allStateNodes)];
}

const guardName = (guard: unknown) =>
  typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;
const transitionKey = (t: AnyTransitionDefinition) =>
  `${t.source.id} --${t.eventType || '(always)'}${t.guard ? `[${guardName(t.guard)}]` : ''}--> ${t.target?.map((n) => n.id).join(',') ?? '(stay)'}`;

function allTransitions(): Set<string> {
  const keys = new Set<string>();
  for (const node of allStateNodes(machine.root)) {
    for (const list of node.transitions.values()) list.forEach((t) => keys.add(transitionKey(t)));
    node.always?.forEach((t) => keys.add(transitionKey(t)));
  }
  return keys;
}

describe('paths generated from the statechart', () => {
  // One traversal suffices for all kinds: CLASSIFY's samples turn the ticket into each of them.
  const paths = getShortestPaths(machine, {
    input: inputFor('incident'),
    events: eventsFrom as never,
    serializeState: serialize as never,
  });
  const taken = new Set<string>();
  const visited = new Set<string>();
  const record = (inspected: { type: string }) => {
    if (inspected.type !== '@xstate.microstep') return;
    const step = inspected as unknown as {
      _transitions: AnyTransitionDefinition[];
      snapshot: { _nodes: AnyStateNode[] };
    };
    // A transient state (like `registered`) is left within its macrostep: the transition out of it
    // proves it was entered.
    step._transitions.forEach((t) => {
      taken.add(transitionKey(t));
      visited.add(t.source.id);
    });
    step.snapshot._nodes.forEach((n) => visited.add(n.id));
  };

  beforeAll(() => {
    const opening = createActor(machine, { input: inputFor('incident'), clock: new SimulatedClock(), inspect: record });
    opening.start();
    opening.stop();
    // Every path to a state, extended by every event possible there, is every edge of the chart.
    // Take each extension on a live actor restored at the path's end (timers on a simulated clock
    // that never runs) and record the transitions it takes, internal and eventless ones included.
    for (const path of paths) {
      for (const event of eventsFrom(path.state as never)) {
        const actor = createActor(machine, {
          snapshot: machine.getPersistedSnapshot(path.state as never) as never,
          input: inputFor('incident'),
          clock: new SimulatedClock(),
          inspect: record,
        });
        actor.start();
        actor.send(event);
        actor.stop();
      }
    }
  });

  it('reaches every state of the chart', () => {
    expect(
      allStateNodes(machine.root)
        .map((n) => n.id)
        .filter((id) => !visited.has(id)),
    ).toEqual([]);
  });

  it('takes every transition of the chart', () => {
    expect([...allTransitions()].filter((key) => !taken.has(key))).toEqual([]);
  });

  it('leaves a finished ticket done, with both SLA clocks stopped', () => {
    const finished = paths.filter((path) =>
      ['closed', 'cancelled'].includes((path.state.value as { lifecycle: string }).lifecycle),
    );
    expect(finished.length).toBeGreaterThan(0);
    for (const path of finished) {
      expect(path.state.status).toBe('done');
      expect((path.state.value as { sla: unknown }).sla).toEqual({ response: 'stopped', resolution: 'stopped' });
    }
  });
});
