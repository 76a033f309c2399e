// The portal's sign-in, pure: its token is the desk's signed format under its own purpose and the
// portal's own keys (never a ticket link or a session), the code is checked against its keyed
// digest, a request counts in its address's and its client's windows, and an attempt is redeemed
// only while unused, unexpired, for its own address, and with code tries left.
import { parseLinkKeys, signLink, verifyLink } from '../../workflows/links/link-token';
import {
  codeDigest,
  codeMatches,
  CODE_DIGITS,
  newSignInCode,
  normalAddress,
  openSignInToken,
  portalThrottleWindows,
  redeemable,
  sealSignInToken,
  SIGN_IN_TTL_MS,
  type SignInAttempt,
} from '../../workflows/portal/portal-sign-in';
import { signInMail } from '../../workflows/portal/portal-sign-in-mail';
import { portalKeysFrom, issuePortalSession, verifyPortalSession } from '../../functions/portal/portal-session';
import { issueSession, sessionKeysFrom, verifySession } from '../../functions/console/console-session';
import { defaultPolicy } from '../../workflows/policy/default-policy';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const linkKeys = parseLinkKeys('k2:second-secret-0123456789,k1:first-secret-0123456789');
const keys = portalKeysFrom(linkKeys)!;
const otherKeys = portalKeysFrom(parseLinkKeys('k2:another-desks-secret-012345'))!;
const claims = { attempt: 'a'.repeat(24), email: 'jan@acme.example.nl', expiresAt: NOW + SIGN_IN_TTL_MS };
const limits = defaultPolicy.portalSignIn;

describe('portal sign-in tokens', () => {
  it('open with the portal keys that sealed them, with their claims', () => {
    const opened = openSignInToken(keys, sealSignInToken(keys, claims), NOW);
    expect(opened).toEqual({ ok: true, claims });
  });

  it('are refused once their 15 minutes are over', () => {
    const token = sealSignInToken(keys, claims);
    expect(openSignInToken(keys, token, NOW + SIGN_IN_TTL_MS).ok).toBe(false);
    expect(openSignInToken(keys, token, NOW + SIGN_IN_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  it("are refused when signed by another desk's keys, or altered", () => {
    expect(openSignInToken(keys, sealSignInToken(otherKeys, claims), NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const [body, signature] = sealSignInToken(keys, claims).split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), email: 'piet@acme.example.nl' }),
    ).toString('base64url');
    expect(openSignInToken(keys, `${altered}.${signature}`, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(openSignInToken(keys, 'not-a-token', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('are never a ticket link, nor a ticket link a sign-in token', () => {
    const link = signLink(linkKeys, {
      ticketId: 'INC-2026-000001',
      action: 'confirm_resolution',
      ref: 1,
      contentHash: 'h',
      recipient: claims.email,
      expiresAt: Math.floor(NOW / 1000) + 600,
      nonce: 'n',
    });
    expect(openSignInToken(keys, link, NOW).ok).toBe(false);
    expect(verifyLink(linkKeys, sealSignInToken(keys, claims), Math.floor(NOW / 1000)).ok).toBe(false);
  });

  it('and portal sessions and console sessions never open as one another', () => {
    const consoleKeys = sessionKeysFrom({ agentToken: 'agent-token-1', linkKeys })!;
    const portal = issuePortalSession(keys, claims.email, NOW).token;
    const agent = issueSession(consoleKeys, 'agent@desk.example.com', 'token', NOW).token;
    expect(verifySession(consoleKeys, portal, NOW).ok).toBe(false);
    expect(verifyPortalSession(keys, agent, NOW).ok).toBe(false);
    expect(verifyPortalSession(keys, portal, NOW).ok).toBe(true);
    expect(openSignInToken(keys, portal, NOW).ok).toBe(false);
  });
});

describe('portal sign-in codes', () => {
  it(`are ${CODE_DIGITS} digits`, () => {
    expect(newSignInCode()).toMatch(new RegExp(`^\\d{${CODE_DIGITS}}$`));
  });

  it('match their digest as typed, with spaces, and only for their own attempt', () => {
    const digest = codeDigest(keys.current.key, claims.attempt, '042917');
    expect(codeMatches(keys.current.key, claims.attempt, '042 917', digest)).toBe(true);
    expect(codeMatches(keys.current.key, claims.attempt, '042918', digest)).toBe(false);
    expect(codeMatches(keys.current.key, 'b'.repeat(24), '042917', digest)).toBe(false);
    expect(codeMatches(keys.current.key, claims.attempt, '42917', digest)).toBe(false);
  });
});

describe('the portal sign-in throttle', () => {
  it("counts a request in its address's and its client's fixed windows, at the policy's limits", () => {
    const windows = portalThrottleWindows(limits, 'addr', 'ip4:192.0.2.1', NOW);
    expect(windows.address).toMatchObject({ scope: 'address:addr', limit: limits.perAddress.maxRequests });
    expect(windows.client).toMatchObject({ scope: 'client:ip4:192.0.2.1', limit: limits.perClient.maxRequests });
    expect(windows.address.startsAt).toBeLessThanOrEqual(NOW);
    expect(windows.address.endsAt).toBeGreaterThan(NOW);
  });
});

describe('whether a sign-in attempt can be redeemed', () => {
  const attempt: SignInAttempt = {
    id: claims.attempt,
    email: claims.email,
    customerId: 'acme',
    codeDigest: 'd',
    codeTries: 0,
    expiresAtMs: NOW + SIGN_IN_TTL_MS,
    usedAt: null,
  };
  it('yes while unused, unexpired, for its own address', () => {
    expect(redeemable(attempt, NOW, limits, claims.email)).toEqual({ ok: true });
  });
  it.each([
    ['unknown', null, NOW],
    ['used', { ...attempt, usedAt: NOW - 1 }, NOW],
    ['expired', attempt, NOW + SIGN_IN_TTL_MS],
    ['too-many-codes', { ...attempt, codeTries: limits.codeTries }, NOW],
    ['not-a-customer', { ...attempt, customerId: null }, NOW],
  ] as const)('no: %s', (reason, which, at) => {
    expect(redeemable(which, at, limits)).toEqual({ ok: false, reason });
  });
  it('no for another address than its own', () => {
    expect(redeemable(attempt, NOW, limits, 'piet@acme.example.nl')).toEqual({ ok: false, reason: 'other-address' });
  });
});

describe('the sign-in mail', () => {
  it("is in the customer's language, with the link and the code", () => {
    const nl = signInMail(defaultPolicy, 'nl', 'https://desk.example.com/portal/sign-in/t', '123456');
    const en = signInMail(defaultPolicy, 'en', 'https://desk.example.com/portal/sign-in/t', '123456');
    expect(nl.subject).toMatch(/^Inloggen bij/);
    expect(en.subject).toMatch(/^Sign in to/);
    expect(nl.text).toContain('https://desk.example.com/portal/sign-in/t');
    expect(en.text).toContain('123 456');
  });
});

describe('portal addresses', () => {
  it('are trimmed and lower-cased; anything else is no address', () => {
    expect(normalAddress('  Jan@ACME.example.nl ')).toBe('jan@acme.example.nl');
    expect(normalAddress('jan')).toBeNull();
    expect(normalAddress('a@b')).toBeNull();
    expect(normalAddress(`${'x'.repeat(250)}@acme.nl`)).toBeNull();
  });
});
