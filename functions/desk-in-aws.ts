// The desk as the handlers that commit or verify need it in AWS: its secrets from Secrets Manager.
// Handlers that only read use deskFromEnv(). A commit wakes no execution here: the table stream
// delivers that (functions/lifecycle/wake-lifecycle.handler.ts).
import { secretsManagerClient } from './aws/secrets-manager';
import { deskFromEnv, LINK_VALIDITY_SECONDS, type Desk, type DeskOptions } from './desk';
import { secretsManagerSource } from './desk-secrets';

const secretsManager = secretsManagerClient();

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
