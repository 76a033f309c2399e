// GET /v1/reports/service?month=YYYY-MM[&customer=id] — the month's service report for agents, as
// JSON: the figures the console draws and the customer's PDF prints, each with the tickets it counts.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseReportQuery } from '../../workflows/reports/report-query';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { refusalResponse } from '../http/refusal';
import { deskFromEnv, type Desk } from '../desk';
import { readServiceReport } from './report-source';

export function makeServiceReportHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const parsed = parseReportQuery(event.queryStringParameters ?? {}, desk.policy);
    if (!parsed.ok) return refusalResponse(parsed);
    // A customer's account of its service: no shared cache keeps it.
    return json(200, await readServiceReport(desk, parsed.value), { 'cache-control': 'private, no-store' });
  }, desk);
}

export const handler = makeServiceReportHandler(deskFromEnv());
