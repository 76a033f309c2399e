// The one Secrets Manager call the desk makes: GetSecretValue (AWS JSON 1.1 protocol).
import { awsService, type ServiceOptions } from './signed-request';

export interface SecretsManager {
  /** The secret's string value; undefined for a binary-only secret. */
  getSecretString(secretId: string): Promise<string | undefined>;
}

export function secretsManagerClient(options: ServiceOptions = {}): SecretsManager {
  const service = awsService(
    {
      signingName: 'secretsmanager',
      endpointEnvName: 'SECRETS_MANAGER',
      host: (region) => `secretsmanager.${region}.amazonaws.com`,
    },
    options,
  );
  return {
    async getSecretString(secretId) {
      const { body } = await service.send({
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
        body: JSON.stringify({ SecretId: secretId }),
      });
      const { SecretString } = JSON.parse(body.toString('utf8')) as { SecretString?: string };
      return SecretString;
    },
  };
}
