// The service report's two pages: the console's /console/reports (choose month and customer, see
// the report with each number linked to its tickets, print it, get the PDF, mail it to the
// customer's key contacts) and the customer's printable page (their language, no console, no links).
import type { Policy } from '../../workflows/policy/policy';
import type { ServiceReport } from '../../workflows/reports/service-report';
import { consolePage, CsrfField, type Chrome } from '../console/console-pages';
import { renderDocument } from '../views/render';
import { reportLabels } from './report-labels';
import { monthName } from '../../workflows/reports/month-name';
import { ReportView, reportStyle, type FigureHref } from './report-view';
import { reportHrefs } from './report-hrefs';

export interface ReportsConsolePageInput {
  policy: Policy;
  chrome: Omit<Chrome, 'csrf'>;
  /** The session's CSRF token: the sign-out form and the mail form carry it. */
  csrf: string;
  /** What the form shows chosen ("2026-11"; the customer's id, null for the whole desk). */
  month: string;
  customerId: string | null;
  /** The report for that choice; null before one is asked for, or when `issues` say why not. */
  report: ServiceReport | null;
  figureHref: FigureHref;
  /** Why the choice cannot be reported on (a bad month, an unknown customer), in words. */
  issues?: string[];
  /** A line after a POST ("Mailed to 2 key contacts."). */
  flash?: string;
  /** The tickets one figure counts, when a number was followed. */
  counted?: { key: string; tickets: string[] } | null;
  /** When this report was mailed to the customer's key contacts, the latest first. */
  mailings?: { at: string; by: string; to: string[]; subject: string }[];
}

export function reportsConsolePage(input: ReportsConsolePageInput): string {
  const { policy, report, month, customerId } = input;
  const hrefs = reportHrefs(month, customerId);
  const customer = customerId === null ? undefined : policy.customers.find((c) => c.id === customerId);
  const keyContacts = customer?.keyContacts ?? [];
  return consolePage(
    'Service reports',
    <>
      <style dangerouslySetInnerHTML={{ __html: reportStyle }} />
      {input.flash ? (
        <p class="flash" role="status">
          {input.flash}
        </p>
      ) : null}
      <form method="get" action="/console/reports" aria-label="Choose a report">
        <fieldset class="row-fields">
          <legend>Report</legend>
          <div>
            <label for="report-month">Month</label>
            <input id="report-month" name="month" type="month" value={month} required />
          </div>
          <div>
            <label for="report-customer">Customer</label>
            <select id="report-customer" name="customer">
              <option value="" selected={customerId === null}>
                Whole desk
              </option>
              {policy.customers.map((c) => (
                <option value={c.id} selected={c.id === customerId}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">Show report</button>
          </div>
        </fieldset>
      </form>
      {input.issues?.length ? (
        <div class="flash error" role="alert">
          <p>This report cannot be made:</p>
          <ul>
            {input.issues.map((issue) => (
              <li>{issue}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {report ? (
        <>
          <h2>
            {monthName(report.month, 'en')} — {report.customerName ?? 'Whole desk'}
          </h2>
          <p>
            <a href={hrefs.printable}>Printable page</a> · <a href={hrefs.pdf}>PDF</a>
          </p>
          {keyContacts.length ? (
            <form method="post" action={hrefs.mail}>
              <CsrfField csrf={input.csrf} />
              <input type="hidden" name="month" value={report.month} />
              <input type="hidden" name="customer" value={customer?.id ?? ''} />
              <button type="submit">Mail to key contacts</button> <span class="hint">{keyContacts.join(', ')}</span>
            </form>
          ) : null}
          {input.mailings?.length ? (
            <section aria-labelledby="report-mailed">
              <h3 id="report-mailed">Mailed to the customer</h3>
              <ul>
                {input.mailings.map((m) => (
                  <li>
                    {m.at} by {m.by} to {m.to.join(', ')}: “{m.subject}”
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {input.counted ? (
            <section id="counted" aria-labelledby="counted-title">
              <h3 id="counted-title">
                {input.counted.tickets.length} {input.counted.tickets.length === 1 ? 'ticket' : 'tickets'} counted in{' '}
                <code>{input.counted.key}</code>
              </h3>
              {input.counted.tickets.length ? (
                <ul class="counted-tickets">
                  {input.counted.tickets.map((id) => (
                    <li>
                      <a href={`/console/tickets/${encodeURIComponent(id)}`}>{id}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}
          <ReportView report={report} language="en" figureHref={input.figureHref} />
        </>
      ) : null}
    </>,
    { ...input.chrome, csrf: input.csrf },
  );
}

const printStyle = `body{font-family:system-ui,-apple-system,Segoe UI,Arial,sans-serif;color:#1b1f24;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}.desk{color:#57606a;margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #d0d7de}caption{text-align:left;font-weight:600;padding:.3rem 0}
.flash.error{border:2px solid #a40e26;padding:.3rem .8rem}
${reportStyle}
.report-figure{grid-template-columns:1fr}.report-figure>div{overflow-x:visible}
@media print{body{max-width:none;padding:0;font-size:10pt}section{break-inside:avoid}@page{margin:15mm}}`;

/** The customer's printable report: a whole document in their language, the desk's name on top, no links. */
export function printableReportPage(report: ServiceReport, policy: Policy): string {
  const labels = reportLabels(report.language);
  const month = monthName(report.month, report.language);
  const who = report.customerName ?? labels.wholeDesk;
  return renderDocument(
    <html lang={report.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${labels.reportTitle} ${month} — ${who}`}</title>
        {/* A constant of this module, never input: CSS needs its `>` unescaped. */}
        <style dangerouslySetInnerHTML={{ __html: printStyle }} />
      </head>
      <body>
        <main>
          <p class="desk">{policy.desk.name}</p>
          <h1>
            {labels.reportTitle} {month} — {who}
          </h1>
          <ReportView report={report} language={report.language} figureHref={() => null} idPrefix="print" />
        </main>
      </body>
    </html>,
  );
}
