import { clientOf, retryAfterSeconds, throttleWindows } from '../../workflows/console/sign-in-throttle';
import { defaultPolicy, defaultPolicyData } from '../../workflows/policy/default-policy';
import { loadPolicy } from '../../workflows/policy/policy';

// Tuesday 24 November 2026, 08:03:20 UTC: 11 min 40 s before the quarter hour ends.
const NOW = Date.parse('2026-11-24T08:03:20Z');

describe('the sign-in throttle', () => {
  it('is policy data: 5 failures per client per 15 minutes, 30 for the whole desk per minute', () => {
    expect(defaultPolicy.signInThrottle).toEqual({
      perClient: { maxFailures: 5, windowMinutes: 15 },
      overall: { maxFailures: 30, windowMinutes: 1 },
    });
  });

  it("refuses a policy whose overall bound is below one client's, or whose limits are not positive", () => {
    const withThrottle = (signInThrottle: unknown) => () => loadPolicy({ ...defaultPolicyData, signInThrottle });
    expect(
      withThrottle({ perClient: { maxFailures: 5, windowMinutes: 15 }, overall: { maxFailures: 3, windowMinutes: 1 } }),
    ).toThrow(/signInThrottle\.overall\.maxFailures/);
    expect(
      withThrottle({
        perClient: { maxFailures: 0, windowMinutes: 15 },
        overall: { maxFailures: 30, windowMinutes: 1 },
      }),
    ).toThrow(/signInThrottle\.perClient\.maxFailures/);
    expect(withThrottle({ perClient: { maxFailures: 5, windowMinutes: 15 } })).toThrow(/signInThrottle\.overall/);
  });

  it('counts in fixed windows: the client in its quarter hour, the desk in its minute', () => {
    const windows = throttleWindows(defaultPolicy.signInThrottle, 'ip4:192.0.2.7', NOW);
    expect(windows.client).toEqual({
      scope: 'client:ip4:192.0.2.7',
      index: Math.floor(NOW / 900_000),
      limit: 5,
      startsAt: Date.parse('2026-11-24T08:00:00Z'),
      endsAt: Date.parse('2026-11-24T08:15:00Z'),
    });
    expect(windows.overall).toEqual({
      scope: 'desk',
      index: Math.floor(NOW / 60_000),
      limit: 30,
      startsAt: Date.parse('2026-11-24T08:03:00Z'),
      endsAt: Date.parse('2026-11-24T08:04:00Z'),
    });
  });

  it('says how long to wait in whole seconds, rounded up, never less than one', () => {
    const { client, overall } = throttleWindows(defaultPolicy.signInThrottle, 'ip4:192.0.2.7', NOW);
    expect(retryAfterSeconds(client, NOW)).toBe(700);
    expect(retryAfterSeconds(overall, NOW)).toBe(40);
    expect(retryAfterSeconds(overall, Date.parse('2026-11-24T08:03:59.001Z'))).toBe(1);
    expect(retryAfterSeconds(overall, Date.parse('2026-11-24T08:04:00Z'))).toBe(1);
  });
});

describe('the client a sign-in comes from', () => {
  it.each([
    ['an IPv4 address', '192.0.2.7', 'ip4:192.0.2.7'],
    ['an IPv4-mapped IPv6 address (a dual-stack socket)', '::ffff:127.0.0.1', 'ip4:127.0.0.1'],
    ['the same, written in hex', '::ffff:c000:207', 'ip4:192.0.2.7'],
    [
      'an IPv6 address, by its /64 (one subscriber holds the whole prefix)',
      '2001:db8:85a3:1:8a2e:370:7334:1',
      'ip6:2001:db8:85a3:1::/64',
    ],
    ['another address in that /64', '2001:DB8:85A3:1::ffff', 'ip6:2001:db8:85a3:1::/64'],
    ['a compressed IPv6 address', '2001:db8::1', 'ip6:2001:db8:0:0::/64'],
    ['IPv6 loopback', '::1', 'ip6:0:0:0:0::/64'],
    ['a scoped link-local address', 'fe80::1%eth0', 'ip6:fe80:0:0:0::/64'],
  ])('is keyed by %s', (_, sourceIp, key) => {
    expect(clientOf(sourceIp)).toBe(key);
  });

  it.each([
    [undefined],
    [''],
    ['not an address'],
    ['999.1.1.1'],
    ['1.2.3'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1::2::3'],
    ['SESSION#x'],
    ['12345::'],
  ])('falls into one shared bucket for %p', (sourceIp) => {
    expect(clientOf(sourceIp)).toBe('unknown');
  });
});
