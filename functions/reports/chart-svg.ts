// Draws an Observable Plot chart on the server and hands back the accessible SVG string a page
// embeds: a DOM from linkedom (no browser), the root marked role="img" and labelled by its own
// <title> and <desc>, a legend drawn into the SVG (Plot's own legend is HTML beside it), ids from
// the caller's prefix. Text goes in through textContent, so the serialiser escapes it.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Plot's class for its scoped style sheet: fixed, so the same chart is the same bytes. */
const CHART_CLASS = 'report-chart';
export const LEGEND_HEIGHT = 22;

export interface LegendEntry {
  label: string;
  color: string;
}

export interface ChartText {
  /** The root of every id in the chart ("report-tickets"): two charts on a page never share one. */
  id: string;
  title: string;
  desc: string;
  legend?: LegendEntry[];
}

/** One document for every chart of a process: Plot only creates detached elements in it. */
let shared: Document | undefined;
function chartDocument(): Document {
  if (shared) return shared;
  const { document } = parseHTML('');
  document.append(document.createElement('html')); // d3 finds its namespace through the root element
  return (shared = document as unknown as Document);
}

export function accessibleChart(options: Plot.PlotOptions, text: ChartText): string {
  const document = chartDocument();
  const chart = Plot.plot({ ...options, document, className: CHART_CLASS });
  if (chart.tagName.toLowerCase() !== 'svg')
    throw new Error('a report chart must be one SVG, without HTML legend or caption');
  // One image to assistive technology, told by its title and description: Plot's labels of its
  // marks (aria-label on plain groups, which ARIA does not allow there) would only repeat them.
  chart.querySelectorAll('[aria-label]').forEach((marked) => marked.removeAttribute('aria-label'));
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', `${text.id}-title ${text.id}-desc`);
  chart.setAttribute('id', text.id);
  const title = element(document, 'title', { id: `${text.id}-title` });
  title.textContent = text.title;
  const desc = element(document, 'desc', { id: `${text.id}-desc` });
  desc.textContent = text.desc;
  chart.prepend(title, desc);
  if (text.legend?.length) chart.append(legend(document, text.legend, Number(options.marginLeft ?? 40)));
  return chart.outerHTML;
}

/** Swatches in a row along the top (the chart leaves LEGEND_HEIGHT of margin for them). */
function legend(document: Document, entries: LegendEntry[], left: number): Element {
  const group = element(document, 'g', { 'aria-hidden': 'true', 'font-size': '12', 'text-anchor': 'start' });
  let x = left;
  for (const entry of entries) {
    group.append(element(document, 'rect', { x: String(x), y: '4', width: '12', height: '12', fill: entry.color }));
    const label = element(document, 'text', { x: String(x + 16), y: '14' });
    label.textContent = entry.label;
    group.append(label);
    x += 16 + entry.label.length * 7 + 16; // an estimate: no font metrics on the server
  }
  return group;
}

function element(document: Document, name: string, attributes: Record<string, string>): Element {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}
