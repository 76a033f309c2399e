import { PDFName, PDFString } from 'pdf-lib';
import { reportPdf } from '../../functions/reports/report-pdf';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import type { VendorFigures } from '../../workflows/reports/service-report';
import { pdfText } from '../support/pdf-text';
import { emptyServiceReport, figure, sampleServiceReport } from '../support/sample-service-report';

const policy: Policy = { ...defaultPolicy, desk: { name: 'Servicedesk Noord', phone: '+31 50 123 4567' } };
const a4 = { width: 595.28, height: 841.89 };

const manyCategories = () => {
  const report = sampleServiceReport();
  const byCategory = Array.from({ length: 60 }, (_, i) => ({
    category: `category ${i + 1}`,
    figure: figure(1, 101 + i),
  }));
  const vendors: VendorFigures[] = Array.from({ length: 30 }, (_, i) => ({
    ...report.vendors[0]!,
    vendorId: `vendor-${i + 1}`,
    name: `Vendor ${i + 1}`,
  }));
  return sampleServiceReport({
    opened: { ...report.opened, byCategory },
    closed: { ...report.closed, byCategory },
    vendors,
  });
};

describe('service report PDF', () => {
  it('is a PDF that loads back, signed by the desk, titled, in the reader’s language, dated by the report', async () => {
    const bytes = await reportPdf(sampleServiceReport(), policy, 'nl');

    const { doc } = await pdfText(bytes);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(bytes.subarray(-7)).toString('latin1')).toContain('%%EOF');
    expect(doc.getTitle()).toBe('Servicerapport november 2026 – Acme BV');
    expect(doc.getAuthor()).toBe('Servicedesk Noord');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-12-01T06:30:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-12-01T06:30:00.000Z');
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('nl-NL');
  });

  it('shows the desk, the customer and the month’s title in Dutch for a Dutch reader', async () => {
    const bytes = await reportPdf(sampleServiceReport(), policy, 'nl');

    const { all } = await pdfText(bytes);
    expect(all).toContain('Servicedesk Noord');
    expect(all).toContain('Acme BV');
    expect(all).toContain('Servicerapport november 2026');
    expect(all).toContain('1 november 2026 – 30 november 2026');
    expect(all).toContain('Pagina 1 van');
  });

  it('shows the month’s title in English for an English reader, money still written the Dutch way', async () => {
    const bytes = await reportPdf(sampleServiceReport({ language: 'en' }), policy, 'en');

    const { doc, all } = await pdfText(bytes);
    expect(all).toContain('Service report November 2026');
    expect(all).toContain('€ 2.154,50');
    expect(all).not.toContain('Servicerapport');
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en-GB');
  });

  it('writes SLA targets and business times as hours:minutes, and each priority’s met / breached / open beside its bar', async () => {
    const bytes = await reportPdf(sampleServiceReport(), policy, 'nl');

    const { lines } = await pdfText(bytes);
    expect(lines).toEqual(expect.arrayContaining(['27:00 (kantooruren)', '14:05', '25:30', '19 / 3 / 5']));
  });

  it('writes billing per item and in total in euros the Dutch way, and says whether it reconciled', async () => {
    const report = sampleServiceReport({
      billing: { ...sampleServiceReport().billing, reconciled: { ok: false, issues: ['SR-2026-000201 billed twice'] } },
    });

    const bytes = await reportPdf(report, policy, 'nl');

    const { lines } = await pdfText(bytes);
    expect(lines).toEqual(
      expect.arrayContaining(['Bezoek op locatie', '€ 1.092,50', '€ 2.154,50', 'nee', '– SR-2026-000201 billed twice']),
    );
  });

  it('names the whole desk’s report for all customers', async () => {
    const bytes = await reportPdf(sampleServiceReport({ customerId: null, customerName: null }), policy, 'en');

    const { doc, all } = await pdfText(bytes);
    expect(all).toContain('All customers');
    expect(doc.getTitle()).toBe('Service report November 2026 – All customers');
  });

  it('gives the same bytes for the same report', async () => {
    const first = await reportPdf(sampleServiceReport(), policy, 'nl');

    const second = await reportPdf(sampleServiceReport(), policy, 'nl');

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('draws a month where nothing happened as a valid PDF with dashes for unknown times', async () => {
    const bytes = await reportPdf(emptyServiceReport(), policy, 'nl');

    const { doc, lines } = await pdfText(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(lines).toEqual(expect.arrayContaining(['–', 'Deze maand is niets gefactureerd.']));
    expect(lines).toContain('Deze maand is niets doorgezet naar een leverancier.');
  });

  it('runs 60 categories and 30 vendors over more pages, repeating the table headers, drawing nothing off the page', async () => {
    const bytes = await reportPdf(manyCategories(), policy, 'en');

    const { doc, pages, lines } = await pdfText(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(lines).toEqual(expect.arrayContaining(['category 60', 'Vendor 30']));
    expect(lines.filter((l) => l === 'Category').length).toBeGreaterThan(1);
    expect(pages.flatMap((p) => p.shapeOrigins).length).toBeGreaterThan(0);
    for (const page of pages) {
      for (const { x, y } of [...page.texts, ...page.shapeOrigins]) {
        expect(x).toBeGreaterThanOrEqual(50);
        expect(x).toBeLessThanOrEqual(a4.width - 50);
        expect(y).toBeGreaterThanOrEqual(30);
        expect(y).toBeLessThanOrEqual(a4.height - 50);
      }
    }
  });

  it('draws customer-written characters the standard font lacks as look-alikes or ? rather than failing', async () => {
    const report = sampleServiceReport({ customerName: 'Zoë & Søn — 株式会社', vendors: [] });
    const withOddVendor = sampleServiceReport({
      vendors: [{ ...sampleServiceReport().vendors[0]!, name: 'Łódź Dział IT\u2009−\u00a0Ünïcödé ﬁx' }],
    });

    const bytes = await reportPdf(report, policy, 'nl');
    const vendorBytes = await reportPdf(withOddVendor, policy, 'en');

    const { doc, all } = await pdfText(bytes);
    expect(all).toContain('Zoë & Søn — ????');
    expect(doc.getSubject()).toBe('Zoë & Søn — 株式会社');
    expect((await pdfText(vendorBytes)).all).toContain('Lódz Dzial IT -\u00a0Ünïcödé fix');
  });

  it('cuts a name too long for its column with an ellipsis', async () => {
    const long = 'A vendor with a name so long that no column of an A4 page could hold it on one line';
    const report = sampleServiceReport({ vendors: [{ ...sampleServiceReport().vendors[0]!, name: long }] });

    const bytes = await reportPdf(report, policy, 'en');

    const cut = (await pdfText(bytes)).lines.find((l) => l.startsWith('A vendor with'));
    expect(cut).toMatch(/…$/);
    expect(long.startsWith(cut!.slice(0, -1))).toBe(true);
  });

  it('refuses a report whose month is not YYYY-MM with a RangeError', async () => {
    await expect(reportPdf(sampleServiceReport({ month: '2026-13' }), policy, 'nl')).rejects.toThrow(RangeError);
  });
});
