// Who owns a ticket, pure: the team a new ticket is routed to by the policy's rules, what an agent's
// ASSIGN makes of the current assignment (or why it is refused, naming the field), and whom the
// change is told (the new assignee, unless they did it themselves; the new team's mailbox, unless
// one of its own members put it there).
import { findAgent, findTeam, type Policy, type TicketKind } from '../policy/policy';
import type { Actor, FieldIssue } from './ticket-events';

/** Routing acts as the desk itself: a team it chose may be re-chosen at classification. */
export const routingActor: Actor = { type: 'system', id: 'routing' };

export interface Assignment {
  /** The policy agent who owns the ticket; null while it waits in its team's queue. */
  agentId: string | null;
  teamId: string | null;
  by: Actor;
}

/** Who is mailed about an assignment. */
export type AssignmentNotice = 'assignee' | 'team';

/**
 * An assignment as the engine stamps it on the event that made it (ASSIGN, CREATED, CLASSIFY):
 * decided once from the policy in force, so replay never re-decides it; `tell` says whom it mails.
 */
export interface AssignmentStamp extends Assignment {
  tell: AssignmentNotice[];
}

/** What routing reads of a ticket. */
export interface RoutingFacts {
  customerId: string | null;
  kind: TicketKind;
  category: string | null;
}

/** The team of the first rule whose conditions all hold; null without rules or when none holds. */
export function routeTeam(policy: Policy, facts: RoutingFacts): string | null {
  const rule = policy.routing.find(
    (r) =>
      (r.customerId === undefined || r.customerId === facts.customerId) &&
      (r.kind === undefined || r.kind === facts.kind) &&
      (r.category === undefined || r.category.toLowerCase() === facts.category?.toLowerCase()),
  );
  return rule?.teamId ?? null;
}

/** Whether the ticket's team came from routing (or it has none yet): classification may re-route it. */
export const routedOnly = (current: Assignment | null | undefined): boolean =>
  !current || (current.by.type === 'system' && current.agentId === null);

/** Whom a change of owner tells: the new assignee unless they did it, the new team unless a member did. */
function noticesOf(previous: Assignment | null | undefined, next: Assignment, policy: Policy): AssignmentNotice[] {
  const tell: AssignmentNotice[] = [];
  if (next.agentId && next.agentId !== previous?.agentId && next.agentId !== agentIdOf(next.by)) tell.push('assignee');
  const byMember = findAgent(policy, agentIdOf(next.by) ?? '')?.teams.includes(next.teamId ?? '') ?? false;
  if (next.teamId && next.teamId !== (previous?.teamId ?? null) && !byMember) tell.push('team');
  return tell;
}

const agentIdOf = (actor: Actor): string | null => (actor.type === 'agent' ? actor.id : null);

/** The team a new ticket goes to, stamped on its CREATED; none when no rule holds. */
export function routeNewTicket(policy: Policy, facts: RoutingFacts): AssignmentStamp | null {
  const teamId = routeTeam(policy, facts);
  if (!teamId) return null;
  const next = { agentId: null, teamId, by: routingActor };
  return { ...next, tell: noticesOf(null, next, policy) };
}

/** At classification a team routing chose follows the classified ticket (its category now known). */
export function rerouteOnClassify(
  policy: Policy,
  current: Assignment | null | undefined,
  facts: RoutingFacts,
): AssignmentStamp | null {
  if (!routedOnly(current)) return null;
  const teamId = routeTeam(policy, facts);
  if (!teamId || teamId === (current?.teamId ?? null)) return null;
  const next = { agentId: null, teamId, by: routingActor };
  return { ...next, tell: noticesOf(current, next, policy) };
}

export interface AssignRequest {
  agentId?: string | null;
  teamId?: string;
}

export type AssignDecision = { ok: true; stamp: AssignmentStamp } | { ok: false; issues: FieldIssue[] };

/**
 * An agent's ASSIGN against the ticket's assignment: the agent and team must be the policy's, the
 * agent a member of the (new) team; an agent alone keeps the team they are in, else takes their
 * first; `agentId: null` leaves the ticket in its team's queue, unowned.
 */
export function decideAssign(
  policy: Policy,
  current: Assignment | null | undefined,
  request: AssignRequest,
  by: Actor,
): AssignDecision {
  const refuse = (field: string, message: string): AssignDecision => ({ ok: false, issues: [{ field, message }] });
  if (request.agentId === undefined && request.teamId === undefined)
    return refuse('(body)', 'name an agentId, a teamId or both');
  const team = request.teamId === undefined ? undefined : findTeam(policy, request.teamId);
  if (request.teamId !== undefined && !team)
    return refuse('teamId', `not a team of the policy: ${policy.teams.map((t) => t.id).join(', ') || 'none'}`);
  const agent = request.agentId ? findAgent(policy, request.agentId) : undefined;
  if (request.agentId && !agent)
    return refuse('agentId', `not an agent of the policy: ${policy.agents.map((a) => a.id).join(', ') || 'none'}`);
  let teamId: string | null = team?.id ?? current?.teamId ?? null;
  let agentId: string | null = request.agentId === undefined ? (current?.agentId ?? null) : request.agentId;
  if (agent && !team) {
    teamId = teamId && agent.teams.includes(teamId) ? teamId : (agent.teams[0] ?? null);
    if (!teamId) return refuse('agentId', `${agent.id} is in no team`);
  }
  if (agent && teamId && !agent.teams.includes(teamId))
    return refuse('agentId', `${agent.id} is not in team ${teamId}`);
  // A new team without a named agent: whoever owned it in the old team does not come along unless a member.
  if (!agent && agentId && teamId && !findAgent(policy, agentId)?.teams.includes(teamId)) agentId = null;
  const next: Assignment = { agentId, teamId, by };
  return { ok: true, stamp: { ...next, tell: noticesOf(current, next, policy) } };
}

/** The assignment a context keeps, without whom the event told. */
export const assignmentOf = ({ agentId, teamId, by }: AssignmentStamp): Assignment => ({ agentId, teamId, by });
