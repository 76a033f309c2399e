// GET /v1/quarantine — mail and payloads the desk could not take in, newest first, with the reason.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { deskFromEnv, type Desk } from '../desk';

export function makeListQuarantineHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const limit = Math.min(Math.max(Number(event.queryStringParameters?.limit ?? 50) || 50, 1), 200);
    const records = await desk.intake.listQuarantine(limit);
    return json(200, { quarantine: records.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) });
  }, desk);
}

export const handler = makeListQuarantineHandler(deskFromEnv());
