// The service report's four pictures as accessible SVG strings: tickets opened and closed by kind,
// the SLA clocks per priority (met, breached, open), the backlog over twelve month ends and the
// vendors' hand-offs. Each <desc> says every number the picture draws, so nothing is only seen;
// the same report draws the same bytes.
import * as Plot from '@observablehq/plot';
import type { Language } from '../../workflows/policy/policy';
import type { ClockFigures, ServiceReport } from '../../workflows/reports/service-report';
import { accessibleChart, LEGEND_HEIGHT, type LegendEntry } from './chart-svg';
import { monthName } from '../../workflows/reports/month-name';
import {
  labelOf,
  reportLabels,
  type ReportLabels,
  type SlaClockName,
  type SlaOutcome,
  type VendorMeasure,
} from './report-labels';

export interface ReportCharts {
  tickets: string;
  sla: string;
  backlog: string;
  vendors: string;
}

/** Okabe–Ito colours: told apart with any colour vision, and in grey on paper by their lightness. */
const BLUE = '#0072B2';
const ORANGE = '#E69F00';
const GREEN = '#009E73';
const VERMILLION = '#D55E00';
const GREY = '#8C8C8C';

const WIDTH = 640;
const outcomes: { outcome: SlaOutcome; color: string }[] = [
  { outcome: 'met', color: GREEN },
  { outcome: 'breached', color: VERMILLION },
  { outcome: 'open', color: GREY },
];
const vendorMeasures: { measure: VendorMeasure; color: string }[] = [
  { measure: 'handOffs', color: BLUE },
  { measure: 'reminders', color: ORANGE },
  { measure: 'escalations', color: VERMILLION },
];

/** The report's charts in one language; ids begin with `idPrefix` ("report" → "report-tickets-title"). */
export function reportCharts(report: ServiceReport, language: Language, idPrefix = 'report'): ReportCharts {
  const labels = reportLabels(language);
  return {
    tickets: ticketsChart(report, labels, `${idPrefix}-tickets`),
    sla: slaChart(report, labels, `${idPrefix}-sla`),
    backlog: backlogChart(report, labels, `${idPrefix}-backlog`),
    vendors: vendorsChart(report, labels, `${idPrefix}-vendors`),
  };
}

interface Bar {
  group: string;
  series: string;
  value: number;
}

/** A count axis from 0 that stays readable when every count is 0 (an empty month). */
const countScale = (values: number[], headroom = 1) => {
  const top = Math.max(1, ...values);
  return { domain: [0, top * headroom], ticks: Math.min(5, top), tickFormat: 'd', grid: true, label: null };
};

export function ticketsChart(report: ServiceReport, labels: ReportLabels, id: string): string {
  const closedByKind = new Map(report.closed.byKind.map((k) => [k.kind, k.figure.count]));
  const opened = labels.figures.opened;
  const closed = labels.figures.closed;
  const bars: Bar[] = report.opened.byKind.flatMap(({ kind, figure }) => [
    { group: labelOf(labels.kinds, kind), series: opened, value: figure.count },
    { group: labelOf(labels.kinds, kind), series: closed, value: closedByKind.get(kind) ?? 0 },
  ]);
  const list = (series: string) =>
    bars
      .filter((b) => b.series === series)
      .map((b) => `${b.group} ${b.value}`)
      .join(', ');
  const desc = [
    `${opened}: ${list(opened)}; ${labels.total.toLowerCase()} ${report.opened.total.count}.`,
    `${closed}: ${list(closed)}; ${labels.total.toLowerCase()} ${report.closed.total.count}.`,
  ].join(' ');
  return groupedBars(
    bars,
    [
      { label: opened, color: BLUE },
      { label: closed, color: ORANGE },
    ],
    { id, title: labels.charts.tickets, desc },
  );
}

export function slaChart(report: ServiceReport, labels: ReportLabels, id: string): string {
  const clocks: {
    clock: SlaClockName;
    rows: { priority: ServiceReport['sla']['response'][number]['priority']; figures: ClockFigures }[];
  }[] = [
    { clock: 'response', rows: report.sla.response },
    { clock: 'resolution', rows: report.sla.resolution },
  ];
  const segments = clocks.flatMap(({ clock, rows }) =>
    rows.flatMap(({ priority, figures }) =>
      outcomes.map(({ outcome }) => ({
        clock: labelOf(labels.clocks, clock),
        priority: labelOf(labels.priorities, priority),
        outcome: labelOf(labels.outcomes, outcome),
        value: figures[outcome].count,
      })),
    ),
  );
  const totals = clocks.flatMap(({ clock, rows }) =>
    rows.map(({ priority, figures }) => ({
      clock: labelOf(labels.clocks, clock),
      priority: labelOf(labels.priorities, priority),
      value: figures.total.count,
    })),
  );
  const desc = clocks
    .map(
      ({ clock, rows }) =>
        `${labelOf(labels.clocks, clock)}: ${rows
          .map(
            ({ priority, figures }) =>
              `${labelOf(labels.priorities, priority)} ${outcomes
                .map(({ outcome }) => `${labelOf(labels.outcomes, outcome).toLowerCase()} ${figures[outcome].count}`)
                .join(', ')}`,
          )
          .join('; ')}.`,
    )
    .join(' ');
  const legend = outcomes.map(({ outcome, color }) => ({ label: labelOf(labels.outcomes, outcome), color }));
  const rowsShown = Math.max(1, report.sla.response.length, report.sla.resolution.length);
  return accessibleChart(
    {
      width: WIDTH,
      height: LEGEND_HEIGHT + 40 + clocks.length * rowsShown * 26,
      marginTop: LEGEND_HEIGHT + 12,
      marginLeft: 90,
      marginRight: 80,
      x: countScale(
        totals.map((t) => t.value),
        1.15,
      ),
      y: { label: null, domain: [...new Set(segments.map((s) => s.priority))] },
      fy: { label: null, domain: clocks.map(({ clock }) => labelOf(labels.clocks, clock)) },
      color: { domain: legend.map((l) => l.label), range: legend.map((l) => l.color) },
      marks: [
        Plot.barX(segments, { fy: 'clock', y: 'priority', x: 'value', fill: 'outcome', order: null }),
        Plot.text(totals, {
          fy: 'clock',
          y: 'priority',
          x: 'value',
          text: (d: { value: number }) => String(d.value),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    },
    { id, title: labels.charts.sla, desc, legend },
  );
}

export function backlogChart(report: ServiceReport, labels: ReportLabels, id: string): string {
  const points = report.backlog.trend.map((p) => ({
    month: monthName(p.month, labels.language, 'short'),
    value: p.open.count,
  }));
  const desc = `${labels.figures.openAtMonthEnd}: ${report.backlog.trend
    .map((p) => `${monthName(p.month, labels.language)} ${p.open.count}`)
    .join(', ')}.`;
  if (!points.length) return emptyChart(labels.none, { id, title: labels.charts.backlog, desc });
  return accessibleChart(
    {
      width: WIDTH,
      height: 240,
      marginTop: 20,
      marginLeft: 40,
      x: { label: null, domain: points.map((p) => p.month), padding: 0.2 },
      y: countScale(points.map((p) => p.value)),
      marks: [
        Plot.barY(points, { x: 'month', y: 'value', fill: BLUE }),
        Plot.text(points, { x: 'month', y: 'value', text: (d: { value: number }) => String(d.value), dy: -6 }),
        Plot.ruleY([0]),
      ],
    },
    { id, title: labels.charts.backlog, desc },
  );
}

export function vendorsChart(report: ServiceReport, labels: ReportLabels, id: string): string {
  const values = (v: ServiceReport['vendors'][number]): Map<VendorMeasure, number> =>
    new Map([
      ['handOffs', v.handOffs.count],
      ['reminders', v.reminders.sent],
      ['escalations', v.escalations.count],
    ]);
  const bars: Bar[] = report.vendors.flatMap((v) => {
    const counts = values(v);
    return vendorMeasures.map(({ measure }) => ({
      group: v.name,
      series: labelOf(labels.vendorMeasures, measure),
      value: counts.get(measure) ?? 0,
    }));
  });
  if (!bars.length)
    return emptyChart(labels.charts.noVendors, {
      id,
      title: labels.charts.vendors,
      desc: `${labels.charts.noVendors}.`,
    });
  const desc = report.vendors
    .map((v) => {
      const counts = values(v);
      const parts = vendorMeasures.map(
        ({ measure }) => `${labelOf(labels.vendorMeasures, measure).toLowerCase()} ${counts.get(measure) ?? 0}`,
      );
      return `${v.name}: ${parts.join(', ')}.`;
    })
    .join(' ');
  const legend = vendorMeasures.map(({ measure, color }) => ({
    label: labelOf(labels.vendorMeasures, measure),
    color,
  }));
  return groupedBars(bars, legend, { id, title: labels.charts.vendors, desc });
}

/** Bars side by side within each group, the series told by colour (legend) and each bar's count on top. */
function groupedBars(bars: Bar[], series: LegendEntry[], text: { id: string; title: string; desc: string }): string {
  return accessibleChart(
    {
      width: WIDTH,
      height: 260,
      marginTop: LEGEND_HEIGHT + 16,
      marginLeft: 40,
      fx: { label: null, domain: [...new Set(bars.map((b) => b.group))], padding: 0.15 },
      x: { axis: null, domain: series.map((s) => s.label), padding: 0.1 },
      y: countScale(bars.map((b) => b.value)),
      color: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
      marks: [
        Plot.barY(bars, { fx: 'group', x: 'series', y: 'value', fill: 'series' }),
        Plot.text(bars, { fx: 'group', x: 'series', y: 'value', text: (d: Bar) => String(d.value), dy: -6 }),
        Plot.ruleY([0]),
      ],
    },
    { ...text, legend: series },
  );
}

/** A frame with a sentence where there is nothing to draw: the page keeps its layout and says why. */
function emptyChart(message: string, text: { id: string; title: string; desc: string }): string {
  return accessibleChart(
    {
      width: WIDTH,
      height: 80,
      marginLeft: 40,
      x: { axis: null },
      y: { axis: null },
      marks: [Plot.frame({ stroke: '#d0d7de' }), Plot.text([message], { frameAnchor: 'middle', fontSize: 13 })],
    },
    text,
  );
}
