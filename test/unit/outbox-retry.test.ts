import { afterTransientFailure, retryDeadline, retryWaitMs } from '../../workflows/mail/outbox-retry';
import { retryWindowStart } from '../../workflows/mail/outbox-delivery';

const retry = { retryForHours: 120, maxBackoffMinutes: 60 };
const HOUR = 3600_000;

describe('retrying outgoing mail', () => {
  it('waits 30 s after the first failure, doubling with each further one, never more than the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 9, 50, 5000].map((failures) => retryWaitMs(retry, failures) / 1000)).toEqual([
      30, 60, 120, 240, 1920, 3600, 3600, 3600, 3600,
    ]);
  });

  it('tries again inside the window, the last try on its end, and gives up once it has passed', () => {
    const start = 1_000_000;
    expect(afterTransientFailure(retry, { windowStart: start, failures: 1, now: start })).toEqual({
      kind: 'retry',
      at: start + 30_000,
    });
    expect(afterTransientFailure(retry, { windowStart: start, failures: 40, now: start + 119.5 * HOUR })).toEqual({
      kind: 'retry',
      at: start + 120 * HOUR,
    });
    expect(afterTransientFailure(retry, { windowStart: start, failures: 41, now: start + 120 * HOUR })).toEqual({
      kind: 'give-up',
      deadline: retryDeadline(retry, start),
    });
  });

  it('counts the window from the last resend, else from when the message was written', () => {
    expect(retryWindowStart({ createdAt: 5 })).toBe(5);
    expect(retryWindowStart({ createdAt: 5, retryFrom: 9 })).toBe(9);
  });
});
