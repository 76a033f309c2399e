// GET/POST /console/sign-in — the agent signs in with their own token (agent-identity.ts). The form carries its
// own anti-forgery token, bound to a nonce cookie set with the form (no session exists yet). Before
// the token is compared (in constant time), one transaction claims the form's nonce (single use)
// and an attempt under the sign-in throttle (policy.signInThrottle, per client address and for the
// whole desk): a replayed form is refused (403), a client or desk over its limit waits (429 with
// Retry-After). A token of one of the desk's agents gives its attempt back, starts a session (an item in the table) and
// goes on (303) to where the agent was headed, inside the console only. In AWS the page also links
// to sign-in through the stack's Cognito user pool (console-cognito.ts) when COGNITO_* is configured.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { publicEndpoint } from '../http/agent-endpoint';
import { agentWithToken } from '../http/agent-identity';
import { consoleAuthOf, consoleKeysOf, readFormOrRefusal, sessionRefusalText } from '../http/console-endpoint';
import {
  cameOverHttps,
  clearedCookie,
  consoleCookie,
  cookieValues,
  LOGIN_COOKIE,
  LOGIN_TTL_MS,
  loginCsrfFor,
  loginCsrfMatches,
  loginNonceExpiry,
  newLoginNonce,
  type SessionKeys,
} from './console-session';
import { htmlResponse, refusalPage, safeNext, seeOther, signInPage } from './console-pages';
import { cognitoConfigFrom, type CognitoConfig } from './cognito-auth';
import { createSignInAttempts, type AttemptClaim } from './sign-in-attempts';
import { clientOf, throttleWindows } from '../../workflows/console/sign-in-throttle';
import type { SignInThrottle } from '../../workflows/policy/policy';

interface FormOptions {
  keys: SessionKeys | null;
  enabled: boolean;
  next: string;
  secure: boolean;
  now: number;
  error?: string;
  cognito?: boolean;
}

/** The sign-in form with a fresh nonce cookie (none when token sign-in is not enabled here). */
function form(status: number, { keys, enabled, next, secure, now, error, cognito = false }: FormOptions) {
  if (!keys || !enabled)
    return htmlResponse(status, signInPage({ loginCsrf: null, next, error, cognito: cognito && !!keys }));
  const nonce = newLoginNonce(now);
  const cookie = consoleCookie(LOGIN_COOKIE, nonce, { secure, maxAgeSeconds: LOGIN_TTL_MS / 1000 });
  return htmlResponse(status, signInPage({ loginCsrf: loginCsrfFor(keys, nonce), next, error, cognito }), {
    cookies: [cookie],
  });
}

const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;
const wait = (seconds: number) =>
  seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : minutes(Math.ceil(seconds / 60));

/** A claim the throttle refused: 429 with how long to wait, or 503 when attempts kept racing. */
function paused(
  claim: Extract<AttemptClaim, { reason: 'client-limit' | 'desk-limit' | 'busy' }>,
  throttle: SignInThrottle,
  next: string,
) {
  const again = `/console/sign-in?next=${encodeURIComponent(next)}`;
  if (claim.reason === 'busy') {
    return htmlResponse(
      503,
      refusalPage('Busy', 'Many sign-ins are under way at once. Try again in a moment.', {}, again),
      { headers: { 'retry-after': '1' } },
    );
  }
  const limit = claim.reason === 'client-limit' ? throttle.perClient : throttle.overall;
  const within = `${limit.maxFailures} within ${minutes(limit.windowMinutes)}`;
  const why =
    claim.reason === 'client-limit'
      ? `Too many failed sign-ins from your address (${within}): sign-in from here is paused`
      : `Too many failed sign-ins on this desk (${within}, from many addresses): token sign-in is paused for everyone`;
  const page = refusalPage(
    'Sign-in paused',
    `${why}; try again in ${wait(claim.retryAfterSeconds)}. The token you sent was not checked.`,
    {},
    again,
  );
  return htmlResponse(429, page, { headers: { 'retry-after': String(claim.retryAfterSeconds) } });
}

export function makeConsoleSignInHandler(
  desk: Desk,
  cognito: CognitoConfig | null = null,
  now: () => number = Date.now,
) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const keys = consoleKeysOf(desk);
    const auth = consoleAuthOf(desk, now);
    const enabled = desk.agentCredentials.length > 0;
    const shown = { keys, enabled, secure: cameOverHttps(event), now: now(), cognito: !!cognito };
    if (event.requestContext.http.method !== 'POST') {
      const next = safeNext(event.queryStringParameters?.next);
      if ((await auth.check(event)).ok) return seeOther(next);
      return form(200, { ...shown, next, error: sessionRefusalText(event.queryStringParameters?.why) });
    }
    const read = readFormOrRefusal(event);
    if (read.refusal) return read.refusal;
    const posted = read.form;
    const next = safeNext(posted.get('next'));
    if (!keys || !enabled) return form(403, { ...shown, next, error: 'Token sign-in is not enabled on this desk.' });
    const again = (status: number, error: string) => form(status, { ...shown, next, error, cognito: false });
    const nonce = cookieValues(event, LOGIN_COOKIE).find((value) => loginCsrfMatches(keys, value, posted.get('csrf')));
    const refused = (why: string) =>
      again(403, `Refused: this sign-in form ${why}. Nothing was changed; sign in with the form below.`);
    if (!nonce) return refused('did not come from this console, or it expired (its cookie is missing)');
    const formExpiresAt = loginNonceExpiry(nonce);
    if (formExpiresAt === null || formExpiresAt <= shown.now) return refused('has expired (a form lasts an hour)');

    const windows = throttleWindows(
      desk.policy.signInThrottle,
      clientOf(event.requestContext.http.sourceIp),
      shown.now,
    );
    const attempts = createSignInAttempts(desk.table.client, desk.table.tableName);
    const claim = await attempts.claim(nonce, formExpiresAt, windows, shown.now);
    if (!claim.ok && claim.reason === 'form-used') return refused('was already used (sent twice, or replayed)');
    if (!claim.ok) return paused(claim, desk.policy.signInThrottle, next);
    const agent = agentWithToken(desk.agentCredentials, (posted.get('token') ?? '').trim());
    if (!agent) return again(401, 'That is not the agent token.');
    await attempts.giveBack(windows);
    // The agent whose token it is: the same actor their bearer token logs API events under.
    const { cookie } = await auth.start(agent.id, 'token', shown.secure);
    return seeOther(next, [cookie, clearedCookie(LOGIN_COOKIE, shown.secure)]);
  }, desk);
}

export const handler = makeConsoleSignInHandler(deskInAws(), cognitoConfigFrom(process.env));
