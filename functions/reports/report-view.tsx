// The service report as one component: each section's chart with a table of the same numbers
// beside it (what a screen reader or a printer reads), every ticket count a link to the tickets it
// counts where the page has such links. Console, printable page and mail all render this view.
import type { ComponentChildren } from 'preact';
import type { Language } from '../../workflows/policy/policy';
import type { ClockFigures, Figure, ServiceReport } from '../../workflows/reports/service-report';
import { formatsFor, hoursAndMinutes } from '../views/formats';
import { reportCharts, type ReportCharts } from './report-charts';
import { UNCLASSIFIED } from '../../workflows/reports/report-figure-index';
import { labelOf, percent, reportLabels, type ReportLabels, type SlaClockName } from './report-labels';
import { monthName } from '../../workflows/reports/month-name';

/** Where the tickets a figure counts are listed, by the figure's key; null where the page has no links. */
export type FigureHref = (key: string) => string | null;

export interface ReportViewProps {
  report: ServiceReport;
  language: Language;
  figureHref: FigureHref;
  /** The report's charts when the caller drew them already (the PDF reuses them); drawn here otherwise. */
  charts?: ReportCharts;
  /** The root of the view's ids; two reports on one page need two prefixes. */
  idPrefix?: string;
}

/** The view's layout: chart and table side by side, one above the other on a narrow screen. */
export const reportStyle = `.report-figure{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1rem;align-items:start;margin-bottom:1rem}
.report-figure>div{overflow-x:auto}
@media (max-width:60rem){.report-figure{grid-template-columns:1fr}}
.report-figure figure{margin:0}.report-figure svg{width:100%;height:auto;max-width:40rem}
.report-figure table{margin:0 0 .8rem}.report td.num,.report th.num{text-align:right}
dl.report-summary{display:grid;grid-template-columns:max-content max-content;gap:.2rem 1.5rem}dl.report-summary dt{font-weight:600}dl.report-summary dd{margin:0;text-align:right}
`;

function Count({ figureKey, figure, href }: { figureKey: string; figure: Figure; href: FigureHref }) {
  const target = href(figureKey);
  return target === null ? <>{figure.count}</> : <a href={target}>{figure.count}</a>;
}

function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A chart beside its tables; the chart is our own SVG (numbers and escaped labels), never input markup. */
function Figured({ chart, children }: { chart: string; children: ComponentChildren }) {
  return (
    <div class="report-figure">
      <figure dangerouslySetInnerHTML={{ __html: chart }} />
      <div>{children}</div>
    </div>
  );
}

export function ReportView({ report, language, figureHref, charts, idPrefix = 'report' }: ReportViewProps) {
  const labels = reportLabels(language);
  const drawn = charts ?? reportCharts(report, language, idPrefix);
  const id = (name: string) => `${idPrefix}-h-${name}`;
  return (
    <div class="report">
      <Summary report={report} labels={labels} href={figureHref} />
      <Section id={id('tickets')} title={labels.sections.tickets}>
        <Figured chart={drawn.tickets}>
          <TicketTables report={report} labels={labels} href={figureHref} />
        </Figured>
      </Section>
      <Section id={id('sla')} title={labels.sections.sla}>
        <Figured chart={drawn.sla}>
          <ClockTable clock="response" rows={report.sla.response} labels={labels} href={figureHref} />
          <ClockTable clock="resolution" rows={report.sla.resolution} labels={labels} href={figureHref} />
        </Figured>
      </Section>
      <Section id={id('backlog')} title={labels.sections.backlog}>
        <Figured chart={drawn.backlog}>
          <BacklogTable report={report} labels={labels} href={figureHref} />
        </Figured>
      </Section>
      <Section id={id('vendors')} title={labels.sections.vendors}>
        <Figured chart={drawn.vendors}>
          <VendorTable report={report} labels={labels} href={figureHref} />
        </Figured>
      </Section>
      <Section id={id('billing')} title={labels.sections.billing}>
        <BillingTable report={report} labels={labels} href={figureHref} />
      </Section>
    </div>
  );
}

interface Part {
  report: ServiceReport;
  labels: ReportLabels;
  href: FigureHref;
}

function Summary({ report, labels, href }: Part) {
  const f = labels.figures;
  const row = (term: string, value: ComponentChildren) => (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
  const count = (key: string, figure: Figure) => <Count figureKey={key} figure={figure} href={href} />;
  return (
    <dl class="report-summary" aria-label={labels.sections.summary}>
      {row(labels.month, monthName(report.month, labels.language))}
      {row(labels.customer, report.customerName ?? labels.wholeDesk)}
      {row(f.opened, count('opened.total', report.opened.total))}
      {row(f.closed, count('closed.total', report.closed.total))}
      {row(f.cancelled, count('cancelled', report.cancelled))}
      {row(f.openAtMonthEnd, count('backlog.atMonthEnd', report.backlog.atMonthEnd))}
      {row(f.resolved, count('reopens.resolved', report.reopens.resolved))}
      {row(f.reopened, count('reopens.reopened', report.reopens.reopened))}
      {row(f.reopenRate, report.reopens.rate === null ? '–' : percent(report.reopens.rate, labels.language))}
      {row(f.onSiteVisits, count('onSite.visits', report.onSite.visits))}
      {row(f.onSiteHours, formatsFor(labels.language, report.timeZone).quantity(report.onSite.hours))}
      {row(f.paused, count('paused', report.paused))}
      {row(f.pausedTime, hoursAndMinutes(report.paused.totalMs))}
    </dl>
  );
}

interface BreakdownRow {
  key: string;
  label: string;
  opened: Figure;
  closed: Figure;
}

/** One breakdown of the month's tickets (by kind, priority or category): opened and closed per row. */
function BreakdownTable(props: {
  caption: string;
  first: string;
  part: string;
  rows: BreakdownRow[];
  total?: { opened: Figure; closed: Figure };
  labels: ReportLabels;
  href: FigureHref;
}) {
  const { labels, href, part } = props;
  const cells = (opened: [string, Figure], closed: [string, Figure]) => (
    <>
      <td class="num">
        <Count figureKey={opened[0]} figure={opened[1]} href={href} />
      </td>
      <td class="num">
        <Count figureKey={closed[0]} figure={closed[1]} href={href} />
      </td>
    </>
  );
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.first}</th>
          <th scope="col" class="num">
            {labels.figures.opened}
          </th>
          <th scope="col" class="num">
            {labels.figures.closed}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            {cells([`opened.${part}.${row.key}`, row.opened], [`closed.${part}.${row.key}`, row.closed])}
          </tr>
        ))}
      </tbody>
      {props.total ? (
        <tfoot>
          <tr>
            <th scope="row">{labels.total}</th>
            {cells(['opened.total', props.total.opened], ['closed.total', props.total.closed])}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function TicketTables({ report, labels, href }: Part) {
  const f = labels.figures;
  const none: Figure = { count: 0, tickets: [] };
  const closedByKind = new Map(report.closed.byKind.map((k) => [k.kind, k.figure]));
  const closedByPriority = new Map(report.closed.byPriority.map((p) => [p.priority, p.figure]));
  const openedByCategory = new Map(report.opened.byCategory.map((c) => [c.category, c.figure]));
  const closedByCategory = new Map(report.closed.byCategory.map((c) => [c.category, c.figure]));
  // A ticket closed this month may have been opened in another: every category of either, unclassified last.
  const categories = [...new Set([...openedByCategory.keys(), ...closedByCategory.keys()])].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return (
    <>
      <BreakdownTable
        caption={labels.charts.tickets}
        first={f.kind}
        part="byKind"
        rows={report.opened.byKind.map(({ kind, figure }) => ({
          key: kind,
          label: labelOf(labels.kinds, kind),
          opened: figure,
          closed: closedByKind.get(kind) ?? none,
        }))}
        total={{ opened: report.opened.total, closed: report.closed.total }}
        labels={labels}
        href={href}
      />
      <BreakdownTable
        caption={f.byPriority}
        first={f.priority}
        part="byPriority"
        rows={report.opened.byPriority.map(({ priority, figure }) => ({
          key: priority,
          label: labelOf(labels.priorities, priority),
          opened: figure,
          closed: closedByPriority.get(priority) ?? none,
        }))}
        labels={labels}
        href={href}
      />
      {categories.length ? (
        <BreakdownTable
          caption={f.byCategory}
          first={f.category}
          part="byCategory"
          rows={categories.map((category) => ({
            key: category ?? UNCLASSIFIED,
            label: category ?? f.unclassified,
            opened: openedByCategory.get(category) ?? none,
            closed: closedByCategory.get(category) ?? none,
          }))}
          labels={labels}
          href={href}
        />
      ) : null}
    </>
  );
}

const outcomes = ['met', 'breached', 'open', 'total'] as const;

function ClockTable(props: {
  clock: SlaClockName;
  rows: { priority: ServiceReport['sla']['response'][number]['priority']; figures: ClockFigures }[];
  labels: ReportLabels;
  href: FigureHref;
}) {
  const { clock, labels, href } = props;
  const f = labels.figures;
  const time = (ms: number | null) => (ms === null ? '–' : hoursAndMinutes(ms));
  const heading = (outcome: (typeof outcomes)[number]) =>
    outcome === 'total' ? labels.total : labelOf(labels.outcomes, outcome);
  return (
    <table>
      <caption>{labelOf(labels.clocks, clock)}</caption>
      <thead>
        <tr>
          <th scope="col">{f.priority}</th>
          <th scope="col">{f.target}</th>
          {outcomes.map((o) => (
            <th scope="col" class="num">
              {heading(o)}
            </th>
          ))}
          <th scope="col" class="num">
            {f.median}
          </th>
          <th scope="col" class="num">
            {f.p90}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ priority, figures }) => (
          <tr>
            <th scope="row">{labelOf(labels.priorities, priority)}</th>
            <td>
              {hoursAndMinutes(figures.targetMs)} ({figures.clock === 'business' ? f.businessHours : f.calendarTime})
            </td>
            {outcomes.map((o) => (
              <td class="num">
                <Count figureKey={`sla.${clock}.${priority}.${o}`} figure={figures[o]} href={href} />
              </td>
            ))}
            <td class="num">{time(figures.time.medianMs)}</td>
            <td class="num">{time(figures.time.p90Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BacklogTable({ report, labels, href }: Part) {
  return (
    <table>
      <caption>{labels.charts.backlog}</caption>
      <thead>
        <tr>
          <th scope="col">{labels.month}</th>
          <th scope="col" class="num">
            {labels.figures.openAtMonthEnd}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.backlog.trend.map((p) => (
          <tr>
            <th scope="row">{monthName(p.month, labels.language)}</th>
            <td class="num">
              <Count figureKey={`backlog.${p.month}`} figure={p.open} href={href} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VendorTable({ report, labels, href }: Part) {
  const f = labels.figures;
  if (!report.vendors.length) return <p>{labels.charts.noVendors}.</p>;
  const columns = [
    labelOf(labels.vendorMeasures, 'handOffs'),
    f.replies,
    f.median,
    f.remindersSent,
    f.ticketsReminded,
    labelOf(labels.vendorMeasures, 'escalations'),
  ];
  return (
    <table>
      <caption>{labels.charts.vendors}</caption>
      <thead>
        <tr>
          <th scope="col">{f.vendor}</th>
          {columns.map((c) => (
            <th scope="col" class="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.vendors.map((v) => {
          const key = (measure: string) => `vendors.${v.vendorId}.${measure}`;
          return (
            <tr>
              <th scope="row">{v.name}</th>
              <td class="num">
                <Count figureKey={key('handOffs')} figure={v.handOffs} href={href} />
              </td>
              <td class="num">
                <Count figureKey={key('replies')} figure={v.replies} href={href} />
              </td>
              <td class="num">{v.replies.medianMs === null ? '–' : hoursAndMinutes(v.replies.medianMs)}</td>
              <td class="num">{v.reminders.sent}</td>
              <td class="num">
                <Count figureKey={key('reminders')} figure={v.reminders} href={href} />
              </td>
              <td class="num">
                <Count figureKey={key('escalations')} figure={v.escalations} href={href} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function BillingTable({ report, labels, href }: Part) {
  const f = labels.figures;
  const { billing } = report;
  const money = formatsFor(labels.language, report.timeZone).money;
  const tickets: Figure = { count: billing.tickets.length, tickets: billing.tickets };
  return (
    <>
      <table>
        <caption>{labels.sections.billing}</caption>
        <thead>
          <tr>
            <th scope="col">{f.item}</th>
            <th scope="col" class="num">
              {f.rows}
            </th>
            <th scope="col" class="num">
              {f.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {billing.byItem.map((row) => (
            <tr>
              <th scope="row">{labelOf(labels.items, row.item)}</th>
              <td class="num">{row.rows}</td>
              <td class="num">{money(row.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">
              {labels.total} (<Count figureKey="billing.tickets" figure={tickets} href={href} /> {f.billedTickets})
            </th>
            <td class="num">{billing.rows}</td>
            <td class="num">{money(billing.totalCents)}</td>
          </tr>
        </tfoot>
      </table>
      {billing.reconciled.ok ? (
        <p>{f.reconciled}</p>
      ) : (
        <div class="flash error" role="alert">
          <p>{f.notReconciled}</p>
          <ul>
            {billing.reconciled.issues.map((issue) => (
              <li>{issue}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
