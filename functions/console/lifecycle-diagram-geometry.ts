// The lifecycle diagram's shapes, as the layout (lifecycle-diagram-layout.ts, elkjs, at build time)
// places them and the drawing (lifecycle-diagram-svg.tsx, at runtime) reads them, with the type
// sizes and faces both use. No elkjs here: the console's bundle carries only this and the stored layout.
import type { ChartRegion, RegionState } from '../../workflows/lifecycle/lifecycle-diagram';

export type DiagramLanguage = 'nl' | 'en';

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

export interface LabelLine {
  text: string;
  guard: boolean;
}

export interface PlacedState extends Rect {
  /** Lifecycle states keep the engine's stage (`onSite.visitPlanned`); SLA states get `sla.` before theirs. */
  id: string;
  region: ChartRegion;
  title: string;
  titleLines: string[];
  parent: string | null;
  kind: RegionState['kind'];
  /** Drawn dashed: a region that runs beside its siblings (a parallel state's child). */
  concurrent: boolean;
}

/** One drawn edge per (from, to) pair: parallel transitions share it, one label line each. */
export interface PlacedEdge {
  from: string;
  to: string;
  events: { event: string; guard: string | null }[];
  points: Point[];
  label: Rect & { lines: LabelLine[] };
}

/** The start dot of a region or compound state and the arrow into the state it enters. */
export interface PlacedInitial {
  /** The compound state (or region) it belongs to. */
  owner: string;
  target: string;
  dot: Point;
  points: Point[];
}

export interface LifecycleDiagramLayout {
  language: DiagramLanguage;
  width: number;
  height: number;
  states: PlacedState[];
  edges: PlacedEdge[];
  initials: PlacedInitial[];
}

// The server has no font engine, so widths come from Arial's advance widths (Liberation Sans,
// installed where Arial is not, has the same metrics); labels use a monospace face.
export const SANS = 'Arial, Liberation Sans, Helvetica, sans-serif';
export const MONO = 'DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace';

export const TITLE_SIZE = 13;
export const TITLE_LINE = 16;
export const HEADER_SIZE = 12.5;
export const HEADER_LINE = 15;
export const EVENT_SIZE = 10;
export const EVENT_LINE = 12;
export const GUARD_SIZE = 9;
export const GUARD_LINE = 11;
export const BOX_PAD = 10;
export const HEADER_PAD = 8;

/** The layouts `npm run docs` stores (lifecycle-diagram-layouts.ts): one per language, and the chart they were made for. */
export interface StoredLayouts {
  /** The digest of the chart's regions as the diagram reads them (chartDigest). */
  chart: string;
  layouts: Record<DiagramLanguage, LifecycleDiagramLayout>;
}
