// Agents only: in AWS the HTTP API's JWT authorizer has already checked the caller, whose claims
// name the agent; locally the caller presents their own bearer token (printed at start), matched
// in constant time against every agent's. Either way the agent's identity is resolved here, before
// the handler runs, and every event the request causes is recorded under its id.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor, Origin } from '../../workflows/lifecycle/ticket-events';
import type { Policy } from '../../workflows/policy/policy';
import {
  agentOfBearer,
  bearerTokenOf,
  identityFromClaims,
  rememberIdentity,
  resolvedIdentity,
  secretMatches,
  type AgentCredential,
} from './agent-identity';
import { HttpProblem, problemTypes } from './problem';

/** Whether a bearer header carries this secret (constant time): webhook sources use it too. */
export const bearerMatches = (header: string | undefined, token: string): boolean =>
  secretMatches(bearerTokenOf(header), token);

type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
const jwtOf = (event: APIGatewayProxyEventV2) => (event.requestContext as unknown as JwtContext).authorizer?.jwt;

/** Who the agent is, as authentication resolved it (agentAuth runs before every agent handler). */
export function agentOf(event: APIGatewayProxyEventV2): Actor {
  const identity = resolvedIdentity(event);
  if (!identity) throw new Error('the request did not pass agent authentication');
  return { type: 'agent', id: identity.id };
}

/** An agent's request, as the engine records its origin: the agent, through the agent channel. */
export const agentOriginOf = (event: APIGatewayProxyEventV2): Origin => ({ actor: agentOf(event), channel: 'agent' });

const unauthorized = (detail: string) =>
  new HttpProblem({ type: problemTypes('unauthorized'), title: 'Unauthorized', status: 401, detail });

export function agentAuth(options: {
  policy: Policy;
  credentials: readonly AgentCredential[];
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const jwt = jwtOf(request.event);
      if (jwt !== undefined) {
        const identity = identityFromClaims(options.policy, jwt.claims ?? {});
        if (!identity) throw unauthorized('The token names no agent (neither an e-mail nor a subject).');
        return rememberIdentity(request.event, identity);
      }
      const identity = agentOfBearer(options.credentials, request.event.headers?.authorization);
      if (identity) return rememberIdentity(request.event, identity);
      throw unauthorized('Send your agent token as "Authorization: Bearer <token>".');
    },
  };
}
