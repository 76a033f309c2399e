// Sign-in through the stack's Cognito user pool: its configuration (COGNITO_* and PUBLIC_URL, set by
// the stack on the console's functions only) and the ID token's verification by aws-jwt-verify —
// RS256 against the pool's JWKS (cached per cold start, re-read when a key id is new), issuer,
// audience, token_use and expiry — each refusal said in the agent's terms.
import { createHash } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import {
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  FetchError,
} from 'aws-jwt-verify/error';

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
  return {
    domain: domain.replace(/\/+$/, ''),
    clientId,
    issuer: issuer.replace(/\/+$/, ''),
    redirectUri: `${publicUrl.replace(/\/+$/, '')}${COGNITO_CALLBACK_PATH}`,
  };
}

export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

// ---- ID token verification.

export class TokenRefusal extends Error {
  override readonly name = 'TokenRefusal';
}

export interface IdClaims {
  iss: string;
  aud: string;
  token_use: string;
  exp: number;
  email?: string;
  email_verified?: boolean | string;
  sub: string;
  /** The account's Cognito groups: the policy's team ids it belongs to. */
  'cognito:groups'?: string[];
}

/** The JWKS over fetch(): the pool's HTTPS endpoint in AWS, a local stand-in in tests. */
const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
    if (!response.ok)
      throw new TokenRefusal(`the user pool's signing keys could not be read (HTTP ${response.status})`);
    return response.arrayBuffer();
  },
};

const verifiers = new Map<string, ReturnType<typeof verifierFor>>();

function verifierFor(config: Pick<CognitoConfig, 'issuer' | 'clientId'>) {
  return JwtRsaVerifier.create(
    {
      issuer: config.issuer,
      audience: config.clientId,
      jwksUri: `${config.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== 'RS256') throw new TokenRefusal('the ID token is not signed with RS256 by a named key');
        if (payload.token_use !== 'id') throw new TokenRefusal('the token is not an ID token');
        if (typeof payload.sub !== 'string') throw new TokenRefusal('the ID token names no user');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
}

/** What each of the library's refusals means to the agent signing in. */
function refusalOf(error: unknown): TokenRefusal {
  if (error instanceof TokenRefusal) return error;
  if (error instanceof JwtExpiredError) return new TokenRefusal('the ID token has expired');
  if (error instanceof JwtInvalidIssuerError) return new TokenRefusal('the ID token was issued by another user pool');
  if (error instanceof JwtInvalidAudienceError)
    return new TokenRefusal('the ID token was issued to another app client');
  if (error instanceof JwtInvalidSignatureError) return new TokenRefusal('the ID token signature does not verify');
  if (error instanceof JwtInvalidSignatureAlgorithmError || error instanceof JwtWithoutValidKidError) {
    return new TokenRefusal('the ID token is not signed with RS256 by a named key');
  }
  if (error instanceof KidNotFoundInJwksError)
    return new TokenRefusal('the ID token was signed with a key the user pool does not publish');
  if (error instanceof JwtParseError) return new TokenRefusal('the ID token is not a JWT');
  if (error instanceof FetchError) return new TokenRefusal("the user pool's signing keys could not be read");
  if (error instanceof JwtBaseError) return new TokenRefusal(`the ID token was refused: ${error.message}`);
  throw error;
}

/** The claims of a Cognito ID token once every check passed; otherwise a TokenRefusal saying which failed. */
export async function verifyIdToken(
  token: string,
  config: Pick<CognitoConfig, 'issuer' | 'clientId'>,
): Promise<IdClaims> {
  const key = `${config.issuer} ${config.clientId}`;
  let verifier = verifiers.get(key);
  if (!verifier) verifiers.set(key, (verifier = verifierFor(config)));
  try {
    return (await verifier.verify(token)) as unknown as IdClaims;
  } catch (error) {
    throw refusalOf(error);
  }
}
