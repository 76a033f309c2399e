// API Gateway v2 events for the console's handlers, as a browser would send them through the
// gateway (cookies in `cookies`, the caller's address in requestContext.http.sourceIp), and the
// cookies a response sets.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export interface ConsoleRequest {
  cookies?: string[];
  form?: Record<string, string>;
  query?: Record<string, string>;
  sourceIp?: string;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string;
}

export function consoleEvent(
  method: 'GET' | 'POST',
  path: string,
  request: ConsoleRequest = {},
): APIGatewayProxyEventV2 {
  const body = request.body ?? (request.form ? new URLSearchParams(request.form).toString() : undefined);
  const contentType = request.contentType ?? (request.form ? 'application/x-www-form-urlencoded' : undefined);
  const routeKey = `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    cookies: request.cookies,
    queryStringParameters: request.query,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(request.headers ?? {}) },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'r',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '192.0.2.1', userAgent: 'jest' },
    },
  };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => unknown;

export const invoke = (handler: Handler, event: APIGatewayProxyEventV2) =>
  handler(event, {} as Context) as Promise<APIGatewayProxyStructuredResultV2>;

/** The `name=value` pair a response sets for a cookie (ready to send back), if it sets one with a value. */
export function cookieSet(response: APIGatewayProxyStructuredResultV2, name: string): string | undefined {
  const pair = response.cookies?.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
  return pair && pair.length > name.length + 1 ? pair : undefined;
}
