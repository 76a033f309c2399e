// The desk as the handlers that commit or verify need it in AWS: secrets from Secrets Manager, and
// each commit waking the ticket's parked lifecycle execution. Handlers that only read use
// deskFromEnv() and so bundle neither client.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { deskFromEnv, LINK_VALIDITY_SECONDS, type Desk, type DeskOptions } from './desk';
import { secretsManagerSource } from './desk-secrets';

const secretsManager = new SecretsManagerClient({});

export function deskInAws(extra: Pick<DeskOptions, 'blobStore'> = {}): Desk {
  const secretId = process.env.DESK_SECRET_ARN;
  return deskFromEnv({
    ...extra,
    loadSecrets: secretId
      ? secretsManagerSource({
          client: secretsManager,
          secretId,
          baseUrl: process.env.PUBLIC_URL ?? '',
          validitySeconds: LINK_VALIDITY_SECONDS,
          now: Date.now,
        })
      : undefined,
  });
}
