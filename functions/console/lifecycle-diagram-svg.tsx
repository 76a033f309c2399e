// The lifecycle diagram as SVG, drawn on the server with a ticket's current state and the ways out
// of it marked: the console embeds it as is (no script, no external resources). The layout is the
// stored one (lifecycle-diagram-stored.ts: laid out by elkjs at build time); drawing on it is a
// synchronous Preact render, escaped by Preact, the same bytes for the same input.
import { renderToString } from 'preact-render-to-string';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import {
  BOX_PAD,
  EVENT_LINE,
  EVENT_SIZE,
  GUARD_LINE,
  GUARD_SIZE,
  HEADER_LINE,
  HEADER_PAD,
  HEADER_SIZE,
  MONO,
  SANS,
  TITLE_LINE,
  TITLE_SIZE,
  type DiagramLanguage,
  type LifecycleDiagramLayout,
  type PlacedEdge,
  type PlacedInitial,
  type PlacedState,
  type Point,
  type Rect,
} from './lifecycle-diagram-geometry';
import { storedLifecycleLayout } from './lifecycle-diagram-stored';

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
function ArrowHead({ points, colour }: { points: Point[]; colour: string }) {
  const tip = points.at(-1)!;
  const from = points.at(-2) ?? { x: tip.x, y: tip.y - 1 };
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const [ux, uy] = [(tip.x - from.x) / length, (tip.y - from.y) / length];
  const base = { x: tip.x - ux * 8, y: tip.y - uy * 8 };
  const a = { x: base.x - uy * 4, y: base.y + ux * 4 };
  const b = { x: base.x + uy * 4, y: base.y - ux * 4 };
  return <path d={`${pathOf([tip, a, b])} Z`} fill={colour} />;
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
  en: {
    lifecycle: 'Ticket lifecycle',
    states: 'states',
    current: 'current state',
    in: 'in',
    final: 'final state',
    next: 'next',
  },
  nl: {
    lifecycle: 'Levenscyclus van een ticket',
    states: 'statussen',
    current: 'huidige status',
    in: 'in',
    final: 'eindstatus',
    next: 'volgende',
  },
} as const;

/** The current state's ancestors, innermost first; a stage outside the drawn lifecycle has none and marks nothing. */
function marked(
  layout: LifecycleDiagramLayout,
  current: string | undefined,
): { mark?: string; ancestors: Set<string> } {
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const state = current === undefined ? undefined : byId.get(current);
  if (!state || state.region !== 'lifecycle' || state.parent === null) return { ancestors: new Set() };
  const ancestors = new Set<string>();
  for (let id: string | null = state.parent; id; id = byId.get(id)?.parent ?? null)
    if (byId.get(id)!.parent !== null) ancestors.add(id);
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
  const boxes: Rect[] = [
    layout.states.find((s) => s.id === mark)!,
    ...layout.edges.filter((e) => active.has(e.from)).map((e) => e.label),
  ];
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

/** What the parts of one drawing share: the names, the marks, and how a state or edge reads aloud. */
interface Drawing {
  layout: LifecycleDiagramLayout;
  w: (typeof words)[DiagramLanguage];
  mark?: string;
  ancestors: Set<string>;
  /** The current state and the states around it: the ticket can take their transitions. */
  active: Set<string>;
  fullTitle: (id: string) => string;
  describe: (e: PlacedEdge) => string;
}

function drawingOf(layout: LifecycleDiagramLayout, current: string | undefined): Drawing {
  const w = words[layout.language];
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const { mark, ancestors } = marked(layout, current);
  const active = new Set([...(mark ? [mark] : []), ...ancestors]);
  const titleOf = (id: string) => byId.get(id)!.title;
  const fullTitle = (id: string): string => {
    const parent = byId.get(id)!.parent;
    return parent && byId.get(parent)!.parent !== null ? `${titleOf(id)} (${w.in} ${fullTitle(parent)})` : titleOf(id);
  };
  const event = (x: PlacedEdge['events'][number]) => x.event + (x.guard ? ` [${x.guard}]` : '');
  const describe = (e: PlacedEdge) => `${fullTitle(e.from)} → ${fullTitle(e.to)}: ${e.events.map(event).join(', ')}`;
  return { layout, w, mark, ancestors, active, fullTitle, describe };
}

const isRoot = (s: PlacedState) => s.parent === null;
const boxed = (s: PlacedState) => s.kind === 'compound' || s.kind === 'parallel';

function StateBox({ s, d }: { s: PlacedState; d: Drawing }) {
  const isCurrent = s.id === d.mark;
  const marked = isCurrent || d.ancestors.has(s.id);
  const classes = [
    'lc-state',
    ...(boxed(s) ? ['lc-compound'] : []),
    ...(isRoot(s) ? ['lc-region'] : []),
    ...(s.kind === 'final' ? ['lc-final'] : []),
    ...(isCurrent ? ['lc-current'] : []),
  ].join(' ');
  const final = s.kind === 'final' ? ` (${d.w.final})` : '';
  const tip = `${d.fullTitle(s.id)}${isRoot(s) ? '' : ` — ${s.id}`}${final}${isCurrent ? ` — ${d.w.current}` : ''}`;
  const stroke = marked ? ACCENT : LINE;
  const fill = isCurrent
    ? ACCENT_FILL
    : isRoot(s)
      ? REGION_FILL
      : boxed(s)
        ? COMPOUND_FILL
        : s.kind === 'final'
          ? FINAL_FILL
          : STATE_FILL;
  const first = s.y + s.height / 2 - ((s.titleLines.length - 1) * TITLE_LINE) / 2 + TITLE_SIZE * 0.35;
  return (
    <g class={classes} data-state={s.id} data-current={isCurrent ? 'true' : undefined} role="img" aria-label={tip}>
      <title>{tip}</title>
      <rect
        x={num(s.x)}
        y={num(s.y)}
        width={num(s.width)}
        height={num(s.height)}
        rx={boxed(s) ? 10 : 8}
        fill={fill}
        stroke={stroke}
        stroke-width={isCurrent ? 3 : marked ? 2 : 1.2}
        stroke-dasharray={s.concurrent ? '6 4' : undefined}
      />
      {s.kind === 'final' && (
        <rect
          x={num(s.x + 4)}
          y={num(s.y + 4)}
          width={num(s.width - 8)}
          height={num(s.height - 8)}
          rx={5}
          fill="none"
          stroke={stroke}
          stroke-width={1}
        />
      )}
      {boxed(s)
        ? s.titleLines.map((line, i) => (
            <text
              x={num(s.x + BOX_PAD)}
              y={num(s.y + HEADER_PAD + HEADER_LINE * (i + 1) - 3)}
              font-size={HEADER_SIZE}
              font-weight="bold"
              fill={marked ? ACCENT : HEADER_INK}
            >
              {line}
            </text>
          ))
        : s.titleLines.map((line, i) => (
            <text
              x={num(s.x + s.width / 2)}
              y={num(first + i * TITLE_LINE)}
              text-anchor="middle"
              font-size={TITLE_SIZE}
              font-weight={isCurrent ? 'bold' : undefined}
              fill={INK}
            >
              {line}
            </text>
          ))}
    </g>
  );
}

function Initial({ i }: { i: PlacedInitial }) {
  return (
    <g class="lc-initial" data-state={i.target}>
      <circle cx={num(i.dot.x)} cy={num(i.dot.y)} r={4.5} fill={INK} />
      <path d={pathOf(shortened(i.points))} fill="none" stroke={INK} stroke-width={1.3} />
      <ArrowHead points={i.points} colour={INK} />
    </g>
  );
}

function Edge({ e, d }: { e: PlacedEdge; d: Drawing }) {
  const hot = d.active.has(e.from);
  const colour = hot ? ACCENT : LINE;
  const said = d.describe(e);
  // Each line's top: the label's top, one pixel in, then the lines above it.
  const tops = e.label.lines.map((_, k) =>
    e.label.lines.slice(0, k).reduce((y, l) => y + (l.guard ? GUARD_LINE : EVENT_LINE), e.label.y + 1),
  );
  return (
    <g class={`lc-edge${hot ? ' lc-available' : ''}`} data-from={e.from} data-to={e.to} role="img" aria-label={said}>
      <title>{said}</title>
      <path
        d={pathOf(shortened(e.points))}
        fill="none"
        stroke={colour}
        stroke-width={hot ? 2.2 : 1.2}
        stroke-linejoin="round"
      />
      <ArrowHead points={e.points} colour={colour} />
      {/* Labels get a backdrop, so a line passing under one never makes it unreadable. */}
      <rect
        class="lc-label"
        x={num(e.label.x)}
        y={num(e.label.y)}
        width={num(e.label.width)}
        height={num(e.label.height)}
        rx={2}
        fill={STATE_FILL}
        fill-opacity={0.9}
      />
      {e.label.lines.map((line, k) => {
        const [size, height] = line.guard ? [GUARD_SIZE, GUARD_LINE] : [EVENT_SIZE, EVENT_LINE];
        return (
          <text
            x={num(e.label.x + 2)}
            y={num(tops[k]! + (height - size) / 2 + size * 0.8)}
            font-family={MONO}
            font-size={size}
            fill={hot ? ACCENT : line.guard ? LINE : LABEL_INK}
            font-weight={hot && !line.guard ? 'bold' : undefined}
          >
            {line.text}
          </text>
        );
      })}
    </g>
  );
}

function LifecycleDiagram({ layout, current }: { layout: LifecycleDiagramLayout; current: string | undefined }) {
  const d = drawingOf(layout, current);
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  const depth = (s: PlacedState): number => (s.parent ? 1 + depth(byId.get(s.parent)!) : 0);
  const counted = layout.states.filter((s) => s.region === 'lifecycle' && !isRoot(s)).length;
  const next = layout.edges.filter((e) => d.active.has(e.from)).flatMap((e) => e.events.map((x) => x.event));
  const where = d.mark ? `; ${d.w.current}: ${d.fullTitle(d.mark)}; ${d.w.next}: ${next.join(', ')}` : '';
  const summary = `${d.w.lifecycle}: ${counted} ${d.w.states}${where}`;
  const [width, height] = [num(layout.width), num(layout.height)];
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={summary}
      font-family={SANS}
    >
      <title>{summary}</title>
      <desc>{layout.edges.map(d.describe).join('; ')}</desc>
      <rect width={width} height={height} fill={STATE_FILL} />
      {/* Boxes outermost first, so they sit behind what they contain. */}
      {[...layout.states]
        .sort((a, b) => depth(a) - depth(b))
        .map((s) => (
          <StateBox s={s} d={d} />
        ))}
      {layout.initials
        .filter((i) => i.points.length >= 2)
        .map((i) => (
          <Initial i={i} />
        ))}
      {/* Edges the ticket can take now are drawn last, on top of those they cross. */}
      {[...layout.edges]
        .sort((a, b) => Number(d.active.has(a.from)) - Number(d.active.has(b.from)))
        .filter((e) => e.points.length >= 2)
        .map((e) => (
          <Edge e={e} d={d} />
        ))}
    </svg>
  );
}

/** The diagram of a ticket on a layout: synchronous, so a page draws it at no layout cost. */
export function drawLifecycleDiagram(layout: LifecycleDiagramLayout, current?: string): string {
  return renderToString(<LifecycleDiagram layout={layout} current={current} />);
}

/**
 * The lifecycle as a standalone SVG document (also fit to inline in HTML), the current state
 * marked; empty for a chart the stored layout was not made for.
 */
export function lifecycleDiagramSvg(machine: TicketMachine, options: LifecycleDiagramOptions): string {
  const layout = storedLifecycleLayout(machine, options.language);
  return layout ? drawLifecycleDiagram(layout, options.current) : '';
}

/** An empty box the browser scrolls the diagram's container to on load (no script). */
function FocusBox({ focus }: { focus: Rect }) {
  const place = `left:${num(focus.x)}px;top:${num(focus.y)}px;width:${num(focus.width)}px;height:${num(focus.height)}px`;
  const scroll = 'scroll-initial-target:nearest;scroll-snap-align:center;scroll-margin:16px;pointer-events:none';
  return <span class="lc-focus" aria-hidden="true" style={`position:absolute;${place};${scroll}`} />;
}

/**
 * The diagram for a page: the SVG, and over it an empty box around the current state and its next
 * transitions that the browser scrolls the diagram's container to when the page loads
 * (`scroll-initial-target`, no script). The container is the caller's: it scrolls (`overflow:
 * auto`) and is the box's containing block (`position: relative`), with no padding.
 */
export function lifecycleDiagramHtml(machine: TicketMachine, options: LifecycleDiagramOptions): string {
  const layout = storedLifecycleLayout(machine, options.language);
  if (!layout) return renderToString(<p>{NOT_LAID_OUT}</p>);
  return layoutDiagramHtml(layout, options.current);
}

/** What a page says where a chart has no stored layout (a chart changed without `npm run docs`). */
export const NOT_LAID_OUT = 'The lifecycle diagram is not drawn: its stored layout is of another chart.';

/** lifecycleDiagramHtml on a given layout. */
export function layoutDiagramHtml(layout: LifecycleDiagramLayout, current?: string): string {
  const focus = diagramFocus(layout, current);
  return renderToString(
    <>
      <LifecycleDiagram layout={layout} current={current} />
      {focus && <FocusBox focus={focus} />}
    </>,
  );
}
