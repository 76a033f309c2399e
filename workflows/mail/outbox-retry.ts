// When an outgoing mail that met a transient failure is tried again, and when the desk gives up:
// like an MTA's queue, a window of time since the message was written (or resent), not a number
// of attempts. The wait doubles from 30 seconds up to the policy's cap; the last try falls on the
// window's end.
import type { OutboxRetry } from '../policy/policy';

/** The wait after the first failure in a window. */
export const FIRST_RETRY_WAIT_MS = 30_000;

export const retryDeadline = (retry: OutboxRetry, windowStart: number): number =>
  windowStart + retry.retryForHours * 3_600_000;

/** The wait after the `failures`th failure in a window. */
export const retryWaitMs = (retry: OutboxRetry, failures: number): number =>
  Math.min(retry.maxBackoffMinutes * 60_000, FIRST_RETRY_WAIT_MS * 2 ** Math.max(0, failures - 1));

export type AfterTransientFailure = { kind: 'retry'; at: number } | { kind: 'give-up'; deadline: number };

/** After a transient failure at `now`, the `failures`th since `windowStart`: try again when, or give up. */
export function afterTransientFailure(
  retry: OutboxRetry,
  failure: { windowStart: number; failures: number; now: number },
): AfterTransientFailure {
  const deadline = retryDeadline(retry, failure.windowStart);
  if (failure.now >= deadline) return { kind: 'give-up', deadline };
  return { kind: 'retry', at: Math.min(failure.now + retryWaitMs(retry, failure.failures), deadline) };
}
