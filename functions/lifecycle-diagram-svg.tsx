// The lifecycle diagram as SVG, drawn on the server with a ticket's current state and the ways out
// of it marked: the console embeds it as is (no script, no external resources). The layout comes
// from lifecycle-diagram-layout (elkjs, computed once per chart and language); drawing on it is a
// synchronous string step, the same bytes for the same input.
import type { TicketMachine } from '../workflows/ticket-machine';
import { escapeHtml } from '../workflows/html-escape';
import {
  BOX_PAD,

  EVENT_LINE,
  EVENT_SIZE,

  GUARD_LINE,
  GUARD_SIZE,
  HEADER_LINE,
  HEADER_PAD,
  HEADER_SIZE,
  lifecycleLayoutOf,
  MONO,
  SANS,
  TITLE_LINE,
  TITLE_SIZE,
  type DiagramLanguage,
  type LifecycleDiagramLayout,
  type PlacedEdge,
  type PlacedState,
  type Point,
  type Rect,
} from './lifecycle-diagram-layout';

export interface LifecycleDiagramOptions {
  language: DiagramLanguage;
  /** A lifecycle stage as the engine stores it, e.g. `onSite.visitPlanned`; one the chart lacks marks nothing. */
  current?: string;
}

const INK = '#1e293b';
const LINE = '#64748b';
const ACCENT = '#b45309';
const ACCENT_FILL = '#fef3c7';
const STATE_FILL = '#ffffff';
const COMPOUND_FILL = '#f1f5f9';
const REGION_FILL = '#f8fafc';
const FINAL_FILL = '#e2e8f0';
const HEADER_INK = '#475569';
const LABEL_INK = '#334155';

/** Coordinates to a tenth of a pixel: same input, same bytes, no `-0`, and never NaN or Infinity. */
function num(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite coordinate: ${value}`);
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const pathOf = (points: Point[]) => points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`).join(' ');

/** An arrowhead at the end of the last segment, pointing along it. */
function arrowHead(points: Point[], colour: string): string {
  const tip = points.at(-1)!;
  const from = points.at(-2) ?? { x: tip.x, y: tip.y - 1 };
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const [ux, uy] = [(tip.x - from.x) / length, (tip.y - from.y) / length];
  const base = { x: tip.x - ux * 8, y: tip.y - uy * 8 };
  const a = { x: base.x - uy * 4, y: base.y + ux * 4 };
  const b = { x: base.x + uy * 4, y: base.y - ux * 4 };
  return `<path d="M${num(tip.x)} ${num(tip.y)} L${num(a.x)} ${num(a.y)} L${num(b.x)} ${num(b.y)} Z" fill="${colour}"/>`;
}

/** The line stops at the arrowhead's base, so a thick line does not blunt its tip. */
function shortened(points: Point[]): Point[] {
  const tip = points.at(-1)!;
  const from = points.at(-2);
  if (!from) return points;
  const length = Math.hypot(tip.x - from.x, tip.y - from.y);
  if (length <= 7) return points;
  const k = (length - 7) / length;
  return [...points.slice(0, -1), { x: from.x + (tip.x - from.x) * k, y: from.y + (tip.y - from.y) * k }];
}

const words = {
  en: { lifecycle: 'Ticket lifecycle', states: 'states', current: 'current state', in: 'in', final: 'final state', next: 'next' },
  nl: { lifecycle: 'Levenscyclus van een ticket', states: 'statussen', current: 'huidige status', in: 'in', final: 'eindstatus', next: 'volgende' },
} as const;

/** The current state's ancestors, innermost first; a stage outside the drawn lifecycle has none and marks nothing. */
function marked(layout: LifecycleDiagramLayout, current: string | undefined): { mark?: string; ancestors: Set<string> } {
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const state = current === undefined ? undefined : byId.get(current);
  if (!state || state.region !== 'lifecycle' || state.parent === null) return { ancestors: new Set() };
  const ancestors = new Set<string>();
  for (let id: string | null = state.parent; id; id = byId.get(id)?.parent ?? null) if (byId.get(id)!.parent !== null) ancestors.add(id);
  return { mark: state.id, ancestors };
}

/**
 * What a reader must see first: the current state and the labels of the transitions it can take
 * now (its own and those of the states around it). Null when nothing is marked.
 */
export function diagramFocus(layout: LifecycleDiagramLayout, current: string | undefined): Rect | null {
  const { mark, ancestors } = marked(layout, current);
  if (!mark) return null;
  const active = new Set([mark, ...ancestors]);
  const boxes: Rect[] = [layout.states.find((s) => s.id === mark)!, ...layout.edges.filter((e) => active.has(e.from)).map((e) => e.label)];
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/** The diagram of a ticket on a layout: synchronous, so a page draws it at no layout cost. */
export function drawLifecycleDiagram(layout: LifecycleDiagramLayout, current?: string): string {
  const w = words[layout.language];
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const { mark, ancestors } = marked(layout, current);
  // The ticket can take the transitions of its current state and of the states around it.
  const active = new Set([...(mark ? [mark] : []), ...ancestors]);
  const isRoot = (s: PlacedState) => s.parent === null;
  const titleOf = (id: string) => byId.get(id)!.title;
  const fullTitle = (id: string): string => {
    const parent = byId.get(id)!.parent;
    return parent && !isRoot(byId.get(parent)!) ? `${titleOf(id)} (${w.in} ${fullTitle(parent)})` : titleOf(id);
  };
  const describe = (e: PlacedEdge) => `${fullTitle(e.from)} → ${fullTitle(e.to)}: ${e.events.map((x) => x.event + (x.guard ? ` [${x.guard}]` : '')).join(', ')}`;
  const depth = (s: PlacedState): number => (s.parent ? 1 + depth(byId.get(s.parent)!) : 0);
  const boxed = (s: PlacedState) => s.kind === 'compound' || s.kind === 'parallel';
  const fillOf = (s: PlacedState) => (s.id === mark ? ACCENT_FILL : isRoot(s) ? REGION_FILL : boxed(s) ? COMPOUND_FILL : s.kind === 'final' ? FINAL_FILL : STATE_FILL);
  const counted = layout.states.filter((s) => s.region === 'lifecycle' && !isRoot(s)).length;
  const next = layout.edges.filter((e) => active.has(e.from));

  const summary = `${w.lifecycle}: ${counted} ${w.states}${mark ? `; ${w.current}: ${fullTitle(mark)}; ${w.next}: ${next.flatMap((e) => e.events.map((x) => x.event)).join(', ')}` : ''}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(layout.width)}" height="${num(layout.height)}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" role="group" aria-label="${escapeHtml(summary)}" font-family="${SANS}">`,
    `<title>${escapeHtml(summary)}</title>`,
    `<desc>${escapeHtml(layout.edges.map(describe).join('; '))}</desc>`,
    `<rect width="${num(layout.width)}" height="${num(layout.height)}" fill="${STATE_FILL}"/>`,
  ];

  // Boxes outermost first, so they sit behind what they contain.
  for (const s of [...layout.states].sort((a, b) => depth(a) - depth(b))) {
    const isCurrent = s.id === mark;
    const marked = isCurrent || ancestors.has(s.id);
    const classes = ['lc-state', ...(boxed(s) ? ['lc-compound'] : []), ...(isRoot(s) ? ['lc-region'] : []), ...(s.kind === 'final' ? ['lc-final'] : []), ...(isCurrent ? ['lc-current'] : [])].join(' ');
    const tip = `${fullTitle(s.id)}${isRoot(s) ? '' : ` — ${s.id}`}${s.kind === 'final' ? ` (${w.final})` : ''}${isCurrent ? ` — ${w.current}` : ''}`;
    const stroke = marked ? ACCENT : LINE;
    const dash = s.concurrent ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<g class="${classes}" data-state="${escapeHtml(s.id)}"${isCurrent ? ' data-current="true"' : ''} role="img" aria-label="${escapeHtml(tip)}">`,
      `<title>${escapeHtml(tip)}</title>`,
      `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.width)}" height="${num(s.height)}" rx="${boxed(s) ? 10 : 8}" fill="${fillOf(s)}" stroke="${stroke}" stroke-width="${isCurrent ? 3 : marked ? 2 : 1.2}"${dash}/>`,
    );
    if (s.kind === 'final') out.push(`<rect x="${num(s.x + 4)}" y="${num(s.y + 4)}" width="${num(s.width - 8)}" height="${num(s.height - 8)}" rx="5" fill="none" stroke="${stroke}" stroke-width="1"/>`);
    if (boxed(s)) {
      s.titleLines.forEach((line, i) => {
        const y = s.y + HEADER_PAD + HEADER_LINE * (i + 1) - 3;
        out.push(`<text x="${num(s.x + BOX_PAD)}" y="${num(y)}" font-size="${HEADER_SIZE}" font-weight="bold" fill="${marked ? ACCENT : HEADER_INK}">${escapeHtml(line)}</text>`);
      });
    } else {
      const first = s.y + s.height / 2 - ((s.titleLines.length - 1) * TITLE_LINE) / 2 + TITLE_SIZE * 0.35;
      s.titleLines.forEach((line, i) => {
        const weight = isCurrent ? ' font-weight="bold"' : '';
        out.push(`<text x="${num(s.x + s.width / 2)}" y="${num(first + i * TITLE_LINE)}" text-anchor="middle" font-size="${TITLE_SIZE}"${weight} fill="${INK}">${escapeHtml(line)}</text>`);
      });
    }
    out.push('</g>');
  }

  for (const i of layout.initials) {
    if (i.points.length < 2) continue;
    out.push(
      `<g class="lc-initial" data-state="${escapeHtml(i.target)}"><circle cx="${num(i.dot.x)}" cy="${num(i.dot.y)}" r="4.5" fill="${INK}"/>`,
      `<path d="${pathOf(shortened(i.points))}" fill="none" stroke="${INK}" stroke-width="1.3"/>${arrowHead(i.points, INK)}</g>`,
    );
  }

  // Edges the ticket can take now are drawn last, on top of those they cross.
  for (const e of [...layout.edges].sort((a, b) => Number(active.has(a.from)) - Number(active.has(b.from)))) {
    if (e.points.length < 2) continue;
    const hot = active.has(e.from);
    const colour = hot ? ACCENT : LINE;
    out.push(
      `<g class="lc-edge${hot ? ' lc-available' : ''}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" role="img" aria-label="${escapeHtml(describe(e))}">`,
      `<title>${escapeHtml(describe(e))}</title>`,
      `<path d="${pathOf(shortened(e.points))}" fill="none" stroke="${colour}" stroke-width="${hot ? 2.2 : 1.2}" stroke-linejoin="round"/>`,
      arrowHead(e.points, colour),
    );
    // Labels get a backdrop, so a line passing under one never makes it unreadable.
    out.push(`<rect class="lc-label" x="${num(e.label.x)}" y="${num(e.label.y)}" width="${num(e.label.width)}" height="${num(e.label.height)}" rx="2" fill="${STATE_FILL}" fill-opacity="0.9"/>`);
    let y = e.label.y + 1;
    for (const line of e.label.lines) {
      const [size, height] = line.guard ? [GUARD_SIZE, GUARD_LINE] : [EVENT_SIZE, EVENT_LINE];
      const ink = hot ? ACCENT : line.guard ? LINE : LABEL_INK;
      const weight = hot && !line.guard ? ' font-weight="bold"' : '';
      out.push(`<text x="${num(e.label.x + 2)}" y="${num(y + (height - size) / 2 + size * 0.8)}" font-family="${MONO}" font-size="${size}" fill="${ink}"${weight}>${escapeHtml(line.text)}</text>`);
      y += height;
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The lifecycle as a standalone SVG document (also fit to inline in HTML), the current state marked. */
export async function lifecycleDiagramSvg(machine: TicketMachine, options: LifecycleDiagramOptions): Promise<string> {
  return drawLifecycleDiagram(await lifecycleLayoutOf(machine, options.language), options.current);
}


/**
 * The diagram for a page: the SVG, and over it an empty box around the current state and its next
 * transitions that the browser scrolls the diagram's container to when the page loads
 * (`scroll-initial-target`, no script). The container is the caller's: it scrolls (`overflow:
 * auto`) and is the box's containing block (`position: relative`), with no padding.
 */
export async function lifecycleDiagramHtml(machine: TicketMachine, options: LifecycleDiagramOptions): Promise<string> {
  const layout = await lifecycleLayoutOf(machine, options.language);
  const focus = diagramFocus(layout, options.current);
  const box = focus
    ? `<span class="lc-focus" aria-hidden="true" style="position:absolute;left:${num(focus.x)}px;top:${num(focus.y)}px;width:${num(focus.width)}px;height:${num(focus.height)}px;\
scroll-initial-target:nearest;scroll-snap-align:center;scroll-margin:16px;pointer-events:none"></span>`
    : '';
  return drawLifecycleDiagram(layout, options.current) + box;
}
