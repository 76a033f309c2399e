// The customer portal's passwordless sign-in, pure: the sign-in link's token (the desk's signed
// format under its own purpose, so a sign-in token is never a ticket link, a console session or a
// portal session, and none of those is a sign-in token), the short code and its keyed digest, the
// throttle windows a request counts in, and whether an attempt can still be redeemed and why not.
import { createHmac, randomInt } from 'node:crypto';
import { constantTimeEqual, openToken, sealToken, type TokenKeys, type TokenPurpose } from '../links/signed-token';
import { fixedWindow, type ThrottleWindow } from '../console/sign-in-throttle';
import type { PortalSignIn } from '../policy/policy';
import { addressKey, isMailAddress } from '../lifecycle/ticket-events';

/** A sign-in link and its code last this long after they were asked for. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
export const CODE_DIGITS = 6;

const signInPurpose: TokenPurpose = { label: 'portal-sign-in', keyField: 'kid', maxLength: 1024 };

/** What a sign-in link says: which attempt it redeems, for which address, until when. */
export interface SignInClaims {
  attempt: string;
  email: string;
  expiresAt: number;
}

export type SignInTokenCheck =
  { ok: true; claims: SignInClaims } | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' };

const isClaims = (c: Record<string, unknown>) =>
  typeof c.attempt === 'string' &&
  /^[A-Za-z0-9_-]{16,64}$/.test(c.attempt) &&
  typeof c.email === 'string' &&
  c.email.includes('@') &&
  typeof c.expiresAt === 'number';

export const sealSignInToken = (keys: TokenKeys, claims: SignInClaims): string =>
  sealToken(keys, signInPurpose, { ...claims });

export function openSignInToken(keys: TokenKeys, token: string, now: number): SignInTokenCheck {
  const opened = openToken(keys, signInPurpose, token, isClaims);
  if (!opened.ok) return opened;
  const { attempt, email, expiresAt } = opened.claims as unknown as SignInClaims;
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { attempt, email, expiresAt } };
}

/** A fresh code, uniformly random, leading zeros kept. */
export const newSignInCode = (): string => String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');

/** What the table keeps of a code: keyed by the attempt, so a digest tells nothing about another attempt's code. */
export const codeDigest = (key: Buffer | string, attempt: string, code: string): string =>
  createHmac('sha256', key).update(`portal-code\0${attempt}\0${code}`).digest('base64url');

/** A typed code, as people type it (spaces, dashes), against the digest, in constant time. */
export function codeMatches(key: Buffer | string, attempt: string, typed: string, digest: string): boolean {
  const code = typed.replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code)) return false;
  return constantTimeEqual(codeDigest(key, attempt, code), digest);
}

/** The windows a sign-in request counts in: one for the address asked for, one for the asking client. */
export function portalThrottleWindows(
  limits: PortalSignIn,
  addressKey: string,
  client: string,
  now: number,
): { address: ThrottleWindow; client: ThrottleWindow } {
  return {
    address: fixedWindow(`address:${addressKey}`, limits.perAddress.maxRequests, limits.perAddress.windowMinutes, now),
    client: fixedWindow(`client:${client}`, limits.perClient.maxRequests, limits.perClient.windowMinutes, now),
  };
}

/** A sign-in attempt as the table keeps it. */
export interface SignInAttempt {
  id: string;
  email: string;
  /** The policy customer the address belonged to when asked; null: nothing was sent. */
  customerId: string | null;
  codeDigest: string;
  codeTries: number;
  expiresAtMs: number;
  usedAt: number | null;
}

export type AttemptRefusal = 'unknown' | 'used' | 'expired' | 'too-many-codes' | 'not-a-customer' | 'other-address';

/** Whether an attempt can still sign someone in (for `email`, when a link names it), or why not. */
export function redeemable(
  attempt: SignInAttempt | null,
  now: number,
  limits: PortalSignIn,
  email?: string,
): { ok: true } | { ok: false; reason: AttemptRefusal } {
  if (!attempt) return { ok: false, reason: 'unknown' };
  if (email !== undefined && attempt.email !== email) return { ok: false, reason: 'other-address' };
  if (attempt.usedAt !== null) return { ok: false, reason: 'used' };
  if (attempt.expiresAtMs <= now) return { ok: false, reason: 'expired' };
  if (attempt.customerId === null) return { ok: false, reason: 'not-a-customer' };
  if (attempt.codeTries >= limits.codeTries) return { ok: false, reason: 'too-many-codes' };
  return { ok: true };
}

/**
 * An address as the portal keys it (the desk's one key and one address rule, at most the 254
 * characters of an SMTP path); null when it is no address at all.
 */
export function normalAddress(input: string | null | undefined): string | null {
  const address = addressKey(input ?? '');
  return address.length <= 254 && isMailAddress(address) ? address : null;
}
