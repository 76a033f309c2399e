// The desk's one signed-token format, for customer links, console sessions and the Cognito
// sign-in's pending state: `base64url(JSON claims with the key id) . base64url(HMAC-SHA256)`. The
// HMAC covers the purpose as well as the body, so a token minted for one purpose never opens
// another. Opening checks the length and alphabet, parses, looks the key id up among the desk's
// own keys only, and compares in constant time; every failure is a reason, never an exception.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenKeys {
  current: { id: string; key: Buffer | string };
  all: ReadonlyMap<string, Buffer | string>;
}

export type Opened =
  { ok: true; claims: Record<string, unknown> } | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

/** What a token is for. Links keep the form they were first mailed in (no purpose in the HMAC). */
export interface TokenPurpose {
  /** Mixed into the HMAC; null for the link format, whose tokens are already in customers' mail. */
  label: string | null;
  /** The claim that names the key. */
  keyField: string;
  maxLength: number;
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const hmac = (key: Buffer | string, purpose: TokenPurpose, body: string) =>
  createHmac('sha256', key)
    .update(purpose.label === null ? body : `${purpose.label}\0${body}`)
    .digest();
const digest = (value: Buffer) => createHash('sha256').update(value).digest();

/** Equal in constant time; hashing first gives both sides one length, so nothing throws or leaks it. */
export const constantTimeEqual = (a: Buffer | string, b: Buffer | string): boolean =>
  timingSafeEqual(digest(Buffer.from(a)), digest(Buffer.from(b)));

export function sealToken(keys: TokenKeys, purpose: TokenPurpose, claims: Record<string, unknown>): string {
  const body = b64(JSON.stringify({ ...claims, [purpose.keyField]: keys.current.id }));
  return `${body}.${b64(hmac(keys.current.key, purpose, body))}`;
}

/** Opens a token; claims not of the purpose's shape are malformed, whatever their signature. */
export function openToken(
  keys: TokenKeys,
  purpose: TokenPurpose,
  token: string,
  shaped: (claims: Record<string, unknown>) => boolean = () => true,
): Opened {
  if (token.length > purpose.maxLength) return { ok: false, reason: 'malformed' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body + signature))
    return { ok: false, reason: 'malformed' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { ok: false, reason: 'malformed' };
  const record = claims as Record<string, unknown>;
  if (!shaped(record)) return { ok: false, reason: 'malformed' };
  const keyId = record[purpose.keyField];
  // The key id is the token's word: only the desk's own keys count (a Map: nothing inherited).
  const key = typeof keyId === 'string' ? keys.all.get(keyId) : undefined;
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (!constantTimeEqual(Buffer.from(signature, 'base64url'), hmac(key, purpose, body)))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true, claims: record };
}
