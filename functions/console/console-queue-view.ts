// The console's queue, pure: open tickets in the groups agents work by, filtered by customer, kind
// and priority, each group sorted by SLA urgency (breached first, then the soonest due); each row
// knows how many of its ticket's mails failed for good, and whether a customer or vendor wrote
// since the desk last acted.
import type { Policy } from '../../workflows/policy/policy';
import { priorities, ticketKinds } from '../../workflows/policy/policy';
import { rulesFor, slaStanding, type SlaStanding } from '../../workflows/lifecycle/sla-standing';
import { hasNewReply, type TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { queueGroupIds, type QueueGroupId, type TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';

/** The groups' titles, in the order agents read them; which status is in which, the chart says. */
export const queueGroupTitles: Record<QueueGroupId, string> = {
  new: 'New',
  'in-hand': 'In hand',
  'waiting-on-customer': 'Waiting on customer',
  'with-third-party': 'With third party',
  'on-site': 'On site',
  'awaiting-approval': 'Awaiting approval',
  resolved: 'Resolved',
};

/** The group a lifecycle status is in, as its state's meta says; one a newer chart adds without a group is in hand. */
export function groupOf(machine: TicketMachine, status: string): QueueGroupId {
  return lifecycleStatuses(machine).find((s) => s.status === status)?.queue ?? 'in-hand';
}

/**
 * The queue's tabs: every open ticket, or the agent's own: "My work" (assigned to me, in all my
 * teams), "My team" (my teams' queues) and "Unassigned" (in my teams, owned by nobody).
 */
export const queueTabs = { open: 'All open', mine: 'My work', team: 'My team', unassigned: 'Unassigned' } as const;
export type QueueTab = keyof typeof queueTabs;

/** The tab from the query string: an unknown one is the open-ticket view. */
export const parseQueueTab = (query: Record<string, string | undefined>): QueueTab => {
  const tab = query.view?.trim() ?? '';
  return Object.hasOwn(queueTabs, tab) ? (tab as QueueTab) : 'open';
};

/** What the team-queue index is asked for a tab: one agent's tickets, nobody's (null), or all (undefined). */
export const ownerOfTab = (tab: Exclude<QueueTab, 'open'>, me: string): string | null | undefined =>
  tab === 'mine' ? me : tab === 'unassigned' ? null : undefined;

export interface QueueFilter {
  customer: string | null;
  kind: string | null;
  priority: string | null;
}

/** The filter from the query string; a value the policy does not know is dropped (and reported), not an error. */
export function parseQueueFilter(
  query: Record<string, string | undefined>,
  policy: Policy,
): { filter: QueueFilter; ignored: string[] } {
  const ignored: string[] = [];
  const pick = (name: keyof QueueFilter, allowed: readonly string[]) => {
    const value = query[name]?.trim();
    if (!value) return null;
    if (allowed.includes(value)) return value;
    ignored.push(name);
    return null;
  };
  return {
    filter: {
      customer: pick(
        'customer',
        policy.customers.map((c) => c.id),
      ),
      kind: pick('kind', ticketKinds),
      priority: pick('priority', priorities),
    },
    ignored,
  };
}

export interface QueueRow {
  head: TicketHead;
  sla: SlaStanding;
  /** Mails of this ticket that failed for good and were not resent. */
  failedMails: number;
  /** A customer or vendor wrote since the desk last acted (the head's conversation). */
  newReply: boolean;
}

export interface QueueGroup {
  id: QueueGroupId;
  title: string;
  rows: QueueRow[];
}

export function buildQueue(
  machine: TicketMachine,
  heads: TicketHead[],
  filter: QueueFilter,
  policy: Policy,
  now: number,
  failedMails: ReadonlyMap<string, number> = new Map(),
): QueueGroup[] {
  const rules = rulesFor(policy);
  // An index is read eventually consistently: a ticket caught mid-move could show twice; keep the newest.
  const newest = new Map<string, TicketHead>();
  for (const head of heads) if ((newest.get(head.id)?.version ?? 0) < head.version) newest.set(head.id, head);
  const rows = [...newest.values()]
    .filter(
      (h) =>
        (!filter.customer || h.customerId === filter.customer) &&
        (!filter.kind || h.kind === filter.kind) &&
        (!filter.priority || h.priority === filter.priority),
    )
    .map((head) => ({
      head,
      sla: slaStanding(rules, policy, head.snapshot, now),
      failedMails: failedMails.get(head.id) ?? 0,
      newReply: hasNewReply(head),
    }))
    .sort(
      (a, b) =>
        a.sla.urgency - b.sla.urgency ||
        a.head.priority.localeCompare(b.head.priority) ||
        a.head.createdAt - b.head.createdAt,
    );
  const groupOfStatus = new Map(lifecycleStatuses(machine).map((s) => [s.status, s.queue ?? 'in-hand']));
  return queueGroupIds.map((id) => ({
    id,
    title: queueGroupTitles[id],
    rows: rows.filter((r) => (groupOfStatus.get(r.head.status) ?? 'in-hand') === id),
  }));
}
