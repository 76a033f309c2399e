// Agents only: in AWS the HTTP API's JWT authorizer has already checked the caller; locally the
// caller presents the bearer token printed at start, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor, Origin } from '../../workflows/lifecycle/ticket-events';
import { HttpProblem, problemTypes } from './problem';

// Hashing first gives both sides the same length, so the comparison itself cannot throw or leak length.
const digest = (value: string) => createHash('sha256').update(value).digest();

export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

type JwtContext = { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };

/** Who the agent is: the JWT's subject or e-mail in AWS, the local agent otherwise. */
export function agentOf(event: APIGatewayProxyEventV2): Actor {
  const claims = (event.requestContext as unknown as JwtContext).authorizer?.jwt?.claims;
  const id = claims?.email ?? claims?.sub;
  return { type: 'agent', id: typeof id === 'string' ? id : 'local-agent' };
}

/** An agent's request, as the engine records its origin: the agent, through the agent channel. */
export const agentOriginOf = (event: APIGatewayProxyEventV2): Origin => ({ actor: agentOf(event), channel: 'agent' });

export function agentAuth(options: {
  token?: string;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const verifiedByApiGateway =
        (request.event.requestContext as unknown as JwtContext).authorizer?.jwt !== undefined;
      if (verifiedByApiGateway) return;
      if (options.token && bearerMatches(request.event.headers?.authorization, options.token)) return;
      throw new HttpProblem({
        type: problemTypes('unauthorized'),
        title: 'Unauthorized',
        status: 401,
        detail: 'Send the agent token as "Authorization: Bearer <token>".',
      });
    },
  };
}
