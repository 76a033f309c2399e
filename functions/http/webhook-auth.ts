// Verifies a webhook delivery against its source's secrets, over the raw body bytes: Standard
// Webhooks signatures (several secrets while a key rotates; ±5 minutes), or a bearer token for
// tools that cannot sign. Every secret is compared in constant time.
import { Webhook } from 'standardwebhooks';
import type { WebhookSource } from '../../workflows/policy/policy';
import { bearerMatches } from './agent-auth';

export type SecretLookup = (name: string) => string | undefined;

export function verifyWebhook(
  source: WebhookSource,
  raw: Buffer,
  headers: Record<string, string | undefined>,
  secretOf: SecretLookup,
): boolean {
  const secrets = source.secretEnv.map(secretOf).filter((s): s is string => !!s);
  // A source whose secret is not configured refuses everything rather than trusting anyone.
  if (secrets.length === 0) return false;
  if (source.auth === 'bearer')
    return secrets.map((secret) => bearerMatches(headers.authorization, secret)).includes(true);
  const signed = {
    'webhook-id': headers['webhook-id'] ?? '',
    'webhook-timestamp': headers['webhook-timestamp'] ?? '',
    'webhook-signature': headers['webhook-signature'] ?? '',
  };
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(raw, signed, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
}
