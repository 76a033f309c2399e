// GET /v1/openapi.json — the API as an OpenAPI 3.1 document, derived from the route table and the
// request schemas, for client generators and Postman.
import { openApiDocument } from '../http/openapi-document';
import { json, publicEndpoint } from '../http/agent-endpoint';
import { deskFromEnv, type Desk } from '../desk';

export function makeOpenApiHandler(desk: Desk) {
  const document = openApiDocument();
  return publicEndpoint(async () => json(200, document, { 'cache-control': 'public, max-age=300' }), desk);
}

export const handler = makeOpenApiHandler(deskFromEnv());
