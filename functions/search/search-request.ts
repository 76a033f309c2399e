// One search as the API and the console ask it: the query parameters read (policy ids, the chart's
// statuses), the search run, and the next cursor encoded; or the issues naming each bad parameter.
import type { Desk } from '../desk';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { encodeCursor, parseSearchQuery, type SearchQuery } from '../../workflows/search/search-query';
import { CursorMismatchError, searchTickets } from './ticket-search';

export type SearchAnswer =
  { ok: true; query: SearchQuery; heads: TicketHead[]; next: string | null } | { ok: false; issues: FieldIssue[] };

export async function runSearch(desk: Desk, params: Record<string, string | undefined>): Promise<SearchAnswer> {
  const statuses = lifecycleStatuses(desk.machine);
  const parsed = parseSearchQuery(params, desk.policy, statuses);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  try {
    const page = await searchTickets(
      desk.table,
      parsed.value,
      statuses.map((s) => s.status),
    );
    return { ok: true, query: parsed.value, heads: page.heads, next: page.next && encodeCursor(page.next) };
  } catch (error) {
    if (error instanceof CursorMismatchError) {
      return { ok: false, issues: [{ field: 'cursor', message: 'not a cursor of this search' }] };
    }
    throw error;
  }
}
