// One signed request to an AWS service's HTTP API: signed (SigV4), sent, and retried when the
// failure is transient. Built on the parts every bundle already carries through the DynamoDB client
// (AWS's signer, SHA-256, Node HTTP handler and credential chain), so S3, SES and Secrets Manager
// cost a few hundred lines instead of an SDK client each.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Readable } from 'node:stream';

/** What AWS answered with, when it was not a success: its error code and the HTTP status. */
export class AwsRequestError extends Error {
  override readonly name = 'AwsRequestError';
  constructor(
    /** AWS's error code (`NoSuchKey`, `MessageRejected`, …), or the network error's code (status 0). */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${code} (${status}): ${message}`);
  }
}

export interface AwsRequest {
  method: 'GET' | 'PUT' | 'POST' | 'HEAD' | 'DELETE';
  /** Already URI-encoded. */
  path: string;
  /** Another host than the endpoint's (S3's virtual-hosted bucket). */
  hostname?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ServiceOptions {
  region?: string;
  /** Where to send instead of AWS (a local server in tests); else the SDK's AWS_ENDPOINT_URL_* convention. */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts in all, the first included (3, as the SDK's standard mode). */
  maxAttempts?: number;
  /** The first retry waits up to this (jittered), doubling per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface ServiceDefinition {
  /** The name SigV4 signs for (`s3`, `ses`, `secretsmanager`). */
  signingName: string;
  /** The SDK's service id as the endpoint variable names it (`S3`, `SESV2`, `SECRETS_MANAGER`). */
  endpointEnvName: string;
  /** The AWS endpoint's host for a region. */
  host: (region: string) => string;
  /** S3 signs the path as given (it does not double-encode) and the payload hash as a header. */
  s3?: boolean;
}

export interface AwsService {
  readonly region: string;
  /** Whether requests go to an endpoint of our choosing rather than AWS's host (S3 then addresses by path). */
  readonly customEndpoint: boolean;
  send(request: AwsRequest): Promise<AwsResponse>;
}

// Created once per container: sockets stay open between invocations, credentials are fetched once
// and refreshed by the chain itself when they near expiry. A request that hangs fails (and is
// retried) rather than spending the function's whole timeout.
const http = new NodeHttpHandler({
  connectionTimeout: 5_000,
  requestTimeout: 20_000,
  throwOnRequestTimeout: true,
  httpAgent: { keepAlive: true, maxSockets: 50 },
  httpsAgent: { keepAlive: true, maxSockets: 50 },
});
let sharedCredentials: AwsCredentialIdentityProvider | undefined;
const defaultCredentials = (): Promise<AwsCredentialIdentity> => (sharedCredentials ??= defaultProvider())();

const THROTTLING = /^(Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|ProvisionedThroughputExceeded)/;

/** Worth another try: the service was busy or broken, or the request never got an answer. */
export const isTransient = (error: AwsRequestError): boolean =>
  error.status === 0 || error.status >= 500 || error.status === 429 || THROTTLING.test(error.code);

export function awsService(definition: ServiceDefinition, options: ServiceOptions = {}): AwsService {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const configured =
    options.endpoint ?? process.env[`AWS_ENDPOINT_URL_${definition.endpointEnvName}`] ?? process.env.AWS_ENDPOINT_URL;
  const endpoint = new URL(configured ?? `https://${definition.host(region)}`);
  const signer = new SignatureV4({
    service: definition.signingName,
    region,
    credentials: options.credentials ?? defaultCredentials,
    sha256: Sha256,
    uriEscapePath: !definition.s3,
    applyChecksum: definition.s3 ?? false,
  });
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2_000;

  async function attempt(request: AwsRequest): Promise<AwsResponse> {
    const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const basePath = endpoint.pathname.replace(/\/$/, '');
    const unsigned = new HttpRequest({
      protocol: endpoint.protocol,
      hostname: request.hostname ?? endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      method: request.method,
      path: `${basePath}${request.path}`,
      headers: {
        ...request.headers,
        host: request.hostname ?? endpoint.host,
        ...(body ? { 'content-length': String(body.byteLength) } : {}),
      },
      body,
    });
    const signed = await signer.sign(unsigned);
    let response;
    try {
      ({ response } = await http.handle(signed as HttpRequest));
    } catch (error) {
      const cause = error as NodeJS.ErrnoException;
      throw new AwsRequestError(cause.code ?? cause.name, 0, cause.message);
    }
    const answer = {
      status: response.statusCode,
      headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
      body: await collect(response.body as Readable | undefined),
    };
    if (answer.status >= 300) throw errorOf(answer);
    return answer;
  }

  return {
    region,
    customEndpoint: configured !== undefined,
    async send(request) {
      for (let tried = 1; ; tried++) {
        try {
          return await attempt(request);
        } catch (error) {
          if (!(error instanceof AwsRequestError) || !isTransient(error) || tried >= maxAttempts) throw error;
          // Full jitter: callers throttled together do not come back together.
          await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (tried - 1)));
        }
      }
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * AWS's error code as each protocol carries it: the `x-amzn-ErrorType` header (REST-JSON, SES v2),
 * `__type` in a JSON body (Secrets Manager), `<Code>` in an XML body (S3). A bodiless answer (S3's
 * HEAD, a proxy's 502) is named after its status.
 */
function errorOf({ status, headers, body }: AwsResponse): AwsRequestError {
  const text = body.toString('utf8');
  let code = headers['x-amzn-errortype']?.split(':')[0];
  let message = '';
  if (text.trimStart().startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      code ??= typeof json.__type === 'string' ? json.__type : typeof json.code === 'string' ? json.code : undefined;
      message = String(json.message ?? json.Message ?? '');
    } catch {
      // Not JSON after all: the status names it below.
    }
  } else if (text.trimStart().startsWith('<')) {
    code ??= /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
  }
  // `aws.protocols#Namespace#Code` and `namespace#Code` both end in the code.
  code = code?.split('#').pop();
  return new AwsRequestError(
    code || (status === 404 ? 'NotFound' : `Http${status}`),
    status,
    message || text.slice(0, 200),
  );
}
