// The engine's decisions, pure: given a ticket's stored head and an event, what one commit writes
// (the next head, the event-log entry, the outbox messages), or why the event is refused.
import { findAgent, findTeam, type Policy } from '../policy/policy';
import { decideAssign, rerouteOnClassify, routeNewTicket, type AssignmentStamp } from './assignment';
import {
  CHART_VERSION,
  type Notification,
  type TicketContext,
  type TicketInput,
  type TicketMachine,
} from './ticket-machine';
import { renderNotification, type LinkFor, type RenderedMessage, type Trigger } from '../mail/notification-templates';
import { contentHashOf, derivedNonce, signLink, type LinkKeys } from '../links/link-token';
import { linkContent, linkGroupOf } from '../links/link-rules';
import {
  MAX_COPIES,
  parseTicketEvent,
  type Actor,
  type AttachmentRef,
  type DomainEvent,
  type FieldIssue,
  type MailProvenance,
  type Origin,
} from './ticket-events';
import {
  appendToThread,
  replyHeaders,
  threadOfActor,
  threadOfRecipient,
  type ReplyHeaders,
  type Threads,
} from '../mail/mail-threads';
import {
  allowedEvents,
  canTake,
  stageOf,
  startTicket,
  stepTicket,
  type PersistedTicket,
  type StepResult,
  type Timer,
} from './ticket-step';
import { parkCarriedOver, type ParkContext } from './park-carry';
import { policyFingerprint } from '../policy/policy-fingerprint';
import { messageIdAt } from '../mail/message-id';

export interface TicketHead {
  id: string;
  kind: string;
  /** Top-level lifecycle state: what the queue groups by. */
  status: string;
  /** Full lifecycle path, e.g. `withThirdParty.followingUp`. */
  stage: string;
  version: number;
  chartVersion: number;
  snapshot: PersistedTicket;
  timers: Timer[];
  nextDueAt: number | null;
  priority: string;
  subject: string;
  requester: { email: string; name?: string };
  customerId: string | null;
  language: string;
  /** The policy agent who owns the ticket; absent when nobody does (or on older heads). */
  assigneeId?: string;
  /** The policy team whose queue the ticket is in; absent when none (or on older heads). */
  teamId?: string;
  /** The vendor the ticket is with (or was last with), for the queue and reports. */
  thirdParty: { id: string; ref: string | null } | null;
  createdAt: number;
  updatedAt: number;
  /** When a customer or vendor last wrote, and when an agent last acted (absent on older heads). */
  conversation?: Conversation;
  /** Each party's mail thread on this ticket, for the replies the desk sends (absent on older heads). */
  threads?: Threads;
  /** The Step Functions task token of the execution parked on this ticket (AWS only). */
  parkToken?: string;
  /** The parked execution's counters and handover deadline, stored beside its token (AWS only). */
  parkContext?: ParkContext;
}

export interface Conversation {
  inboundAt: number | null;
  deskAt: number | null;
}

const nextConversation = (previous: Conversation | undefined, actor: Actor, at: number): Conversation => ({
  inboundAt: actor.type === 'customer' || actor.type === 'vendor' ? at : (previous?.inboundAt ?? null),
  deskAt: actor.type === 'agent' ? at : (previous?.deskAt ?? null),
});

/** Whether a customer or vendor wrote since the desk last acted (the mail that opened it aside). */
export function hasNewReply(head: Pick<TicketHead, 'conversation' | 'createdAt'>): boolean {
  const inbound = head.conversation?.inboundAt ?? null;
  return inbound !== null && inbound > Math.max(head.conversation?.deskAt ?? 0, head.createdAt);
}

/** A stored snapshot written by a chart this code does not know: it needs a migration, not a guess. */
export class ChartVersionError extends Error {
  override readonly name = 'ChartVersionError';
  constructor(
    readonly ticketId: string,
    readonly stored: number,
  ) {
    super(
      `ticket ${ticketId} was written by chart version ${stored}; this desk runs ${CHART_VERSION} and has no migration for it`,
    );
  }
}

const assertChartVersion = (head: TicketHead) => {
  if (head.chartVersion !== CHART_VERSION) throw new ChartVersionError(head.id, head.chartVersion);
};

export interface LoggedEvent {
  seq: number;
  type: string;
  /** The event exactly as the chart received it: replaying these rebuilds the head. */
  event: Record<string, unknown>;
  actor: Actor;
  at: number;
  status: string;
  stage: string;
  /** The fingerprint of the policy the event was decided under (absent on events logged before it was kept). */
  policy?: string;
}

export interface OutboxMessage extends Notification, RenderedMessage, ReplyHeaders {
  seq: number;
  n: number;
  status: 'pending';
  createdAt: number;
  /** Where it goes, resolved from the recipient role when the event happened. */
  address: string;
  /** Who else is on the conversation: the customer's Cc on their mail, and whom a reply copies. */
  cc?: string[];
  from: string;
  /** Carries the decision's random nonce, so nobody can compute it; indexed for reply threading. */
  messageId: string;
  /** Files the mail carries (by digest, from the attachment store): a vendor forward's customer files. */
  attachments?: AttachmentRef[];
}

/**
 * What the shell hands the planner besides the event: the keys to mint customer links with (none
 * when absent), and a random nonce fresh for each decision, which makes the desk's Message-IDs
 * unguessable (a reply's In-Reply-To is then a hint of its thread, never a key to it).
 */
export interface PlanEnv {
  links?: LinkMinting;
  nonce: string;
}

/** How the engine mints customer links into the mails it renders (none when absent). */
export interface LinkMinting {
  keys: LinkKeys;
  baseUrl: string;
  validitySeconds: number;
}

function linkMinter(minting: LinkMinting | undefined, context: TicketContext, policy: Policy, at: number): LinkFor {
  if (!minting) return () => null;
  return (action) => {
    const { ref, content } = linkContent(action, context, policy);
    const nonce = derivedNonce(minting.keys, `${context.id}:${linkGroupOf(action)}:${ref}`);
    const token = signLink(minting.keys, {
      ticketId: context.id,
      action,
      ref,
      contentHash: contentHashOf(content),
      recipient: context.requester.email,
      expiresAt: Math.floor(at / 1000) + minting.validitySeconds,
      nonce,
    });
    return `${minting.baseUrl}/v1/links/${token}`;
  };
}

/**
 * The address a notification goes to, from the ticket and the policy; null when it goes to nobody:
 * an assignee or team the event's assignment does not tell, or a team without a mailbox.
 */
function addressOf(
  to: Notification['to'],
  context: TicketContext,
  policy: Policy,
  assigned: AssignmentStamp | undefined,
): string | null {
  const vendor = context.vendor ? policy.vendors.find((v) => v.id === context.vendor!.id) : undefined;
  if (to === 'assignee' || to === 'team') {
    if (!assigned?.tell.includes(to)) return null;
    if (to === 'assignee') return findAgent(policy, assigned.agentId ?? '')?.email ?? null;
    return findTeam(policy, assigned.teamId ?? '')?.mailbox ?? null;
  }
  if (to === 'requester') return context.requester.email;
  if (to === 'vendor') return vendor?.contact ?? policy.dutyManager.email;
  if (to === 'vendorEscalation') return vendor?.escalationContact ?? policy.dutyManager.email;
  return policy.dutyManager.email;
}

export interface Commit {
  head: TicketHead;
  /** The head version this commit was decided on; null for a new ticket. */
  expectedVersion: number | null;
  /**
   * The parked execution's token on that head, if any. A token stored after the decision was read
   * must fail the commit, or the commit would overwrite it and nobody would wake the execution.
   */
  expectedParkToken: string | null;
  event: LoggedEvent;
  outbox: OutboxMessage[];
}

export type Refusal =
  | { ok: false; reason: 'invalid'; issues: FieldIssue[] }
  | { ok: false; reason: 'not-allowed'; status: string; stage: string; allowed: string[]; detail: string };

export type Decision = { ok: true; commit: Commit } | Refusal;

/** One event sends each party at most one mail: the first it owes them (an auto-close's own notice, not also the closure). */
function onePerParty(notifications: Notification[]): Notification[] {
  const seen = new Set<Notification['to']>();
  return notifications.filter((n) => {
    if (n.to !== 'requester' && n.to !== 'vendor' && n.to !== 'assignee' && n.to !== 'team') return true;
    if (seen.has(n.to)) return false;
    seen.add(n.to);
    return true;
  });
}

/** Who else a mail to the requester goes to: the conversation's Cc and the mail's own copies, never the desk itself. */
function ccOf(context: TicketContext, copies: string[], policy: Policy): string[] {
  const own = new Set([context.requester.email, ...policy.intake.deskAddresses].map((a) => a.toLowerCase()));
  const all = [...(context.cc ?? []), ...copies].map((a) => a.toLowerCase()).filter((a) => !own.has(a));
  return [...new Set(all)].slice(0, MAX_COPIES);
}

function commitOf(
  policy: Policy,
  previous: TicketHead | null,
  step: StepResult,
  logged: Omit<LoggedEvent, 'status' | 'stage' | 'seq'>,
  env: PlanEnv,
): Commit {
  const stage = stageOf(step.snapshot);
  const status = stage.split('.')[0] ?? stage;
  const version = (previous?.version ?? 0) + 1;
  const context = step.snapshot.context;
  const from = policy.intake.deskAddresses[0]!;
  const link = linkMinter(env.links, context, policy, logged.at);
  // The mail this event came from joins its sender's thread before the desk answers in it.
  const inbound = (logged.event.mail as MailProvenance | undefined)?.messageId;
  const inboundThread = threadOfActor(logged.actor);
  let threads: Threads = previous?.threads ?? {};
  if (inbound && inboundThread) threads = appendToThread(threads, inboundThread, inbound);
  const assigned = logged.event.assigned as AssignmentStamp | undefined;
  const consoleUrl = env.links ? `${env.links.baseUrl}/console/tickets/${encodeURIComponent(context.id)}` : null;
  const addressed = onePerParty(step.notifications).flatMap((n) => {
    const address = addressOf(n.to, context, policy, assigned);
    return address ? [{ n, address }] : [];
  });
  // The team's mailbox and the assignee may be one address: it gets the first mail only.
  const owed = addressed.filter(
    (a, i) =>
      a.n.to === 'requester' || !addressed.slice(0, i).some((b) => b.address === a.address && b.n.to !== 'requester'),
  );
  const outbox = owed.map(({ n, address }, i): OutboxMessage => {
    const thread = threadOfRecipient(n.to);
    const messageId = messageIdAt(`${context.id}.${version}.${i + 1}.${env.nonce}`, from);
    const headers = replyHeaders(threads, thread);
    threads = appendToThread(threads, thread, messageId);
    const { copies = [], ...rendered } = renderNotification(
      n,
      context,
      policy,
      link,
      logged.event as Trigger,
      consoleUrl,
    );
    const cc = n.to === 'requester' ? ccOf(context, copies, policy) : [];
    return {
      ...n,
      ...rendered,
      ...headers,
      ...(cc.length ? { cc } : {}),
      seq: version,
      n: i + 1,
      status: 'pending' as const,
      createdAt: logged.at,
      address,
      from,
      messageId,
    };
  });
  const nextDueAt = step.timers[0]?.dueAt ?? null;
  const head: TicketHead = {
    id: context.id,
    kind: context.kind,
    status,
    stage,
    version,
    chartVersion: CHART_VERSION,
    snapshot: step.snapshot,
    timers: step.timers,
    nextDueAt,
    priority: context.priority,
    subject: context.subject,
    requester: context.requester,
    customerId: context.customerId,
    language: context.language,
    ...(context.assignment?.agentId ? { assigneeId: context.assignment.agentId } : {}),
    ...(context.assignment?.teamId ? { teamId: context.assignment.teamId } : {}),
    thirdParty: context.vendor && { id: context.vendor.id, ref: context.vendor.ref },
    createdAt: previous?.createdAt ?? logged.at,
    updatedAt: logged.at,
    conversation: nextConversation(previous?.conversation, logged.actor, logged.at),
    threads,
    // A commit that leaves the parked execution nothing to do keeps it parked: no wake-up, no cost.
    ...parkCarriedOver(previous, {
      status,
      nextDueAt,
      final: step.snapshot.status !== 'active',
    }),
  };
  return {
    head,
    expectedVersion: previous?.version ?? null,
    expectedParkToken: previous?.parkToken ?? null,
    event: { ...logged, seq: version, status, stage, policy: policyFingerprint(policy) },
    outbox,
  };
}

export function planCreate(machine: TicketMachine, policy: Policy, given: TicketInput, env: PlanEnv): Commit {
  // Routing puts it in a team now, by customer and kind; the stamp makes the log say so.
  const routed = routeNewTicket(policy, { customerId: given.customerId ?? null, kind: given.kind, category: null });
  const input: TicketInput = routed ? { ...given, assigned: routed } : given;
  const step = startTicket(machine, input);
  const { actor, at, ...rest } = input;
  return commitOf(
    policy,
    null,
    step,
    { type: 'CREATED', event: { type: 'CREATED', ...rest, at, actor }, actor, at },
    env,
  );
}

/**
 * Decides one event. Who sent it and through which channel (and link) come from `origin`, which
 * the receiving side stamps; the payload can claim neither.
 */
export function planEvent(
  machine: TicketMachine,
  policy: Policy,
  head: TicketHead,
  raw: unknown,
  origin: Origin,
  now: number,
  env: PlanEnv,
): Decision {
  assertChartVersion(head);
  const parsed = parseTicketEvent(raw, policy, origin.channel);
  if (!parsed.ok) return parsed;
  const type = parsed.value.type;
  const files = origin.files?.length ? origin.files : null;
  if (files && !('attachments' in parsed.value))
    return { ok: false, reason: 'invalid', issues: [{ field: 'files', message: `${type} carries no files` }] };
  const rate =
    type === 'RECORD_VISIT'
      ? policy.rates.onSiteHourlyCents
      : type === 'RECORD_HOURS'
        ? policy.rates.remoteHourlyCents
        : undefined;
  const actor = origin.actor;
  const event: DomainEvent = {
    ...parsed.value,
    at: now,
    actor,
    channel: origin.channel,
    ...(origin.link ? { viaLink: origin.link } : {}),
    ...(origin.portal ? { viaPortal: origin.portal } : {}),
    ...(origin.releasedFrom ? { releasedFrom: origin.releasedFrom } : {}),
    ...(origin.mail ? { mail: origin.mail } : {}),
    ...(rate !== undefined ? { hourlyRateCents: rate } : {}),
    // The receiving side's files, over the empty list a body may only send.
    ...(files ? { attachments: files } : {}),
  } as DomainEvent;
  const owner = assignmentStampOf(policy, head.snapshot.context, event);
  if (owner && !owner.ok) return { ok: false, reason: 'invalid', issues: owner.issues };
  if (owner?.stamp) event.assigned = owner.stamp;
  if (!canTake(machine, head.snapshot, event)) {
    const allowed = allowedEvents(machine, head.snapshot, origin.channel);
    const detail = allowed.includes(event.type)
      ? `${event.type} does not apply to this ticket as it stands (${head.stage})`
      : `${event.type} is not allowed while the ticket is ${head.stage}`;
    return { ok: false, reason: 'not-allowed', status: head.status, stage: head.stage, allowed, detail };
  }
  const step = stepTicket(machine, head.snapshot, head.timers, event);
  const logged = { type: event.type, event: event as unknown as Record<string, unknown>, actor, at: now };
  return { ok: true, commit: commitOf(policy, head, step, logged, env) };
}

/** The owner an ASSIGN decides, or a CLASSIFY re-routes to; a refused ASSIGN names the field. */
function assignmentStampOf(
  policy: Policy,
  context: TicketContext,
  event: DomainEvent,
): { ok: true; stamp: AssignmentStamp | null } | { ok: false; issues: FieldIssue[] } | null {
  if (event.type === 'ASSIGN') {
    const decided = decideAssign(policy, context.assignment, event, event.actor);
    return decided.ok ? { ok: true, stamp: decided.stamp } : decided;
  }
  if (event.type === 'CLASSIFY') {
    const facts = { customerId: event.customerId ?? context.customerId, kind: event.kind, category: event.category };
    return { ok: true, stamp: rerouteOnClassify(policy, context.assignment, facts) };
  }
  return null;
}

const systemActor: Actor = { type: 'system', id: 'timer' };

/** Fires the earliest timer due at `now`, or null when none is due. */
export function planDueTimer(
  machine: TicketMachine,
  policy: Policy,
  head: TicketHead,
  now: number,
  env: PlanEnv,
): Commit | null {
  const due = head.timers.find((t) => t.dueAt <= now);
  if (!due) return null;
  assertChartVersion(head);
  const event = { type: due.event, at: now, dueAt: due.dueAt, timer: due.name, actor: systemActor, channel: 'timer' };
  const step = stepTicket(machine, head.snapshot, head.timers, event as never);
  // The log names it for people (`timer:vendorFollowUp`); `event` keeps what the chart received.
  return commitOf(policy, head, step, { type: `timer:${due.name}`, event, actor: systemActor, at: now }, env);
}

/** Rebuilds a ticket from its event log alone: the first event opens it, the rest step it. */
export function replayTicket(
  machine: TicketMachine,
  events: LoggedEvent[],
): Pick<TicketHead, 'snapshot' | 'timers' | 'version' | 'status' | 'stage'> {
  const [first, ...rest] = events;
  if (!first || first.type !== 'CREATED') throw new Error('an event log starts with CREATED');
  let step = startTicket(machine, first.event as unknown as TicketInput);
  for (const logged of rest) {
    step = stepTicket(machine, step.snapshot, step.timers, logged.event as never);
  }
  const stage = stageOf(step.snapshot);
  return {
    snapshot: step.snapshot,
    timers: step.timers,
    version: events.length,
    status: stage.split('.')[0] ?? stage,
    stage,
  };
}
