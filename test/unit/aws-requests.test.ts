import { createHash } from 'node:crypto';
import { s3Client } from '../../functions/aws/s3';
import { secretsManagerClient } from '../../functions/aws/secrets-manager';
import { AwsRequestError } from '../../functions/aws/signed-request';
import { createS3BlobStore, RawMailMissingError, readRawMail } from '../../functions/store/s3-blob-store';
import { inTurn, localCredentials, signatureVerifies, startAwsEndpoint } from '../support/aws-endpoint';

let endpoint: Awaited<ReturnType<typeof startAwsEndpoint>>;
beforeEach(async () => {
  endpoint = await startAwsEndpoint();
});
afterEach(() => endpoint.close());

const local = () => ({ region: 'eu-west-1', endpoint: endpoint.url, credentials: localCredentials, baseDelayMs: 1 });
const noSuchKey = {
  status: 404,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
};

describe('the mail bucket, by signed S3 requests', () => {
  it('stores an object content-addressed with a PUT signed for S3 in the region, its SHA-256 as payload hash and checksum', async () => {
    const bytes = Buffer.from('From: jan@acme.example.nl\r\n\r\nHallo');
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    const kept = await createS3BlobStore(s3Client(local()), 'mail-bucket').put(bytes, {
      prefix: 'raw/2026-11-20',
      extension: '.eml',
    });

    expect(kept).toEqual({ key: `raw/2026-11-20/${sha256}.eml`, sha256 });
    const [put] = endpoint.received;
    expect(put).toMatchObject({ method: 'PUT', path: `/mail-bucket/raw/2026-11-20/${sha256}.eml` });
    expect(put!.body.equals(bytes)).toBe(true);
    expect(put!.headers).toMatchObject({
      'content-length': String(bytes.length),
      'x-amz-content-sha256': sha256,
      'x-amz-checksum-sha256': Buffer.from(sha256, 'hex').toString('base64'),
      authorization: expect.stringMatching(
        /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[^ ]*x-amz-content-sha256[^ ]*, Signature=[0-9a-f]{64}$/,
      ),
    });
    expect(await signatureVerifies(put!, { service: 's3', region: 'eu-west-1', s3: true })).toBe(true);
  });

  it('reads an object back with a signed GET of the empty payload, and percent-encodes the key', async () => {
    endpoint.respond = () => ({ status: 200, body: Buffer.from([0xff, 0x00, 0x41]) });

    const bytes = await readRawMail(s3Client(local()), 'mail-bucket', 'inbound/ses id+1');

    expect(bytes).toEqual(Buffer.from([0xff, 0x00, 0x41]));
    const [get] = endpoint.received;
    expect(get).toMatchObject({ method: 'GET', path: '/mail-bucket/inbound/ses%20id%2B1' });
    expect(get!.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('').digest('hex'));
    expect(await signatureVerifies(get!, { service: 's3', region: 'eu-west-1', s3: true })).toBe(true);
  });

  it('finds nothing where S3 answers NoSuchKey, and says which raw mail is missing', async () => {
    endpoint.respond = () => noSuchKey;
    const client = s3Client(local());

    expect(await createS3BlobStore(client, 'mail-bucket').get('raw/2026-11-20/gone.eml')).toBeNull();
    await expect(readRawMail(client, 'mail-bucket', 'inbound/gone')).rejects.toEqual(
      new RawMailMissingError('inbound/gone'),
    );
    // Not found is an answer, not a failure: asked once each.
    expect(endpoint.received).toHaveLength(2);
  });

  it('takes its endpoint from AWS_ENDPOINT_URL_S3, as the SDK does', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = endpoint.url;
    try {
      await s3Client({ region: 'eu-west-1', credentials: localCredentials }).getObject({ bucket: 'b', key: 'k' });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
    }
    expect(endpoint.received.map((r) => r.path)).toEqual(['/b/k']);
  });
});

describe('a signed request that meets a busy or failing service', () => {
  const slowDown = {
    status: 503,
    body: '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>',
  };

  it('tries a throttled request again and succeeds', async () => {
    endpoint.respond = inTurn(slowDown, slowDown, { status: 200, body: 'stored' });

    const bytes = await s3Client(local()).getObject({ bucket: 'mail-bucket', key: 'k' });

    expect(bytes.toString()).toBe('stored');
    expect(endpoint.received).toHaveLength(3);
  });

  it('tries again after the connection dropped without an answer', async () => {
    endpoint.respond = inTurn({ drop: true }, { status: 200, body: 'stored' });

    expect((await s3Client(local()).getObject({ bucket: 'mail-bucket', key: 'k' })).toString()).toBe('stored');
    expect(endpoint.received).toHaveLength(2);
  });

  it('gives up after the attempts it has, with the last error AWS gave', async () => {
    endpoint.respond = () => slowDown;

    await expect(s3Client({ ...local(), maxAttempts: 2 }).getObject({ bucket: 'b', key: 'k' })).rejects.toMatchObject({
      name: 'AwsRequestError',
      code: 'SlowDown',
      status: 503,
    });
    expect(endpoint.received).toHaveLength(2);
  });

  it('surfaces a permanent refusal at once as a typed error with AWS code and status', async () => {
    endpoint.respond = () => ({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the secret." }),
    });

    const failure = await secretsManagerClient(local())
      .getSecretString('desk')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AwsRequestError);
    expect(failure).toMatchObject({ name: 'AwsRequestError', code: 'ResourceNotFoundException', status: 400 });
    expect(endpoint.received).toHaveLength(1);
  });

  it('counts a ThrottlingException answered as 400 as throttling, and retries it', async () => {
    endpoint.respond = inTurn(
      { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) },
      { status: 200, body: JSON.stringify({ SecretString: '{}' }) },
    );

    expect(await secretsManagerClient(local()).getSecretString('desk')).toBe('{}');
    expect(endpoint.received).toHaveLength(2);
  });
});

describe('the secret, by a signed Secrets Manager request', () => {
  it('asks GetSecretValue by the AWS JSON 1.1 target, signed for secretsmanager in the region', async () => {
    endpoint.respond = () => ({ status: 200, body: JSON.stringify({ SecretString: '{"LINK_SIGNING_KEYS":"k"}' }) });

    const value = await secretsManagerClient(local()).getSecretString('arn:aws:secretsmanager:eu-west-1:1:secret:desk');

    expect(value).toBe('{"LINK_SIGNING_KEYS":"k"}');
    const [request] = endpoint.received;
    expect(request).toMatchObject({ method: 'POST', path: '/' });
    expect(request!.headers).toMatchObject({
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'content-type': 'application/x-amz-json-1.1',
      authorization: expect.stringContaining('/eu-west-1/secretsmanager/aws4_request'),
    });
    expect(JSON.parse(request!.body.toString())).toEqual({
      SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:desk',
    });
    expect(await signatureVerifies(request!, { service: 'secretsmanager', region: 'eu-west-1' })).toBe(true);
  });
});
