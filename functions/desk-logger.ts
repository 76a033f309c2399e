// The desk's one structured logger (Powertools), shared by every handler in a process, and the
// middy wrapper that gives non-HTTP entry points (lifecycle tasks, stream consumers) the Lambda
// context in their log lines, as the HTTP endpoints have it.
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'servicedesk' });

/** An entry point whose every log line carries the request id, function name and cold start. */
export function withLambdaContext<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R>(handler).use(injectLambdaContext(logger));
}
