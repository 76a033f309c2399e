// The lifecycle diagram's layout as `npm run docs` stored it (lifecycle-diagram-layouts.ts, laid out
// by elkjs at build time), handed out only for the chart it was made for: the console draws a
// ticket on it without laying anything out, and carries no elkjs.
import { createHash } from 'node:crypto';
import { regionGraph } from '../../workflows/lifecycle/lifecycle-diagram';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import type { DiagramLanguage, LifecycleDiagramLayout } from './lifecycle-diagram-geometry';
import { storedLayouts } from './lifecycle-diagram-layouts';

/** What a layout depends on in the chart: its two regions as the diagram reads them, as a digest. */
export const chartDigest = (machine: TicketMachine): string =>
  createHash('sha256')
    .update(JSON.stringify([regionGraph(machine, 'lifecycle'), regionGraph(machine, 'sla')]))
    .digest('hex');

const fitting = new WeakMap<TicketMachine, boolean>();

/** The stored layout for this chart and language; null for a chart it was not made for (run `npm run docs`). */
export function storedLifecycleLayout(
  machine: TicketMachine,
  language: DiagramLanguage,
): LifecycleDiagramLayout | null {
  const fits = fitting.get(machine) ?? fitting.set(machine, chartDigest(machine) === storedLayouts.chart).get(machine)!;
  return fits ? storedLayouts.layouts[language] : null;
}
