// The month's service report as a PDF for the customer, in their language: the figures of a
// ServiceReport laid out as sections, tables and bars. Presentation only; the figures are computed
// in workflows/reports/. The same report gives the same bytes (dates come from the report).
import { PDFDocument } from 'pdf-lib';
import type { Language, Policy, Priority } from '../../workflows/policy/policy';
import type { Breakdown, ClockFigures, Durations, Figure, ServiceReport } from '../../workflows/reports/service-report';
import { monthName } from '../../workflows/reports/month-name';
import { formatsFor } from '../views/formats';
import { labelledColumns, palette, pageFlow, type BarRow, type PageFlow } from './pdf-page-flow';
import { reportPdfLabels, type ReportPdfLabels } from './report-pdf-labels';

/** The report as PDF bytes. A report with a malformed month or instant is refused with a RangeError. */
export async function reportPdf(report: ServiceReport, policy: Policy, language: Language): Promise<Uint8Array> {
  const labels = reportPdfLabels(language);
  const generatedAt = instant(report.generatedAt, 'generatedAt');
  const text = writers(labels, language, report.timeZone);
  const title = labels.title(text.month(report.month, 'long'));
  const customer = report.customerName ?? labels.wholeDesk;

  // updateMetadata off: pdf-lib would stamp the clock's time and its own name, and the bytes would differ per run.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${title} – ${customer}`, { showInWindowTitleBar: true });
  doc.setAuthor(policy.desk.name);
  doc.setCreator(policy.desk.name);
  doc.setSubject(customer);
  doc.setLanguage(labels.locale);
  doc.setCreationDate(new Date(generatedAt));
  doc.setModificationDate(new Date(generatedAt));

  const flow = await pageFlow(doc);
  header(flow, report, policy, labels, text, title, customer, generatedAt);
  tickets(flow, report, labels, text);
  sla(flow, report, labels, text);
  waiting(flow, report, labels, text);
  backlog(flow, report, labels, text);
  vendors(flow, report, labels, text);
  reopensAndVisits(flow, report, labels, text);
  billing(flow, report, labels, text);
  flow.finish(`${policy.desk.name} · ${title} · ${customer}`, labels.page);
  return doc.save();
}

function instant(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`service report ${field} is not an instant: ${JSON.stringify(iso)}`);
  return ms;
}

type Writers = ReturnType<typeof writers>;

/** How this PDF writes numbers, months, durations and money in the reader's language. */
function writers(labels: ReportPdfLabels, language: Language, timeZone: string) {
  const formats = formatsFor(language, timeZone);
  const count = new Intl.NumberFormat(labels.locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(labels.locale, { style: 'percent', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(labels.locale, { timeZone, dateStyle: 'long' });
  return {
    formats,
    count: (n: number) => count.format(n),
    figure: (f: Figure) => count.format(f.count),
    percent: (rate: number | null) => (rate === null ? labels.none : percent.format(rate)),
    /** Counted time as hours:minutes ("26:05"): business hours do not fold into days. */
    hMm: (ms: number | null) => {
      if (ms === null) return labels.none;
      const minutes = Math.round(ms / 60_000);
      return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
    },
    day: (ms: number) => day.format(ms),
    month: (month: string, style: 'long' | 'short') => monthName(month, language, style),
  };
}

function header(
  flow: PageFlow,
  report: ServiceReport,
  policy: Policy,
  labels: ReportPdfLabels,
  text: Writers,
  title: string,
  customer: string,
  generatedAt: number,
) {
  flow.line(policy.desk.name, { size: 14, bold: true });
  if (policy.desk.phone) flow.line(policy.desk.phone, { color: palette.muted });
  flow.gap(18);
  flow.line(title, { size: 20, bold: true });
  flow.line(customer, { size: 14 });
  flow.gap(10);
  const from = instant(report.from, 'from');
  const to = instant(report.to, 'to');
  flow.facts([
    [labels.customer, customer],
    [labels.period, `${text.day(from)} – ${text.day(to - 1)}`],
    [labels.timeZone, report.timeZone],
    [labels.generated, text.formats.dateTime(generatedAt)],
  ]);
}

function tickets(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.tickets);
  flow.facts([
    [labels.opened, text.figure(report.opened.total)],
    [labels.closed, text.figure(report.closed.total)],
    [labels.cancelled, text.figure(report.cancelled)],
  ]);
  const columns = (first: string) => labelledColumns([first, 3], [labels.opened, 1], [labels.closed, 1]);
  const side = <K>(
    rows: { key: K; opened: Figure | undefined; closed: Figure | undefined }[],
    name: (key: K) => string,
  ) => rows.map((r) => [name(r.key), text.count(r.opened?.count ?? 0), text.count(r.closed?.count ?? 0)]);
  const totals = [labels.total, text.figure(report.opened.total), text.figure(report.closed.total)];

  flow.gap();
  const kinds = paired(report.opened, report.closed, (b) => b.byKind.map((k) => [k.kind, k.figure]));
  flow.table(columns(labels.kind), [...side(kinds, (k) => labels.kinds.get(k) ?? k), totals], {
    caption: labels.byKind,
    boldLast: true,
  });

  flow.gap();
  const priorities = paired(report.opened, report.closed, (b) => b.byPriority.map((p) => [p.priority, p.figure]));
  flow.table(columns(labels.priority), [...side(priorities, (p) => p), totals], {
    caption: labels.byPriority,
    boldLast: true,
  });

  flow.gap();
  const categories = paired(report.opened, report.closed, (b) => b.byCategory.map((c) => [c.category, c.figure]));
  flow.table(columns(labels.category), [...side(categories, (c) => c ?? labels.unclassified), totals], {
    caption: labels.byCategory,
    boldLast: true,
  });
}

/** One row per key of either breakdown, in the opened breakdown's order, then the keys only closing has. */
function paired<K>(
  opened: Breakdown,
  closed: Breakdown,
  entries: (b: Breakdown) => [K, Figure][],
): { key: K; opened: Figure | undefined; closed: Figure | undefined }[] {
  const rows = new Map<K, { key: K; opened: Figure | undefined; closed: Figure | undefined }>();
  for (const [key, figure] of entries(opened)) rows.set(key, { key, opened: figure, closed: undefined });
  for (const [key, figure] of entries(closed)) {
    const row = rows.get(key);
    if (row) row.closed = figure;
    else rows.set(key, { key, opened: undefined, closed: figure });
  }
  return [...rows.values()];
}

function sla(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.sla, 2 * report.sla.response.length + 6); // with the first clock's table and bars
  flow.paragraph(labels.timesNote, { color: palette.muted });
  const clocks = [
    [labels.response, report.sla.response],
    [labels.resolution, report.sla.resolution],
  ] as const;
  for (const [name, perPriority] of clocks) {
    flow.gap();
    flow.keepRows(2 * perPriority.length + 4); // the table and its bars on one page
    flow.table(
      [
        { title: labels.priority, width: 1.1 },
        ...labelledColumns(
          [labels.target, 2.2],
          [labels.met, 1],
          [labels.breached, 1.3],
          [labels.open, 1],
          [labels.median, 1.1],
          [labels.p90, 1.5],
        ),
      ],
      perPriority.map(({ priority, figures }) => slaRow(priority, figures, labels, text)),
      { caption: name },
    );
    flow.gap(4);
    flow.bars(
      perPriority.map(({ priority, figures }): BarRow => ({
        label: priority,
        segments: [
          { value: figures.met.count, color: palette.met },
          { value: figures.breached.count, color: palette.breached },
          { value: figures.open.count, color: palette.open },
        ],
        note: `${text.figure(figures.met)} / ${text.figure(figures.breached)} / ${text.figure(figures.open)}`,
      })),
      {
        legend: [
          { label: labels.met, color: palette.met },
          { label: labels.breached, color: palette.breached },
          { label: labels.open, color: palette.open },
        ],
      },
    );
  }
}

function slaRow(priority: Priority, figures: ClockFigures, labels: ReportPdfLabels, text: Writers): string[] {
  const clock = figures.clock === 'business' ? labels.businessHours : labels.calendarTime;
  return [
    priority,
    `${text.hMm(figures.targetMs)} (${clock})`,
    text.figure(figures.met),
    text.figure(figures.breached),
    text.figure(figures.open),
    text.hMm(figures.time.medianMs),
    text.hMm(figures.time.p90Ms),
  ];
}

const timeFacts = (d: Durations, labels: ReportPdfLabels, text: Writers): [string, string][] => [
  [labels.median, text.hMm(d.medianMs)],
  [labels.p90, text.hMm(d.p90Ms)],
];

function waiting(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.waiting);
  flow.facts([
    [labels.waitingTickets, text.figure(report.paused)],
    [labels.waitingTotal, text.hMm(report.paused.totalMs)],
    ...timeFacts(report.paused, labels, text),
  ]);
}

function backlog(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.backlog);
  flow.facts([[labels.backlogAtEnd, text.figure(report.backlog.atMonthEnd)]]);
  flow.gap();
  flow.bars(
    report.backlog.trend.map((point) => ({
      label: text.month(point.month, 'short'),
      segments: [{ value: point.open.count, color: palette.bar }],
      note: text.figure(point.open),
    })),
    { caption: labels.backlogTrend },
  );
}

function vendors(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.vendors);
  if (!report.vendors.length) {
    flow.paragraph(labels.noVendors, { color: palette.muted });
    return;
  }
  flow.table(
    labelledColumns(
      [labels.vendor, 2.6],
      [labels.handOffs, 1.2],
      [labels.replies, 1.3],
      [labels.medianReply, 1.9],
      [labels.reminders, 1.5],
      [labels.escalations, 1.3],
    ),
    report.vendors.map((v) => [
      v.name,
      text.figure(v.handOffs),
      text.figure(v.replies),
      text.hMm(v.replies.medianMs),
      text.count(v.reminders.sent),
      text.figure(v.escalations),
    ]),
  );
}

function reopensAndVisits(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  flow.heading(labels.reopens);
  flow.facts([
    [labels.resolved, text.figure(report.reopens.resolved)],
    [labels.reopened, text.figure(report.reopens.reopened)],
    [labels.reopenRate, text.percent(report.reopens.rate)],
  ]);
  flow.heading(labels.onSite);
  flow.facts([
    [labels.visits, text.figure(report.onSite.visits)],
    [labels.hours, text.formats.quantity(report.onSite.hours)],
  ]);
}

function billing(flow: PageFlow, report: ServiceReport, labels: ReportPdfLabels, text: Writers) {
  const { billing } = report;
  flow.heading(labels.billing);
  if (billing.byItem.length) {
    flow.table(
      labelledColumns([labels.item, 3], [labels.rows, 1], [labels.amount, 1.6]),
      [
        ...billing.byItem.map((row) => [
          labels.items.get(row.item) ?? row.item,
          text.count(row.rows),
          text.formats.money(row.amountCents),
        ]),
        [labels.total, text.count(billing.rows), text.formats.money(billing.totalCents)],
      ],
      { boldLast: true },
    );
  } else flow.paragraph(labels.noBilling, { color: palette.muted });
  flow.gap();
  flow.facts([[labels.reconciled, billing.reconciled.ok ? labels.yes : labels.no]]);
  if (billing.reconciled.issues.length) {
    flow.line(labels.reconcileIssues, { bold: true });
    for (const issue of billing.reconciled.issues) flow.paragraph(`– ${issue}`);
  }
}
