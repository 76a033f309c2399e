// One ticket's log replayed with the engine's own chart, each event stepped by the policy in force
// when it was decided (its fingerprint), up to an instant: what the ticket did that a service
// report counts — openings, closings, resolutions, reopens, waits on the customer, vendor hand-offs,
// visits — and where its SLA clocks stood at that instant. No second implementation of the clocks:
// every duration is the chart's own accounting or the policy's own calendar.
import type { LoggedEvent } from '../lifecycle/ticket-engine';
import { createLifecycleRules, type LifecycleRules } from '../lifecycle/lifecycle-rules';
import type { TimeMeasure } from '../lifecycle/business-time';
import { clockRegion, type SlaClockName } from '../lifecycle/sla-standing';
import { lifecycleStatuses } from '../lifecycle/state-titles';
import { createTicketMachine, type TicketInput, type TicketMachine } from '../lifecycle/ticket-machine';
import { startLive, stepLive, type LiveTicket } from '../lifecycle/ticket-step';
import { findVendor, type Policy, type Priority, type TicketKind } from '../policy/policy';

/** A policy a replay steps events with: its chart and its calendar, built once. */
export interface ReplayPolicy {
  fingerprint: string;
  policy: Policy;
  machine: TicketMachine;
  rules: LifecycleRules;
  /** Queue groups of the chart's top-level states (which one is "with a vendor"). */
  queueOf: Map<string, string | null>;
  finals: Set<string>;
}

export function replayPolicy(
  fingerprint: string,
  policy: Policy,
  machine: TicketMachine = createTicketMachine(policy),
): ReplayPolicy {
  const statuses = lifecycleStatuses(machine);
  return {
    fingerprint,
    policy,
    machine,
    rules: createLifecycleRules(policy),
    queueOf: new Map(statuses.map((s) => [s.status, s.queue])),
    finals: new Set(statuses.filter((s) => s.final).map((s) => s.status)),
  };
}

/** The policy an event was decided under: by its fingerprint; today's for events logged before stamping. */
export type PolicyFor = (fingerprint: string | undefined) => ReplayPolicy;

export interface Classification {
  kind: TicketKind;
  priority: Priority;
  category: string | null;
  customerId: string | null;
}

export interface ClockAtEnd {
  /** Met / breached: decided (at `at`); open: running or paused; none: stopped undecided (cancelled). */
  outcome: 'met' | 'breached' | 'open' | 'none';
  at: number | null;
  /** Counted time the clock used when it was met. */
  usedMs: number | null;
}

/** A stretch of waiting on the customer: the SLA paused before the ticket was resolved. */
export interface Wait {
  from: number;
  to: number;
  measure: TimeMeasure;
}

export interface HandOff {
  vendorId: string;
  startedAt: number;
  repliedAt: number | null;
  /** Counted time to the vendor's reply on the vendor's clock (of the policy in force at the hand-off). */
  replyMs: number | null;
  reminders: number[];
  escalatedAt: number | null;
}

export interface TicketFacts {
  id: string;
  createdAt: number;
  /** As the ticket stood at the replay's end. */
  end: Classification & { status: string; final: boolean };
  response: ClockAtEnd;
  resolution: ClockAtEnd;
  closings: (Classification & { at: number; cancelled: boolean })[];
  resolutions: number[];
  reopens: number[];
  waits: Wait[];
  handOffs: HandOff[];
  visits: { at: number; hours: number }[];
  /** Fingerprints of the policies its events were stepped with. */
  policies: Set<string>;
}

const classificationOf = (snapshot: LiveTicket): Classification => {
  const { kind, priority, category, customerId } = snapshot.context;
  return { kind, priority, category, customerId };
};

const statusOf = (snapshot: LiveTicket): string => {
  const value = snapshot.value as { lifecycle?: unknown };
  const lifecycle = value.lifecycle;
  return typeof lifecycle === 'string' ? lifecycle : (Object.keys(lifecycle ?? {})[0] ?? '');
};

const waitingOnCustomer = (snapshot: LiveTicket) =>
  clockRegion(snapshot.value, 'resolution') === 'paused' && snapshot.context.resolvedAt === null;

function clockAtEnd(snapshot: LiveTicket, clock: SlaClockName): ClockAtEnd {
  const region = clockRegion(snapshot.value, clock);
  const stored = snapshot.context.sla[clock];
  // A breach stays one when the ticket ends (the region then stops): the stamp says so.
  if (region === 'breached' || stored.breachedAt !== null)
    return { outcome: 'breached', at: stored.breachedAt, usedMs: null };
  const metAt = clock === 'response' ? snapshot.context.sla.response.metAt : snapshot.context.resolvedAt;
  if (metAt !== null) return { outcome: 'met', at: metAt, usedMs: stored.elapsedMs };
  return region === 'stopped'
    ? { outcome: 'none', at: null, usedMs: null }
    : { outcome: 'open', at: null, usedMs: null };
}

/** Replays the log's events before `until` (every event when absent). */
export function replayTicketFacts(events: LoggedEvent[], policyFor: PolicyFor, until = Infinity): TicketFacts {
  const [first, ...rest] = events;
  if (!first || first.type !== 'CREATED') throw new Error('an event log starts with CREATED');
  let policy = policyFor(first.policy);
  let ticket = startLive(policy.machine, first.event as unknown as TicketInput);
  const facts: TicketFacts = {
    id: ticket.context.id,
    createdAt: first.at,
    end: { ...classificationOf(ticket), status: statusOf(ticket), final: false },
    response: { outcome: 'open', at: null, usedMs: null },
    resolution: { outcome: 'open', at: null, usedMs: null },
    closings: [],
    resolutions: [],
    reopens: [],
    waits: [],
    handOffs: [],
    visits: [],
    policies: new Set([policy.fingerprint]),
  };
  let waitingSince: number | null = waitingOnCustomer(ticket) ? first.at : null;
  for (const logged of rest) {
    if (logged.at >= until) break;
    const at = logged.at;
    const before = ticket;
    const previousStatus = statusOf(before);
    const waitMeasure = policy.rules.slaMeasure(before.context.priority);
    policy = policyFor(logged.policy);
    facts.policies.add(policy.fingerprint);
    ticket = stepLive(policy.machine, before, logged.event as never);
    const after = ticket;
    const status = statusOf(after);
    const { context } = after;

    if (waitingSince !== null && !waitingOnCustomer(after)) {
      facts.waits.push({ from: waitingSince, to: at, measure: waitMeasure });
      waitingSince = null;
    } else if (waitingSince === null && waitingOnCustomer(after)) waitingSince = at;

    if (context.resolvedAt !== null && context.resolvedAt !== before.context.resolvedAt) facts.resolutions.push(at);
    if (context.reopened > before.context.reopened) facts.reopens.push(at);
    if (policy.finals.has(status) && !policy.finals.has(previousStatus))
      facts.closings.push({ ...classificationOf(after), at, cancelled: status === 'cancelled' });

    const withVendor = (s: string) => policy.queueOf.get(s) === 'with-third-party';
    const open = facts.handOffs.at(-1);
    if (withVendor(status) && !withVendor(previousStatus) && context.vendor) {
      facts.handOffs.push({
        vendorId: context.vendor.id,
        startedAt: at,
        repliedAt: null,
        replyMs: null,
        reminders: [],
        escalatedAt: null,
      });
    } else if (open && open.repliedAt === null && withVendor(previousStatus)) {
      const vendorBefore = before.context.vendor;
      if (context.vendor && vendorBefore && context.vendor.reminders > vendorBefore.reminders) open.reminders.push(at);
      if (context.vendor?.escalated && !vendorBefore?.escalated) open.escalatedAt ??= at;
      if (!withVendor(status) && logged.type === 'VENDOR_REPLIED') {
        const vendor = findVendor(policy.policy, open.vendorId);
        open.repliedAt = at;
        open.replyMs = policy.rules.calendar.measure(vendor?.clock ?? 'calendar').between(open.startedAt, at);
      }
    }

    after.context.visits.forEach((visit, i) => {
      if (visit.recordedAt !== undefined && before.context.visits[i]?.recordedAt === undefined)
        facts.visits.push({ at: visit.recordedAt, hours: visit.hours ?? 0 });
    });
  }
  if (waitingSince !== null)
    facts.waits.push({
      from: waitingSince,
      to: until,
      measure: policy.rules.slaMeasure(ticket.context.priority),
    });
  const status = statusOf(ticket);
  facts.end = { ...classificationOf(ticket), status, final: policy.finals.has(status) };
  facts.response = clockAtEnd(ticket, 'response');
  facts.resolution = clockAtEnd(ticket, 'resolution');
  return facts;
}
