// GET /console/sign-in/cognito and GET /console/sign-in/callback — console sign-in through the
// stack's Cognito user pool (AWS only; locally the token sign-in is all there is). The first sends
// the browser to the hosted UI (authorization code + PKCE S256) with a fresh state, keeping state
// and verifier in a short signed cookie; the callback checks the state in constant time, exchanges
// the code, verifies the ID token (RS256 against the pool's JWKS, issuer, audience, token_use, expiry)
// and starts a console session (an item in the table) for the agent of the verified email: the
// policy's agent with that address (its id), any other account of the pool as itself, with the
// teams of its Cognito groups (agent-identity.ts). Any failure is a page that says why (403).
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { publicEndpoint } from '../http/agent-endpoint';
import { consoleAuthOf, consoleKeysOf } from '../http/console-endpoint';
import { identityFromClaims } from '../http/agent-identity';
import {
  cameOverHttps,
  clearedCookie,
  consoleCookie,
  constantTimeEqual,
  cookieValues,
  OAUTH_COOKIE,
  OAUTH_TTL_MS,
  openOAuthPending,
  sealOAuthPending,
} from './console-session';
import { cognitoSignedInPage, htmlResponse, refusalPage } from './console-pages';
import {
  COGNITO_CALLBACK_PATH,
  cognitoConfigFrom,
  pkceChallenge,
  TokenRefusal,
  verifyIdToken,
  type CognitoConfig,
  type IdClaims,
} from './cognito-auth';

// ---- The two routes.

const refused = (reason: string, cookies: string[] = []) =>
  htmlResponse(403, refusalPage('Sign-in refused', `${reason}. You are not signed in.`, {}, '/console/sign-in'), {
    cookies,
  });

async function exchangeCode(config: CognitoConfig, code: string, verifier: string): Promise<string> {
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new TokenRefusal(`the user pool did not accept the sign-in code (HTTP ${response.status})`);
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown };
  if (typeof body.id_token !== 'string') throw new TokenRefusal('the user pool returned no ID token');
  return body.id_token;
}

export function makeConsoleCognitoHandler(desk: Desk, config: CognitoConfig | null, now: () => number = Date.now) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const secure = cameOverHttps(event);
    const keys = consoleKeysOf(desk);
    if (!config || !keys)
      return htmlResponse(
        403,
        refusalPage(
          'Sign-in refused',
          'Sign-in with a desk account (Cognito) is not configured on this desk.',
          {},
          '/console/sign-in',
        ),
      );
    const cleared = clearedCookie(OAUTH_COOKIE, secure, 'Lax');

    if (event.rawPath !== COGNITO_CALLBACK_PATH) {
      const state = randomBytes(24).toString('base64url');
      const verifier = randomBytes(48).toString('base64url');
      const cookie = consoleCookie(
        OAUTH_COOKIE,
        sealOAuthPending(keys, { state, verifier, expiresAt: now() + OAUTH_TTL_MS }),
        { secure, maxAgeSeconds: OAUTH_TTL_MS / 1000, sameSite: 'Lax' },
      );
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        scope: 'openid email',
        state,
        code_challenge: pkceChallenge(verifier),
        code_challenge_method: 'S256',
      });
      return {
        statusCode: 302,
        headers: { location: `${config.domain}/oauth2/authorize?${query.toString()}`, 'cache-control': 'no-store' },
        body: '',
        cookies: [cookie],
      };
    }

    const params = event.queryStringParameters ?? {};
    if (params.error)
      return refused(
        `The user pool refused the sign-in (${params.error}${params.error_description ? `: ${params.error_description}` : ''})`,
        [cleared],
      );
    const pending = cookieValues(event, OAUTH_COOKIE)
      .map((value) => openOAuthPending(keys, value, now()))
      .find((p) => p !== null);
    if (!pending)
      return refused('This sign-in did not start here, or it took too long (its cookie is missing or expired)', [
        cleared,
      ]);
    if (!params.state || !constantTimeEqual(params.state, pending.state))
      return refused('The sign-in response does not belong to the sign-in this browser started (state mismatch)', [
        cleared,
      ]);
    if (!params.code) return refused('The sign-in response carried no code', [cleared]);
    let claims: IdClaims;
    try {
      claims = await verifyIdToken(await exchangeCode(config, params.code, pending.verifier), config);
    } catch (error) {
      if (error instanceof TokenRefusal)
        return refused(`The sign-in could not be verified: ${error.message}`, [cleared]);
      return refused('The sign-in could not be verified: the user pool could not be reached', [cleared]);
    }
    if (
      typeof claims.email !== 'string' ||
      !claims.email ||
      claims.email_verified === false ||
      claims.email_verified === 'false'
    )
      return refused('The desk account has no verified email address', [cleared]);
    const agent = identityFromClaims(desk.policy, { ...claims });
    if (!agent) return refused('The desk account has no verified email address', [cleared]);
    const { cookie } = await consoleAuthOf(desk, now).start(agent.id, 'cognito', secure, agent.teams);
    // A page that moves on, not a 30x: this response ends a navigation that began on Cognito's site,
    // and a redirect would carry that cross-site origin on, so the SameSite=Strict session cookie
    // would not come with the next request. The page's own refresh is a same-site navigation.
    return htmlResponse(200, cognitoSignedInPage(agent.name), { cookies: [cookie, cleared] });
  }, desk);
}

export const handler = makeConsoleCognitoHandler(deskInAws(), cognitoConfigFrom(process.env));
