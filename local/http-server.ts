// The local HTTP server: routes a request to its Lambda handler through an API Gateway v2 event,
// and writes the handler's result back. Oversized bodies and unknown routes get problem documents.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toApiGatewayEvent } from './api-gateway-event';
import { problemResponse, problemTypes } from '../functions/http/problem';
import { matchPath, type Route } from './routes';

const decodeURIComponentSafe = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const MAX_BODY_BYTES = 12 * 1024 * 1024;

const lambdaContext = (requestId: string): Context =>
  ({
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }) as Context;

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  const headers = { ...(result.headers ?? {}) } as Record<string, string | number | boolean | string[]>;
  // As API Gateway does (payload 2.0): each of the result's `cookies` becomes a Set-Cookie header.
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers as Record<string, string | string[]>);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

function problem(res: ServerResponse, status: number, title: string, detail: string) {
  send(res, problemResponse({ type: problemTypes(title.toLowerCase().replace(/\W+/g, '-')), title, status, detail }));
}

/** Local-only pages served straight from Node (not Lambda handlers), e.g. the dev mailbox. */
export type LocalPage = {
  prefix: string;
  handle: (req: import('node:http').IncomingMessage, res: ServerResponse, rest: string | null) => Promise<void>;
};

export function createHttpServer(routes: Route[], pages: LocalPage[] = []): Server {
  return createServer((req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return problem(res, 400, 'Bad request', 'the request target is not a valid URL');
    }
    const local = pages.find((p) => req.method === 'GET' && (path === p.prefix || path.startsWith(`${p.prefix}/`)));
    if (local) {
      const rest =
        path.length > local.prefix.length + 1 ? decodeURIComponentSafe(path.slice(local.prefix.length + 1)) : null;
      return void local
        .handle(req, res, rest)
        .catch(() => problem(res, 500, 'Internal error', 'the page could not be shown'));
    }
    const candidates = routes
      .map((route) => ({ route, params: matchPath(route.path, path) }))
      .filter((c) => c.params !== null);
    const found = candidates.find(
      (c) => c.route.method === req.method || (req.method === 'HEAD' && c.route.method === 'GET'),
    );
    if (!found) {
      if (candidates.length) return problem(res, 405, 'Method not allowed', `${req.method} is not allowed on ${path}`);
      return problem(res, 404, 'Not found', `no route for ${path}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return problem(res, 413, 'Payload too large', `the body is over ${MAX_BODY_BYTES} bytes`);
      const event = toApiGatewayEvent(
        req,
        Buffer.concat(chunks),
        `${found.route.method} ${found.route.path}`,
        found.params ?? {},
      );
      found.route
        .handler(event, lambdaContext(event.requestContext.requestId))
        .then((result) => send(res, req.method === 'HEAD' ? { ...result, body: undefined } : result))
        .catch(() =>
          problem(res, 500, 'Internal error', 'the desk could not handle this request; nothing was changed'),
        );
    });
  });
}
