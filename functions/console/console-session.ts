// The agent console's session cookie: signed (HMAC-SHA256 with a key derived from the link signing
// keys and every agent's token), it binds the session's id, whose item in the table says whether the
// session is still live (console-auth.ts); CSRF tokens bound to the session, the sign-in form's
// nonce, and the cookie plumbing of API Gateway v2 events. Every comparison of a secret is
// constant-time; a malformed, tampered, expired or foreign token is a refusal with a reason, never
// an exception.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { LinkKeys } from '../../workflows/links/link-token';
import { constantTimeEqual, openToken, sealToken, type TokenPurpose } from '../../workflows/links/signed-token';

export const SESSION_COOKIE = 'desk_session';
/** The sign-in form's own anti-forgery nonce, set when the form is shown (no session exists yet). */
export const LOGIN_COOKIE = 'desk_login';
export const SESSION_TTL_MS = 12 * 3600_000;
export const LOGIN_TTL_MS = 3600_000;
/** Cookies are scoped to the console: the JSON API and the customers' link pages never see them. */
export const CONSOLE_PATH = '/console';

/** How the agent proved who they are: the local agent token, or (in AWS) the Cognito user pool. */
export type SignInMethod = 'token' | 'cognito';

export interface ConsoleSession {
  /** Random per sign-in; CSRF tokens are bound to it. */
  sid: string;
  /** The actor id the events this session applies are logged under: the policy agent's id (agent-identity.ts). */
  agentId: string;
  via: SignInMethod;
  /** The agent's teams as the sign-in gave them (Cognito groups); absent: the policy's. */
  teams?: string[];
  issuedAt: number;
  expiresAt: number;
}

/** Why a request has no session: its cookie (the first five), or the session's item in the table (the last two). */
export type SessionRefusal =
  'missing' | 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'signed-out' | 'unknown-session';
export type SessionCheck = { ok: true; session: ConsoleSession } | { ok: false; reason: SessionRefusal };

export interface SessionKeys {
  current: { id: string; key: Buffer };
  all: ReadonlyMap<string, Buffer>;
}

const INFO = 'servicedesk/console-session/v1';
const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const mac = (key: Buffer, label: string, value: string) =>
  createHmac('sha256', key).update(`${label}\0${value}`).digest();
const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest();

/** Equal in constant time (one implementation, in the signed-token module). */
export { constantTimeEqual };

/**
 * The session keys: one per link signing key (so they rotate with them and work across Lambdas),
 * each also bound to every agent's token, so a changed token of any agent ends every session
 * signed in before (that agent's among them). Without link keys the tokens alone; with neither,
 * the console cannot sign anyone in.
 */
export function sessionKeysFrom(sources: {
  agentToken?: string;
  agentTokens?: readonly string[];
  linkKeys?: LinkKeys;
}): SessionKeys | null {
  const tokens = (sources.agentTokens ?? (sources.agentToken ? [sources.agentToken] : [])).filter(Boolean);
  // Order-free: the agents' tokens as one value, whichever order the policy lists them in.
  const bound = b64(
    sha256(
      tokens
        .map((t) => sha256(t).toString('hex'))
        .sort()
        .join('\n'),
    ),
  );
  if (sources.linkKeys) {
    const all = new Map(
      Object.entries(sources.linkKeys.all).map(([id, secret]) => [id, mac(Buffer.from(secret), INFO, bound)]),
    );
    return { current: { id: sources.linkKeys.current.id, key: all.get(sources.linkKeys.current.id)! }, all };
  }
  if (!tokens.length) return null;
  const key = mac(Buffer.from(bound), INFO, 'agent-token');
  return { current: { id: 'agent-token', key }, all: new Map([['agent-token', key]]) };
}

/** A fresh session for an agent who proved who they are; the token goes into the cookie. */
/** Session cookies and the Cognito sign-in's pending state, in the desk's one signed-token format. */
const sessionPurpose: TokenPurpose = { label: 'session', keyField: 'kid', maxLength: 4096 };
const oauthPurpose: TokenPurpose = { label: 'oauth', keyField: 'kid', maxLength: 4096 };

export function issueSession(
  keys: SessionKeys,
  agentId: string,
  via: SignInMethod,
  now: number,
  ttlMs = SESSION_TTL_MS,
  teams?: readonly string[],
): { token: string; session: ConsoleSession } {
  const session: ConsoleSession = {
    sid: randomBytes(18).toString('base64url'),
    agentId,
    via,
    ...(teams ? { teams: [...teams] } : {}),
    issuedAt: now,
    expiresAt: now + ttlMs,
  };
  return { token: sealToken(keys, sessionPurpose, { ...session }), session };
}

const isSession = (value: unknown): value is ConsoleSession & { kid: string } => {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.sid === 'string' &&
    typeof v.agentId === 'string' &&
    v.agentId !== '' &&
    (v.via === 'token' || v.via === 'cognito') &&
    (v.teams === undefined || (Array.isArray(v.teams) && v.teams.every((t) => typeof t === 'string'))) &&
    typeof v.issuedAt === 'number' &&
    typeof v.expiresAt === 'number' &&
    typeof v.kid === 'string'
  );
};

export function verifySession(keys: SessionKeys, token: string | undefined, now: number): SessionCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const opened = openToken(keys, sessionPurpose, token, isSession);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const claims = opened.claims as unknown as ConsoleSession & { kid: string };
  if (claims.expiresAt <= now) return { ok: false, reason: 'expired' };
  // Issued in the future (beyond a little clock skew between Lambdas): not one of ours to honour.
  if (claims.issuedAt > now + 5 * 60_000) return { ok: false, reason: 'malformed' };
  const { kid: _kid, ...session } = claims;
  return { ok: true, session };
}

/** The CSRF token every state-changing form of this session carries: an HMAC of the session id. */
export const csrfTokenFor = (keys: SessionKeys, session: ConsoleSession) =>
  b64(mac(keys.current.key, 'csrf', session.sid));

export function csrfMatches(keys: SessionKeys, session: ConsoleSession, presented: string | null | undefined): boolean {
  if (!presented) return false;
  // Any key that still verifies sessions: a form rendered just before a key rotation still posts.
  let matched = false;
  for (const key of keys.all.values())
    matched = constantTimeEqual(presented, b64(mac(key, 'csrf', session.sid))) || matched;
  return matched;
}

/**
 * Before sign-in there is no session: the form's token is bound to a nonce in its own cookie
 * instead. The nonce carries its expiry (covered by the form token's MAC), so a used nonce need
 * only be remembered until then.
 */
export const newLoginNonce = (now: number) =>
  `${randomBytes(18).toString('base64url')}.${(now + LOGIN_TTL_MS).toString(36)}`;

/** When a login nonce stops being accepted (ms), or null if it is not one this desk makes. */
export function loginNonceExpiry(nonce: string): number | null {
  const expiry = /^[A-Za-z0-9_-]{24}\.([0-9a-z]{1,11})$/.exec(nonce)?.[1];
  return expiry ? parseInt(expiry, 36) : null;
}
export const loginCsrfFor = (keys: SessionKeys, nonce: string) => b64(mac(keys.current.key, 'login', nonce));
export function loginCsrfMatches(
  keys: SessionKeys,
  nonce: string | undefined,
  presented: string | null | undefined,
): boolean {
  if (!nonce || !presented) return false;
  let matched = false;
  for (const key of keys.all.values()) matched = constantTimeEqual(presented, b64(mac(key, 'login', nonce))) || matched;
  return matched;
}

/** Every value of a cookie: API Gateway v2 hands them over in `cookies`; a plain Cookie header also counts. */
export function cookieValues(event: APIGatewayProxyEventV2, name: string): string[] {
  // One pair at a time: a browser may send two cookies of one name (other paths), and every one counts.
  const pairs = [...(event.cookies ?? []), ...(event.headers?.cookie ?? '').split(';')];
  return pairs.flatMap((pair) => {
    const parsed = parseCookie(pair);
    const value = Object.hasOwn(parsed, name) ? parsed[name] : undefined;
    return value === undefined ? [] : [value];
  });
}

/** Behind API Gateway (or any TLS-terminating proxy) the scheme the browser used is in X-Forwarded-Proto. */
export function cameOverHttps(event: APIGatewayProxyEventV2): boolean {
  return (event.headers?.['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
}

export function consoleCookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number; sameSite?: 'Strict' | 'Lax' },
): string {
  return stringifySetCookie({
    name,
    value,
    path: CONSOLE_PATH,
    maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)),
    httpOnly: true,
    sameSite: options.sameSite === 'Lax' ? 'lax' : 'strict',
    secure: options.secure,
  });
}

export const clearedCookie = (name: string, secure: boolean, sameSite?: 'Strict' | 'Lax') =>
  consoleCookie(name, '', { secure, maxAgeSeconds: 0, sameSite });

/**
 * The Cognito sign-in's state and PKCE verifier, kept in a short cookie between the redirect to the
 * hosted UI and its callback. SameSite=Lax: the callback is a top-level navigation from Cognito's
 * domain, which a Strict cookie would not come back with. Signed (HMAC, like the login nonce's
 * token), so a cookie this desk did not issue, or an expired one, carries no state.
 */
export const OAUTH_COOKIE = 'desk_oauth';
export const OAUTH_TTL_MS = 10 * 60_000;

export interface OAuthPending {
  state: string;
  verifier: string;
  expiresAt: number;
}

export function sealOAuthPending(keys: SessionKeys, pending: OAuthPending): string {
  return sealToken(keys, oauthPurpose, { ...pending });
}

export function openOAuthPending(keys: SessionKeys, value: string | undefined, now: number): OAuthPending | null {
  const opened = openToken(keys, oauthPurpose, value ?? '');
  if (!opened.ok) return null;
  const claims = opened.claims as Partial<OAuthPending>;
  if (
    typeof claims.state !== 'string' ||
    typeof claims.verifier !== 'string' ||
    typeof claims.expiresAt !== 'number' ||
    claims.expiresAt <= now
  )
    return null;
  return { state: claims.state, verifier: claims.verifier, expiresAt: claims.expiresAt };
}
