// Drives one ticket through the pure engine in memory, with a test clock: the lifecycle's
// behaviour without any storage, for specifications and property tests.
import { DateTime } from 'luxon';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { createTicketMachine, type TicketInput, type TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import {
  planCreate,
  planDueTimer,
  planEvent,
  type Commit,
  type Decision,
  type LoggedEvent,
  type OutboxMessage,
  type TicketHead,
} from '../../workflows/lifecycle/ticket-engine';
import { eventChannels, type Actor, type Origin, type TicketEventType } from '../../workflows/lifecycle/ticket-events';

export const amsterdam = (local: string) =>
  DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Europe/Amsterdam' }).toMillis();

export const agent: Actor = { type: 'agent', id: 'agent@desk.example.com' };
export const customer: Actor = { type: 'customer', id: 'jan@acme.example.nl' };
export const vendor: Actor = { type: 'vendor', id: 'connectivity' };

/**
 * Who sends an event, as its channel would stamp it: an agent through the agent channel; anyone
 * else through the first channel of theirs that brings this event (a customer's approval through
 * its link, their answer by mail, an all-clear by webhook).
 */
export function originOf(type: string, by: Actor | Origin): Origin {
  if ('channel' in by) return by;
  const channels: readonly string[] = eventChannels[type as TicketEventType] ?? ['agent'];
  const channel = by.type === 'agent' ? 'agent' : (channels.find((c) => c !== 'agent') ?? 'agent');
  return { actor: by, channel: channel as Origin['channel'] };
}

/** Fixed, so the Message-IDs in these specifications read the same every run. */
const env = { nonce: 'test' };

const machines = new Map<Policy, TicketMachine>();
const machineFor = (policy: Policy) => {
  if (!machines.has(policy)) machines.set(policy, createTicketMachine(policy));
  return machines.get(policy)!;
};

export function ticketDriver(
  options: {
    kind?: 'incident' | 'service_request' | 'change';
    at?: number;
    priority?: 'P1' | 'P2' | 'P3' | 'P4';
    policy?: Policy;
    /** The ticket's id, when a spec drives more than one. */
    id?: string;
    /** What the opening report carried, when a spec needs its words, files or mail, or who registered it how. */
    opening?: Partial<
      Pick<TicketInput, 'description' | 'attachments' | 'mail' | 'language' | 'channel' | 'actor' | 'customerId'>
    >;
  } = {},
) {
  const policy = options.policy ?? defaultPolicy;
  const machine = machineFor(policy);
  let now = options.at ?? amsterdam('2026-11-24 09:00');
  const created = planCreate(
    machine,
    policy,
    {
      id: options.id ?? 'INC-2026-000001',
      kind: options.kind ?? 'incident',
      subject: 'Mail server unreachable',
      description: '',
      requester: { email: 'jan@acme.example.nl', name: 'Jan' },
      customerId: 'acme',
      channel: 'email',
      attachments: [],
      priority: options.priority,
      at: now,
      actor: customer,
      ...options.opening,
    },
    env,
  );
  let head: TicketHead = created.head;
  const log: LoggedEvent[] = [created.event];
  /** The head after each commit, in order. */
  const heads: TicketHead[] = [created.head];
  const outbox: OutboxMessage[] = [...created.outbox];

  const commit = (c: Commit) => {
    head = c.head;
    heads.push(c.head);
    log.push(c.event);
    outbox.push(...c.outbox);
  };

  return {
    machine,
    policy,
    get head() {
      return head;
    },
    get context() {
      return head.snapshot.context;
    },
    get stage() {
      return head.stage;
    },
    get now() {
      return now;
    },
    log,
    heads,
    outbox,
    sent: (template: string) => outbox.filter((m) => m.template === template),
    timerNames: () => head.timers.map((t) => t.name),
    dueOf: (name: string) => head.timers.find((t) => t.name === name)?.dueAt,
    slaRegion: (region: 'response' | 'resolution') =>
      JSON.stringify((head.snapshot.value as { sla: Record<string, unknown> }).sla[region]),
    send(type: string, payload: Record<string, unknown> = {}, by: Actor | Origin = agent): Decision {
      const decision = planEvent(machine, policy, head, { type, ...payload }, originOf(type, by), now, env);
      if (decision.ok) commit(decision.commit);
      return decision;
    },
    /** Lets time pass to `until`, firing each timer at its due time, in order. Returns their names. */
    passTime(until: number): string[] {
      const fired: string[] = [];
      for (;;) {
        const next = head.timers[0];
        if (!next || next.dueAt > until) break;
        now = Math.max(now, next.dueAt);
        const c = planDueTimer(machine, policy, head, now, env);
        if (!c) break;
        fired.push(next.name);
        commit(c);
      }
      now = Math.max(now, until);
      return fired;
    },
    /** Lets time pass until the named timer has fired. */
    waitFor(name: string): string[] {
      const due = head.timers.find((t) => t.name === name);
      if (!due) throw new Error(`no pending ${name} timer; pending: ${head.timers.map((t) => t.name).join(', ')}`);
      return this.passTime(due.dueAt);
    },
    setNow(at: number) {
      now = at;
    },
  };
}
