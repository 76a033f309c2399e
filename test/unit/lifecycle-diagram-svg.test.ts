import { createMachine } from 'xstate';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { regionGraph } from '../../workflows/lifecycle/lifecycle-diagram';
import { createTicketMachine, type TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import type { DiagramLanguage, Rect } from '../../functions/console/lifecycle-diagram-geometry';
import { computeLifecycleLayout, computeStoredLayouts } from '../../functions/console/lifecycle-diagram-layout';
import { storedLayouts } from '../../functions/console/lifecycle-diagram-layouts';
import { storedLifecycleLayout } from '../../functions/console/lifecycle-diagram-stored';
import {
  diagramFocus,
  drawLifecycleDiagram,
  lifecycleDiagramHtml,
  lifecycleDiagramSvg,
  NOT_LAID_OUT,
} from '../../functions/console/lifecycle-diagram-svg';

const machine = createTicketMachine(defaultPolicy);
const languages = ['nl', 'en'] as const;
/** The layout the console draws on: the stored one. */
const layoutOf = (language: DiagramLanguage) => storedLifecycleLayout(machine, language)!;
const lifecycle = regionGraph(machine, 'lifecycle');
const sla = regionGraph(machine, 'sla');
/** Every state as the diagram names it: lifecycle stages as stored, SLA states under `sla.`. */
const drawnStates = [...lifecycle.states.map((s) => s.id), ...sla.states.map((s) => `sla.${s.id}`)];
const drawnTransitions = [
  ...lifecycle.transitions.map((t) => ({ ...t })),
  ...sla.transitions.map((t) => ({ ...t, from: `sla.${t.from}`, to: `sla.${t.to}` })),
];

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/** A chart of two states whose titles and event need escaping, shaped like the ticket chart. */
const awkwardMachine = createMachine({
  id: 'ticket',
  type: 'parallel',
  states: {
    lifecycle: {
      initial: 'open',
      states: {
        open: { meta: { title: { nl: 'Open & "bezig"', en: `Open <now> & 'busy'` } }, on: { 'CLOSE<&>': 'done' } },
        done: { type: 'final', meta: { title: { nl: 'Klaar', en: 'Done' } } },
      },
    },
    sla: { initial: 'idle', states: { idle: {} } },
  },
}) as unknown as TicketMachine;

describe('the lifecycle diagram laid out by elkjs', () => {
  it.each(languages)(
    'places every state of both regions with its %s title, nested states inside their parents',
    async (language) => {
      const layout = layoutOf(language);
      const byId = new Map(layout.states.map((s) => [s.id, s]));
      expect(layout.states.filter((s) => s.parent !== null).map((s) => s.id)).toEqual(drawnStates);
      for (const s of lifecycle.states) expect(byId.get(s.id)!.title).toBe(s.title[language]);
      for (const s of layout.states) {
        expect(s.titleLines.join(' ')).toBe(s.title);
        if (s.parent !== null) expect([s.id, inside(s, byId.get(s.parent)!)]).toEqual([s.id, true]);
      }
      expect(byId.get('onSite.awaitingConsent.waiting')!.parent).toBe('onSite.awaitingConsent');
      expect(byId.get('sla.response')!.concurrent).toBe(true);
    },
  );

  it.each(languages)('never lets two state boxes overlap unless one holds the other (%s)', async (language) => {
    const { states } = layoutOf(language);
    const byId = new Map(states.map((s) => [s.id, s]));
    const lineage = (id: string): string[] => [
      id,
      ...(byId.get(id)!.parent === null ? [] : lineage(byId.get(id)!.parent!)),
    ];
    for (const a of states)
      for (const b of states)
        if (a !== b && !lineage(a.id).includes(b.id) && !lineage(b.id).includes(a.id))
          expect([a.id, b.id, overlap(a, b)]).toEqual([a.id, b.id, false]);
  });

  it('draws every transition as an edge from its source to its target, labelled with its event', async () => {
    const layout = layoutOf('en');
    const byId = new Map(layout.states.map((s) => [s.id, s]));
    const near = (p: { x: number; y: number }, r: Rect) =>
      p.x >= r.x - 1 && p.x <= r.x + r.width + 1 && p.y >= r.y - 1 && p.y <= r.y + r.height + 1;
    const onBorder = (p: { x: number; y: number }, r: Rect) =>
      near(p, r) &&
      (Math.abs(p.x - r.x) < 1.5 ||
        Math.abs(p.x - r.x - r.width) < 1.5 ||
        Math.abs(p.y - r.y) < 1.5 ||
        Math.abs(p.y - r.y - r.height) < 1.5);
    for (const t of drawnTransitions) {
      const edge = layout.edges.find((e) => e.from === t.from && e.to === t.to);
      expect([t.from, t.to, edge?.events]).toEqual([
        t.from,
        t.to,
        expect.arrayContaining([{ event: t.event, guard: t.guard }]),
      ]);
      expect(edge!.label.lines.map((l) => l.text)).toContain(t.event);
    }
    for (const edge of layout.edges) {
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect([edge.from, onBorder(edge.points[0]!, byId.get(edge.from)!)]).toEqual([edge.from, true]);
      expect([edge.to, onBorder(edge.points.at(-1)!, byId.get(edge.to)!)]).toEqual([edge.to, true]);
      // Orthogonal routing: every segment runs straight across or straight down.
      edge.points
        .slice(1)
        .forEach((p, i) =>
          expect(Math.min(Math.abs(p.x - edge.points[i]!.x), Math.abs(p.y - edge.points[i]!.y))).toBeLessThan(0.01),
        );
    }
  });

  it('shows a guard where it tells apart the ways one event can go', async () => {
    const layout = layoutOf('en');
    const classify = layout.edges.find((e) => e.from === 'triage' && e.to === 'diagnosing')!;
    expect(classify.label.lines).toEqual([
      { text: 'CLASSIFY', guard: false },
      { text: '[classifiedAsIncident]', guard: true },
    ]);
    const approve = layout.edges.find((e) => e.from === 'awaitingApproval' && e.to === 'scheduled')!;
    expect(approve.label.lines).toEqual([{ text: 'QUOTE_APPROVED', guard: false }]);
    expect(await lifecycleDiagramSvg(machine, { language: 'en' })).toContain(
      'Waiting for quote approval → Scheduled: QUOTE_APPROVED [quoteIsCurrent]',
    );
  });

  it('is stored as elkjs lays the chart out now (run `npm run docs` after changing the chart or its layout)', async () => {
    expect(storedLayouts).toEqual(await computeStoredLayouts(machine));
  });

  it('is not drawn for a chart it was not laid out for: the page says so', () => {
    expect(storedLifecycleLayout(awkwardMachine, 'en')).toBeNull();
    expect(lifecycleDiagramSvg(awkwardMachine, { language: 'en' })).toBe('');
    expect(lifecycleDiagramHtml(awkwardMachine, { language: 'en' })).toBe(`<p>${NOT_LAID_OUT}</p>`);
  });
});

describe('the lifecycle diagram drawn as SVG', () => {
  it('marks the current state, the states around it and the ways out of it', async () => {
    const svg = await lifecycleDiagramSvg(machine, { language: 'en', current: 'onSite.visitPlanned' });
    expect(svg.match(/data-current="true"/g)).toHaveLength(1);
    expect(svg).toContain('class="lc-state lc-current" data-state="onSite.visitPlanned" data-current="true"');
    expect(svg).toMatch(
      /aria-label="Ticket lifecycle: 24 states; current state: Visit planned \(in On-site support\); next: [^"]*PLAN_VISIT/,
    );
    const available = [...svg.matchAll(/class="lc-edge lc-available" data-from="([^"]+)" data-to="([^"]+)"/g)]
      .map((m) => `${m[1]} → ${m[2]}`)
      .sort();
    expect(available).toEqual([
      'onSite → cancelled',
      'onSite.visitPlanned → onSite.visitDone',
      'onSite.visitPlanned → onSite.visitPlanned',
    ]);
    expect(await lifecycleDiagramSvg(machine, { language: 'nl', current: 'triage' })).toContain(
      'huidige status: Triage',
    );
  });

  it('marks nothing for no state or for a stage this chart does not draw (written by an older chart)', async () => {
    for (const current of [undefined, 'onSite.nowhere', 'lifecycle', 'sla.response']) {
      const svg = await lifecycleDiagramSvg(machine, { language: 'nl', current });
      expect(svg).not.toContain('data-current');
      expect(svg).not.toContain('lc-available');
    }
  });

  it.each(languages)('has no NaN or Infinity anywhere, and only finite numbers in its paths (%s)', async (language) => {
    for (const current of [undefined, ...lifecycle.states.map((s) => s.id)]) {
      const html = await lifecycleDiagramHtml(machine, { language, current });
      expect(html).not.toMatch(/NaN|Infinity|undefined|null/);
      for (const [, d] of html.matchAll(/ d="([^"]*)"/g))
        expect(d).toMatch(/^(?:[MLZ]\s?(?:-?\d+(?:\.\d)? -?\d+(?:\.\d)?)?\s?)+$/);
    }
  });

  it('escapes every title and event as XML text', async () => {
    const svg = drawLifecycleDiagram(await computeLifecycleLayout(awkwardMachine, 'en'), 'open');
    // Preact escapes what XML needs in text and attributes (<, & and "); > and ' may stand as they are.
    expect(svg).toContain(`Open &lt;now> &amp; 'busy'`);
    expect(svg).toContain('>CLOSE&lt;&amp;></text>');
    expect(svg).not.toMatch(/<now>|CLOSE<&>/);
    expect(drawLifecycleDiagram(await computeLifecycleLayout(awkwardMachine, 'nl'))).toContain(
      'Open &amp; &quot;bezig&quot;',
    );
  });

  it('stands alone and speaks to assistive technology: a title, a description, every state and edge named', async () => {
    const svg = await lifecycleDiagramSvg(machine, { language: 'en', current: 'resolved' });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="group" aria-label="[^"]+"[^>]*><title>[^<]+<\/title><desc>[^<]+<\/desc>/,
    );
    expect(svg.match(/http/g)).toHaveLength(1);
    expect(svg).not.toMatch(/href|<script|<image|url\(|<foreignObject|@import|style=/i);
    expect(
      svg.match(/<g class="lc-state[^"]*" data-state="[^"]+"[^>]* role="img" aria-label="[^"]+"><title>/g),
    ).toHaveLength(drawnStates.length + 2);
    const edges = new Set(drawnTransitions.map((t) => `${t.from} ${t.to}`)).size;
    expect(svg.match(/<g class="lc-edge[^"]*"[^>]* role="img" aria-label="[^"]+"><title>/g)).toHaveLength(edges);
  });

  it('puts a scroll target around the current state and the labels of its next transitions, and none when nothing is marked', async () => {
    const layout = layoutOf('en');
    const focus = diagramFocus(layout, 'onSite.visitPlanned')!;
    expect(
      inside(
        layout.states.find((s) => s.id === 'onSite.visitPlanned')!,
        focus,
      ),
    ).toBe(true);
    for (const edge of layout.edges.filter((e) => e.from === 'onSite' || e.from === 'onSite.visitPlanned'))
      expect(inside(edge.label, focus)).toBe(true);
    const html = await lifecycleDiagramHtml(machine, { language: 'en', current: 'onSite.visitPlanned' });
    expect(html).toMatch(
      /<\/svg><span class="lc-focus" aria-hidden="true" style="position:absolute;left:[\d.]+px;top:[\d.]+px;[^"]*scroll-initial-target:nearest/,
    );
    expect(await lifecycleDiagramHtml(machine, { language: 'en', current: 'onSite.nowhere' })).not.toContain(
      'lc-focus',
    );
  });
});
