// The middy stack every agent route shares: problem documents for errors, middy's
// http-error-handler as the last resort, and agent authentication.
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../desk-logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { agentAuth } from './agent-auth';
import type { AgentCredential } from './agent-identity';
import type { Policy } from '../../workflows/policy/policy';
import { problemDetails } from './problem';

export interface EndpointOptions {
  /** Who may call agent routes with a token of their own (locally); in AWS the JWT authorizer decides. */
  agentCredentials?: readonly AgentCredential[];
  /** middy aborts this long before Lambda's deadline; 0 turns that off (local server, tests). */
  timeoutEarlyInMillis?: number;
  /** Resolves once the secrets are at hand (Secrets Manager in AWS). */
  ready?: () => Promise<void>;
}

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function publicEndpoint(handler: Handler, options: EndpointOptions) {
  return (
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handler, {
      timeoutEarlyInMillis: options.timeoutEarlyInMillis ?? 5,
    })
      // Every log line of the request carries the Lambda context (request id, function, cold start).
      .use(injectLambdaContext(logger))
      .use(
        httpErrorHandler({ fallbackMessage: JSON.stringify({ title: 'Internal error', status: 500 }), logger: false }),
      )
      .use(problemDetails())
      .before(async () => {
        await options.ready?.();
      })
  );
}

export function agentEndpoint(handler: Handler, options: EndpointOptions & { policy: Policy }) {
  return publicEndpoint(handler, options).use(
    agentAuth({ policy: options.policy, credentials: options.agentCredentials ?? [] }),
  );
}

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
