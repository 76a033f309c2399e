// The service report's view and pages: each chart beside a table of its numbers, ticket counts
// linked through figureHref (plain text where it gives none), text escaped, the console page's
// form and the customer's printable page.
import { parseHTML } from 'linkedom';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { printableReportPage, reportsConsolePage } from '../../functions/reports/report-page';
import { ReportView } from '../../functions/reports/report-view';
import { renderFragment } from '../../functions/views/render';
import { busyReport, emptyReport } from '../support/service-reports';

const parse = (html: string) => parseHTML(html).document;
const linkTo = (key: string) => `/console/reports/tickets?figure=${encodeURIComponent(key)}`;
const view = (report = busyReport(), figureHref: (key: string) => string | null = linkTo) =>
  parse(
    `<!doctype html><html><body>${renderFragment(<ReportView report={report} language="en" figureHref={figureHref} />)}</body></html>`,
  );

describe('service report view', () => {
  it('lists every category opened or closed in the month, so each column adds up', () => {
    const report = busyReport();
    const closedOnly = { category: 'printing', figure: { count: 1, tickets: ['INC-2026-000900'] } };
    const withClosedOnly = {
      ...report,
      closed: { ...report.closed, byCategory: [...report.closed.byCategory, closedOnly] },
    };

    const document = view(withClosedOnly);

    const row = Array.from(document.querySelectorAll('tr')).find((tr) => tr.textContent?.startsWith('printing'));
    expect(row?.textContent).toBe('printing01');
  });

  it('puts each chart beside a table with its numbers', () => {
    const document = view();

    const figures = Array.from(document.querySelectorAll('.report-figure'));
    expect(figures).toHaveLength(4);
    for (const figure of figures) {
      expect(figure.querySelector('svg[role="img"]')).not.toBeNull();
      expect(figure.querySelector('table')).not.toBeNull();
    }
    const incident = document.querySelector('.report-figure table tbody tr');
    expect(incident?.textContent).toBe('Incident76');
  });

  it('links every ticket count through figureHref, by the figure it names', () => {
    const document = view();

    const hrefs = Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toContain(linkTo('opened.byKind.incident'));
    expect(hrefs).toContain(linkTo('closed.byKind.incident'));
    expect(hrefs).toContain(linkTo('sla.response.P2.breached'));
    expect(hrefs).toContain(linkTo('sla.resolution.P3.open'));
    expect(hrefs).toContain(linkTo('backlog.2026-11'));
    expect(hrefs).toContain(linkTo('vendors.kpn.handOffs'));
    expect(hrefs).toContain(linkTo('opened.byCategory.(none)'));
    const breached = Array.from(document.querySelectorAll('a')).find(
      (a) => a.getAttribute('href') === linkTo('sla.response.P2.breached'),
    );
    expect(breached?.textContent).toBe('1');
  });

  it('writes the counts as plain text where figureHref gives no link', () => {
    const document = view(busyReport(), () => null);

    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(document.querySelector('table')?.textContent).toContain('Incident76');
  });

  it('shows durations in hours and minutes, money in euro, and the billing issues when it did not reconcile', () => {
    const text = view().querySelector('.report')?.textContent ?? '';

    expect(text).toContain('1 h 35 min');
    expect(text).toContain('26 h 05 min');
    expect(text).toContain('€ 1.154,00');
    expect(text).toContain('2 on-site visits in the report, 1 in the billing export');
  });

  it('renders an empty month', () => {
    const document = view(emptyReport());

    expect(document.querySelectorAll('.report-figure svg')).toHaveLength(4);
    expect(document.querySelector('.report')?.textContent).toContain('No vendor hand-offs this month');
  });

  it('escapes a hostile customer name', () => {
    const html = renderFragment(
      <ReportView report={busyReport('<script>alert(1)</script>')} language="en" figureHref={linkTo} />,
    );

    expect(html).not.toContain('<script');
    expect(parse(html).querySelector('dl.report-summary dd:nth-of-type(2)')?.textContent).toBe(
      '<script>alert(1)</script>',
    );
  });
});

describe('service report pages', () => {
  const policy: Policy = {
    ...defaultPolicy,
    customers: defaultPolicy.customers.map((c, i) =>
      i === 0 ? { ...c, keyContacts: ['boss@example.com'] } : { ...c, keyContacts: undefined },
    ),
  };
  const first = policy.customers[0]!;
  const page = (customerId: string | null) =>
    parse(
      reportsConsolePage({
        policy,
        chrome: { agentId: 'a1' },
        csrf: 'token-1',
        month: '2026-11',
        customerId,
        report: { ...busyReport(), customerId, customerName: customerId ? first.name : null },
        figureHref: linkTo,
      }),
    );

  it('offers month and customer (or the whole desk) in a GET form, and the printable page and PDF', () => {
    const document = page(first.id);

    const form = document.querySelector('form[action="/console/reports"]');
    expect(form?.getAttribute('method')).toBe('get');
    expect(form?.querySelector('input[type="month"][name="month"]')?.getAttribute('value')).toBe('2026-11');
    const options = Array.from(form!.querySelectorAll('select[name="customer"] option')).map((o) =>
      o.getAttribute('value'),
    );
    expect(options).toEqual(['', ...policy.customers.map((c) => c.id)]);
    const hrefs = Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toContain(`/console/reports/print?month=2026-11&customer=${first.id}`);
    expect(hrefs).toContain(`/console/reports/pdf?month=2026-11&customer=${first.id}`);
  });

  it('mails to key contacts through a POST form carrying the CSRF token, only for a customer who has them', () => {
    const mail = page(first.id).querySelector('form[action="/console/reports/mail"]');
    expect(mail?.getAttribute('method')).toBe('post');
    const hidden = Array.from(mail!.querySelectorAll('input[type="hidden"]')).map((i) => [
      i.getAttribute('name'),
      i.getAttribute('value'),
    ]);
    expect(hidden).toEqual([
      ['csrf', 'token-1'],
      ['month', '2026-11'],
      ['customer', first.id],
    ]);

    expect(page(null).querySelector('form[action="/console/reports/mail"]')).toBeNull();
  });

  it("prints the customer's report in their language, with the desk's name, print CSS and no links", () => {
    const report = { ...emptyReport(), customerId: first.id, customerName: '<b>Klant</b>', language: 'nl' as const };

    const html = printableReportPage(report, policy);

    const document = parse(html);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(document.documentElement.getAttribute('lang')).toBe('nl');
    expect(document.querySelector('title')?.textContent).toBe('Servicerapport november 2026 — <b>Klant</b>');
    expect(html).not.toContain('<b>Klant');
    expect(document.querySelector('.desk')?.textContent).toBe(policy.desk.name);
    expect(document.querySelector('style')?.textContent).toContain('@media print');
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(document.querySelector('header.bar')).toBeNull();
    expect(document.querySelectorAll('svg[role="img"]')).toHaveLength(4);
  });
});
