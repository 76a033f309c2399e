// Signed links for customers: a token binds ticket, action, the version or quote it refers to, a
// hash of the exact content shown, recipient, expiry, nonce and key id, signed with HMAC-SHA256.
// Old keys keep verifying after rotation; signatures are compared in constant time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const linkActions = ['approve_quote', 'decline_quote', 'consent_onsite', 'decline_onsite', 'confirm_resolution', 'reopen', 'confirm_change'] as const;
export type LinkAction = (typeof linkActions)[number];

export interface LinkClaims {
  ticketId: string;
  action: LinkAction;
  /** The quote version (quote actions) or ticket version the link was made for. */
  ref: number;
  /** Hash of the content the customer agrees to (quote lines and totals, rate, …). */
  contentHash: string;
  recipient: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  nonce: string;
  keyId: string;
}

export interface LinkKeys {
  /** The key new links are signed with. */
  current: { id: string; secret: string };
  /** Every key that still verifies, the current one included. */
  all: Record<string, string>;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired'; claims?: LinkClaims };

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

/** JSON with object keys sorted: the same content hashes the same after a round trip through a store. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const contentHashOf = (content: unknown) => createHash('sha256').update(canonical(content)).digest('base64url').slice(0, 22);

/** A nonce nobody can guess but the same every time for the same message and key: replay-safe. */
export const derivedNonce = (keys: LinkKeys, seed: string) => sign(keys.current.secret, `nonce:${seed}`).subarray(0, 16).toString('base64url');

export function signLink(keys: LinkKeys, claims: Omit<LinkClaims, 'keyId'>): string {
  const body = b64(JSON.stringify({ ...claims, keyId: keys.current.id }));
  return `${body}.${b64(sign(keys.current.secret, body))}`;
}

/** Tokens are minted short; a longer one was never ours, and is not worth decoding. */
const MAX_TOKEN_LENGTH = 2048;

export function verifyLink(keys: LinkKeys, token: string, nowSeconds: number): LinkCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body + signature)) return { ok: false, reason: 'malformed' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || !linkActions.includes(claims.action) || typeof claims.expiresAt !== 'number') return { ok: false, reason: 'malformed' };
  if (typeof claims.ticketId !== 'string' || typeof claims.nonce !== 'string' || typeof claims.recipient !== 'string') return { ok: false, reason: 'malformed' };
  // The key id is the token's word: only the desk's own keys count, never what an object inherits.
  const secret = typeof claims.keyId === 'string' && Object.hasOwn(keys.all, claims.keyId) ? keys.all[claims.keyId] : undefined;
  if (typeof secret !== 'string' || !secret) return { ok: false, reason: 'unknown-key' };
  const expected = sign(secret, body);
  const given = Buffer.from(signature, 'base64url');
  // timingSafeEqual throws on different lengths: a truncated signature is a refusal, not a crash.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** Parses `LINK_SIGNING_KEYS` (`id:secret,id:secret`, newest first). */
export function parseLinkKeys(value: string): LinkKeys {
  const pairs = value.split(',').map((p) => p.trim()).filter(Boolean).map((p) => [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)] as const);
  if (!pairs.length || pairs.some(([id, secret]) => !id || secret.length < 16)) throw new Error('LINK_SIGNING_KEYS takes id:secret pairs with secrets of at least 16 characters');
  return { current: { id: pairs[0]![0], secret: pairs[0]![1] }, all: Object.fromEntries(pairs) };
}
