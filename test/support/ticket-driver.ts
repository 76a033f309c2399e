// Drives one ticket through the pure engine in memory, with a test clock: the lifecycle's
// behaviour without any storage, for specifications and property tests.
import { DateTime } from 'luxon';
import { defaultPolicy } from '../../workflows/default-policy';
import type { Policy } from '../../workflows/policy';
import { createTicketMachine, type TicketMachine } from '../../workflows/ticket-machine';
import { planCreate, planDueTimer, planEvent, type Commit, type Decision, type LoggedEvent, type OutboxMessage, type TicketHead } from '../../workflows/ticket-engine';
import type { Actor } from '../../workflows/ticket-events';

export const amsterdam = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Europe/Amsterdam' }).toMillis();

export const agent: Actor = { type: 'agent', id: 'agent@desk.example.com' };
export const customer: Actor = { type: 'customer', id: 'jan@acme.example.nl' };
export const vendor: Actor = { type: 'vendor', id: 'connectivity' };

const machines = new Map<Policy, TicketMachine>();
const machineFor = (policy: Policy) => {
  if (!machines.has(policy)) machines.set(policy, createTicketMachine(policy));
  return machines.get(policy)!;
};

export function ticketDriver(options: { kind?: 'incident' | 'service_request' | 'change'; at?: number; priority?: 'P1' | 'P2' | 'P3' | 'P4'; policy?: Policy } = {}) {
  const policy = options.policy ?? defaultPolicy;
  const machine = machineFor(policy);
  let now = options.at ?? amsterdam('2026-11-24 09:00');
  const created = planCreate(machine, policy, {
    id: 'INC-2026-000001',
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
  });
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
    slaRegion: (region: 'response' | 'resolution') => JSON.stringify((head.snapshot.value as { sla: Record<string, unknown> }).sla[region]),
    send(type: string, payload: Record<string, unknown> = {}, actor: Actor = agent): Decision {
      const decision = planEvent(machine, policy, head, { type, ...payload }, actor, now);
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
        const c = planDueTimer(machine, policy, head, now);
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
