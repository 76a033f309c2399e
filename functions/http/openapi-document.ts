// The HTTP API described, not hand-kept: an OpenAPI 3.1 document derived from the route table
// (paths, methods, summaries, who may call) and the zod schemas (request bodies, as zod 4 writes
// them in JSON Schema). The console's pages are for browsers and stay out of it.
import * as z from '../../workflows/validation/zod-mini';
import { withMeta } from '../../workflows/validation/zod-mini';
import {
  channelMaySend,
  createTicketSchemaFor,
  eventPayloadSchema,
  eventTextsOf,
  ticketEventTypes,
} from '../../workflows/lifecycle/ticket-events';
import { discardBodySchema, quarantineIdFormat, releaseBodySchema } from '../api/quarantine-bodies';
import { searchParameterSchema } from '../../workflows/search/search-query';
import { httpRoutes } from './route-table';
import { MONTH_PATTERN } from '../../workflows/billing/billing';

type Route = (typeof httpRoutes)[number];
type JsonSchema = Record<string, unknown>;

/** A zod schema as OpenAPI 3.1 (JSON Schema 2020-12) takes it, as a client would send it. */
const jsonSchemaOf = (schema: z.ZodMiniType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

/** The events an agent may send, one schema each, told apart by `type`. */
function agentEventSchema(): JsonSchema {
  const oneOf = ticketEventTypes
    .filter((type) => channelMaySend(type, 'agent'))
    .map((type) =>
      jsonSchemaOf(
        withMeta(z.extend(eventPayloadSchema(type, 'agent'), { type: z.literal(type) }), eventTextsOf(type) ?? {}),
      ),
    );
  return { oneOf, discriminator: { propertyName: 'type' } };
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The request body a route takes, from the schema that checks it. */
function requestBodyOf(route: Route): Record<string, unknown> | undefined {
  const json = (schema: JsonSchema) => ({ required: true, content: { 'application/json': { schema } } });
  if (route.handler === 'create-ticket') return json(jsonSchemaOf(createTicketSchemaFor('agent')));
  if (route.handler === 'post-ticket-event')
    return {
      required: true,
      content: {
        'application/json': { schema: agentEventSchema() },
        // Files travel beside the event, never named in it: the desk stores them and stamps the list.
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['event'],
            properties: {
              event: { type: 'string', description: 'The event as JSON (as the application/json body).' },
              files: {
                type: 'array',
                items: { type: 'string', format: 'binary' },
                description:
                  "Files for an event that carries attachments (REPLY, ADD_NOTE): the policy's file rules decide (422 names each refused file and its rule).",
              },
            },
          },
          encoding: { event: { contentType: 'application/json' } },
        },
      },
    };
  if (route.handler === 'resend-mail')
    return {
      required: false,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { clearSuppression: { type: 'boolean' } },
            additionalProperties: false,
          },
        },
      },
    };
  if (route.handler === 'release-quarantine')
    return { required: false, content: { 'application/json': { schema: jsonSchemaOf(releaseBodySchema) } } };
  if (route.handler === 'discard-quarantine') return json(jsonSchemaOf(discardBodySchema));
  if (route.handler === 'receive-webhook')
    return json({
      type: 'object',
      description: "The source's payload: its adapter (generic JSON or Alertmanager v4) checks it.",
    });
  if (route.handler === 'link-action')
    return { required: false, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } };
  return undefined;
}

const parameterFormats: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: '^(INC|SR|CHG)-\\d{4}-\\d{6,9}$' },
  token: { type: 'string', maxLength: 2048, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' },
  source: { type: 'string', pattern: '^[a-z0-9-]{1,100}$' },
  seq: { type: 'integer', minimum: 1 },
  n: { type: 'integer', minimum: 1 },
  sha256: { type: 'string', pattern: '^[a-f0-9]{64}$' },
};

/** A route's query parameters, from the schema that checks them (the search's). */
function queryParametersOf(route: Route): Record<string, unknown>[] {
  if (route.handler === 'billing-export' || route.handler === 'service-report')
    return [
      { name: 'month', in: 'query', required: true, schema: { type: 'string', pattern: MONTH_PATTERN } },
      {
        name: 'customer',
        in: 'query',
        required: false,
        description: 'One customer of the policy, by id; absent or empty for the whole desk',
        schema: { type: 'string', pattern: '^[a-z0-9-]*$' },
      },
    ];
  if (route.handler !== 'list-tickets') return [];
  return Object.entries(searchParameterSchema.shape).map(([name, schema]) => {
    const { description, ...format } = jsonSchemaOf(schema as z.ZodMiniType);
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: format };
  });
}

function operationOf(route: Route): Record<string, unknown> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const query = queryParametersOf(route);
  const responses: Record<string, unknown> = {
    [route.method === 'POST'
      ? route.handler === 'create-ticket'
        ? '201'
        : route.handler === 'receive-webhook'
          ? '202'
          : '200'
      : '200']:
      route.handler === 'get-ticket-file'
        ? {
            description: 'The file, as an attachment (Content-Disposition), of its type when that is safe to serve',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          }
        : { description: 'OK' },
    '400': problem('The request is malformed or invalid; `errors` names each field'),
    '503': problem('The desk is busy or its store is unavailable; try again after Retry-After'),
  };
  if (route.access === 'agent') responses['401'] = problem('No or a wrong agent token');
  if (names.length) responses['404'] = problem('Nothing has this name');
  if (route.handler === 'post-ticket-event' || route.handler === 'resend-mail')
    responses['409'] = problem('Not allowed now; `allowed` lists what is');
  if (route.handler === 'release-quarantine' || route.handler === 'discard-quarantine')
    responses['409'] = problem('Released or discarded before; `released` or `discarded` says by whom and when');
  if (route.handler === 'receive-webhook') {
    responses['401'] = problem('Unsigned, badly signed or stale delivery');
    responses['413'] = problem('The payload is too large');
    responses['415'] = problem('The payload is not JSON');
  }
  const body = requestBodyOf(route);
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
    summary: route.summary,
    ...(route.access === 'agent' ? { security: [{ agent: [] }] } : { security: [] }),
    ...(names.length || query.length
      ? {
          parameters: [
            ...names.map((name) => ({
              name,
              in: 'path',
              required: true,
              schema:
                name === 'id' && route.path.startsWith('/v1/quarantine/')
                  ? quarantineIdFormat
                  : (parameterFormats[name] ?? { type: 'string' }),
            })),
            ...query,
          ],
        }
      : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The document the desk serves at /v1/openapi.json. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of httpRoutes.filter((r) => !r.path.startsWith('/console'))) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Service desk API',
      version: '1',
      description: 'Agents (bearer token, or a Cognito JWT in AWS), webhooks, customer links.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: {
        agent: { type: 'http', scheme: 'bearer', description: 'The agent token (locally) or a Cognito JWT (in AWS)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
            allowed: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  };
}
