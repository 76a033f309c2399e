import { secretsManagerClient } from '../../functions/aws/secrets-manager';
import { deskSecretsFrom, secretsManagerSource, SecretsUnavailableError } from '../../functions/desk-secrets';
import { inTurn, localCredentials, startAwsEndpoint } from '../support/aws-endpoint';

const options = { baseUrl: 'https://desk.example.com', validitySeconds: 3600 };
const secretValue = (value: Record<string, string>) => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({ Name: 'desk', SecretString: JSON.stringify(value) }),
});
const refusal = (code: string) => ({ status: 400, body: JSON.stringify({ __type: code, message: code }) });

let endpoint: Awaited<ReturnType<typeof startAwsEndpoint>>;
beforeEach(async () => {
  endpoint = await startAwsEndpoint();
});
afterEach(() => endpoint.close());

// One attempt per load: the retries of a single request are the signed request's own specification.
const client = () =>
  secretsManagerClient({ region: 'eu-west-1', endpoint: endpoint.url, credentials: localCredentials, maxAttempts: 1 });

describe("the desk's secrets in Secrets Manager", () => {
  it('takes a generated signing secret as the first link key, and webhook secrets by their policy names', () => {
    const secrets = deskSecretsFrom(
      JSON.stringify({
        LINK_SIGNING_KEYS: 'g'.repeat(48),
        WEBHOOK_SECRET_ACME_MONITORING: 'bearer-token',
        WEBHOOK_SECRET_GLOBEX_PORTAL_PREVIOUS: '',
      }),
      options,
    );
    expect(secrets.links).toMatchObject({
      keys: { current: { id: 'initial', secret: 'g'.repeat(48) } },
      baseUrl: 'https://desk.example.com',
    });
    expect(secrets.secretOf('WEBHOOK_SECRET_ACME_MONITORING')).toBe('bearer-token');
    // An empty value is a secret not configured, not an empty secret anyone could match.
    expect(secrets.secretOf('WEBHOOK_SECRET_GLOBEX_PORTAL_PREVIOUS')).toBeUndefined();
  });

  it('keeps older keys verifying while the newest signs, after a rotation', () => {
    const secrets = deskSecretsFrom(
      JSON.stringify({ LINK_SIGNING_KEYS: `k2:${'n'.repeat(32)},k1:${'o'.repeat(32)}` }),
      options,
    );
    expect(secrets.links?.keys.current.id).toBe('k2');
    expect(Object.keys(secrets.links!.keys.all)).toEqual(['k2', 'k1']);
  });

  it('refuses a secret that is not a JSON object', () => {
    expect(() => deskSecretsFrom('not json', options)).toThrow(SecretsUnavailableError);
    expect(() => deskSecretsFrom('["a"]', options)).toThrow(SecretsUnavailableError);
  });

  it('fetches once, refreshes after a while, and rides out a failed refresh on the keys it has', async () => {
    let now = 0;
    endpoint.respond = inTurn(
      secretValue({ LINK_SIGNING_KEYS: 'a'.repeat(32) }),
      refusal('ThrottlingException'),
      secretValue({ LINK_SIGNING_KEYS: `k2:${'b'.repeat(32)}` }),
    );
    const load = secretsManagerSource({
      client: client(),
      secretId: 'desk',
      ...options,
      now: () => now,
      refreshAfterMs: 1000,
    });

    expect((await load()).links?.keys.current.id).toBe('initial');
    expect((await load()).links?.keys.current.id).toBe('initial');
    expect(endpoint.received).toHaveLength(1);
    now = 1500;
    expect((await load()).links?.keys.current.id).toBe('initial');
    now = 3000;
    expect((await load()).links?.keys.current.id).toBe('k2');
    expect(endpoint.received).toHaveLength(3);
    expect(endpoint.received.map((r) => JSON.parse(r.body.toString()))).toEqual(Array(3).fill({ SecretId: 'desk' }));
  });

  it('says the secrets are unavailable (503) when the first fetch fails', async () => {
    endpoint.respond = () => refusal('AccessDeniedException');
    const load = secretsManagerSource({
      client: client(),
      secretId: 'desk',
      ...options,
      now: () => 0,
    });
    await expect(load()).rejects.toMatchObject({
      name: 'SecretsUnavailableError',
      statusCode: 503,
      message: expect.stringContaining('AccessDeniedException'),
    });
  });
});
