// GET/POST /console/sign-in — the agent signs in with the local agent token (compared in constant
// time). The form carries its own anti-forgery token, bound to a nonce cookie set with the form,
// since no session exists yet. Success sets the session cookie and goes on (303) to where the agent
// was headed, inside the console only. In AWS the page also links to sign-in through the stack's
// Cognito user pool (console-cognito.ts) when COGNITO_* is configured.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Desk } from './desk';
import { deskInAws } from './desk-in-aws';
import { publicEndpoint } from './http/agent-endpoint';
import { bearerMatches } from './http/agent-auth';
import { consoleAuthOf, consoleKeysOf, readFormOrRefusal } from './http/console-endpoint';
import { cameOverHttps, clearedCookie, consoleCookie, cookieValues, LOGIN_COOKIE, LOGIN_TTL_MS, loginCsrfFor, loginCsrfMatches, newLoginNonce, type SessionKeys } from './console-session';
import { htmlResponse, safeNext, seeOther, signInPage } from './console-pages';
import { cognitoConfigFrom, type CognitoConfig } from './cognito-auth';

/** The sign-in form with a fresh nonce cookie (none when token sign-in is not enabled here). */
function form(keys: SessionKeys | null, enabled: boolean, status: number, next: string, secure: boolean, error?: string, cognito = false) {
  if (!keys || !enabled) return htmlResponse(status, signInPage({ loginCsrf: null, next, error, cognito: cognito && !!keys }));
  const nonce = newLoginNonce();
  return htmlResponse(status, signInPage({ loginCsrf: loginCsrfFor(keys, nonce), next, error, cognito }), { cookies: [consoleCookie(LOGIN_COOKIE, nonce, { secure, maxAgeSeconds: LOGIN_TTL_MS / 1000 })] });
}

export function makeConsoleSignInHandler(desk: Desk, cognito: CognitoConfig | null = null) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const keys = consoleKeysOf(desk);
    const auth = consoleAuthOf(desk);
    const secure = cameOverHttps(event);
    const token = desk.agentToken;
    if (event.requestContext.http.method !== 'POST') {
      const next = safeNext(event.queryStringParameters?.next);
      if (auth.check(event).ok) return seeOther(next);
      return form(keys, !!token, 200, next, secure, undefined, !!cognito);
    }
    const read = readFormOrRefusal(event);
    if (read.refusal) return read.refusal;
    const posted = read.form;
    const next = safeNext(posted.get('next'));
    if (!keys || !token) return form(keys, false, 403, next, secure, 'Token sign-in is not enabled on this desk.', !!cognito);
    if (!cookieValues(event, LOGIN_COOKIE).some((nonce) => loginCsrfMatches(keys, nonce, posted.get('csrf')))) {
      return form(keys, true, 403, next, secure, 'Refused: this sign-in form did not come from this console, or it expired (its cookie is missing). Nothing was changed; sign in with the form below.');
    }
    if (!bearerMatches(`Bearer ${(posted.get('token') ?? '').trim()}`, token)) return form(keys, true, 401, next, secure, 'That is not the agent token.');
    // The local agent is the same actor the bearer-token API logs events under.
    const { cookie } = auth.start('local-agent', 'token', secure);
    return seeOther(next, [cookie, clearedCookie(LOGIN_COOKIE, secure)]);
  }, desk);
}

export const handler = makeConsoleSignInHandler(deskInAws(), cognitoConfigFrom(process.env));
