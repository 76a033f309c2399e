// The lifecycle drawn as SVG on the server, with the ticket's current state marked: the console
// embeds it as is. Derived from lifecycleGraph (so from the statechart); the layered layout is our
// own because a layout library or a client-side renderer would mean a new dependency or a CDN.
import type { TicketMachine } from './ticket-machine';
import { lifecycleGraph, type DiagramState } from './lifecycle-diagram';
import { escapeHtml } from './html-escape';

export type DiagramLanguage = 'nl' | 'en';

export interface LifecycleSvgOptions {
  language: DiagramLanguage;
  /** A lifecycle stage as the engine stores it, e.g. `onSite.visitPlanned`. */
  current?: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeEvent {
  event: string;
  guard: string | null;
}

export interface StateBox extends Rect {
  id: string;
  title: string;
  parent: string | null;
  final: boolean;
  /** A state with children, drawn as a box around them. */
  compound: boolean;
  /** The initial child a compound state enters, drawn with a start dot. */
  initial: string | null;
  titleLines: string[];
}

/** One drawn edge per (from, to) pair: parallel transitions share it, one label line each. */
export interface EdgeRoute {
  from: string;
  to: string;
  events: EdgeEvent[];
  /** `up` when the edge runs against the flow (a return to earlier work); `loop` for a self-transition. */
  direction: 'down' | 'up' | 'loop';
  /** Port on the source, bends in between, port on the target. */
  points: Point[];
  label: Rect;
  labelLines: LabelLine[];
}

export interface LifecycleLayout {
  width: number;
  height: number;
  root: string;
  states: StateBox[];
  edges: EdgeRoute[];
}

// ---------------------------------------------------------------------------------------------
// Text metrics. The server has no font engine, so widths come from Arial's advance widths
// (Liberation Sans, installed where Arial is not, has the same metrics); labels use a monospace
// face, whose advance is 0.6 em in every common one.

const SANS = 'Arial, Liberation Sans, Helvetica, sans-serif';
const MONO = 'DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace';
const ARIAL_WIDTHS = (
  '278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 ' +
  '1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 ' +
  '333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584'
)
  .split(' ')
  .map(Number);
// Bold faces run wider; every title is measured bold so the current state, drawn bold, still fits.
const BOLD_FACTOR = 1.1;
const MONO_ADVANCE = 0.61;

function sansWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text.normalize('NFD')) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x300 && code < 0x370) continue; // combining accents ride on their letter
    units += ARIAL_WIDTHS[code - 32] ?? 600;
  }
  return (units / 1000) * size * BOLD_FACTOR;
}

const monoWidth = (text: string, size: number) => text.length * size * MONO_ADVANCE;

function wrap(text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && sansWidth(`${last} ${word}`, size) <= maxWidth) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

const TITLE_SIZE = 13;
const TITLE_LINE = 16;
const HEADER_SIZE = 12.5;
const HEADER_LINE = 15;
const EVENT_SIZE = 10;
const EVENT_LINE = 12;
const GUARD_SIZE = 9;
const GUARD_LINE = 11;

export interface LabelLine {
  text: string;
  guard: boolean;
}

/** A guard is shown where it tells apart the ways one event can go; elsewhere it is in the tooltip. */
function labelLines(events: EdgeEvent[], branches: (event: string) => boolean): LabelLine[] {
  return events.flatMap((e) => [{ text: e.event, guard: false }, ...(e.guard && branches(e.event) ? [{ text: `[${e.guard}]`, guard: true }] : [])]);
}

function labelSize(lines: LabelLine[]): { width: number; height: number } {
  return {
    width: Math.max(...lines.map((l) => monoWidth(l.text, l.guard ? GUARD_SIZE : EVENT_SIZE))),
    height: lines.reduce((sum, l) => sum + (l.guard ? GUARD_LINE : EVENT_LINE), 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Layout. Each container (the lifecycle, then every compound state) is laid out on its own with a
// Sugiyama-style layered layout, innermost first, so a compound state enters its parent's layout as
// one big node. Ranks are tripled: between two ranks of states, one rank holds the labels of edges
// going down (right under their source), the next those of edges going back up (right above
// theirs). A label is a node of its own there, so labels take part in ordering and spacing and never
// overlap a state or each other.

const MARGIN = 16;
const CLUSTER_PAD = 12;
const INITIAL_GAP = 22;
const LOOP_REACH = 26;
const TRACK = 7;

interface Sized {
  id: string;
  width: number;
  height: number;
  /** Room right of the box for the loop of its self-transition. */
  loopRight: number;
  inner?: { laid: Laid; dx: number; dy: number };
}

interface Laid {
  width: number;
  height: number;
  boxes: Map<string, Rect>;
  routes: Route[];
  gaps: Gap[];
}

/** The band between two ranks where edges run sideways, each on a track of its own. */
interface Gap {
  top: number;
  bottom: number;
}

interface Route {
  from: string;
  to: string;
  events: EdgeEvent[];
  lines: LabelLine[];
  direction: 'down' | 'up' | 'loop';
  /** Where the edge passes each rank between its ends: top and bottom of the rank, in drawing order. */
  via: Point[];
  /** The gap each step between ranks crosses: step i runs from point 2i to 2i+1 of [start, ...via, end]. */
  gaps: Gap[];
  label: Rect;
}

interface LevelEdge {
  route: Route;
  /** The children of this container that hold the two ends. */
  from: string;
  to: string;
  /** Horizontal offset of the true end from the centre of the child that holds it. */
  fromOffset: number;
  toOffset: number;
  labelWidth: number;
  labelHeight: number;
}

interface Item {
  rank: number;
  order: number;
  x: number;
  left: number;
  right: number;
  height: number;
  child?: Sized;
  isLabel: boolean;
}

interface Segment {
  upper: Item;
  lower: Item;
  upperOffset: number;
  lowerOffset: number;
  weight: number;
}

function gapBetween(a: Item, b: Item): number {
  if (!a.child && !b.child) return 10;
  return !a.child || !b.child ? 16 : 34;
}

/** The non-decreasing sequence nearest to `values` in weighted least squares (pool adjacent violators). */
function isotonic(values: number[], weights: number[]): number[] {
  const blocks: { weight: number; sum: number; size: number }[] = [];
  values.forEach((value, i) => {
    blocks.push({ weight: weights[i]!, sum: weights[i]! * value, size: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.weight <= b.sum / b.weight) break;
      blocks.splice(blocks.length - 2, 2, { weight: a.weight + b.weight, sum: a.sum + b.sum, size: a.size + b.size });
    }
  });
  return blocks.flatMap((block) => Array<number>(block.size).fill(block.sum / block.weight));
}

/** Items as near their desired centres as their order and separations allow. */
function placeInOrder(layer: Item[], desired: number[], weights: number[]): void {
  const offsets = [0];
  for (let i = 1; i < layer.length; i++) offsets.push(offsets[i - 1]! + layer[i - 1]!.right + gapBetween(layer[i - 1]!, layer[i]!) + layer[i]!.left);
  const fit = isotonic(desired.map((d, i) => d - offsets[i]!), weights);
  layer.forEach((it, i) => (it.x = fit[i]! + offsets[i]!));
}

/** Points in order, at least `gap` apart, within [lo, hi], each as near its wish as that allows. */
function spread(wishes: number[], gap: number, lo: number, hi: number): number[] {
  const step = wishes.length > 1 ? Math.min(gap, (hi - lo) / (wishes.length - 1)) : 0;
  const fit = isotonic(wishes.map((w, i) => w - i * step), wishes.map(() => 1));
  return fit.map((f, i) => Math.min(Math.max(f + i * step, lo + i * step), hi - (wishes.length - 1 - i) * step));
}

function layoutLevel(children: Sized[], edges: LevelEdge[], root: string | undefined): Laid {
  // 1. Which edges run against the flow. Take states in chart order as soon as all their
  // predecessors are placed; when a cycle blocks, take the first state in chart order that work
  // already reaches and turn its remaining in-edges around. Chart order is the designer's order of
  // work, so returns (REOPEN, VENDOR_REPLIED, REVISE_QUOTE) are the edges that point back.
  const placed = new Set<string>();
  const reversed = new Set<LevelEdge>();
  const topo: Sized[] = [];
  const incoming = (id: string) => edges.filter((e) => e.to === id);
  while (topo.length < children.length) {
    const open = children.filter((c) => !placed.has(c.id));
    const next =
      (topo.length === 0 ? open.find((c) => c.id === root) : undefined) ??
      open.find((c) => incoming(c.id).every((e) => placed.has(e.from))) ??
      open.find((c) => incoming(c.id).some((e) => placed.has(e.from))) ??
      open[0]!;
    for (const e of incoming(next.id)) if (!placed.has(e.from)) reversed.add(e);
    placed.add(next.id);
    topo.push(next);
  }
  const upperOf = (e: LevelEdge) => (reversed.has(e) ? e.to : e.from);
  const lowerOf = (e: LevelEdge) => (reversed.has(e) ? e.from : e.to);

  // 2. Longest-path ranks from the root, tripled (see above).
  const rank = new Map<string, number>();
  for (const c of topo) rank.set(c.id, Math.max(0, ...edges.filter((e) => lowerOf(e) === c.id).map((e) => rank.get(upperOf(e))! + 3)));

  // 3. The proper layered graph: a dummy item on every rank an edge crosses, its label on one.
  const itemOf = new Map<string, Item>();
  const items: Item[] = [];
  for (const c of topo) {
    const item: Item = { rank: rank.get(c.id)!, order: 0, x: 0, left: c.width / 2, right: c.width / 2 + c.loopRight, height: c.height, child: c, isLabel: false };
    itemOf.set(c.id, item);
    items.push(item);
  }
  const segments: Segment[] = [];
  const segmentOf = new Map<string, Segment>();
  const chains = new Map<LevelEdge, Item[]>();
  // Edges into one state concentrate: past its label, an edge joins a trunk shared by every edge
  // that enters the same state from the same side (ten CANCEL edges end as one line, not ten).
  const trunks = new Map<string, Item>();
  const ids = new Map<Item, number>();
  const idOf = (it: Item) => ids.get(it) ?? (ids.set(it, ids.size), ids.size - 1);
  for (const e of edges) {
    const back = reversed.has(e);
    const upper = itemOf.get(upperOf(e))!;
    const lower = itemOf.get(lowerOf(e))!;
    // Next to the source, so a state's way out reads right under (or, going back, right above) it.
    const labelRank = back ? lower.rank - 1 : upper.rank + 1;
    const chain: Item[] = [];
    for (let r = upper.rank + 1; r < lower.rank; r++) {
      const isLabel = r === labelRank;
      const shared = back ? r < labelRank : r > labelRank;
      const key = `${e.route.to}\u0000${back}\u0000${r}`;
      const existing = shared ? trunks.get(key) : undefined;
      if (existing) {
        chain.push(existing);
        continue;
      }
      const item: Item = { rank: r, order: 0, x: 0, left: 2, right: isLabel ? e.labelWidth + 8 : 2, height: isLabel ? e.labelHeight : 0, isLabel };
      if (shared) trunks.set(key, item);
      items.push(item);
      chain.push(item);
    }
    chains.set(e, chain);
    const path = [upper, ...chain, lower];
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path[i]!;
      const b = path[i + 1]!;
      const key = `${idOf(a)}-${idOf(b)}`;
      const known = segmentOf.get(key);
      if (known) {
        known.weight += 1;
        continue;
      }
      const segment = {
        upper: a,
        lower: b,
        upperOffset: i === 0 ? (back ? e.toOffset : e.fromOffset) : 0,
        lowerOffset: i + 1 === path.length - 1 ? (back ? e.fromOffset : e.toOffset) : 0,
        // Long edges are kept straight before short ones (the network-simplex weights of dot).
        weight: a.child && b.child ? 1 : a.child || b.child ? 2 : 8,
      };
      segmentOf.set(key, segment);
      segments.push(segment);
    }
  }
  const maxRank = Math.max(0, ...items.map((it) => it.rank));
  const layers: Item[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const it of items) layers[it.rank]!.push(it);
  const ups = new Map<Item, Segment[]>(items.map((it) => [it, []]));
  const downs = new Map<Item, Segment[]>(items.map((it) => [it, []]));
  for (const s of segments) {
    downs.get(s.upper)!.push(s);
    ups.get(s.lower)!.push(s);
  }

  // 4. Order within ranks: barycenter sweeps and adjacent transpositions, keeping the best order.
  const renumber = (layer: Item[]) => layer.forEach((it, i) => (it.order = i));
  layers.forEach(renumber);
  const crossingsBetween = (segs: Segment[]) => {
    let count = 0;
    for (let i = 0; i < segs.length; i++)
      for (let j = i + 1; j < segs.length; j++) {
        const a = segs[i]!;
        const b = segs[j]!;
        if ((a.upper.order - b.upper.order) * (a.lower.order - b.lower.order) < 0) count++;
      }
    return count;
  };
  const totalCrossings = () => layers.reduce((sum, layer) => sum + crossingsBetween(layer.flatMap((it) => downs.get(it)!)), 0);
  const pairCrossings = (u: Item, v: Item) => {
    // Crossings between u's and v's segments with u left of v.
    let count = 0;
    for (const [near, far] of [[ups, 'upper'], [downs, 'lower']] as const)
      for (const su of near.get(u)!) for (const sv of near.get(v)!) if (su[far].order > sv[far].order) count++;
    return count;
  };
  const sweep = () => {
    let best = layers.map((layer) => [...layer]);
    let bestCount = totalCrossings();
    for (let iteration = 0; iteration < 24 && bestCount > 0; iteration++) {
      const down = iteration % 2 === 0;
      for (const layer of down ? layers.slice(1) : layers.slice(0, -1).reverse()) {
        const key = new Map(
          layer.map((it) => {
            const segs = (down ? ups : downs).get(it)!;
            return [it, segs.length ? segs.reduce((sum, s) => sum + (down ? s.upper : s.lower).order, 0) / segs.length : it.order];
          }),
        );
        layer.sort((a, b) => key.get(a)! - key.get(b)! || a.order - b.order);
        renumber(layer);
      }
      for (let improved = true, round = 0; improved && round < 8; round++) {
        improved = false;
        for (const layer of layers)
          for (let i = 0; i + 1 < layer.length; i++) {
            const u = layer[i]!;
            const v = layer[i + 1]!;
            if (pairCrossings(v, u) < pairCrossings(u, v)) {
              layer[i] = v;
              layer[i + 1] = u;
              renumber(layer);
              improved = true;
            }
          }
      }
      const count = totalCrossings();
      if (count < bestCount) {
        bestCount = count;
        best = layers.map((layer) => [...layer]);
      }
    }
    return { best, bestCount };
  };
  const { best } = sweep();
  best.forEach((layer, r) => {
    layers[r] = layer;
    renumber(layer);
  });

  // 5. Horizontal positions: each item drawn towards the weighted mean of its neighbours, order
  // and separations kept exact. After a plain quadratic start, each segment's weight is divided by
  // a power of its current sideways step (iteratively reweighted least squares), which makes one
  // big step cheaper than many small ones: edges run straight and bend near their ends.
  for (const layer of layers) {
    placeInOrder(layer, layer.map(() => 0), layer.map(() => 1));
    const shift = (layer[0] ? layer[0].x - layer[0].left + layer.at(-1)!.x + layer.at(-1)!.right : 0) / 2;
    for (const it of layer) it.x -= shift;
  }
  const pinned = new Map<Item, number>();
  const step = (s: Segment) => s.upper.x + s.upperOffset - s.lower.x - s.lowerOffset;
  const relax = (iterations: number, weightOf: (s: Segment) => number) => {
    for (let iteration = 0; iteration < iterations; iteration++)
      for (const layer of iteration % 2 === 0 ? layers : [...layers].reverse()) {
        const desired: number[] = [];
        const weights: number[] = [];
        for (const it of layer) {
          let sum = 0;
          let weight = 0;
          for (const s of ups.get(it)!) {
            sum += weightOf(s) * (s.upper.x + s.upperOffset - s.lowerOffset);
            weight += weightOf(s);
          }
          for (const s of downs.get(it)!) {
            sum += weightOf(s) * (s.lower.x + s.lowerOffset - s.upperOffset);
            weight += weightOf(s);
          }
          const pin = pinned.get(it);
          desired.push(pin ?? (weight ? sum / weight : it.x));
          weights.push(pin !== undefined ? 1e6 : weight || 0.01);
        }
        placeInOrder(layer, desired, weights);
      }
  };
  relax(30, (s) => s.weight);
  relax(90, (s) => s.weight / Math.max(1, Math.abs(step(s))) ** 1.5);

  // 6. Straighten what is left: the dummies an edge passes in a row (from where it leaves a state
  // or where trunk branches meet, down to the next such point) are pinned to one vertical, longest
  // runs first, and their neighbours make room. (Where a trunk going back up parts into branches,
  // the first branch carries on the run.)
  const runs: Item[][] = [];
  const continues = (it: Item) => !it.child && ups.get(it)!.length === 1 && !ups.get(it)![0]!.upper.child;
  for (const it of items) {
    if (it.child || continues(it)) continue;
    const run = [it];
    for (let next = downs.get(it)![0]!.lower; !next.child && continues(next); next = downs.get(next)![0]!.lower) run.push(next);
    if (run.length > 1) runs.push(run);
  }
  runs.sort((a, b) => b.length - a.length);
  for (const run of runs) {
    const xs = run.map((it) => it.x).sort((a, b) => a - b);
    const x = (xs[Math.floor((xs.length - 1) / 2)]! + xs[Math.ceil((xs.length - 1) / 2)]!) / 2;
    for (const it of run) {
      pinned.set(it, x);
      const layer = layers[it.rank]!;
      placeInOrder(layer, layer.map((other) => pinned.get(other) ?? other.x), layer.map((other) => (pinned.has(other) ? 1e6 : 1)));
    }
  }
  // States settle between their now straight neighbours.
  relax(20, (s) => s.weight / Math.max(1, Math.abs(step(s))) ** 1.5);

  const minX = Math.min(...items.map((it) => it.x - it.left));
  const maxX = Math.max(...items.map((it) => it.x + it.right));

  // 7. Vertical positions: a rank is as tall as its tallest item; the gap after it has a track for
  // every sideways step taken there (steps on one trunk share theirs).
  const heights = layers.map((layer) => Math.max(0, ...layer.map((it) => it.height)));
  const tops: number[] = [];
  const gaps: Gap[] = [];
  let y = 0;
  layers.forEach((layer, r) => {
    tops.push(y);
    y += heights[r]!;
    if (r === maxRank) return;
    const steps = new Set(layer.flatMap((it) => downs.get(it)!).filter((s) => Math.abs(s.upper.x + s.upperOffset - s.lower.x - s.lowerOffset) > 1).map((s) => s.lower));
    const gap = { top: y, bottom: y + Math.max(heights[r] || heights[r + 1] ? 14 : 0, (steps.size + 1) * TRACK) };
    gaps.push(gap);
    y = gap.bottom;
  });

  const boxes = new Map<string, Rect>();
  const routes: Route[] = [];
  for (const c of children) {
    const it = itemOf.get(c.id)!;
    const rect = { x: it.x - c.width / 2 - minX, y: tops[it.rank]! + (heights[it.rank]! - c.height) / 2, width: c.width, height: c.height };
    boxes.set(c.id, rect);
    if (!c.inner) continue;
    const dx = rect.x + c.inner.dx;
    const dy = rect.y + c.inner.dy;
    for (const [id, inner] of c.inner.laid.boxes) boxes.set(id, { ...inner, x: inner.x + dx, y: inner.y + dy });
    for (const route of c.inner.laid.routes) routes.push(translate(route, dx, dy));
    for (const gap of c.inner.laid.gaps) shift(gap, dy);
    gaps.push(...c.inner.laid.gaps);
  }
  for (const e of edges) {
    const chain = chains.get(e)!;
    const via = chain.flatMap((d) => [
      { x: d.x - minX, y: tops[d.rank]! },
      { x: d.x - minX, y: tops[d.rank]! + heights[d.rank]! },
    ]);
    const label = chain.find((d) => d.isLabel)!;
    const upper = itemOf.get(reversed.has(e) ? e.to : e.from)!;
    const crossed = gaps.slice(upper.rank, upper.rank + chain.length + 1);
    e.route.direction = reversed.has(e) ? 'up' : 'down';
    e.route.via = reversed.has(e) ? via.reverse() : via;
    e.route.gaps = reversed.has(e) ? crossed.reverse() : crossed;
    e.route.label = { x: label.x - minX + 6, y: tops[label.rank]! + (heights[label.rank]! - e.labelHeight) / 2, width: e.labelWidth, height: e.labelHeight };
    routes.push(e.route);
  }
  return { width: maxX - minX, height: y, boxes, routes, gaps };
}

function translate(route: Route, dx: number, dy: number): Route {
  return { ...route, via: route.via.map((p) => ({ x: p.x + dx, y: p.y + dy })), label: { ...route.label, x: route.label.x + dx, y: route.label.y + dy } };
}

/** Gaps are shared by the routes that cross them, so they move in place, once per level. */
function shift(gap: Gap, dy: number): void {
  gap.top += dy;
  gap.bottom += dy;
}

/** The lifecycle's states and edges placed on a canvas; `lifecycleSvg` draws exactly this. */
export function lifecycleLayout(machine: TicketMachine, language: DiagramLanguage): LifecycleLayout {
  const graph = lifecycleGraph(machine);
  const byId = new Map(graph.states.map((s) => [s.id, s]));
  const childrenOf = (parent: string | null) => graph.states.filter((s) => s.parent === parent);
  const isCompound = (id: string) => graph.states.some((s) => s.parent === id);
  const initialOf = (id: string | null) => machine.getStateNodeById(id ? `ticket.lifecycle.${id}` : 'ticket.lifecycle').initial.target[0]?.id.replace(/^ticket\.lifecycle\./, '') ?? null;
  const pathOf = (id: string): string[] => {
    const parent = byId.get(id)?.parent;
    return parent ? [...pathOf(parent), id] : [id];
  };

  // Transitions grouped into one edge per (from, to), assigned to the innermost container that
  // holds both ends; self-transitions become loops on their state.
  const grouped = new Map<string, Route>();
  for (const t of graph.transitions) {
    const key = `${t.from}\u0000${t.to}`;
    const route: Route = grouped.get(key) ?? { from: t.from, to: t.to, events: [], lines: [], direction: t.from === t.to ? 'loop' : 'down', via: [], gaps: [], label: { x: 0, y: 0, width: 0, height: 0 } };
    if (!route.events.some((e) => e.event === t.event && e.guard === t.guard)) route.events.push({ event: t.event, guard: t.guard });
    grouped.set(key, route);
  }
  const routes = [...grouped.values()];
  for (const route of routes) route.lines = labelLines(route.events, (event) => graph.transitions.filter((t) => t.from === route.from && t.event === event).length > 1);
  const loops = routes.filter((r) => r.direction === 'loop');
  const placement = (route: Route) => {
    const a = pathOf(route.from);
    const b = pathOf(route.to);
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k++;
    return { container: k === 0 ? null : a[k - 1]!, from: a[k], to: b[k] };
  };

  // A self-transition's label goes inside its state, under the title, with the loop on the
  // border beside it: to the right of the box it would widen every rank the state sits in.
  const loopLabels = new Map<string, { width: number; height: number }>();
  const titleLines = (state: DiagramState) => (isCompound(state.id) ? wrap(state.title[language], HEADER_SIZE, 220) : wrap(state.title[language], TITLE_SIZE, 150));
  const titleHeight = (state: DiagramState) => (isCompound(state.id) ? 8 + titleLines(state).length * HEADER_LINE : titleLines(state).length * TITLE_LINE + 14);
  function size(state: DiagramState): Sized {
    const loop = loops.find((r) => r.from === state.id);
    const loopLabel = loop ? labelSize(loop.lines) : { width: 0, height: 0 };
    if (loop) loopLabels.set(state.id, loopLabel);
    const loopHeight = loop ? loopLabel.height + 6 : 0;
    const loopRight = loop ? LOOP_REACH - 4 : 0;
    const lines = titleLines(state);
    if (!isCompound(state.id)) {
      const border = state.final ? 8 : 0;
      const width = Math.max(104, Math.max(...lines.map((l) => sansWidth(l, TITLE_SIZE))) + 26, loopLabel.width + 24) + border;
      return { id: state.id, width, height: titleHeight(state) + loopHeight + (loop ? 3 : 4) + border, loopRight };
    }
    const laid = layoutContainer(state.id);
    const header = titleHeight(state) + loopHeight;
    const width = Math.max(laid.width, Math.max(...lines.map((l) => sansWidth(l, HEADER_SIZE))), loopLabel.width) + 2 * CLUSTER_PAD;
    const dx = (width - laid.width) / 2;
    return { id: state.id, width, height: header + INITIAL_GAP + laid.height + CLUSTER_PAD, loopRight, inner: { laid, dx, dy: header + INITIAL_GAP } };
  }

  function layoutContainer(container: string | null): Laid {
    const children = childrenOf(container).map(size);
    const sizedOf = new Map(children.map((c) => [c.id, c]));
    const offset = (child: Sized, end: string) => {
      const rect = child.id === end ? undefined : child.inner?.laid.boxes.get(end);
      return rect ? rect.x + child.inner!.dx + rect.width / 2 - child.width / 2 : 0;
    };
    const edges: LevelEdge[] = [];
    for (const route of routes) {
      if (route.direction === 'loop') continue;
      const where = placement(route);
      // An edge between a state and its own descendant has no level to live on. The chart has none,
      // and the specification that every transition is drawn would notice one.
      if (where.container !== container || !where.from || !where.to) continue;
      const from = sizedOf.get(where.from)!;
      const to = sizedOf.get(where.to)!;
      const label = labelSize(route.lines);
      edges.push({ route, from: from.id, to: to.id, fromOffset: offset(from, route.from), toOffset: offset(to, route.to), labelWidth: label.width, labelHeight: label.height });
    }
    return layoutLevel(children, edges, initialOf(container) ?? undefined);
  }

  const laid = layoutContainer(null);
  const top = MARGIN + INITIAL_GAP;
  const boxes = new Map([...laid.boxes].map(([id, r]) => [id, { ...r, x: r.x + MARGIN, y: r.y + top }]));
  const placedRoutes = [...laid.routes.map((r) => translate(r, MARGIN, top))];
  for (const gap of laid.gaps) shift(gap, top);
  for (const loop of loops) {
    const box = boxes.get(loop.from)!;
    const state = byId.get(loop.from)!;
    const label = loopLabels.get(loop.from)!;
    const x = isCompound(state.id) ? box.x + CLUSTER_PAD : box.x + (box.width - label.width) / 2;
    placedRoutes.push({ ...loop, via: [], label: { x, y: box.y + titleHeight(state), ...label } });
  }
  const width = laid.width + 2 * MARGIN;
  const height = laid.height + top + MARGIN;

  // Ports: the ends on one side of a box fan out, ordered by where each edge heads, so edges
  // leaving one state do not cross right at its border.
  const ends = new Map<string, { route: Route; start: boolean; toward: number }[]>();
  const centre = (id: string) => boxes.get(id)!.x + boxes.get(id)!.width / 2;
  for (const route of placedRoutes) {
    if (route.direction === 'loop') continue;
    const sides = route.direction === 'down' ? ['bottom', 'top'] : ['top', 'bottom'];
    const startKey = `${route.from}\u0000${sides[0]}`;
    const endKey = `${route.to}\u0000${sides[1]}`;
    ends.set(startKey, [...(ends.get(startKey) ?? []), { route, start: true, toward: route.via[0]?.x ?? centre(route.to) }]);
    ends.set(endKey, [...(ends.get(endKey) ?? []), { route, start: false, toward: route.via.at(-1)?.x ?? centre(route.from) }]);
  }
  const ports = new Map<Route, { start?: Point; end?: Point }>();
  for (const [key, list] of ends) {
    const [id, side] = key.split('\u0000') as [string, string];
    const box = boxes.get(id)!;
    // Ends that head for the same point are one trunk and share a port; each port sits right
    // above or below where its edge heads when there is room, so the edge runs straight.
    const groups = [...new Set(list.map((end) => Math.round(end.toward * 10) / 10))].sort((a, b) => a - b);
    const xs = spread(groups, 12, box.x + 10, box.x + box.width - 10);
    for (const end of list) {
      const point = { x: xs[groups.indexOf(Math.round(end.toward * 10) / 10)]!, y: side === 'top' ? box.y : box.y + box.height };
      ports.set(end.route, { ...ports.get(end.route), [end.start ? 'start' : 'end']: point });
    }
  }

  // Tracks: in each gap every sideways step gets its own height, ordered so that steps which keep
  // their left-to-right order do not cross (rightward steps starting further right run higher,
  // leftward ones starting further left run higher). Steps of one trunk coincide and share a track.
  const steps = new Map<Gap, Set<string>>();
  for (const route of placedRoutes) {
    if (route.direction === 'loop') continue;
    const port = ports.get(route)!;
    const points = [port.start!, ...route.via, port.end!];
    route.gaps.forEach((gap, i) => {
      const [above, below] = [points[2 * i]!, points[2 * i + 1]!].sort((p, q) => p.y - q.y) as [Point, Point];
      if (Math.abs(above.x - below.x) > 0.5) steps.set(gap, (steps.get(gap) ?? new Set()).add(stepKey(above, below)));
    });
  }
  const tracks = new Map<Gap, Map<string, number>>();
  for (const [gap, keys] of steps) {
    const xs = [...keys].map((key) => key.split(' ').map(Number) as [number, number]);
    const rightward = xs.filter(([t, b]) => b > t).sort((p, q) => q[0] - p[0] || q[1] - p[1]);
    const leftward = xs.filter(([t, b]) => b < t).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    const ordered = [...rightward, ...leftward];
    const spacing = Math.min(TRACK, (gap.bottom - gap.top) / (ordered.length + 1));
    tracks.set(gap, new Map(ordered.map(([t, b], k) => [`${t} ${b}`, gap.top + (k + 1) * spacing])));
  }

  const states: StateBox[] = graph.states.map((s) => ({
    id: s.id,
    title: s.title[language],
    parent: s.parent,
    final: s.final,
    compound: isCompound(s.id),
    initial: isCompound(s.id) ? initialOf(s.id) : null,
    titleLines: titleLines(s),
    ...boxes.get(s.id)!,
  }));
  const edgeRoutes: EdgeRoute[] = placedRoutes.map((route) => {
    if (route.direction === 'loop') {
      const right = boxes.get(route.from)!.x + boxes.get(route.from)!.width;
      const mid = route.label.y + route.label.height / 2;
      const points = [{ x: right, y: mid - 6 }, { x: right, y: mid + 6 }];
      return { from: route.from, to: route.to, events: route.events, direction: 'loop', points, label: route.label, labelLines: route.lines };
    }
    const port = ports.get(route)!;
    return { from: route.from, to: route.to, events: route.events, direction: route.direction, points: orthogonal([port.start!, ...route.via, port.end!], route.gaps, tracks), label: route.label, labelLines: route.lines };
  });
  return { width, height, root: initialOf(null)!, states, edges: edgeRoutes };
}

/** A sideways step in a gap, by where it leaves the rank above and enters the rank below. */
const stepKey = (above: Point, below: Point) => `${Math.round(above.x * 10) / 10} ${Math.round(below.x * 10) / 10}`;

/** The corners of an edge: straight down (or up) through each rank, sideways on its track in a gap. */
function orthogonal(points: Point[], gaps: Gap[], tracks: Map<Gap, Map<string, number>>): Point[] {
  const corners: Point[] = [];
  gaps.forEach((gap, i) => {
    const p = points[2 * i]!;
    const q = points[2 * i + 1]!;
    corners.push(p);
    const track = tracks.get(gap)?.get(p.y <= q.y ? stepKey(p, q) : stepKey(q, p));
    if (track !== undefined) corners.push({ x: p.x, y: track }, { x: q.x, y: track });
    corners.push(q);
  });
  return corners.filter((c, i) => i === 0 || Math.abs(c.x - corners[i - 1]!.x) > 0.05 || Math.abs(c.y - corners[i - 1]!.y) > 0.05);
}

// ---------------------------------------------------------------------------------------------
// Drawing.

const INK = '#1e293b';
const LINE = '#64748b';
const ACCENT = '#b45309';
const ACCENT_FILL = '#fef3c7';
const STATE_FILL = '#ffffff';
const COMPOUND_FILL = '#f1f5f9';
const FINAL_FILL = '#e2e8f0';
const HEADER_INK = '#475569';
const LABEL_INK = '#334155';

/** Coordinates to a tenth of a pixel: same input, same bytes, and no `-0`. */
const num = (value: number) => {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

/** A polyline with its corners rounded. */
function roundedPath(points: Point[], radius = 5): string {
  let d = `M${num(points[0]!.x)} ${num(points[0]!.y)}`;
  for (let i = 1; i < points.length; i++) {
    const c = points[i]!;
    const next = points[i + 1];
    if (!next) {
      d += ` L${num(c.x)} ${num(c.y)}`;
      break;
    }
    const a = points[i - 1]!;
    const lenIn = Math.hypot(c.x - a.x, c.y - a.y);
    const lenOut = Math.hypot(next.x - c.x, next.y - c.y);
    const r = Math.min(radius, lenIn / 2, lenOut / 2);
    const from = { x: c.x - ((c.x - a.x) / lenIn) * r, y: c.y - ((c.y - a.y) / lenIn) * r };
    const to = { x: c.x + ((next.x - c.x) / lenOut) * r, y: c.y + ((next.y - c.y) / lenOut) * r };
    d += ` L${num(from.x)} ${num(from.y)} Q${num(c.x)} ${num(c.y)} ${num(to.x)} ${num(to.y)}`;
  }
  return d;
}

function arrowHead(tip: Point, direction: 'down' | 'up' | 'left', colour: string): string {
  const [a, b] =
    direction === 'left'
      ? [{ x: tip.x + 8, y: tip.y - 4 }, { x: tip.x + 8, y: tip.y + 4 }]
      : [{ x: tip.x - 4, y: tip.y + (direction === 'down' ? -8 : 8) }, { x: tip.x + 4, y: tip.y + (direction === 'down' ? -8 : 8) }];
  return `<path d="M${num(tip.x)} ${num(tip.y)} L${num(a.x)} ${num(a.y)} L${num(b.x)} ${num(b.y)} Z" fill="${colour}"/>`;
}

const words = {
  en: { lifecycle: 'Ticket lifecycle', states: 'states', current: 'current state', in: 'in', final: 'final state' },
  nl: { lifecycle: 'Levenscyclus van een ticket', states: 'statussen', current: 'huidige status', in: 'in', final: 'eindstatus' },
} as const;

// The layout depends on the chart and the language only, and the console draws it on every ticket page.
const layouts = new WeakMap<TicketMachine, Map<DiagramLanguage, LifecycleLayout>>();

/** The lifecycle as a standalone SVG document (also fit to inline in HTML), the current state marked. */
export function lifecycleSvg(machine: TicketMachine, options: LifecycleSvgOptions): string {
  const { language, current } = options;
  if (!layouts.has(machine)) layouts.set(machine, new Map());
  const cached = layouts.get(machine)!;
  const layout = cached.get(language) ?? cached.set(language, lifecycleLayout(machine, language)).get(language)!;
  const byId = new Map(layout.states.map((s) => [s.id, s]));
  if (current !== undefined && !byId.has(current)) throw new RangeError(`not a lifecycle state: ${current}`);
  const w = words[language];
  const ancestors = new Set<string>();
  for (let id = current ? byId.get(current)!.parent : null; id; id = byId.get(id)!.parent) ancestors.add(id);
  // The ticket can take the transitions of its current state and of the states around it.
  const active = new Set([...(current ? [current] : []), ...ancestors]);
  const titleOf = (id: string) => byId.get(id)!.title;
  const fullTitle = (id: string): string => {
    const parent = byId.get(id)!.parent;
    return parent ? `${titleOf(id)} (${w.in} ${fullTitle(parent)})` : titleOf(id);
  };
  const describe = (e: EdgeRoute) => `${titleOf(e.from)} → ${titleOf(e.to)}: ${e.events.map((x) => x.event + (x.guard ? ` [${x.guard}]` : '')).join(', ')}`;
  const depth = (s: StateBox): number => (s.parent ? 1 + depth(byId.get(s.parent)!) : 0);
  const fillOf = (s: StateBox) => (s.id === current ? ACCENT_FILL : s.compound ? COMPOUND_FILL : s.final ? FINAL_FILL : STATE_FILL);
  // Text gets a halo in the colour behind it, so a line passing under it never makes it unreadable.
  const backdrop = (x: number, y: number) => {
    const under = layout.states.filter((s) => x >= s.x && x <= s.x + s.width && y >= s.y && y <= s.y + s.height).sort((a, b) => depth(b) - depth(a))[0];
    return under ? fillOf(under) : STATE_FILL;
  };

  const summary = `${w.lifecycle}: ${layout.states.length} ${w.states}${current ? `; ${w.current}: ${fullTitle(current)}` : ''}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(layout.width)}" height="${num(layout.height)}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" role="img" aria-label="${escapeHtml(summary)}" font-family="${SANS}" style="max-width:100%;height:auto">`,
    `<title>${escapeHtml(summary)}</title>`,
    `<desc>${escapeHtml(layout.edges.map(describe).join('; '))}</desc>`,
    `<rect width="${num(layout.width)}" height="${num(layout.height)}" fill="${STATE_FILL}"/>`,
  ];

  // Compound boxes first, outermost first, so they sit behind what they contain.
  for (const s of [...layout.states].sort((a, b) => Number(b.compound) - Number(a.compound) || depth(a) - depth(b))) {
    const isCurrent = s.id === current;
    const marked = isCurrent || ancestors.has(s.id);
    const classes = ['lc-state', ...(s.compound ? ['lc-compound'] : []), ...(s.final ? ['lc-final'] : []), ...(isCurrent ? ['lc-current'] : [])].join(' ');
    const tip = `${fullTitle(s.id)} — ${s.id}${s.final ? ` (${w.final})` : ''}${isCurrent ? ` — ${w.current}` : ''}`;
    const stroke = marked ? ACCENT : LINE;
    out.push(
      `<g class="${classes}" data-state="${escapeHtml(s.id)}"${isCurrent ? ' data-current="true"' : ''}>`,
      `<title>${escapeHtml(tip)}</title>`,
      `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.width)}" height="${num(s.height)}" rx="${s.compound ? 10 : 8}" fill="${fillOf(s)}" stroke="${stroke}" stroke-width="${isCurrent ? 3 : marked ? 2 : 1.2}"/>`,
    );
    if (s.final) out.push(`<rect x="${num(s.x + 4)}" y="${num(s.y + 4)}" width="${num(s.width - 8)}" height="${num(s.height - 8)}" rx="5" fill="none" stroke="${stroke}" stroke-width="1"/>`);
    if (!s.compound) {
      const loop = layout.edges.find((e) => e.direction === 'loop' && e.from === s.id);
      const titleBottom = loop ? loop.label.y : s.y + s.height;
      const firstBaseline = (s.y + titleBottom) / 2 - ((s.titleLines.length - 1) * TITLE_LINE) / 2 + TITLE_SIZE * 0.35;
      s.titleLines.forEach((line, i) => {
        out.push(`<text x="${num(s.x + s.width / 2)}" y="${num(firstBaseline + i * TITLE_LINE)}" text-anchor="middle" font-size="${TITLE_SIZE}"${isCurrent ? ' font-weight="bold"' : ''} fill="${INK}">${escapeHtml(line)}</text>`);
      });
    }
    out.push('</g>');
  }

  // Edges the ticket can take now are drawn last, on top of the trunks they share.
  for (const e of [...layout.edges].sort((a, b) => Number(active.has(a.from)) - Number(active.has(b.from)))) {
    const hot = active.has(e.from);
    const colour = hot ? ACCENT : LINE;
    out.push(`<g class="lc-edge${hot ? ' lc-available' : ''}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}">`, `<title>${escapeHtml(describe(e))}</title>`);
    if (e.direction === 'loop') {
      const [a, b] = e.points as [Point, Point];
      out.push(`<path d="M${num(a.x)} ${num(a.y)} C${num(a.x + LOOP_REACH)} ${num(a.y - 10)} ${num(b.x + LOOP_REACH)} ${num(b.y + 10)} ${num(b.x + 8)} ${num(b.y)}" fill="none" stroke="${colour}" stroke-width="${hot ? 2 : 1.3}"/>`);
      out.push(arrowHead(b, 'left', colour));
    } else {
      const tip = e.points.at(-1)!;
      const base = { x: tip.x, y: tip.y + (e.direction === 'down' ? -7 : 7) };
      out.push(`<path d="${roundedPath([...e.points.slice(0, -1), base])}" fill="none" stroke="${colour}" stroke-width="${hot ? 2 : 1.3}"/>`);
      out.push(arrowHead(tip, e.direction, colour));
    }
    const halo = backdrop(e.label.x, e.label.y + e.label.height / 2);
    let y = e.label.y;
    for (const line of e.labelLines) {
      const [size, height] = line.guard ? [GUARD_SIZE, GUARD_LINE] : [EVENT_SIZE, EVENT_LINE];
      const ink = hot ? ACCENT : line.guard ? LINE : LABEL_INK;
      out.push(
        `<text x="${num(e.label.x)}" y="${num(y + (height - size) / 2 + size * 0.8)}" font-family="${MONO}" font-size="${size}" fill="${ink}"${hot && !line.guard ? ' font-weight="bold"' : ''} stroke="${halo}" stroke-width="3" paint-order="stroke">${escapeHtml(line.text)}</text>`,
      );
      y += height;
    }
    out.push('</g>');
  }

  // Headers of compound states and the start dots go over the edges that cross them.
  for (const s of layout.states.filter((x) => x.compound)) {
    const marked = s.id === current || ancestors.has(s.id);
    out.push('<g class="lc-header">');
    s.titleLines.forEach((line, i) => {
      out.push(
        `<text x="${num(s.x + CLUSTER_PAD)}" y="${num(s.y + 8 + HEADER_LINE * (i + 1) - 3)}" font-size="${HEADER_SIZE}" font-weight="bold" fill="${marked ? ACCENT : HEADER_INK}" stroke="${fillOf(s)}" stroke-width="4" paint-order="stroke">${escapeHtml(line)}</text>`,
      );
    });
    if (s.initial) out.push(initialMarker(byId.get(s.initial)!));
    out.push('</g>');
  }
  out.push(initialMarker(byId.get(layout.root)!), '</svg>');
  return out.join('\n');
}

function initialMarker(target: StateBox): string {
  const x = target.x + target.width / 2;
  return `<g class="lc-initial"><circle cx="${num(x)}" cy="${num(target.y - 16)}" r="4.5" fill="${INK}"/><path d="M${num(x)} ${num(target.y - 12)} L${num(x)} ${num(target.y - 6)}" stroke="${INK}" stroke-width="1.3"/>${arrowHead({ x, y: target.y }, 'down', INK)}</g>`;
}
