// Signed links for customers: a token binds ticket, action, the version or quote it refers to, a
// hash of the exact content shown, recipient, expiry, nonce and key id, signed with HMAC-SHA256.
// Old keys keep verifying after rotation; signatures are compared in constant time.
import { createHash, createHmac } from 'node:crypto';
import { openToken, sealToken, type TokenKeys, type TokenPurpose } from './signed-token';

export const linkActions = [
  'approve_quote',
  'decline_quote',
  'consent_onsite',
  'decline_onsite',
  'confirm_resolution',
  'reopen',
  'confirm_change',
  'confirm_in_writing',
] as const;
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

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired'; claims?: LinkClaims };

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

/** JSON with object keys sorted: the same content hashes the same after a round trip through a store. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const contentHashOf = (content: unknown) =>
  createHash('sha256').update(canonical(content)).digest('base64url').slice(0, 22);

/** A nonce nobody can guess but the same every time for the same message and key: replay-safe. */
export const derivedNonce = (keys: LinkKeys, seed: string) =>
  sign(keys.current.secret, `nonce:${seed}`).subarray(0, 16).toString('base64url');

/** Links as they are mailed: the key id in `keyId`, no purpose in the HMAC (links already sent keep working). */
const linkPurpose: TokenPurpose = { label: null, keyField: 'keyId', maxLength: 2048 };
const tokenKeysOf = (keys: LinkKeys): TokenKeys => ({
  current: { id: keys.current.id, key: keys.current.secret },
  all: new Map(Object.entries(keys.all)),
});

export function signLink(keys: LinkKeys, claims: Omit<LinkClaims, 'keyId'>): string {
  return sealToken(tokenKeysOf(keys), linkPurpose, { ...claims });
}

export function verifyLink(keys: LinkKeys, token: string, nowSeconds: number): LinkCheck {
  const shaped = (c: Record<string, unknown>) =>
    linkActions.includes(c.action as LinkAction) &&
    typeof c.expiresAt === 'number' &&
    typeof c.ticketId === 'string' &&
    typeof c.nonce === 'string' &&
    typeof c.recipient === 'string';
  const opened = openToken(tokenKeysOf(keys), linkPurpose, token, shaped);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const claims = opened.claims as unknown as LinkClaims;
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** Parses `LINK_SIGNING_KEYS` (`id:secret,id:secret`, newest first). */
export function parseLinkKeys(value: string): LinkKeys {
  const pairs = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)] as const);
  if (!pairs.length || pairs.some(([id, secret]) => !id || secret.length < 16))
    throw new Error('LINK_SIGNING_KEYS takes id:secret pairs with secrets of at least 16 characters');
  return { current: { id: pairs[0]![0], secret: pairs[0]![1] }, all: Object.fromEntries(pairs) };
}
