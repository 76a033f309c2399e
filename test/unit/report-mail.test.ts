import { reportMail } from '../../workflows/reports/report-mail';
import { monthName } from '../../workflows/reports/month-name';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { sampleServiceReport } from '../support/sample-service-report';

describe("the service report's mail", () => {
  it("names the month and the customer in the customer's language, with the headline figures", () => {
    const report = sampleServiceReport();

    const nl = reportMail(report, defaultPolicy, 'nl');
    const en = reportMail(report, defaultPolicy, 'en');

    expect(nl.subject).toBe('Servicerapport november 2026 — Acme BV');
    expect(en.subject).toBe('Service report November 2026 — Acme BV');
    expect(nl.text).toMatch(new RegExp(`Nieuwe tickets: +${report.opened.total.count}\n`));
    expect(en.text).toMatch(new RegExp(`Open at the end of the month: +${report.backlog.atMonthEnd.count}\n`));
    expect(nl.letter.signature).toContain(defaultPolicy.desk.name);
  });

  it('writes the month asked for in every zone', () => {
    expect(monthName('2026-01', 'en')).toBe('January 2026');
    expect(monthName('2026-12', 'nl')).toBe('december 2026');
  });
});
