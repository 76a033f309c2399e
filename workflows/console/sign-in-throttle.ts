// The console sign-in throttle's arithmetic: which fixed windows an attempt counts in (one for its
// client, one for the whole desk), how long a refused client waits, and what "a client" is: its
// source address, an IPv6 one by its /64, since one subscriber is handed a whole /64 to rotate in.
import type { SignInThrottle } from '../policy/policy';

export interface ThrottleWindow {
  /** `client:<key>` or `desk`: whose failures this window counts. */
  scope: string;
  /** The window's number since the epoch; together with the scope it names the counter. */
  index: number;
  limit: number;
  startsAt: number;
  /** When the window closes and its count no longer holds anyone back (ms). */
  endsAt: number;
}

export interface ThrottleWindows {
  client: ThrottleWindow;
  overall: ThrottleWindow;
}

/** The fixed window of `windowMinutes` that `now` falls in, counting up to `limit` for `scope`. */
export function fixedWindow(scope: string, limit: number, windowMinutes: number, now: number): ThrottleWindow {
  const length = windowMinutes * 60_000;
  const index = Math.floor(now / length);
  return { scope, index, limit, startsAt: index * length, endsAt: (index + 1) * length };
}

const windowAt = (scope: string, limit: { maxFailures: number; windowMinutes: number }, now: number) =>
  fixedWindow(scope, limit.maxFailures, limit.windowMinutes, now);

export function throttleWindows(throttle: SignInThrottle, client: string, now: number): ThrottleWindows {
  return {
    client: windowAt(`client:${client}`, throttle.perClient, now),
    overall: windowAt('desk', throttle.overall, now),
  };
}

/** For `Retry-After`: whole seconds until the window closes, at least one. */
export const retryAfterSeconds = (window: ThrottleWindow, now: number) =>
  Math.max(1, Math.ceil((window.endsAt - now) / 1000));

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted quad allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%[0-9a-z._-]+$/, '');
  const quad = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    if (!IPV4.test(quad)) return null;
    const [a, b, c, d] = quad.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -quad.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parts = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (parts.flat().some((group) => !HEXTET.test(group))) return null;
  const [head = [], tail = []] = parts;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail].map((group) =>
    parseInt(group, 16),
  );
}

/** Whose attempts these are: `ip4:<address>`, `ip6:<prefix>::/64`, or one shared `unknown` bucket. */
export function clientOf(sourceIp: string | undefined): string {
  const address = (sourceIp ?? '').trim();
  if (IPV4.test(address)) return `ip4:${address}`;
  const groups = address.includes(':') ? ipv6Groups(address) : null;
  if (!groups) return 'unknown';
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket (the local server's, for one).
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `ip4:${[groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')}`;
  }
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
