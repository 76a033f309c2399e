// The durable engine: read head → decide (pure) → commit one transaction; on a lost race, read
// again and decide again. Creation numbers the ticket from an atomic counter.
import { randomBytes } from 'node:crypto';
import type { Policy } from '../../workflows/policy/policy';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import {
  planCreate,
  planDueTimer,
  planEvent,
  type Commit,
  type LinkMinting,
  type PlanEnv,
  type Refusal,
  type TicketHead,
} from '../../workflows/lifecycle/ticket-engine';
import { counterName, formatTicketId } from '../../workflows/lifecycle/ticket-id';
import { parseCreateTicket, type Origin } from '../../workflows/lifecycle/ticket-events';
import type { Clock } from '../clock';
import { TicketNotFoundError, VersionConflictError, type CommitExtras, type TicketStore } from './ticket-store';
import { localTime } from '../../workflows/time/zoned-time';

export type Applied = { ok: true; head: TicketHead; commit: Commit } | Refusal;

export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  readonly statusCode = 503;
  readonly expose = true;
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is too busy right now; try again`);
  }
}

export interface TicketServiceDeps {
  store: TicketStore;
  machine: TicketMachine;
  policy: Policy;
  clock: Clock;
  /** Signs customer links into the mails the desk renders; read at each decision, since keys rotate. */
  links?: () => LinkMinting | undefined;
  /** Called after every commit with the head it replaced, e.g. to wake a parked Step Functions execution. */
  onCommit?: (commit: Commit, previous: TicketHead | null) => Promise<void>;
  /** Keeps the policy the events are stamped with where a replay finds it; awaited before a commit. */
  keepPolicy?: () => Promise<void>;
  maxAttempts?: number;
  /** Waits between attempts after a lost race; jittered so racing writers spread out. */
  backoff?: (attempt: number) => Promise<void>;
}

const NONCE_BYTES = 9;
/** Random bytes drawn 4 KiB at a time: one call to the system's generator per 455 decisions, not one each. */
let pool = Buffer.alloc(0);
let drawn = 0;

/** Fresh per decision: the random part of the Message-IDs its mails carry (each byte used once). */
const freshNonce = () => {
  if (drawn + NONCE_BYTES > pool.length) {
    pool = randomBytes(4096);
    drawn = 0;
  }
  drawn += NONCE_BYTES;
  return pool.toString('base64url', drawn - NONCE_BYTES, drawn);
};

const jitteredBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

export function createTicketService(deps: TicketServiceDeps) {
  const { store, machine, policy, clock } = deps;
  const maxAttempts = deps.maxAttempts ?? 100;
  const backoff = deps.backoff ?? jitteredBackoff;
  const env = (): PlanEnv => ({ links: deps.links?.(), nonce: freshNonce() });

  /**
   * Runs decide-and-commit until it commits, is refused, or the ticket stays too busy. A head the
   * caller already holds saves the first read; if it is stale the commit's condition says so.
   */
  async function withRetries<T extends { ok: boolean }>(
    ticketId: string,
    attempt: (head: TicketHead) => { ok: true; commit: Commit } | T | null,
    known?: TicketHead,
    extras?: CommitExtras,
  ): Promise<Applied | T | null> {
    for (let i = 0; i < maxAttempts; i++) {
      const head = i === 0 && known ? known : await store.getHead(ticketId);
      if (!head) throw new TicketNotFoundError(ticketId);
      const decision = attempt(head);
      if (decision === null || !decision.ok) return decision;
      const { commit } = decision as { ok: true; commit: Commit };
      try {
        await deps.keepPolicy?.();
        await store.commit(commit, extras);
        await deps.onCommit?.(commit, head);
        return { ok: true, head: commit.head, commit };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        await backoff(i);
      }
    }
    throw new RetriesExhaustedError(ticketId);
  }

  return {
    /** Opens a ticket; `extras` are written in the same transaction (a claim that exists refuses it). */
    async create(raw: unknown, origin: Origin, extras?: (id: string) => CommitExtras): Promise<Applied> {
      const parsed = parseCreateTicket(raw, policy, origin.channel);
      if (!parsed.ok) return parsed;
      const at = clock.now();
      // The year in the desk's own time zone: a ticket logged at 00:30 on 1 January is next year's.
      const year = localTime(at, policy.businessHours.timeZone).year;
      const n = await store.nextNumber(counterName(parsed.value.kind, year));
      const id = formatTicketId(parsed.value.kind, year, n);
      const input = {
        ...parsed.value,
        id,
        at,
        actor: origin.actor,
        ...(origin.mail ? { mail: origin.mail } : {}),
        ...(origin.releasedFrom ? { releasedFrom: origin.releasedFrom } : {}),
      };
      const commit = planCreate(machine, policy, input, env());
      await deps.keepPolicy?.();
      await store.commit(commit, extras?.(id));
      await deps.onCommit?.(commit, null);
      return { ok: true, head: commit.head, commit };
    },

    /**
     * Applies one event; `origin` (who, through which channel or link) is the receiving side's word.
     * A head the caller just read (`known`) saves reading it again; a stale one costs a retry, never a wrong commit.
     */
    async apply(
      ticketId: string,
      raw: unknown,
      origin: Origin,
      extras?: CommitExtras,
      known?: TicketHead,
    ): Promise<Applied> {
      // The ticket first catches up with its own timers: an answer that arrives after the reopen
      // window closed, or a resolution after the SLA breach fell due, meets the ticket as it is now.
      const { head } = await catchUp(ticketId, known);
      const decide = (current: TicketHead) => planEvent(machine, policy, current, raw, origin, clock.now(), env());
      return (await withRetries(ticketId, decide, head, extras)) as Applied;
    },

    /** Fires every timer of this ticket that is due now, one commit each; returns how many fired. */
    advance: async (ticketId: string, known?: TicketHead): Promise<number> => (await catchUp(ticketId, known)).fired,

    /** As advance, and the head it ended at (what a caller routing on the ticket needs, without a read). */
    fireDue: (ticketId: string, known?: TicketHead) => catchUp(ticketId, known),

    get: async (ticketId: string) => store.getHead(ticketId),
  };

  /** Fires the ticket's due timers in order; returns how many fired and the head it ended at. */
  async function catchUp(ticketId: string, known?: TicketHead): Promise<{ fired: number; head: TicketHead }> {
    let head = known ?? (await store.getHead(ticketId));
    if (!head) throw new TicketNotFoundError(ticketId);
    let fired = 0;
    // Bounded: a chart whose timer re-arms at zero delay must not spin this loop forever.
    while (fired < 1000) {
      const result = (await withRetries(
        ticketId,
        (current) => {
          const commit = planDueTimer(machine, policy, current, clock.now(), env());
          return commit && { ok: true as const, commit };
        },
        head,
      )) as Applied | null;
      if (result === null || !result.ok) break;
      head = result.head;
      fired++;
    }
    return { fired, head };
  }
}

export type TicketService = ReturnType<typeof createTicketService>;
