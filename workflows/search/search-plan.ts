// Which index drives a search and what the heads it reads must still match: words first (their
// postings are the fewest), then a requester's or a customer's tickets, else the statuses' queues;
// the other conditions filter the heads read. Pure.
import { addressKey } from '../lifecycle/ticket-events';
import type { TicketHead } from '../lifecycle/ticket-engine';
import type { Position, SearchQuery } from './search-query';

export type Driver =
  | { index: 'words'; term: string }
  | { index: 'requester'; requesterKey: string }
  | { index: 'customer'; customerId: string }
  | { index: 'status'; statuses: string[] };

/** The word a search reads the postings of: the longest looks the rarest. */
export const drivingTerm = (terms: readonly string[]): string =>
  terms.reduce((best, term) => (term.length > best.length ? term : best));

export function driverOf(query: SearchQuery, allStatuses: readonly string[]): Driver {
  if (query.terms.length) return { index: 'words', term: drivingTerm(query.terms) };
  if (query.requesterKey !== undefined) return { index: 'requester', requesterKey: query.requesterKey };
  if (query.customerId !== undefined) return { index: 'customer', customerId: query.customerId };
  return { index: 'status', statuses: query.statuses ?? [...allStatuses] };
}

/** The order a driver reads in: words and requesters by creation, customers and queues by last change. */
export const orderOf = (driver: Driver): Position['by'] =>
  driver.index === 'words' || driver.index === 'requester' ? 'created' : 'updated';

/** A head's fields the filters read (assignment is written by its own events; absent is unassigned). */
export type SearchableHead = Pick<
  TicketHead,
  'id' | 'status' | 'kind' | 'priority' | 'customerId' | 'requester' | 'createdAt' | 'updatedAt'
> & { assigneeId?: string; teamId?: string };

export function headMatches(query: SearchQuery, head: SearchableHead): boolean {
  return (
    (query.statuses === null || query.statuses.includes(head.status)) &&
    (query.kind === undefined || head.kind === query.kind) &&
    (query.priority === undefined || head.priority === query.priority) &&
    (query.customerId === undefined || head.customerId === query.customerId) &&
    (query.requesterKey === undefined || addressKey(head.requester.email) === query.requesterKey) &&
    (query.assigneeId === undefined || head.assigneeId === query.assigneeId) &&
    (query.teamId === undefined || head.teamId === query.teamId) &&
    (query.createdFrom === undefined || head.createdAt >= query.createdFrom) &&
    (query.createdTo === undefined || head.createdAt <= query.createdTo)
  );
}

/** A head's place in an order: newer first, and by id among equals, so a cursor never skips a tie. */
export const positionOf = (by: Position['by'], head: SearchableHead): Position => ({
  by,
  at: by === 'created' ? head.createdAt : head.updatedAt,
  id: head.id,
});

/** Whether a position comes after the cursor's (so belongs on a later page). */
export const isAfter = (p: Position, cursor: Position): boolean =>
  p.at < cursor.at || (p.at === cursor.at && p.id < cursor.id);
