// Who owns a ticket, in words from the policy: "Bram Jansen (Change team)", "Change team" for a
// ticket in a team's queue that nobody owns, "—" for none. An id a newer policy dropped shows as is.
import { findAgent, findTeam, type Policy } from '../../workflows/policy/policy';

/** A team by its policy name ("no team" for none). */
export const teamName = (policy: Policy, teamId: string | null | undefined): string =>
  teamId ? (findTeam(policy, teamId)?.name ?? teamId) : 'no team';

/** The owner and team in words. */
export function ownerWords(policy: Policy, assigneeId: string | null | undefined, teamId: string | null | undefined) {
  const agent = assigneeId ? (findAgent(policy, assigneeId)?.name ?? assigneeId) : null;
  const team = teamId ? teamName(policy, teamId) : null;
  if (agent) return team ? `${agent} (${team})` : agent;
  return team ? `${team}, unassigned` : '—';
}

export const OwnerText = (props: { policy: Policy; assigneeId?: string | null; teamId?: string | null }) => (
  <>{ownerWords(props.policy, props.assigneeId, props.teamId)}</>
);
