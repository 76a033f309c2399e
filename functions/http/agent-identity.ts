// Who an agent is, resolved at the edge: the policy's agent a local token or a Cognito account
// stands for, with their teams. Locally every policy agent has a token of their own (a policy
// without agents has the one `local-agent`); in AWS the account is matched to the policy's agent by
// e-mail and its teams are its Cognito groups. Handlers ask `agentIdentityOf` for the signed-in
// agent of a console session or an API request; they never read tokens or claims themselves.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentWithEmail, findAgent, type Policy } from '../../workflows/policy/policy';
import type { ConsoleSession } from '../console/console-session';

export interface AgentIdentity {
  /** The id events are recorded under: the policy agent's id, or (an account the policy does not name) its e-mail. */
  id: string;
  name: string;
  email?: string;
  /** Policy team ids. */
  teams: readonly string[];
}

/** An agent who can sign in with a token (locally), and that token. */
export interface AgentCredential {
  identity: AgentIdentity;
  token: string;
}

/** The one agent of a policy that names none (older policy files): today's shared-token desk. */
export const LOCAL_AGENT: AgentIdentity = { id: 'local-agent', name: 'Local agent', teams: [] };

/** Where an agent's token comes from in the environment: `AGENT_TOKEN_<ID>`, id upper-cased, `-` → `_`. */
export const agentTokenEnvName = (agentId: string) => `AGENT_TOKEN_${agentId.toUpperCase().replace(/-/g, '_')}`;

const identityOfAgent = (agent: Policy['agents'][number]): AgentIdentity => ({
  id: agent.id,
  name: agent.name,
  email: agent.email,
  teams: [...agent.teams],
});

/** Everyone who may sign in with a token: the policy's agents, or `local-agent` when it names none. */
export const tokenAgentsOf = (policy: Policy): AgentIdentity[] =>
  policy.agents.length ? policy.agents.map(identityOfAgent) : [LOCAL_AGENT];

/**
 * The agents' tokens: each from `tokenOf` (given by id, the environment, or a generator at `npm start`). `firstToken` (the `agentToken` option, AGENT_TOKEN) is the first
 * agent's token — `local-agent` without policy agents, else the policy's first agent — unless a
 * token of its own is given. An agent with no token cannot sign in with one (AWS: Cognito only).
 */
export function agentCredentials(
  policy: Policy,
  sources: {
    firstToken?: string;
    tokenOf?: (agentId: string) => string | undefined;
  },
): AgentCredential[] {
  return tokenAgentsOf(policy).flatMap((identity, i) => {
    const token = sources.tokenOf?.(identity.id) ?? (i === 0 ? sources.firstToken : undefined);
    return token ? [{ identity, token }] : [];
  });
}

/** Agents' tokens set in the environment (`AGENT_TOKEN_<ID>`). */
export const agentTokensFromEnv =
  (env: Record<string, string | undefined>) =>
  (agentId: string): string | undefined =>
    env[agentTokenEnvName(agentId)] || undefined;

// Hashing first gives both sides the same length, so the comparison itself cannot throw or leak length.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether a presented secret is this one, in constant time; an empty one never is. */
export const secretMatches = (presented: string, secret: string) =>
  timingSafeEqual(digest(presented), digest(secret)) && presented.length > 0;

/** The token of an `Authorization: Bearer <token>` header ('' when there is none). */
export const bearerTokenOf = (header: string | undefined) => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';

/**
 * The agent whose token this is, or null. Every agent's token is compared (no early exit), so how
 * long it takes says nothing about which agent, if any, matched.
 */
export function agentWithToken(credentials: readonly AgentCredential[], presented: string): AgentIdentity | null {
  let found: AgentIdentity | null = null;
  for (const credential of credentials) if (secretMatches(presented, credential.token)) found = credential.identity;
  return found;
}

/** The agent a bearer header (`Authorization: Bearer <token>`) names, or null. */
export function agentOfBearer(
  credentials: readonly AgentCredential[],
  header: string | undefined,
): AgentIdentity | null {
  return agentWithToken(credentials, bearerTokenOf(header));
}

/**
 * Cognito groups as the claims carry them: an array in a verified ID token; in the HTTP API's JWT
 * authorizer context a string `[a b]` (API Gateway flattens array claims) — both are read.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * A Cognito account as the desk's agent: the policy's agent with its (lower-cased) e-mail, under
 * the policy's id and name; any other account of the pool as itself (id and name its e-mail), since
 * the pool is who may work the desk and the API's JWT authorizer admits every account of it. The
 * teams are the account's groups the policy knows (groups are named by team id); null without an
 * e-mail or a subject to record.
 */
export function identityFromClaims(policy: Policy, claims: Record<string, unknown>): AgentIdentity | null {
  const email = typeof claims.email === 'string' && claims.email ? claims.email.toLowerCase() : undefined;
  const known = new Set(policy.teams.map((t) => t.id));
  const teams = [...new Set(groupsOf(claims['cognito:groups']))].filter((g) => known.has(g));
  const agent = email ? agentWithEmail(policy, email) : undefined;
  if (agent) return { id: agent.id, name: agent.name, email, teams };
  const id = email ?? (typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined);
  return id ? { id, name: id, ...(email ? { email } : {}), teams } : null;
}

// ---- The signed-in agent, for handlers.

/** The identities the API's authentication resolved, by request (set in agent-auth.ts before the handler runs). */
const resolved = new WeakMap<APIGatewayProxyEventV2, AgentIdentity>();
export const rememberIdentity = (event: APIGatewayProxyEventV2, identity: AgentIdentity) =>
  void resolved.set(event, identity);
export const resolvedIdentity = (event: APIGatewayProxyEventV2) => resolved.get(event);

/** A console session's agent: the policy's (name, e-mail), with the teams the sign-in gave (Cognito) or the policy's. */
export function identityOfSession(policy: Policy, session: ConsoleSession): AgentIdentity {
  const agent = findAgent(policy, session.agentId);
  const base = agent
    ? identityOfAgent(agent)
    : session.agentId === LOCAL_AGENT.id && !policy.agents.length
      ? LOCAL_AGENT
      : { id: session.agentId, name: session.agentId, teams: [] };
  return session.teams ? { ...base, teams: [...session.teams] } : base;
}

/**
 * The signed-in agent (with teams) of a console session or of an API request that passed
 * `agentEndpoint`'s authentication. The one way handlers learn who is working.
 */
export function agentIdentityOf(
  desk: { policy: Policy },
  source: ConsoleSession | APIGatewayProxyEventV2,
): AgentIdentity {
  if ('sid' in source) return identityOfSession(desk.policy, source);
  const identity = resolvedIdentity(source);
  if (!identity) throw new Error('the request did not pass agent authentication');
  return identity;
}
