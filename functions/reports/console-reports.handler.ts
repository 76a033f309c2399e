// GET /console/reports[?month=YYYY-MM&customer=&figure=] — the month's service report for a signed-in
// agent: charts with their numbers, each number a link to the tickets it counts (`figure`), and when
// the report was mailed; last month's when no month is asked for. GET /console/reports/print — the
// customer's printable page of the same report, in the customer's language. Reads only.
import { parseReportQuery } from '../../workflows/reports/report-query';
import { figureIndex } from '../../workflows/reports/report-figure-index';
import { monthPlus } from '../../workflows/reports/service-report-figures';
import { localTime } from '../../workflows/time/zoned-time';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { consoleFormats, htmlResponse } from '../console/console-pages';
import { printableReportPage, reportsConsolePage } from './report-page';
import { reportHrefs } from './report-hrefs';
import { reportMailings } from './report-mailing';
import { readServiceReport } from './report-source';

/** The month before the desk's current one: the month a report is usually asked for. */
export function lastMonth(desk: Desk): string {
  const now = localTime(desk.clock.now(), desk.policy.businessHours.timeZone);
  return monthPlus(`${now.year}-${String(now.month).padStart(2, '0')}`, -1);
}

export function makeConsoleReportsHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome, csrf }) => {
    const params: Record<string, string | undefined> = {
      month: lastMonth(desk),
      ...(event.queryStringParameters ?? {}),
    };
    const parsed = parseReportQuery(params, desk.policy);
    const base = { policy: desk.policy, chrome, csrf, month: params.month ?? '', customerId: params.customer || null };
    if (!parsed.ok)
      return htmlResponse(
        400,
        reportsConsolePage({
          ...base,
          report: null,
          figureHref: () => null,
          issues: parsed.issues.map((i) => `${i.field}: ${i.message}`),
        }),
      );
    const query = parsed.value;
    const report = await readServiceReport(desk, query);
    if (event.rawPath.endsWith('/print')) return htmlResponse(200, printableReportPage(report, desk.policy));
    const page = reportHrefs(query.month, query.customerId).page;
    const figure = event.queryStringParameters?.figure;
    const counted = figure ? figureIndex(report).get(figure) : undefined;
    const formats = consoleFormats(desk.policy);
    const mailings = query.customerId ? await reportMailings(desk, query.month, query.customerId) : [];
    return htmlResponse(
      figure && !counted ? 404 : 200,
      reportsConsolePage({
        ...base,
        report,
        figureHref: (key) => `${page}&figure=${encodeURIComponent(key)}#counted`,
        counted: counted ? { key: figure!, tickets: counted.tickets } : null,
        ...(figure && !counted ? { issues: [`figure: this report has no figure ${figure}`] } : {}),
        ...(event.queryStringParameters?.mailed ? { flash: 'Mailed to the key contacts (through the outbox).' } : {}),
        mailings: mailings.map((m) => ({ at: formats.stamp(m.at), by: m.by, to: m.to, subject: m.subject })),
      }),
    );
  });
}

export const handler = makeConsoleReportsHandler(deskInAws());
