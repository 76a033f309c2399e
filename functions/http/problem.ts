// RFC 9457 problem documents, and the middy middleware that turns every error a handler throws
// into one: exposed errors say what went wrong; an unreachable store is a 503 to retry; anything
// else is a 500 that leaks nothing.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../desk-logger';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/store-unavailable';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export function problemResponse(
  problem: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}

/** An error a handler may throw to answer with a specific problem. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly expose = true;
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get statusCode() {
    return this.problem.status;
  }
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const problemTypes = (name: string) => `/problems/${name}`;

/** 404: nothing has this name; `detail` says what was looked for. */
export const notFoundResponse = (detail: string) =>
  problemResponse({ type: problemTypes('not-found'), title: 'Not found', status: 404, detail });

/** 503 while the store cannot be reached: the outage is logged once where it is noticed, not here per request. */
export const storeUnavailableResponse = () =>
  problemResponse(
    {
      type: problemTypes('store-unavailable'),
      title: 'Temporarily unavailable',
      status: 503,
      detail: 'The desk cannot reach its store right now. Try again shortly.',
    },
    { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
  );

export function problemDetails(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const error = request.error as (Error & { statusCode?: number; expose?: boolean; problem?: Problem }) | null;
      if (!error) return;
      if (error instanceof HttpProblem) {
        request.response = problemResponse(error.problem);
      } else if (isStoreUnavailable(error)) {
        request.response = storeUnavailableResponse();
      } else if (error.statusCode && error.statusCode < 500 && error.expose !== false) {
        const title = error.statusCode === 404 ? 'Not found' : 'Bad request';
        request.response = problemResponse({
          type: problemTypes(slug(title)),
          title,
          status: error.statusCode,
          detail: error.message,
        });
      } else if (error.statusCode === 503 && error.expose) {
        request.response = problemResponse(
          { type: problemTypes('busy'), title: 'Busy', status: 503, detail: error.message },
          { 'retry-after': '1' },
        );
      } else {
        logger.error('unhandled error', { error: { name: error.name, message: error.message, stack: error.stack } });
        request.response = problemResponse({
          type: problemTypes('internal'),
          title: 'Internal error',
          status: 500,
          detail: 'The desk could not handle this request; nothing was changed.',
        });
      }
    },
  };
}
