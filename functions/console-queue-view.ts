// The console's queue, pure: open tickets in the groups agents work by, filtered by customer, kind
// and priority, each group sorted by SLA urgency (breached first, then the soonest due); each row
// knows how many of its ticket's mails failed for good.
import type { Policy } from '../workflows/policy';
import { priorities, ticketKinds } from '../workflows/policy';
import { rulesFor, slaStanding, type SlaStanding } from '../workflows/sla-standing';
import type { TicketHead } from '../workflows/ticket-engine';

export const queueGroups = [
  { id: 'new', title: 'New', statuses: ['registered', 'triage'] },
  { id: 'my-work', title: 'My work', statuses: ['diagnosing', 'outOfScope', 'quoting', 'scheduled', 'implementing'] },
  { id: 'waiting-on-customer', title: 'Waiting on customer', statuses: ['awaitingCustomer'] },
  { id: 'with-third-party', title: 'With third party', statuses: ['withThirdParty'] },
  { id: 'on-site', title: 'On site', statuses: ['onSite'] },
  { id: 'awaiting-approval', title: 'Awaiting approval', statuses: ['awaitingApproval'] },
  { id: 'resolved', title: 'Resolved', statuses: ['resolved'] },
] as const;

export type QueueGroupId = (typeof queueGroups)[number]['id'];

/** The group a lifecycle status belongs to; a status a newer chart adds lands in "my work", never nowhere. */
export function groupOf(status: string): QueueGroupId {
  return queueGroups.find((g) => (g.statuses as readonly string[]).includes(status))?.id ?? 'my-work';
}

export interface QueueFilter {
  customer: string | null;
  kind: string | null;
  priority: string | null;
}

/** The filter from the query string; a value the policy does not know is dropped (and reported), not an error. */
export function parseQueueFilter(query: Record<string, string | undefined>, policy: Policy): { filter: QueueFilter; ignored: string[] } {
  const ignored: string[] = [];
  const pick = (name: keyof QueueFilter, allowed: readonly string[]) => {
    const value = query[name]?.trim();
    if (!value) return null;
    if (allowed.includes(value)) return value;
    ignored.push(name);
    return null;
  };
  return {
    filter: { customer: pick('customer', policy.customers.map((c) => c.id)), kind: pick('kind', ticketKinds), priority: pick('priority', priorities) },
    ignored,
  };
}

export interface QueueRow {
  head: TicketHead;
  sla: SlaStanding;
  /** Mails of this ticket that failed for good and were not resent. */
  failedMails: number;
}

export interface QueueGroup {
  id: QueueGroupId;
  title: string;
  rows: QueueRow[];
}

export function buildQueue(heads: TicketHead[], filter: QueueFilter, policy: Policy, now: number, failedMails: ReadonlyMap<string, number> = new Map()): QueueGroup[] {
  const rules = rulesFor(policy);
  // An index is read eventually consistently: a ticket caught mid-move could show twice; keep the newest.
  const newest = new Map<string, TicketHead>();
  for (const head of heads) if ((newest.get(head.id)?.version ?? 0) < head.version) newest.set(head.id, head);
  const rows = [...newest.values()]
    .filter((h) => (!filter.customer || h.customerId === filter.customer) && (!filter.kind || h.kind === filter.kind) && (!filter.priority || h.priority === filter.priority))
    .map((head) => ({ head, sla: slaStanding(rules, policy, head.snapshot, now), failedMails: failedMails.get(head.id) ?? 0 }))
    .sort((a, b) => a.sla.urgency - b.sla.urgency || a.head.priority.localeCompare(b.head.priority) || a.head.createdAt - b.head.createdAt);
  return queueGroups.map((g) => ({ id: g.id, title: g.title, rows: rows.filter((r) => groupOf(r.head.status) === g.id) }));
}
