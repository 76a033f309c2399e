// GET /console/billing?month=YYYY-MM&customer= — the month's billing CSV for a signed-in agent: the
// same export as GET /v1/billing (which wants the bearer token or a Cognito JWT), so the browser
// alone is enough to hand the accountant the month's "nacalculatie".
import { billingCsv, billingExport, monthRange, parseBillingQuery } from '../../workflows/billing/billing';
import { billingSourceOf, type BillingSource } from './billing-source';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { htmlResponse, refusalPage } from '../console/console-pages';

export function makeConsoleBillingHandler(desk: Desk, source: BillingSource = billingSourceOf(desk)) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const parsed = parseBillingQuery({ ...(event.queryStringParameters ?? {}), format: 'csv' }, desk.policy);
    if (!parsed.ok)
      return htmlResponse(
        400,
        refusalPage(
          'Billing export',
          parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
          chrome,
          '/console',
        ),
      );
    const query = parsed.value;
    const { from } = monthRange(query.month, desk.policy.businessHours.timeZone);
    const billing = billingExport(await source.ticketsChangedSince(from, query.customerId), query, desk.policy);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="billing-${query.month}${query.customerId ? `-${query.customerId}` : ''}.csv"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
      body: billingCsv(billing),
    };
  });
}

export const handler = makeConsoleBillingHandler(deskInAws());
