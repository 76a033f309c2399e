import { parseSetCookie } from 'cookie';
// Console sign-in through Cognito, against a local stand-in for the user pool: a node:http server on
// 127.0.0.1 answering the token endpoint (checking the PKCE verifier against the challenge) and the
// JWKS, with ID tokens signed by a generated RSA key pair. The session it starts is an item in the
// table (DynamoDB Local), as a token sign-in's is.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { cognitoConfigFrom, type CognitoConfig } from '../../functions/console/cognito-auth';
import { makeConsoleCognitoHandler } from '../../functions/console/console-cognito.handler';
import { makeConsoleSignInHandler } from '../../functions/console/console-sign-in.handler';
import { OAUTH_COOKIE, SESSION_COOKIE, sessionKeysFrom, verifySession } from '../../functions/console/console-session';
import { createDesk, type Desk } from '../../functions/desk';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { createTestTable } from '../support/test-table';

const linkKeys = parseLinkKeys('k1:first-secret-0123456789');
const keys = sessionKeysFrom({ linkKeys })!;
let table: Awaited<ReturnType<typeof createTestTable>>;
let desk: Desk;

const poolKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'pool-key-1';

interface Grant {
  challenge: string;
  claims: Record<string, unknown>;
  signWith: KeyObject;
}

let server: Server;
let config: CognitoConfig;
const grants = new Map<string, Grant>();
const tokenRequests: URLSearchParams[] = [];

function jwt(claims: Record<string, unknown>, key: KeyObject): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

beforeAll(async () => {
  table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 1 },
    timeoutEarlyInMillis: 0,
  });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/pool/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            keys: [{ ...poolKey.publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }],
          }),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/oauth2/token') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        tokenRequests.push(form);
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const pkceOk = grant && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (
          !grant ||
          !pkceOk ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('client_id') !== config.clientId ||
          form.get('redirect_uri') !== config.redirectUri
        ) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        grants.delete(form.get('code')!);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id_token: jwt(grant.claims, grant.signWith),
            access_token: 'a',
            token_type: 'Bearer',
            expires_in: 3600,
          }),
        );
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = cognitoConfigFrom({
    COGNITO_DOMAIN: base,
    COGNITO_CLIENT_ID: 'console-client',
    COGNITO_ISSUER: `${base}/pool`,
    PUBLIC_URL: 'https://desk.example.com',
  })!;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function event(
  path: string,
  options: { query?: Record<string, string>; cookies?: string[] } = {},
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString,
    cookies: options.cookies,
    queryStringParameters: options.query,
    headers: { 'x-forwarded-proto': 'https' },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'desk.example.com',
      domainPrefix: 'desk',
      requestId: 'r',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
  };
}

const handler = () => makeConsoleCognitoHandler(desk, config);
const call = (h: ReturnType<typeof handler>, e: APIGatewayProxyEventV2) =>
  h(e, {} as Context) as Promise<APIGatewayProxyStructuredResultV2>;
const cookieNamed = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  response.cookies?.find((c) => c.startsWith(`${name}=`));
const sessionFrom = (response: APIGatewayProxyStructuredResultV2) => {
  const value = cookieNamed(response, SESSION_COOKIE)
    ?.split(';')[0]!
    .slice(SESSION_COOKIE.length + 1);
  return value ? verifySession(keys, value, Date.now()) : null;
};

/** To the hosted UI: what the browser is sent to, and the state cookie it keeps. */
async function start() {
  const h = handler();
  const response = await call(h, event('/console/sign-in/cognito'));
  expect(response.statusCode).toBe(302);
  const location = new URL(String(response.headers!.location));
  const cookie = cookieNamed(response, OAUTH_COOKIE)!;
  return { h, location, params: location.searchParams, cookie, cookieValue: cookie.split(';')[0]! };
}

const validClaims = () => ({
  iss: config.issuer,
  aud: config.clientId,
  token_use: 'id',
  sub: 'user-1',
  email: 'Agent.One@desk.example.com',
  email_verified: true,
  exp: Math.floor(Date.now() / 1000) + 3600,
  iat: Math.floor(Date.now() / 1000),
});

/** Back from the hosted UI with a code the stand-in pool will redeem for an ID token with these claims. */
async function callback(claims: Record<string, unknown>, options: { signWith?: KeyObject; state?: string } = {}) {
  const { h, params, cookieValue } = await start();
  const code = `code-${Math.random().toString(36).slice(2)}`;
  grants.set(code, {
    challenge: params.get('code_challenge')!,
    claims,
    signWith: options.signWith ?? poolKey.privateKey,
  });
  return call(
    h,
    event('/console/sign-in/callback', {
      query: { code, state: options.state ?? params.get('state')! },
      cookies: [cookieValue],
    }),
  );
}

describe('console sign-in through Cognito', () => {
  it('sends the browser to the hosted UI with a code request, PKCE S256 and a state kept in a short, signed, Lax cookie', async () => {
    const { location, params, cookie } = await start();
    expect(`${location.origin}${location.pathname}`).toBe(`${config.domain}/oauth2/authorize`);
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: 'console-client',
      redirect_uri: 'https://desk.example.com/console/sign-in/callback',
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseSetCookie(cookie!)).toEqual({
      name: 'desk_oauth',
      value: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      path: '/console',
      maxAge: 600,
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
    });
    expect(cookie).not.toContain(params.get('state')!);
  });

  it('signs in with a valid code: the ID token is verified and a session starts for the verified email', async () => {
    const response = await callback(validClaims());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('url=/console');
    const session = sessionFrom(response);
    expect(session).toMatchObject({ ok: true, session: { agentId: 'agent.one@desk.example.com', via: 'cognito' } });
    const sid = session!.ok ? session!.session.sid : '';
    const { Item } = await table.client.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: `SESSION#${sid}`, sk: 'SESSION' },
        ConsistentRead: true,
      }),
    );
    expect(Item).toMatchObject({ agentId: 'agent.one@desk.example.com', via: 'cognito' });
    expect(cookieNamed(response, OAUTH_COOKIE)).toContain('Max-Age=0');
    expect(tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it("signs the policy's agent with that e-mail in under their id, with the teams of their Cognito groups", async () => {
    const response = await callback({
      ...validClaims(),
      email: 'Anna@desk.example.com',
      'cognito:groups': ['changes', 'not-a-team'],
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Signed in as Anna de Vries.');
    expect(sessionFrom(response)).toMatchObject({
      ok: true,
      session: { agentId: 'anna', via: 'cognito', teams: ['changes'] },
    });
  });

  it.each([
    [
      'a wrong state',
      () => callback(validClaims(), { state: 'not-the-state-this-browser-was-given' }),
      'state mismatch',
    ],
    [
      'a token for another app client (audience)',
      () => callback({ ...validClaims(), aud: 'some-other-client' }),
      'another app client',
    ],
    ['an expired token', () => callback({ ...validClaims(), exp: Math.floor(Date.now() / 1000) - 1 }), 'has expired'],
    [
      'a bad signature',
      () => callback(validClaims(), { signWith: strangerKey.privateKey }),
      'signature does not verify',
    ],
    [
      'a token from another issuer',
      () => callback({ ...validClaims(), iss: 'https://cognito-idp.eu-west-1.amazonaws.com/other' }),
      'another user pool',
    ],
    [
      'an access token instead of an ID token',
      () => callback({ ...validClaims(), token_use: 'access' }),
      'not an ID token',
    ],
  ])('refuses %s (403, with the reason) and starts no session', async (_, run, why) => {
    const response = await run();
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(why);
    expect(response.body).toContain('You are not signed in');
    expect(cookieNamed(response, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a callback without the state cookie, or with a forged one, or a code the pool does not redeem', async () => {
    const { h, params } = await start();
    const noCookie = await call(
      h,
      event('/console/sign-in/callback', { query: { code: 'x', state: params.get('state')! } }),
    );
    expect([noCookie.statusCode, cookieNamed(noCookie, SESSION_COOKIE)]).toEqual([403, undefined]);
    expect(noCookie.body).toContain('cookie is missing or expired');
    const forged = await call(
      h,
      event('/console/sign-in/callback', {
        query: { code: 'x', state: 'abc' },
        cookies: [
          `${OAUTH_COOKIE}=${Buffer.from(JSON.stringify({ state: 'abc', verifier: 'v', expiresAt: Date.now() + 60_000, kid: 'k1' })).toString('base64url')}.AAAA`,
        ],
      }),
    );
    expect([forged.statusCode, cookieNamed(forged, SESSION_COOKIE)]).toEqual([403, undefined]);
    const started = await start();
    const unknownCode = await call(
      started.h,
      event('/console/sign-in/callback', {
        query: { code: 'never-issued', state: started.params.get('state')! },
        cookies: [started.cookieValue],
      }),
    );
    expect([unknownCode.statusCode, cookieNamed(unknownCode, SESSION_COOKIE)]).toEqual([403, undefined]);
    expect(unknownCode.body).toContain('did not accept the sign-in code');
  });

  it('says so when Cognito is not configured (locally), and the sign-in page links to it only when it is', async () => {
    const local = await call(makeConsoleCognitoHandler(desk, null), event('/console/sign-in/cognito'));
    expect(local.statusCode).toBe(403);
    expect(local.body).toContain('not configured');
    const withCognito = await call(makeConsoleSignInHandler(desk, config), event('/console/sign-in'));
    expect(withCognito.body).toContain('<a href="/console/sign-in/cognito">Sign in with your desk account</a>');
    const without = await call(makeConsoleSignInHandler(desk), event('/console/sign-in'));
    expect(without.body).not.toContain('Sign in with your desk account');
  });
});
