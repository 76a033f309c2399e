// GET /v1/billing?month=YYYY-MM&customer= — the month's billable work for agents (on-site visits,
// their materials, approved quote lines, with who approved what), totals per customer; JSON, or
// CSV for `Accept: text/csv` or `?format=csv`.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { billingCsv, billingExport, monthRange, parseBillingQuery } from '../../workflows/billing/billing';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { refusalResponse } from '../http/refusal';
import { billingSourceOf, type BillingSource } from './billing-source';
import { deskFromEnv, type Desk } from '../desk';

/** Whether the Accept header asks for CSV over JSON; an explicit type beats a wildcard of the same weight. */
export function prefersCsv(accept: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const range of (accept ?? '').toLowerCase().split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    weights.set(type, Number.isFinite(q) ? q : 0);
  }
  const csv = weights.get('text/csv') ?? 0;
  const wildcard = Math.max(weights.get('*/*') ?? 0, weights.get('application/*') ?? 0);
  return csv > 0 && csv > (weights.get('application/json') ?? 0) && csv >= wildcard;
}

// Billing data is the customer's business: no shared cache keeps it, and the format depends on Accept.
const privately = { 'cache-control': 'private, no-store', vary: 'accept' };

export function makeBillingExportHandler(desk: Desk, source: BillingSource = billingSourceOf(desk)) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const parsed = parseBillingQuery(event.queryStringParameters ?? {}, desk.policy);
    if (!parsed.ok) return refusalResponse(parsed);
    const query = parsed.value;
    const { from } = monthRange(query.month, desk.policy.businessHours.timeZone);
    const billing = billingExport(await source.ticketsChangedSince(from, query.customerId), query, desk.policy);
    if ((query.format ?? (prefersCsv(event.headers?.accept) ? 'csv' : 'json')) === 'json')
      return json(200, billing, privately);
    const filename = `billing-${query.month}${query.customerId ? `-${query.customerId}` : ''}.csv`;
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${filename}"`,
        ...privately,
      },
      body: billingCsv(billing),
    };
  }, desk);
}

export const handler = makeBillingExportHandler(deskFromEnv());
