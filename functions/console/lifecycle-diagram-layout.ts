// Where the lifecycle diagram's boxes, edges and labels go: the chart's regions (from
// regionGraph, so from the statechart) laid out by elkjs's layered algorithm with nested states as
// nested boxes and orthogonal edges. The layout depends on the chart and the language only, so it
// is computed at build time (`npm run docs` writes lifecycle-diagram-layouts.ts) and no Lambda
// carries elkjs; drawing a ticket on the stored layout is a cheap step.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { regionGraph, type ChartRegion } from '../../workflows/lifecycle/lifecycle-diagram';
import {
  BOX_PAD,
  EVENT_LINE,
  EVENT_SIZE,
  GUARD_LINE,
  GUARD_SIZE,
  HEADER_LINE,
  HEADER_PAD,
  HEADER_SIZE,
  TITLE_LINE,
  TITLE_SIZE,
  type DiagramLanguage,
  type LifecycleDiagramLayout,
  type PlacedEdge,
  type PlacedInitial,
  type PlacedState,
  type Point,
  type Rect,
  type LabelLine,
  type StoredLayouts,
} from './lifecycle-diagram-geometry';
import { chartDigest } from './lifecycle-diagram-stored';

// ---------------------------------------------------------------------------------------------
// Text metrics (Arial's advance widths; the monospace face's advance is 0.6 em in every common one).

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
    if (last !== undefined && sansWidth(`${last} ${word}`, size) <= maxWidth)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

const MAX_TITLE = 150;
const REGION_GAP = 28;
const INITIAL_DOT = 10;

// ---------------------------------------------------------------------------------------------
// The ELK graph.

const layoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.nodeNode': '18',
  'elk.spacing.edgeNode': '10',
  'elk.spacing.edgeEdge': '6',
  'elk.spacing.edgeLabel': '3',
  'elk.spacing.labelNode': '4',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'TAIL_LAYER',
  'elk.randomSeed': '1',
  'elk.layered.mergeEdges': 'true',
  'elk.layered.thoroughness': '20',
};

/** A guard is shown where it tells apart the ways one event can go; elsewhere it is in the tooltip. */
function labelLines(events: PlacedEdge['events'], branches: (event: string) => boolean): LabelLine[] {
  return events.flatMap((e) => [
    { text: e.event, guard: false },
    ...(e.guard && branches(e.event) ? [{ text: `[${e.guard}]`, guard: true }] : []),
  ]);
}

const labelWidth = (lines: LabelLine[]) =>
  Math.max(...lines.map((l) => monoWidth(l.text, l.guard ? GUARD_SIZE : EVENT_SIZE))) + 4;
const labelHeight = (lines: LabelLine[]) => lines.reduce((sum, l) => sum + (l.guard ? GUARD_LINE : EVENT_LINE), 0) + 2;

interface RegionLayout {
  width: number;
  height: number;
  states: PlacedState[];
  edges: PlacedEdge[];
  initials: PlacedInitial[];
}

const elk = new ELK();

async function layoutRegion(
  machine: TicketMachine,
  region: ChartRegion,
  language: DiagramLanguage,
): Promise<RegionLayout> {
  const graph = regionGraph(machine, region);
  const idOf = (id: string) => (region === 'lifecycle' ? id : `${region}.${id}`);
  const rootId = region;
  // ELK gets ids of its own (n0, n1, …): a chart's names never need to suit ELK's.
  const elkIds = new Map<string, string>([[rootId, 'root']]);
  graph.states.forEach((s, i) => {
    if (elkIds.has(idOf(s.id))) throw new Error(`two states of the diagram would be called ${idOf(s.id)}`);
    elkIds.set(idOf(s.id), `n${i}`);
  });
  const parents = new Map(graph.states.map((s) => [idOf(s.id), s.parent === null ? rootId : idOf(s.parent)]));
  const kinds = new Map(graph.states.map((s) => [idOf(s.id), s.kind]));
  const rootTitle = graph.title[language];
  const titleLines = new Map<string, string[]>([[rootId, wrap(rootTitle, HEADER_SIZE, 10_000)]]);

  const nodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: { ...layoutOptions, 'elk.padding': padding(titleLines.get(rootId)!) },
    children: [],
    edges: [],
  };
  nodes.set(rootId, root);
  for (const s of graph.states) {
    const id = idOf(s.id);
    const boxed = s.kind === 'compound' || s.kind === 'parallel';
    const lines = wrap(s.title[language], boxed ? HEADER_SIZE : TITLE_SIZE, MAX_TITLE);
    titleLines.set(id, lines);
    const width = Math.max(96, ...lines.map((l) => sansWidth(l, TITLE_SIZE))) + 2 * BOX_PAD;
    const node: ElkNode = boxed
      ? {
          id: elkIds.get(id)!,
          children: [],
          layoutOptions: {
            'elk.padding': padding(lines),
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${width}, 40)`,
          },
        }
      : { id: elkIds.get(id)!, width, height: lines.length * TITLE_LINE + 2 * BOX_PAD };
    nodes.set(id, node);
    nodes.get(parents.get(id)!)!.children!.push(node);
  }

  // Start dots: one per region and compound state with an initial child, drawn as a tiny node.
  const owners = [
    { owner: rootId, initial: graph.initial === null ? null : idOf(graph.initial) },
    ...graph.states.map((s) => ({ owner: idOf(s.id), initial: s.initial === null ? null : idOf(s.initial) })),
  ];
  const starts = owners.filter((o): o is { owner: string; initial: string } => o.initial !== null);
  const edges: ElkExtendedEdge[] = [];
  starts.forEach(({ owner, initial }, i) => {
    nodes.get(owner)!.children!.unshift({ id: `i${i}`, width: INITIAL_DOT, height: INITIAL_DOT });
    edges.push({ id: `ie${i}`, sources: [`i${i}`], targets: [elkIds.get(initial)!] });
  });

  const grouped = new Map<string, { from: string; to: string; events: PlacedEdge['events'] }>();
  for (const t of graph.transitions) {
    const [from, to] = [idOf(t.from), idOf(t.to)];
    const key = `${from}\u0000${to}`;
    const route = grouped.get(key) ?? grouped.set(key, { from, to, events: [] }).get(key)!;
    if (!route.events.some((e) => e.event === t.event && e.guard === t.guard))
      route.events.push({ event: t.event, guard: t.guard });
  }
  const routes = [...grouped.values()].map((r) => ({
    ...r,
    lines: labelLines(
      r.events,
      (event) => graph.transitions.filter((t) => idOf(t.from) === r.from && t.event === event).length > 1,
    ),
  }));
  routes.forEach((r, i) => {
    edges.push({
      id: `e${i}`,
      sources: [elkIds.get(r.from)!],
      targets: [elkIds.get(r.to)!],
      labels: [
        {
          id: `l${i}`,
          text: r.lines.map((l) => l.text).join(' '),
          width: labelWidth(r.lines),
          height: labelHeight(r.lines),
        },
      ],
    });
  });
  root.edges = edges;

  const laid = await elk.layout(root);

  const placed = new Map<string, ElkNode>();
  const collect = (n: ElkNode) => {
    placed.set(n.id, n);
    for (const c of n.children ?? []) collect(c);
  };
  collect(laid);
  const rect = (elkId: string): Rect => {
    const n = placed.get(elkId)!;
    return { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
  };
  const edgeById = new Map((laid.edges ?? []).map((e) => [e.id, e]));
  const pointsOf = (elkEdge: ElkExtendedEdge | undefined): Point[] =>
    straightened((elkEdge?.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]));

  const states: PlacedState[] = [
    {
      id: rootId,
      region,
      title: rootTitle,
      titleLines: titleLines.get(rootId)!,
      parent: null,
      kind: region === 'sla' ? 'parallel' : 'compound',
      concurrent: true,
      ...rect('root'),
    },
    ...graph.states.map((s) => {
      const id = idOf(s.id);
      const parent = parents.get(id)!;
      const parentKind = parent === rootId ? (region === 'sla' ? 'parallel' : 'compound') : kinds.get(parent);
      return {
        id,
        region,
        title: s.title[language],
        titleLines: titleLines.get(id)!,
        parent,
        kind: s.kind,
        concurrent: parentKind === 'parallel',
        ...rect(elkIds.get(id)!),
      };
    }),
  ];
  const placedEdges = routes.map((r, i): PlacedEdge => {
    const elkEdge = edgeById.get(`e${i}`);
    const label = elkEdge?.labels?.[0];
    return {
      from: r.from,
      to: r.to,
      events: r.events,
      points: pointsOf(elkEdge),
      label: {
        x: label?.x ?? 0,
        y: label?.y ?? 0,
        width: label?.width ?? 0,
        height: label?.height ?? 0,
        lines: r.lines,
      },
    };
  });
  const initials = starts.map(({ owner, initial }, i): PlacedInitial => {
    const dot = rect(`i${i}`);
    return {
      owner,
      target: initial,
      dot: { x: dot.x + dot.width / 2, y: dot.y + dot.height / 2 },
      points: pointsOf(edgeById.get(`ie${i}`)),
    };
  });
  return { width: laid.width ?? 0, height: laid.height ?? 0, states, edges: placedEdges, initials };
}

/**
 * Where an edge crosses into a nested box ELK can leave a segment a fraction of a pixel off
 * straight: it is set straight (each corner takes the previous one's x or y), and repeats go.
 */
function straightened(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (!last) out.push({ x: p.x, y: p.y });
    else if (Math.abs(p.x - last.x) < 1 && Math.abs(p.y - last.y) < 1) continue;
    else if (Math.abs(p.x - last.x) < 1) out.push({ x: last.x, y: p.y });
    else if (Math.abs(p.y - last.y) < 1) out.push({ x: p.x, y: last.y });
    else out.push({ x: p.x, y: p.y });
  }
  return out;
}

function padding(lines: string[]): string {
  return `[top=${HEADER_PAD * 2 + lines.length * HEADER_LINE},left=${BOX_PAD},bottom=${BOX_PAD},right=${BOX_PAD}]`;
}

const shift = (p: Point, dy: number): Point => ({ x: p.x, y: p.y + dy });

/** The lifecycle first (a ticket's stage is there), the SLA clocks under it. */
export async function computeLifecycleLayout(
  machine: TicketMachine,
  language: DiagramLanguage,
): Promise<LifecycleDiagramLayout> {
  const regions = [await layoutRegion(machine, 'lifecycle', language), await layoutRegion(machine, 'sla', language)];
  const out: LifecycleDiagramLayout = {
    language,
    width: Math.max(...regions.map((r) => r.width)),
    height: 0,
    states: [],
    edges: [],
    initials: [],
  };
  for (const r of regions) {
    const dy = out.height === 0 ? 0 : out.height + REGION_GAP;
    out.states.push(...r.states.map((s) => ({ ...s, y: s.y + dy })));
    out.edges.push(
      ...r.edges.map((e) => ({
        ...e,
        points: e.points.map((p) => shift(p, dy)),
        label: { ...e.label, y: e.label.y + dy },
      })),
    );
    out.initials.push(
      ...r.initials.map((i) => ({ ...i, dot: shift(i.dot, dy), points: i.points.map((p) => shift(p, dy)) })),
    );
    out.height = dy + r.height;
  }
  return out;
}

/** The layouts to store (`npm run docs`), as elkjs computes them now: both languages, and the chart they are of. */
export async function computeStoredLayouts(machine: TicketMachine): Promise<StoredLayouts> {
  return {
    chart: chartDigest(machine),
    layouts: { nl: await computeLifecycleLayout(machine, 'nl'), en: await computeLifecycleLayout(machine, 'en') },
  };
}
