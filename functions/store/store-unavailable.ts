// The table cannot be reached (connection refused or reset, timed out): one infrastructure error
// for every caller, recognised in the DynamoDB client's middleware after the SDK's own retries,
// and reported once per outage rather than once per request. Handlers answer it with 503 and
// Retry-After; the SMTP listener with 451; background loops wait it out quietly.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** How long a caller is told to wait before trying again. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly retryAfterSeconds = STORE_RETRY_AFTER_SECONDS;
  constructor(cause: Error) {
    super(`the desk's store cannot be reached: ${cause.message}`, { cause });
  }
}

/** By its stable name, so a copy of this module bundled twice still recognises it. */
export const isStoreUnavailable = (error: unknown): error is StoreUnavailableError =>
  (error as Error | null)?.name === 'StoreUnavailableError';

const unreachableCodes = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EAI_AGAIN',
];
const unreachableText = new RegExp(`\\b(${unreachableCodes.join('|')})\\b|socket hang up`, 'i');

/**
 * A failure to reach the service at all, as opposed to an answer from it (a service error has
 * `$fault`). Read by code, name and message, not by class: the SDK wraps a socket error that comes
 * from another realm (a test sandbox) into a plain Error that keeps only its text.
 */
export function isUnreachable(error: unknown): error is Error {
  if (typeof error !== 'object' || error === null || '$fault' in error) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && unreachableCodes.includes(code)) ||
    name === 'TimeoutError' ||
    (typeof message === 'string' && unreachableText.test(message))
  );
}

/** What the outage watch reports: the first failure of an outage, and the first success after it. */
export type StoreAvailability = { available: false; cause: string } | { available: true; downForMs: number };

/**
 * Turns unreachable-store failures of every command sent through `client` into StoreUnavailableError,
 * and reports each change of availability once.
 */
export function watchStoreAvailability(
  client: DynamoDBClient,
  report: (change: StoreAvailability) => void,
  now: () => number = Date.now,
): void {
  let downSince: number | null = null;
  client.middlewareStack.add(
    (next) => async (args) => {
      const reached = () => {
        if (downSince === null) return;
        report({ available: true, downForMs: now() - downSince });
        downSince = null;
      };
      try {
        const result = await next(args);
        reached();
        return result;
      } catch (error) {
        // A refusal (a failed condition, a missing table) is an answer: the store is there.
        if (!isUnreachable(error)) {
          reached();
          throw error;
        }
        if (downSince === null) {
          downSince = now();
          report({ available: false, cause: error.message });
        }
        throw new StoreUnavailableError(error);
      }
    },
    // The outermost step: it sees what is left after the SDK's retries.
    { step: 'initialize', name: 'storeAvailabilityWatch' },
  );
}
