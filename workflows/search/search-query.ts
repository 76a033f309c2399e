// What a search asks, read from `GET /v1/tickets`'s (and the console search page's) query
// parameters: words, filters by the head's fields, a created-between range, a page size and an
// opaque cursor. Every parameter is checked; an unknown or malformed one is an issue naming it,
// never ignored. The one schema also describes the parameters in the API document. Pure.
import { addressKey } from '../lifecycle/ticket-events';
import * as z from '../validation/zod-mini';
import { withMeta } from '../validation/zod-mini';
import { priorities, ticketKinds, type Policy } from '../policy/policy';
import { mailAddress, toIssues, type FieldIssue, type Parsed } from '../lifecycle/ticket-events';
import { isTicketId } from '../lifecycle/ticket-id';
import { parseIsoInstant, startOfNextDay } from '../time/zoned-time';
import { termsOf } from './search-terms';

const policyId = z.string().check(z.regex(/^[a-z0-9-]{1,100}$/, 'not an id of the policy'));
/** A parameter with its help in the API document. */
const described = <T extends z.ZodMiniType>(schema: T, description: string) => withMeta(schema, { description });
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'a date (YYYY-MM-DD) or an instant (ISO 8601 with offset)',
});

/** The parameters as a client sends them (strings), with their formats: what the API document shows. */
export const searchParameterSchema = z.partial(
  z.strictObject({
    q: described(
      z.string().check(z.minLength(1), z.maxLength(500)),
      'Words in the subject, description, replies and notes (all of them)',
    ),
    customer: described(policyId, "A customer's policy id"),
    requester: described(mailAddress, "The requester's e-mail address"),
    assignee: described(policyId, "The assigned agent's policy id"),
    team: described(policyId, "The team's policy id"),
    status: described(
      z.string().check(z.regex(/^[A-Za-z]{1,40}$/, 'not a status')),
      'open, closed, cancelled or one lifecycle status',
    ),
    kind: z.enum(ticketKinds),
    priority: z.enum(priorities),
    from: described(dateOrInstant, "Created at or after (a date is the desk's day)"),
    to: described(dateOrInstant, "Created at or before (a date is through the desk's day)"),
    limit: described(z.string().check(z.regex(/^[1-9]\d{0,2}$/, 'a whole number from 1 to 200')), 'Page size (50)'),
    cursor: described(
      z.string().check(z.regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor of this search')),
      "The previous page's `next`",
    ),
  }),
);

export type SearchParameters = z.infer<typeof searchParameterSchema>;
export const searchParameterNames = Object.keys(searchParameterSchema.shape) as (keyof SearchParameters)[];

export const DEFAULT_LIMIT = 50;
/** Each further word is one more posting to check per ticket: a search names a few. */
export const MAX_TERMS = 10;
export const MAX_LIMIT = 200;

/** Where a page ended, in the order its driving index reads: the last ticket looked at. */
const positionSchema = z.strictObject({
  /** Which order the position is in: a cursor of one order means nothing in another. */
  by: z.enum(['created', 'updated']),
  at: z.int().check(z.minimum(0), z.maximum(8_640_000_000_000_000)),
  id: z.string().check(z.refine(isTicketId, 'not a ticket id')),
});
export type Position = z.infer<typeof positionSchema>;

export const encodeCursor = (position: Position): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): Position | null {
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface StatusChoice {
  status: string;
  final: boolean;
}

export interface SearchQuery {
  /** The words every ticket found carries (folded; stop words dropped); empty without `q`. */
  terms: string[];
  customerId?: string;
  requesterKey?: string;
  assigneeId?: string;
  teamId?: string;
  /** The statuses a ticket may be in; null for any (a search by words, customer or requester finds closed tickets too). */
  statuses: string[] | null;
  kind?: string;
  priority?: string;
  /** Created at or after, and at or before (ms). */
  createdFrom?: number;
  createdTo?: number;
  limit: number;
  cursor?: Position;
}

/** A date is the desk's day in its time zone: `from` its first instant, `to` its last. */
function instantOf(value: string, end: boolean, timeZone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(value);
  const start = parseIsoInstant(value, timeZone);
  return end ? startOfNextDay(start, timeZone) - 1 : start;
}

/**
 * Reads the parameters. Ids are checked against the policy, statuses against the chart; without
 * `status`, a search by words, customer or requester spans every status, and anything else lists
 * the open tickets (what `GET /v1/tickets` alone always listed).
 */
export function parseSearchQuery(
  raw: Record<string, string | undefined>,
  policy: Policy,
  statuses: readonly StatusChoice[],
): Parsed<SearchQuery> {
  // Each parameter on its own, so one answer names every bad one (the policy's checks included).
  const issues: FieldIssue[] = [];
  const p: SearchParameters = {};
  const shape = searchParameterSchema.shape as Record<string, z.ZodMiniType>;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(shape, name)) {
      issues.push({ field: name, message: 'not a parameter of this search' });
      continue;
    }
    const field = shape[name]!.safeParse(value);
    if (field.success) Object.assign(p, { [name]: field.data });
    else issues.push(...toIssues(field.error).map((i) => ({ ...i, field: name })));
  }
  const known = (field: string, value: string | undefined, ids: readonly { id: string }[], what: string) => {
    if (value !== undefined && !ids.some((x) => x.id === value)) issues.push({ field, message: `unknown ${what}` });
  };
  known('customer', p.customer, policy.customers, 'customer');
  known('assignee', p.assignee, policy.agents, 'agent');
  known('team', p.team, policy.teams, 'team');

  const terms = p.q === undefined ? [] : termsOf(p.q);
  if (p.q !== undefined && terms.length === 0) issues.push({ field: 'q', message: 'no word to search for' });
  if (terms.length > MAX_TERMS) issues.push({ field: 'q', message: `at most ${MAX_TERMS} words` });

  const open = statuses.filter((s) => !s.final).map((s) => s.status);
  let wanted: string[] | null;
  if (p.status === 'open') wanted = open;
  else if (p.status !== undefined) {
    wanted = [p.status];
    if (!statuses.some((s) => s.status === p.status))
      issues.push({ field: 'status', message: `one of open, ${statuses.map((s) => s.status).join(', ')}` });
  } else wanted = p.q !== undefined || p.customer !== undefined || p.requester !== undefined ? null : open;

  const timeZone = policy.businessHours.timeZone;
  const createdFrom = p.from === undefined ? undefined : instantOf(p.from, false, timeZone);
  const createdTo = p.to === undefined ? undefined : instantOf(p.to, true, timeZone);
  // A well-formed date that names no day (2026-02-30) is as wrong as a malformed one.
  if (Number.isNaN(createdFrom)) issues.push({ field: 'from', message: 'not a date that exists' });
  if (Number.isNaN(createdTo)) issues.push({ field: 'to', message: 'not a date that exists' });
  if (createdFrom !== undefined && createdTo !== undefined && createdFrom > createdTo)
    issues.push({ field: 'to', message: 'before from' });

  const limit = p.limit === undefined ? DEFAULT_LIMIT : Number(p.limit);
  if (limit > MAX_LIMIT) issues.push({ field: 'limit', message: `at most ${MAX_LIMIT}` });

  const cursor = p.cursor === undefined ? undefined : (decodeCursor(p.cursor) ?? undefined);
  if (p.cursor !== undefined && !cursor) issues.push({ field: 'cursor', message: 'not a cursor of this search' });

  if (issues.length) return { ok: false, reason: 'invalid', issues };
  return {
    ok: true,
    value: {
      terms,
      ...(p.customer !== undefined && { customerId: p.customer }),
      ...(p.requester !== undefined && { requesterKey: addressKey(p.requester) }),
      ...(p.assignee !== undefined && { assigneeId: p.assignee }),
      ...(p.team !== undefined && { teamId: p.team }),
      statuses: wanted,
      ...(p.kind !== undefined && { kind: p.kind }),
      ...(p.priority !== undefined && { priority: p.priority }),
      ...(createdFrom !== undefined && { createdFrom }),
      ...(createdTo !== undefined && { createdTo }),
      limit,
      ...(cursor && { cursor }),
    },
  };
}
