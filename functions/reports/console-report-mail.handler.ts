// POST /console/reports/mail (month, customer) — an agent mails a customer's service report of a
// month to its key contacts: the PDF in the customer's language, through the outbox, recorded with
// who sent it; then 303 back to the report. The same figures are mailed once; a customer without
// key contacts, or a malformed form, gets a page that says why. Session and CSRF token are checked
// before this runs.
import { s3Client } from '../aws/s3';
import { parseReportQuery } from '../../workflows/reports/report-query';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { consoleFormats, htmlResponse, refusalPage, seeOther } from '../console/console-pages';
import { createS3BlobStore } from '../store/s3-blob-store';
import { reportHrefs } from './report-hrefs';
import { reportPdf } from './report-pdf';
import { mailReport } from './report-mailing';
import { readServiceReport } from './report-source';

export function makeConsoleReportMailHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ session, chrome, form }) => {
    const refuse = (status: number, reason: string, back = '/console/reports') =>
      htmlResponse(status, refusalPage('Report not mailed', reason, chrome, back));
    const parsed = parseReportQuery(
      { month: form.get('month') ?? '', customer: form.get('customer') ?? '' },
      desk.policy,
    );
    if (!parsed.ok) return refuse(400, parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    const { month, customerId } = parsed.value;
    if (customerId === null) return refuse(400, 'customer: a report is mailed to one customer; choose which');
    const back = reportHrefs(month, customerId).page;
    const report = await readServiceReport(desk, { month, customerId });
    const pdf = await reportPdf(report, desk.policy, report.language);
    const at = desk.clock.now();
    const outcome = await mailReport(desk, { report: { ...report, customerId }, pdf, by: session.agentId, at });
    if (outcome.ok) return seeOther(`${back}&mailed=1#main`);
    if (outcome.reason === 'no-key-contacts')
      return refuse(
        409,
        `${report.customerName ?? customerId} has no key contacts in the policy to mail the report to.`,
        back,
      );
    const earlier = outcome.mailing;
    return refuse(
      409,
      `This report was mailed before, with the same figures: ${consoleFormats(desk.policy).stamp(earlier.at)} by ${earlier.by} to ${earlier.to.join(', ')}.`,
      back,
    );
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleReportMailHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
