// GET /console/reports/pdf?month=YYYY-MM[&customer=] — the month's service report as the PDF the
// customer receives, in the customer's language (the desk's for the whole desk), as a download.
import { parseReportQuery } from '../../workflows/reports/report-query';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { fileResponse } from '../files/ticket-file';
import { consoleEndpoint } from '../http/console-endpoint';
import { htmlResponse, refusalPage } from '../console/console-pages';
import { reportPdf } from './report-pdf';
import { readServiceReport } from './report-source';

export const reportPdfName = (month: string, customerId: string | null, language: string) =>
  `${language === 'nl' ? 'servicerapport' : 'service-report'}-${month}${customerId ? `-${customerId}` : ''}.pdf`;

export function makeConsoleReportPdfHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const parsed = parseReportQuery(event.queryStringParameters ?? {}, desk.policy);
    if (!parsed.ok)
      return htmlResponse(
        400,
        refusalPage(
          'Service report',
          parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
          chrome,
          '/console/reports',
        ),
      );
    const report = await readServiceReport(desk, parsed.value);
    const pdf = Buffer.from(await reportPdf(report, desk.policy, report.language));
    const name = reportPdfName(report.month, report.customerId, report.language);
    return fileResponse({ name, type: 'application/pdf', size: pdf.length, sha256: '' }, pdf);
  });
}

export const handler = makeConsoleReportPdfHandler(deskInAws());
