// One seeded ticket's own timeline: a clock and an engine of its own on the desk's store, events
// sent with the origins their real senders are stamped with (agents by the console, customers by
// mail, link or portal, vendors by mail), and time passed the way the timer poller passes it.
// A clock per ticket is what lets many tickets live through the same month at once.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock, type ManualClock } from '../functions/clock';
import type { Desk } from '../functions/desk';
import { createTicketService, type Applied, type TicketService } from '../functions/lifecycle/ticket-service';
import { dueShardOf, ticketPk, type CommitExtras, type TicketStore } from '../functions/lifecycle/ticket-store';
import { answerLink } from '../functions/links/link-answer';
import type { BusinessCalendar } from '../workflows/lifecycle/business-time';
import type { TicketHead } from '../workflows/lifecycle/ticket-engine';
import type { Origin, TicketEventInput } from '../workflows/lifecycle/ticket-events';
import { verifyLink, type LinkAction } from '../workflows/links/link-token';
import { siblingOf } from '../workflows/links/link-rules';
import type { Customer } from '../workflows/policy/policy';
import { messageIdAt } from '../workflows/mail/message-id';
import type { Rng } from './seeded-random';

const MINUTE = 60_000;

/** The month ended before the ticket's next step: it stays as the month left it. */
export class MonthEnded extends Error {
  override readonly name = 'MonthEnded';
}

/** The engine refused what the seed sent: a bug in the seed, never papered over. */
export class SeedRefused extends Error {
  override readonly name = 'SeedRefused';
}

export interface Tally {
  /** Events committed, by logged type (`timer:<name>` for timers). */
  byType: Map<string, number>;
}

export interface TimelineEnv {
  desk: Desk;
  /** The desk's store, keeping a ticket off the due-time index while it is being seeded. */
  store: TicketStore;
  calendar: BusinessCalendar;
  monthEnd: number;
  tally: Tally;
}

const refusalText = (applied: Exclude<Applied, { ok: true }>) =>
  applied.reason === 'invalid' ? applied.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : applied.detail;

/**
 * The store a seed writes through: each commit as the engine made it, but with the head off the
 * due-time index, so the running desk's timer poller (whose clock is today, not that month) does
 * not fire a ticket's timers while the seed is still living through its month. `release` puts it
 * on the index when the seed is done with it.
 */
export function seedingStore(store: TicketStore): TicketStore {
  return {
    ...store,
    commit: (commit, extras) => store.commit({ ...commit, head: { ...commit.head, nextDueAt: null } }, extras),
  };
}

export class TicketTimeline {
  readonly clock: ManualClock;
  private readonly service: TicketService;
  private current: TicketHead | null = null;
  private mails = 0;

  constructor(
    private readonly env: TimelineEnv,
    readonly rng: Rng,
    readonly customer: Customer,
    readonly requester: { email: string; name: string },
    start: number,
    /** Opening waits for the ticket planned before this one (`before`) and lets the next open (`done`). */
    private readonly turn: { before: Promise<void>; done: () => void } = { before: Promise.resolve(), done: () => {} },
  ) {
    this.clock = manualClock(start);
    const { desk, store } = env;
    this.service = createTicketService({
      store,
      machine: desk.machine,
      policy: desk.policy,
      clock: this.clock,
      links: () => desk.links,
      onCommit: async (commit) => {
        const type = commit.event.type;
        env.tally.byType.set(type, (env.tally.byType.get(type) ?? 0) + 1);
      },
    });
  }

  get head(): TicketHead {
    if (!this.current) throw new Error('the ticket is not open yet');
    return this.current;
  }

  get id(): string {
    return this.head.id;
  }

  now(): number {
    return this.clock.now();
  }

  get policy() {
    return this.env.desk.policy;
  }

  get calendar(): BusinessCalendar {
    return this.env.calendar;
  }

  /** The desk's time zone, which the times agents type are in. */
  get zone(): string {
    return this.env.desk.policy.businessHours.timeZone;
  }

  /** The agent who acts: the owner, else the first agent of the ticket's team, else the first agent. */
  get agentId(): string {
    const agents = this.policy.agents;
    const head = this.current;
    const owner = head?.assigneeId;
    if (owner) return owner;
    return (agents.find((a) => head?.teamId && a.teams.includes(head.teamId)) ?? agents[0])?.id ?? 'local-agent';
  }

  /** Moves time on by business minutes (and a few seconds more), firing every timer due on the way. */
  async after(businessMinutes: number): Promise<void> {
    const at = this.env.calendar.add(this.now(), Math.round(businessMinutes * MINUTE)) + this.rng.int(0, 59_000);
    await this.until(at);
  }

  /**
   * Moves time on to `at`, firing the ticket's timers as the poller would: each just after it fell
   * due, through the engine's own timer path. Past the month's end it fires what fell due before
   * the end and stops the ticket there.
   */
  async until(at: number): Promise<void> {
    const { monthEnd } = this.env;
    const end = Math.min(at, monthEnd);
    let head = this.head;
    while (head.nextDueAt !== null && head.nextDueAt < end) {
      // The poller looks once a second.
      const fireAt = Math.min(Math.max(this.now(), head.nextDueAt + this.rng.int(0, 999)), monthEnd - 1);
      this.clock.set(fireAt);
      const { fired, head: next } = await this.service.fireDue(head.id, head);
      head = next;
      if (fired === 0) break;
    }
    this.current = head;
    if (at >= monthEnd) throw new MonthEnded();
    if (at > this.now()) this.clock.set(at);
  }

  /** Lets the month run out: the ticket's timers fire up to its end. */
  async untilMonthEnd(): Promise<never> {
    await this.until(this.env.monthEnd);
    throw new MonthEnded();
  }

  /** A Message-ID at the sender's own domain, as their mail client would give it. */
  private nextMessageId(sender: string = this.requester.email): string {
    this.mails++;
    const local = `seed.${this.now().toString(36)}.${this.mails}.${this.rng.int(0, 1e9).toString(36)}`;
    return messageIdAt(local, sender);
  }

  private customerMail(): Origin {
    return {
      actor: { type: 'customer', id: this.requester.email },
      channel: 'email',
      mail: { messageId: this.nextMessageId(), rawKey: null },
    };
  }

  private customerPortal(contentHash?: string): Origin {
    const sessionRef = `seed-${this.requester.email.replace(/[^a-z0-9]/g, '')}`.slice(0, 22);
    return {
      actor: { type: 'customer', id: this.requester.email },
      channel: 'portal',
      portal: { sessionRef, ...(contentHash ? { contentHash } : {}) },
    };
  }

  private agent(): Origin {
    return { actor: { type: 'agent', id: this.agentId }, channel: 'agent' };
  }

  private async create(raw: Record<string, unknown>, origin: Origin, what: string): Promise<void> {
    await this.turn.before;
    try {
      const applied = await this.service.create(raw, origin);
      if (!applied.ok) throw new SeedRefused(`${what}: ${refusalText(applied)}`);
      this.current = applied.head;
    } finally {
      this.turn.done();
    }
  }

  /** A ticket the customer mailed in: to the incident mailbox, or the change mailbox for a change. */
  async openByMail(ticket: { kind: 'incident' | 'change' | 'service_request'; subject: string; description: string }) {
    const raw = { ...ticket, requester: this.requester, customerId: this.customer.id };
    await this.create(raw, this.customerMail(), `opening "${ticket.subject}" by mail`);
  }

  /** A request the customer typed into the portal. */
  async openByPortal(ticket: {
    kind: 'incident' | 'change' | 'service_request';
    subject: string;
    description: string;
  }) {
    const raw = { ...ticket, requester: this.requester, customerId: this.customer.id };
    await this.create(raw, this.customerPortal(), `opening "${ticket.subject}" in the portal`);
  }

  /** A call an agent registered in the console. */
  async openByPhone(ticket: {
    kind: 'incident' | 'change' | 'service_request';
    subject: string;
    description: string;
    priority?: string;
  }) {
    const raw = { ...ticket, requester: this.requester, customerId: this.customer.id, channel: 'phone' };
    const agent = {
      actor: { type: 'agent' as const, id: this.policy.agents[0]?.id ?? 'local-agent' },
      channel: 'agent' as const,
    };
    await this.create(raw, agent, `registering "${ticket.subject}" from a call`);
  }

  private async send(event: TicketEventInput | Record<string, unknown>, origin: Origin, extras?: CommitExtras) {
    const applied = await this.service.apply(this.head.id, event, origin, extras, this.head);
    if (!applied.ok)
      throw new SeedRefused(
        `${this.head.id} (${this.head.stage}) refused ${String(event.type)}: ${refusalText(applied)}`,
      );
    this.current = applied.head;
  }

  /** What an agent does in the console. */
  byAgent(event: TicketEventInput | Record<string, unknown>) {
    return this.send(event, this.agent());
  }

  /** The customer's mail, threaded onto the ticket. */
  byCustomerMail(event: TicketEventInput | Record<string, unknown>) {
    return this.send(event, this.customerMail());
  }

  /** The customer's form in the portal. */
  byPortal(event: TicketEventInput | Record<string, unknown>) {
    return this.send(event, this.customerPortal());
  }

  /**
   * The customer clicks the link the desk mailed them: the newest of its mails on this ticket with
   * a link for the action (or for its other answer, which the link's page offers beside it, as
   * link-page.handler.ts signs it), verified with the desk's keys, answered as the link handler does.
   */
  async clickLink(action: LinkAction) {
    const keys = this.env.desk.links?.keys;
    if (!keys) throw new SeedRefused('the desk mints no links (no link keys): a seed cannot click one');
    const at = this.now();
    const mails = await this.env.store.listOutbox(this.head.id, this.head.version);
    const claims = mails
      .reverse()
      .flatMap((m) => [...m.text.matchAll(/\/v1\/links\/([A-Za-z0-9_.-]+)/g)].map((found) => found[1]!))
      .map((token) => verifyLink(keys, token, Math.floor(at / 1000)))
      .flatMap((checked) =>
        checked.ok && (checked.claims.action === action || siblingOf[checked.claims.action] === action)
          ? [{ ...checked.claims, action }]
          : [],
      )[0];
    if (!claims) throw new SeedRefused(`${this.head.id} (${this.head.stage}): no mailed ${action} link to click`);
    const applied = await answerLink(this.service, claims, at, this.head);
    if (!applied.ok)
      throw new SeedRefused(`${this.head.id} (${this.head.stage}) refused the ${action} link: ${refusalText(applied)}`);
    this.current = applied.head;
  }

  /** The vendor's mail, from their helpdesk's address. */
  byVendorMail(event: TicketEventInput | Record<string, unknown>) {
    const vendor = this.policy.vendors.find((v) => v.id === this.head.thirdParty?.id);
    const address = vendor?.contact ?? 'vendor@vendor.example.net';
    const origin: Origin = {
      actor: { type: 'vendor', id: address },
      channel: 'email',
      mail: { messageId: this.nextMessageId(address), rawKey: null },
    };
    return this.send(event, origin);
  }

  /** Done with the ticket: it goes on the due-time index, so the running desk fires what falls due next. */
  async release(): Promise<void> {
    const head = this.current;
    if (!head || head.nextDueAt === null) return;
    const { client, tableName } = this.env.desk.table;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: ticketPk(head.id), sk: 'HEAD' },
        UpdateExpression: 'SET nextDueAt = :due, dueShard = :shard',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':due': head.nextDueAt, ':shard': dueShardOf(head.id), ':version': head.version },
      }),
    );
  }
}
