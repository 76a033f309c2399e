// Sign-in through the stack's Cognito user pool: its configuration (COGNITO_* and PUBLIC_URL, set by
// the stack on the console's functions only) and the ID token's verification with node:crypto —
// RS256 against the pool's JWKS (cached per cold start), issuer, audience, token_use and expiry.
import { createHash, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

export const COGNITO_START_PATH = '/console/sign-in/cognito';
export const COGNITO_CALLBACK_PATH = '/console/sign-in/callback';

export interface CognitoConfig {
  /** The hosted UI's base URL, e.g. `https://desk.auth.eu-west-1.amazoncognito.com`. */
  domain: string;
  clientId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` */
  issuer: string;
  /** Where Cognito sends the browser back: `${PUBLIC_URL}/console/sign-in/callback`. */
  redirectUri: string;
}

/** The Cognito sign-in as the stack configures it (COGNITO_* and PUBLIC_URL), or null when it is not. */
export function cognitoConfigFrom(env: Record<string, string | undefined>): CognitoConfig | null {
  const { COGNITO_DOMAIN: domain, COGNITO_CLIENT_ID: clientId, COGNITO_ISSUER: issuer, PUBLIC_URL: publicUrl } = env;
  if (!domain || !clientId || !issuer || !publicUrl) return null;
  return { domain: domain.replace(/\/+$/, ''), clientId, issuer: issuer.replace(/\/+$/, ''), redirectUri: `${publicUrl.replace(/\/+$/, '')}${COGNITO_CALLBACK_PATH}` };
}

export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

// ---- ID token verification (RS256 against the pool's JWKS; keys cached per cold start).

export class TokenRefusal extends Error {
  override readonly name = 'TokenRefusal';
}

type Jwk = JsonWebKey & { kid?: string; kty?: string; alg?: string; use?: string };
const jwksCache = new Map<string, Map<string, KeyObject>>();

async function fetchKeys(issuer: string): Promise<Map<string, KeyObject>> {
  const response = await fetch(`${issuer}/.well-known/jwks.json`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new TokenRefusal(`the user pool's signing keys could not be read (HTTP ${response.status})`);
  const { keys } = (await response.json()) as { keys?: Jwk[] };
  const byKid = new Map<string, KeyObject>();
  for (const jwk of keys ?? []) {
    if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
    byKid.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
  jwksCache.set(issuer, byKid);
  return byKid;
}

async function signingKey(issuer: string, kid: string): Promise<KeyObject> {
  const cached = jwksCache.get(issuer)?.get(kid);
  if (cached) return cached;
  // An unknown key id: the pool may have rotated since this cold start; read the keys once more.
  const key = (await fetchKeys(issuer)).get(kid);
  if (!key) throw new TokenRefusal('the ID token was signed with a key the user pool does not publish');
  return key;
}

export interface IdClaims {
  iss: string;
  aud: string;
  token_use: string;
  exp: number;
  email?: string;
  email_verified?: boolean | string;
  sub: string;
}

const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The claims of a Cognito ID token once every check passed; otherwise a TokenRefusal saying which failed. */
export async function verifyIdToken(token: string, config: Pick<CognitoConfig, 'issuer' | 'clientId'>, now: number = Date.now()): Promise<IdClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw new TokenRefusal('the ID token is not a JWT');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodePart(parts[0]!);
    claims = decodePart(parts[1]!);
  } catch {
    throw new TokenRefusal('the ID token is not a JWT');
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new TokenRefusal('the ID token is not signed with RS256 by a named key');
  const key = await signingKey(config.issuer, header.kid);
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))) throw new TokenRefusal('the ID token signature does not verify');
  if (claims.iss !== config.issuer) throw new TokenRefusal('the ID token was issued by another user pool');
  if (claims.aud !== config.clientId) throw new TokenRefusal('the ID token was issued to another app client');
  if (claims.token_use !== 'id') throw new TokenRefusal('the token is not an ID token');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new TokenRefusal('the ID token has expired');
  if (typeof claims.sub !== 'string') throw new TokenRefusal('the ID token names no user');
  return claims as unknown as IdClaims;
}
