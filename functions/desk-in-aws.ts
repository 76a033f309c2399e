// The desk as the handlers that commit or verify need it in AWS: secrets from Secrets Manager, and
// each commit waking the ticket's parked lifecycle execution. Handlers that only read use
// deskFromEnv() and so bundle neither client.
import { SFNClient } from '@aws-sdk/client-sfn';
import { secretsManagerClient } from './aws/secrets-manager';
import { deskFromEnv, LINK_VALIDITY_SECONDS, type Desk, type DeskOptions } from './desk';
import { secretsManagerSource } from './desk-secrets';
import { wakeOnCommit } from './lifecycle/lifecycle-driver';

const sfn = new SFNClient({});
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
    onCommit: process.env.STATE_MACHINE_ARN ? wakeOnCommit(sfn, Date.now) : undefined,
  });
}
