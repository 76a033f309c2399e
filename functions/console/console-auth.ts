// The port the console's handlers check sessions through, and its one adapter: a session is live
// when its signed cookie verifies (which refuses forgeries without a read) AND its item in the table
// exists, is not revoked and has not expired. So signing out ends the session everywhere, for any
// copy of its cookie; a new token of any agent or new keys still end every session, as the cookie no
// longer verifies. Token and Cognito sign-ins both end in `start`, so the check is the same.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  clearedCookie,
  consoleCookie,
  cookieValues,
  csrfMatches,
  csrfTokenFor,
  issueSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  verifySession,
  type ConsoleSession,
  type SessionCheck,
  type SessionKeys,
  type SignInMethod,
} from './console-session';
import type { ConsoleSessionStore, StoredSession } from './console-session-store';

export interface ConsoleAuth {
  readonly available: boolean;
  check(event: APIGatewayProxyEventV2): Promise<SessionCheck>;
  /** A session for the agent with this policy id; `teams` when the sign-in says them (Cognito groups). */
  start(
    agentId: string,
    via: SignInMethod,
    secure: boolean,
    teams?: readonly string[],
  ): Promise<{ cookie: string; session: ConsoleSession }>;
  /** Signs this session out (its item revoked); returns the cookie that clears it in the browser. */
  end(session: ConsoleSession, secure: boolean): Promise<string>;
  csrfToken(session: ConsoleSession): string;
  csrfValid(session: ConsoleSession, presented: string | null | undefined): boolean;
}

/** Whether the table still holds the session a verified cookie names. */
export function liveSession(session: ConsoleSession, stored: StoredSession | null, now: number): SessionCheck {
  if (!stored || stored.agentId !== session.agentId || stored.via !== session.via)
    return { ok: false, reason: 'unknown-session' };
  if (stored.revokedAt !== null) return { ok: false, reason: 'signed-out' };
  if (stored.expiresAtMs <= now) return { ok: false, reason: 'expired' };
  return { ok: true, session };
}

export function tableSessionAuth(
  keys: SessionKeys | null,
  sessions: ConsoleSessionStore,
  now: () => number,
): ConsoleAuth {
  const need = () => {
    if (!keys) throw new Error('the console has no session keys (neither an agent token nor link signing keys)');
    return keys;
  };
  return {
    available: keys !== null,
    async check(event) {
      let refusal: SessionCheck = { ok: false, reason: 'missing' };
      if (!keys) return refusal;
      // Every session cookie the browser sent, in order: the first live one counts.
      for (const value of cookieValues(event, SESSION_COOKIE)) {
        const signed = verifySession(keys, value, now());
        const check = signed.ok ? liveSession(signed.session, await sessions.find(signed.session.sid), now()) : signed;
        if (check.ok) return check;
        refusal = check;
      }
      return refusal;
    },
    async start(agentId, via, secure, teams) {
      const { token, session } = issueSession(need(), agentId, via, now(), SESSION_TTL_MS, teams);
      await sessions.create(session);
      return {
        cookie: consoleCookie(SESSION_COOKIE, token, { secure, maxAgeSeconds: SESSION_TTL_MS / 1000 }),
        session,
      };
    },
    async end(session, secure) {
      await sessions.revoke(session.sid, now());
      return clearedCookie(SESSION_COOKIE, secure);
    },
    csrfToken: (session) => csrfTokenFor(need(), session),
    csrfValid: (session, presented) => keys !== null && csrfMatches(keys, session, presented),
  };
}
