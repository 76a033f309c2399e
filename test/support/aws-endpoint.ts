// A local HTTP server standing in for an AWS service (S3, SES, Secrets Manager have no local twin):
// it records each request as it arrived and answers from a script, so specs see exactly what the
// desk signs and sends, and how it takes busy, failing or dropped answers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@smithy/core/protocols';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Close the connection without answering (a network failure). */
  drop?: boolean;
}

export type Respond = (request: ReceivedRequest) => Answer;

export const localCredentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };

/** Answers in turn; the last one answers every request after it. */
export const inTurn = (...answers: Answer[]): Respond => {
  let next = 0;
  return () => answers[Math.min(next++, answers.length - 1)]!;
};

export async function startAwsEndpoint(respond: Respond = () => ({ status: 200 })) {
  const received: ReceivedRequest[] = [];
  const endpoint = { received, respond, url: '', close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      const answer = endpoint.respond(request);
      if (answer.drop) return req.socket.destroy();
      res.writeHead(answer.status ?? 200, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return endpoint;
}

/**
 * Whether a request carries a valid SigV4 signature for the service and region, by signing its
 * signed headers, path and body again with the local credentials at the time it says it was signed.
 */
export async function signatureVerifies(
  request: ReceivedRequest,
  scope: { service: string; region: string; s3?: boolean },
): Promise<boolean> {
  const authorization = String(request.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const [path, query] = request.path.split('?');
  const again = await new SignatureV4({
    service: scope.service,
    region: scope.region,
    credentials: localCredentials,
    sha256: Sha256,
    uriEscapePath: !scope.s3,
    applyChecksum: scope.s3 ?? false,
  }).sign(
    new HttpRequest({
      method: request.method,
      hostname: '127.0.0.1',
      path: path!,
      query: Object.fromEntries(new URLSearchParams(query ?? '')),
      headers: Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])])),
      body: request.body.length ? request.body : undefined,
    }),
    { signingDate },
  );
  return (again.headers as Record<string, string>).authorization === authorization;
}
