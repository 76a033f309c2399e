// The portal's secrets and cookies: its own keys (derived from the desk's link signing keys under
// the portal's own label, so nothing a portal key signs verifies with a console or link key), the
// session cookie (the desk's signed-token format under the `portal-session` purpose, naming an item
// in the table), CSRF tokens bound to the session or, before sign-in, to the browser's own nonce
// cookie, and the cookie naming this browser's sign-in attempt (which the code is bound to).
// Cookies are HttpOnly, SameSite=Strict, Secure over https and scoped to /portal.
import { createHmac, randomBytes } from 'node:crypto';
import { stringifySetCookie } from 'cookie';
import type { LinkKeys } from '../../workflows/links/link-token';
import { constantTimeEqual, openToken, sealToken, type TokenPurpose } from '../../workflows/links/signed-token';

export const PORTAL_PATH = '/portal';
export const PORTAL_SESSION_COOKIE = 'portal_session';
/** A random nonce per browser, set with the first form: pre-sign-in forms' CSRF tokens are bound to it. */
export const PORTAL_BROWSER_COOKIE = 'portal_browser';
/** Names the sign-in attempt this browser started: only here can its code be typed. */
export const PORTAL_ATTEMPT_COOKIE = 'portal_attempt';
export const PORTAL_SESSION_TTL_MS = 8 * 3600_000;
export const PORTAL_BROWSER_TTL_MS = 24 * 3600_000;

export interface PortalKeys {
  current: { id: string; key: Buffer };
  all: ReadonlyMap<string, Buffer>;
}

const INFO = 'servicedesk/portal/v1';
const mac = (key: Buffer | string, label: string, value: string) =>
  createHmac('sha256', key).update(`${label}\0${value}`).digest();

/** One portal key per link signing key (they rotate together); none without link keys. */
export function portalKeysFrom(linkKeys: LinkKeys | undefined): PortalKeys | null {
  if (!linkKeys) return null;
  const all = new Map(Object.entries(linkKeys.all).map(([id, secret]) => [id, mac(secret, INFO, id)]));
  const current = all.get(linkKeys.current.id);
  return current ? { current: { id: linkKeys.current.id, key: current }, all } : null;
}

export interface PortalSession {
  sid: string;
  email: string;
  issuedAt: number;
  expiresAt: number;
}

export type PortalSessionRefusal =
  'missing' | 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'signed-out' | 'unknown-session';

const sessionPurpose: TokenPurpose = { label: 'portal-session', keyField: 'kid', maxLength: 2048 };
const attemptPurpose: TokenPurpose = { label: 'portal-attempt', keyField: 'kid', maxLength: 512 };

const isSession = (v: Record<string, unknown>) =>
  typeof v.sid === 'string' &&
  typeof v.email === 'string' &&
  typeof v.issuedAt === 'number' &&
  typeof v.expiresAt === 'number';

export function issuePortalSession(
  keys: PortalKeys,
  email: string,
  now: number,
): { token: string; session: PortalSession } {
  const session = {
    sid: randomBytes(18).toString('base64url'),
    email,
    issuedAt: now,
    expiresAt: now + PORTAL_SESSION_TTL_MS,
  };
  return { token: sealToken(keys, sessionPurpose, { ...session }), session };
}

export function verifyPortalSession(
  keys: PortalKeys,
  token: string | undefined,
  now: number,
): { ok: true; session: PortalSession } | { ok: false; reason: PortalSessionRefusal } {
  if (!token) return { ok: false, reason: 'missing' };
  const opened = openToken(keys, sessionPurpose, token, isSession);
  if (!opened.ok) return opened;
  const { sid, email, issuedAt, expiresAt } = opened.claims as unknown as PortalSession;
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  if (issuedAt > now + 5 * 60_000) return { ok: false, reason: 'malformed' };
  return { ok: true, session: { sid, email, issuedAt, expiresAt } };
}

const b64 = (value: Buffer) => value.toString('base64url');

/** A CSRF token bound to `value` (a session id, or before sign-in the browser's nonce). */
export const portalCsrfFor = (keys: PortalKeys, scope: 'session' | 'browser', value: string) =>
  b64(mac(keys.current.key, `portal-csrf-${scope}`, value));

export function portalCsrfMatches(
  keys: PortalKeys,
  scope: 'session' | 'browser',
  value: string | undefined,
  presented: string | null | undefined,
): boolean {
  if (!value || !presented) return false;
  // Any key that still verifies: a form rendered just before a rotation still posts.
  let matched = false;
  for (const key of keys.all.values())
    matched = constantTimeEqual(presented, b64(mac(key, `portal-csrf-${scope}`, value))) || matched;
  return matched;
}

export const newBrowserNonce = () => randomBytes(18).toString('base64url');

/** The attempt cookie's value: the attempt's id, signed, so a browser cannot name another's attempt. */
export const sealAttemptCookie = (keys: PortalKeys, attempt: string, expiresAt: number) =>
  sealToken(keys, attemptPurpose, { attempt, expiresAt });

export function openAttemptCookie(keys: PortalKeys, value: string | undefined, now: number): string | null {
  const opened = openToken(keys, attemptPurpose, value ?? '');
  if (!opened.ok) return null;
  const { attempt, expiresAt } = opened.claims;
  return typeof attempt === 'string' && typeof expiresAt === 'number' && expiresAt > now ? attempt : null;
}

export function portalCookie(name: string, value: string, secure: boolean, maxAgeMs: number): string {
  return stringifySetCookie({
    name,
    value,
    path: PORTAL_PATH,
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
    httpOnly: true,
    sameSite: 'strict',
    secure,
  });
}

export const clearedPortalCookie = (name: string, secure: boolean) => portalCookie(name, '', secure, 0);
