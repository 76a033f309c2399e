import { parseSetCookie } from 'cookie';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  cameOverHttps,
  consoleCookie,
  cookieValues,
  csrfMatches,
  csrfTokenFor,
  issueSession,
  LOGIN_TTL_MS,
  loginCsrfFor,
  loginCsrfMatches,
  loginNonceExpiry,
  newLoginNonce,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  sessionKeysFrom,
  verifySession,
} from '../../functions/console/console-session';
import { liveSession } from '../../functions/console/console-auth';
import { safeNext } from '../../functions/console/console-pages';
import { parseLinkKeys } from '../../workflows/links/link-token';

const linkKeys = parseLinkKeys('k2:second-secret-0123456789,k1:first-secret-0123456789');
const keys = sessionKeysFrom({ agentToken: 'agent-token-1', linkKeys })!;
const NOW = Date.parse('2026-11-24T08:00:00Z');

const tamper = (token: string, change: Record<string, unknown>) => {
  const [body, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(body!, 'base64url').toString()), ...change };
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
};

function request(
  method: string,
  options: { cookies?: string[]; body?: string; contentType?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /console`,
    rawPath: '/console/tickets/INC-2026-000001/events',
    rawQueryString: '',
    cookies: options.cookies,
    headers: { ...(options.contentType ? { 'content-type': options.contentType } : {}), ...(options.headers ?? {}) },
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'r',
      routeKey: `${method} /console`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path: '/console', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
  };
}

describe('console sessions', () => {
  const { token, session } = issueSession(keys, 'local-agent', 'token', NOW);

  it('verify when signed by this desk and not yet expired', () => {
    expect(verifySession(keys, token, NOW + SESSION_TTL_MS - 1)).toEqual({ ok: true, session });
    expect(session).toMatchObject({
      agentId: 'local-agent',
      via: 'token',
      issuedAt: NOW,
      expiresAt: NOW + 12 * 3600_000,
    });
  });

  it('are refused once expired', () => {
    expect(verifySession(keys, token, NOW + SESSION_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('are refused when missing, or not a token at all, without throwing', () => {
    for (const bad of [undefined, '']) expect(verifySession(keys, bad, NOW)).toEqual({ ok: false, reason: 'missing' });
    for (const bad of [
      'abc',
      'a.b.c',
      '.',
      'a.',
      '!!!.???',
      `${Buffer.from('not json').toString('base64url')}.AAAA`,
      `${Buffer.from('{"sid":1}').toString('base64url')}.AAAA`,
    ]) {
      expect(verifySession(keys, bad, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it.each([
    ['agent', { agentId: 'someone-else' }],
    ['expiry', { expiresAt: NOW + 365 * 24 * 3600_000 }],
    ['session id', { sid: 'chosen-by-attacker' }],
    ['sign-in method', { via: 'cognito' }],
  ])('are refused when the %s was changed', (_, change) => {
    expect(verifySession(keys, tamper(token, change), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('are refused with a truncated or altered signature', () => {
    expect(verifySession(keys, token.slice(0, -4), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySession(keys, `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('are refused under another key: other link keys, another agent token, an unknown key id', () => {
    const otherDesk = sessionKeysFrom({
      agentToken: 'agent-token-1',
      linkKeys: parseLinkKeys('k2:some-other-secret-0123456789'),
    })!;
    expect(verifySession(otherDesk, token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    // A new agent token ends every session signed in with the old one.
    const newToken = sessionKeysFrom({ agentToken: 'agent-token-2', linkKeys })!;
    expect(verifySession(newToken, token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySession(keys, tamper(token, { kid: 'k9' }), NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    const tokenOnly = sessionKeysFrom({ agentToken: 'agent-token-1' })!;
    expect(verifySession(tokenOnly, token, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('keep verifying after a link key rotation, until the old key is dropped', () => {
    const rotated = sessionKeysFrom({
      agentToken: 'agent-token-1',
      linkKeys: parseLinkKeys('k3:third-secret-0123456789,k2:second-secret-0123456789'),
    })!;
    expect(verifySession(rotated, token, NOW).ok).toBe(true);
    const dropped = sessionKeysFrom({
      agentToken: 'agent-token-1',
      linkKeys: parseLinkKeys('k3:third-secret-0123456789'),
    })!;
    expect(verifySession(dropped, token, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('need an agent token or link keys to exist at all', () => {
    expect(sessionKeysFrom({})).toBeNull();
    expect(sessionKeysFrom({ agentToken: '' })).toBeNull();
  });

  it('are read from the cookies of an API Gateway v2 event (or a Cookie header), every value in order', () => {
    const event = request('GET', { cookies: [`${SESSION_COOKIE}=garbage`, 'other=1', `${SESSION_COOKIE}=${token}`] });
    expect(cookieValues(event, SESSION_COOKIE)).toEqual(['garbage', token]);
    expect(
      cookieValues(request('GET', { headers: { cookie: `a=b; ${SESSION_COOKIE}=${token}` } }), SESSION_COOKIE),
    ).toEqual([token]);
    expect(cookieValues(request('GET'), SESSION_COOKIE)).toEqual([]);
    expect(cookieValues(request('GET', { cookies: ['x=1=2'] }), 'x')).toEqual(['1=2']);
  });
});

describe('a session whose cookie verifies', () => {
  const { session } = issueSession(keys, 'local-agent', 'token', NOW);
  const stored = {
    agentId: 'local-agent',
    via: 'token' as const,
    issuedAt: NOW,
    expiresAtMs: session.expiresAt,
    revokedAt: null,
  };

  it('is live while its item in the table is there, not revoked and not expired', () => {
    expect(liveSession(session, stored, NOW + 1)).toEqual({ ok: true, session });
  });

  it.each([
    ['its item is gone', null, 'unknown-session'],
    ['its item names another agent', { ...stored, agentId: 'someone-else' }, 'unknown-session'],
    ['its item came from another way of signing in', { ...stored, via: 'cognito' as const }, 'unknown-session'],
    ['it was signed out', { ...stored, revokedAt: NOW }, 'signed-out'],
    ['its item has expired (TTL deletes late)', { ...stored, expiresAtMs: NOW }, 'expired'],
  ])('is refused when %s', (_, item, reason) => {
    expect(liveSession(session, item, NOW + 1)).toEqual({ ok: false, reason });
  });
});

describe('CSRF tokens', () => {
  const { session } = issueSession(keys, 'local-agent', 'token', NOW);
  const csrf = csrfTokenFor(keys, session);

  it('match the session they were made for, in constant time, whatever their length', () => {
    expect(csrfMatches(keys, session, csrf)).toBe(true);
    for (const bad of [
      null,
      undefined,
      '',
      'x',
      csrf.slice(1),
      `${csrf}x`,
      csrf.toLowerCase() === csrf ? csrf.toUpperCase() : csrf.toLowerCase(),
    ]) {
      expect(csrfMatches(keys, session, bad)).toBe(false);
    }
  });

  it('do not carry over to another session, or to another desk', () => {
    const other = issueSession(keys, 'local-agent', 'token', NOW).session;
    expect(csrfMatches(keys, other, csrf)).toBe(false);
    const otherDesk = sessionKeysFrom({
      agentToken: 'agent-token-1',
      linkKeys: parseLinkKeys('k2:some-other-secret-0123456789'),
    })!;
    expect(csrfMatches(otherDesk, session, csrf)).toBe(false);
  });

  it('for the sign-in form, bind to a nonce that carries its own expiry', () => {
    const nonce = newLoginNonce(NOW);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{24}\.[0-9a-z]+$/);
    expect(loginNonceExpiry(nonce)).toBe(NOW + LOGIN_TTL_MS);
    expect(newLoginNonce(NOW)).not.toBe(nonce);
    // Changing the expiry changes the nonce, which the form's token no longer matches.
    const stretched = `${nonce.split('.')[0]}.${(NOW + 365 * 24 * 3600_000).toString(36)}`;
    expect(loginCsrfMatches(keys, stretched, loginCsrfFor(keys, nonce))).toBe(false);
    for (const bad of ['', 'abc', `${nonce}.x`, 'SESSION#x.1', `${nonce.split('.')[0]}.`])
      expect(loginNonceExpiry(bad)).toBeNull();
  });

  it('for the sign-in form, bind to the nonce cookie set with the form', () => {
    const token = loginCsrfFor(keys, 'nonce-1');
    expect(loginCsrfMatches(keys, 'nonce-1', token)).toBe(true);
    expect(loginCsrfMatches(keys, 'nonce-2', token)).toBe(false);
    expect(loginCsrfMatches(keys, undefined, token)).toBe(false);
    expect(loginCsrfMatches(keys, 'nonce-1', undefined)).toBe(false);
  });
});

describe('console cookies', () => {
  it('are HttpOnly, SameSite=Strict and scoped to /console; Secure when the browser came over https', () => {
    expect(parseSetCookie(consoleCookie(SESSION_COOKIE, 'v', { secure: false, maxAgeSeconds: 43200 }))).toEqual({
      name: 'desk_session',
      value: 'v',
      path: '/console',
      maxAge: 43200,
      httpOnly: true,
      sameSite: 'strict',
    });
    expect(parseSetCookie(consoleCookie(SESSION_COOKIE, 'v', { secure: true, maxAgeSeconds: 43200 }))).toEqual({
      name: 'desk_session',
      value: 'v',
      path: '/console',
      maxAge: 43200,
      httpOnly: true,
      sameSite: 'strict',
      secure: true,
    });
    expect(cameOverHttps(request('GET', { headers: { 'x-forwarded-proto': 'https' } }))).toBe(true);
    expect(cameOverHttps(request('GET', { headers: { 'x-forwarded-proto': 'http' } }))).toBe(false);
    expect(cameOverHttps(request('GET'))).toBe(false);
  });
});

describe('where sign-in goes next', () => {
  it('stays inside the console: never another site, never another part of the desk', () => {
    expect(safeNext('/console/tickets/INC-2026-000001?rows=8')).toBe('/console/tickets/INC-2026-000001?rows=8');
    expect(safeNext('/console?kind=incident&priority=P1')).toBe('/console?kind=incident&priority=P1');
    for (const bad of [
      null,
      '',
      'https://evil.example',
      '//evil.example/console',
      '/console//evil.example',
      '/console/../v1/billing',
      '/consolex',
      '/v1/tickets',
      '/console\\evil',
      'javascript:alert(1)',
    ]) {
      expect(safeNext(bad)).toBe('/console');
    }
  });

  // Each is read as a browser resolves it (the WHATWG URL parser: %2e is a dot in a dot segment,
  // a backslash is a slash, tabs and newlines are dropped), and must not leave /console.
  it.each([
    ['percent-encoded dot segments', '/console/%2e%2e/%2e%2e/dev/mailbox'],
    ['upper-case percent-encoded dots', '/console/%2E%2E/v1/billing'],
    ['half-encoded dot segments', '/console/.%2e/dev/mailbox'],
    ['a dot segment after a ticket', '/console/tickets/../../dev/mailbox'],
    ['a dot segment at the end', '/console/..'],
    ['an encoded slash inside a segment', '/console/..%2f..%2fdev/mailbox'],
    ['an encoded backslash', '/console/..%5c..%5cdev/mailbox'],
    ['double encoding', '/console/%252e%252e/%252e%252e/dev/mailbox'],
    ['a backslash turned into a host', '/\\evil.example/console'],
    ['a backslash after the console', '/console\\..\\..\\dev'],
    ['a tab the browser drops', '/\t/evil.example/console'],
    ['a newline the browser drops', '/\n/evil.example'],
    ['a carriage return (header splitting)', '/console\r\nSet-Cookie: x=1'],
    ['a NUL byte', '/console/%00/x'],
    ['an encoded newline', '/console/tickets/%0d%0aSet-Cookie:x'],
    ['a protocol-relative URL', '//evil.example'],
    ['an absolute URL to this very path', 'http://localhost/console'],
    ['a scheme with a console path', 'javascript:/console'],
    ['a path parameter', '/console/..;/dev/mailbox'],
    ['a prefix that only looks like the console', '/console-evil'],
    ['another case', '/Console'],
    ['a malformed escape', '/console/%zz'],
    ['an overlong value', `/console/${'a'.repeat(3000)}`],
    ['a duplicated parameter joined by a comma', '/console,/dev/mailbox'],
  ])('goes to /console for %s', (_, hostile) => {
    expect(safeNext(hostile)).toBe('/console');
  });

  it('keeps what a browser would keep, normalised: the query and fragment of a path inside the console', () => {
    expect(safeNext('/console/tickets/./INC-2026-000001')).toBe('/console/tickets/INC-2026-000001');
    expect(safeNext('/console/tickets/INC-2026-000001#flash')).toBe('/console/tickets/INC-2026-000001#flash');
    expect(safeNext('/console/sign-in?next=%2Fconsole%3Fkind%3Dincident')).toBe(
      '/console/sign-in?next=%2Fconsole%3Fkind%3Dincident',
    );
    expect(safeNext('/console?q="<x>"')).toBe('/console?q=%22%3Cx%3E%22');
  });
});
