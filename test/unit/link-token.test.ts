import { contentHashOf, signLink, verifyLink, parseLinkKeys, type LinkClaims } from '../../workflows/links/link-token';

const keys = parseLinkKeys('k2:second-secret-0123456789,k1:first-secret-0123456789');
const claims: Omit<LinkClaims, 'keyId'> = {
  ticketId: 'CHG-2026-000001',
  action: 'approve_quote',
  ref: 2,
  contentHash: 'abc',
  recipient: 'jan@acme.example.nl',
  expiresAt: 2_000_000_000,
  nonce: 'n1',
};
const NOW = 1_900_000_000;

const tamper = (token: string, change: Partial<LinkClaims>) => {
  const [body, signature] = token.split('.');
  const payload = { ...JSON.parse(Buffer.from(body!, 'base64url').toString()), ...change };
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
};

describe('content hashes', () => {
  it('hash the same content the same whatever order its keys come back in', () => {
    expect(contentHashOf({ a: 1, lines: [{ x: 1, y: 2 }] })).toBe(contentHashOf({ lines: [{ y: 2, x: 1 }], a: 1 }));
    expect(contentHashOf({ a: 1 })).not.toBe(contentHashOf({ a: 2 }));
  });
});

describe('signed link tokens', () => {
  const token = signLink(keys, claims);

  it('verifies a token it signed, with the current key', () => {
    expect(verifyLink(keys, token, NOW)).toEqual({ ok: true, claims: { ...claims, keyId: 'k2' } });
  });

  it.each<[string, Partial<LinkClaims>]>([
    ['ticket', { ticketId: 'CHG-2026-000002' }],
    ['action', { action: 'decline_quote' }],
    ['quote version', { ref: 3 }],
    ['content', { contentHash: 'other' }],
    ['recipient', { recipient: 'piet@acme.example.nl' }],
    ['expiry', { expiresAt: 2_100_000_000 }],
    ['nonce', { nonce: 'n2' }],
  ])('refuses a token whose %s was changed', (_, change) => {
    expect(verifyLink(keys, tamper(token, change), NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token signed with another key id, or an unknown one', () => {
    expect(verifyLink(keys, tamper(token, { keyId: 'k1' }), NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyLink(keys, tamper(token, { keyId: 'k9' }), NOW)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('expires at its expiry, not a second later', () => {
    expect(verifyLink(keys, token, claims.expiresAt - 1).ok).toBe(true);
    expect(verifyLink(keys, token, claims.expiresAt)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('still verifies links signed with an old key after rotation', () => {
    const old = signLink(parseLinkKeys('k1:first-secret-0123456789'), claims);
    expect(verifyLink(keys, old, NOW).ok).toBe(true);
    expect(verifyLink(parseLinkKeys('k3:third-secret-0123456789'), old, NOW)).toMatchObject({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('answers a truncated or mangled token with a refusal, never an exception', () => {
    expect(verifyLink(keys, token.slice(0, -5), NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    for (const bad of ['', '.', 'abc', 'a.b.c', '!!!.???', `${token}x.y`])
      expect(verifyLink(keys, bad, NOW).ok).toBe(false);
  });
});

describe("key ids are the token's word", () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses a token whose key id is "%s" as signed with an unknown key, without throwing',
    (keyId) => {
      const forged = tamper(signLink(keys, claims), { keyId });
      expect(verifyLink(keys, forged, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    },
  );

  it('refuses a token far longer than any it mints as malformed, without decoding it', () => {
    expect(verifyLink(keys, `${'a'.repeat(10_000)}.${'b'.repeat(43)}`, NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
