// The desk's secrets in AWS: one Secrets Manager secret (JSON) holding the link signing keys and
// the webhook secrets under the names the policy gives them. Fetched before the first request and
// again after a while, so a rotated key reaches warm Lambdas without a deployment.
import type { SecretsManager } from './aws/secrets-manager';
import { AwsRequestError } from './aws/signed-request';
import { parseLinkKeys } from '../workflows/links/link-token';
import type { DeskSecrets } from './desk';

export class SecretsUnavailableError extends Error {
  override readonly name = 'SecretsUnavailableError';
  readonly statusCode = 503;
  readonly expose = true;
  constructor(reason: string) {
    super(`the desk's secrets are unavailable: ${reason}`);
  }
}

export interface SecretSourceOptions {
  client: SecretsManager;
  secretId: string;
  /** Where customer links point (the API's public URL). */
  baseUrl: string;
  validitySeconds: number;
  now: () => number;
  refreshAfterMs?: number;
}

/** `LINK_SIGNING_KEYS` holds `id:secret` pairs (newest first); a bare generated secret is the first key. */
export function deskSecretsFrom(
  json: string,
  options: Pick<SecretSourceOptions, 'baseUrl' | 'validitySeconds'>,
): DeskSecrets {
  let values: unknown;
  try {
    values = JSON.parse(json);
  } catch {
    throw new SecretsUnavailableError('the secret is not JSON');
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new SecretsUnavailableError('the secret is not a JSON object');
  const byName = new Map(
    Object.entries(values).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const linkKeys = byName.get('LINK_SIGNING_KEYS');
  return {
    links:
      linkKeys && options.baseUrl
        ? {
            keys: parseLinkKeys(linkKeys.includes(':') ? linkKeys : `initial:${linkKeys}`),
            baseUrl: options.baseUrl,
            validitySeconds: options.validitySeconds,
          }
        : undefined,
    secretOf: (name) => byName.get(name),
  };
}

export function secretsManagerSource(options: SecretSourceOptions): () => Promise<DeskSecrets> {
  const refreshAfterMs = options.refreshAfterMs ?? 10 * 60_000;
  let cached: { secrets: DeskSecrets; at: number } | undefined;
  return async () => {
    if (cached && options.now() - cached.at < refreshAfterMs) return cached.secrets;
    try {
      const secretString = await options.client.getSecretString(options.secretId);
      if (!secretString) throw new SecretsUnavailableError('the secret has no string value');
      cached = { secrets: deskSecretsFrom(secretString, options), at: options.now() };
    } catch (error) {
      // A failed refresh keeps the keys we have: links and webhooks keep working through a blip,
      // and the next attempt waits a full interval rather than slowing every request.
      if (cached) {
        cached = { ...cached, at: options.now() };
        return cached.secrets;
      }
      if (error instanceof SecretsUnavailableError) throw error;
      throw new SecretsUnavailableError(error instanceof AwsRequestError ? error.code : (error as Error).name);
    }
    return cached.secrets;
  };
}
