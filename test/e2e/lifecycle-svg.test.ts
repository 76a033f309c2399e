import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createMachine } from 'xstate';
import { defaultPolicy } from '../../workflows/default-policy';
import { escapeHtml } from '../../workflows/html-escape';
import { lifecycleGraph } from '../../workflows/lifecycle-diagram';
import { lifecycleLayout, lifecycleSvg, type Rect } from '../../workflows/lifecycle-svg';
import { createTicketMachine, type TicketMachine } from '../../workflows/ticket-machine';

const machine = createTicketMachine(defaultPolicy);
const graph = lifecycleGraph(machine);
const languages = ['nl', 'en'] as const;

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Rect, outer: Rect, slack = 0) =>
  inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;

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
  },
}) as unknown as TicketMachine;

describe('the lifecycle drawn as SVG', () => {
  it.each(languages)('draws every state of the chart with its %s title', (language) => {
    const layout = lifecycleLayout(machine, language);
    const svg = lifecycleSvg(machine, { language });
    expect(layout.states.map((s) => [s.id, s.title])).toEqual(graph.states.map((s) => [s.id, s.title[language]]));
    for (const state of layout.states) {
      expect(state.titleLines.join(' ')).toBe(state.title);
      expect(svg).toContain(`data-state="${state.id}"`);
      for (const line of state.titleLines) expect(svg).toContain(`>${escapeHtml(line)}</text>`);
    }
  });

  it('draws every transition as an edge labelled with its event, starting at its source and ending at its target', () => {
    const layout = lifecycleLayout(machine, 'en');
    const svg = lifecycleSvg(machine, { language: 'en' });
    const box = new Map(layout.states.map((s) => [s.id, s]));
    for (const t of graph.transitions) {
      const edge = layout.edges.find((e) => e.from === t.from && e.to === t.to);
      expect(edge?.events).toContainEqual({ event: t.event, guard: t.guard });
      expect(edge?.labelLines.map((l) => l.text)).toContain(t.event);
      expect(svg).toContain(`data-from="${t.from}" data-to="${t.to}"`);
    }
    for (const edge of layout.edges.filter((e) => e.direction !== 'loop')) {
      const [from, to] = [box.get(edge.from)!, box.get(edge.to)!];
      const [start, end] = [edge.points[0]!, edge.points.at(-1)!];
      expect(start.y).toBeCloseTo(edge.direction === 'down' ? from.y + from.height : from.y);
      expect(end.y).toBeCloseTo(edge.direction === 'down' ? to.y : to.y + to.height);
      expect(start.x).toBeGreaterThanOrEqual(from.x);
      expect(start.x).toBeLessThanOrEqual(from.x + from.width);
      expect(end.x).toBeGreaterThanOrEqual(to.x);
      expect(end.x).toBeLessThanOrEqual(to.x + to.width);
    }
  });

  it('shows a guard where it tells apart the ways one event can go', () => {
    const layout = lifecycleLayout(machine, 'en');
    const classify = layout.edges.find((e) => e.from === 'triage' && e.to === 'diagnosing')!;
    expect(classify.labelLines).toEqual([
      { text: 'CLASSIFY', guard: false },
      { text: '[classifiedAsIncident]', guard: true },
    ]);
    const approve = layout.edges.find((e) => e.from === 'awaitingApproval' && e.to === 'scheduled')!;
    expect(approve.labelLines).toEqual([{ text: 'QUOTE_APPROVED', guard: false }]);
    expect(lifecycleSvg(machine, { language: 'en' })).toContain('Waiting for quote approval → Scheduled: QUOTE_APPROVED [quoteIsCurrent]');
  });

  it('marks the current state, the states around it and the ways out of it', () => {
    const svg = lifecycleSvg(machine, { language: 'en', current: 'onSite.visitPlanned' });
    expect(svg.match(/data-current="true"/g)).toHaveLength(1);
    expect(svg).toContain('class="lc-state lc-current" data-state="onSite.visitPlanned" data-current="true"');
    expect(svg).toContain('aria-label="Ticket lifecycle: 23 states; current state: Visit planned (in On-site support)"');
    const available = [...svg.matchAll(/class="lc-edge lc-available" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]} → ${m[2]}`).sort();
    expect(available).toEqual(['onSite → cancelled', 'onSite.visitPlanned → onSite.visitDone', 'onSite.visitPlanned → onSite.visitPlanned']);
    expect(lifecycleSvg(machine, { language: 'nl', current: 'triage' })).toContain('huidige status: Triage');
  });

  it('marks nothing when no state is given, and refuses a state the chart does not have', () => {
    const svg = lifecycleSvg(machine, { language: 'nl' });
    expect(svg).not.toContain('data-current');
    expect(svg).not.toContain('lc-available');
    expect(() => lifecycleSvg(machine, { language: 'nl', current: 'onSite.nowhere' })).toThrow(RangeError);
  });

  it.each(languages)('never lets two state boxes overlap, keeps children inside their parent and labels clear of states (%s)', (language) => {
    const layout = lifecycleLayout(machine, language);
    const byId = new Map(layout.states.map((s) => [s.id, s]));
    const ancestors = (id: string): string[] => {
      const parent = byId.get(id)!.parent;
      return parent ? [parent, ...ancestors(parent)] : [];
    };
    for (const a of layout.states) {
      if (a.parent) expect(inside(a, byId.get(a.parent)!)).toBe(true);
      for (const b of layout.states)
        if (a !== b && !ancestors(a.id).includes(b.id) && !ancestors(b.id).includes(a.id)) expect([a.id, b.id, overlap(a, b)]).toEqual([a.id, b.id, false]);
    }
    for (const edge of layout.edges) {
      // A loop's label sits inside its own state; any other label only inside the compound states around it.
      const home = edge.direction === 'loop' ? [edge.from, ...ancestors(edge.from)] : [];
      for (const state of layout.states) {
        if (home.includes(state.id) || !overlap(edge.label, state)) continue;
        expect([edge.from, edge.to, state.id, state.compound && inside(edge.label, state)]).toEqual([edge.from, edge.to, state.id, true]);
      }
      for (const other of layout.edges) if (other !== edge) expect(overlap(edge.label, other.label)).toBe(false);
    }
  });

  it.each(languages)('fits 1000 pixels without scaling its text down (%s)', (language) => {
    const layout = lifecycleLayout(machine, language);
    expect(layout.width).toBeLessThanOrEqual(1000);
    expect(lifecycleSvg(machine, { language })).toMatch(new RegExp(`^<svg [^>]*width="${Math.round(layout.width * 10) / 10}"`));
  });

  it('is the same, byte for byte, every time it is drawn', () => {
    const first = lifecycleSvg(machine, { language: 'nl', current: 'withThirdParty.followingUp' });
    lifecycleSvg(machine, { language: 'en', current: 'resolved' });
    expect(lifecycleSvg(createTicketMachine(defaultPolicy), { language: 'nl', current: 'withThirdParty.followingUp' })).toBe(first);
  });

  it('escapes every title and event as XML text', () => {
    const svg = lifecycleSvg(awkwardMachine, { language: 'en', current: 'open' });
    expect(svg).toContain('Open &lt;now&gt; &amp; &#39;busy&#39;');
    expect(svg).toContain('>CLOSE&lt;&amp;&gt;</text>');
    expect(svg).not.toMatch(/<now>|CLOSE<&>/);
    expect(lifecycleSvg(awkwardMachine, { language: 'nl' })).toContain('Open &amp; &quot;bezig&quot;');
  });

  it('stands alone and speaks to assistive technology', () => {
    const svg = lifecycleSvg(machine, { language: 'en', current: 'resolved' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-label="[^"]+"[^>]*>\n<title>/);
    expect(svg.match(/http/g)).toHaveLength(1);
    expect(svg).not.toMatch(/href|<script|<image|url\(|<foreignObject|@import/i);
    expect(svg.match(/<g class="lc-state[^"]*" data-state="[^"]+"[^>]*>\n<title>/g)).toHaveLength(graph.states.length);
    expect(svg.match(/<g class="lc-edge[^"]*"[^>]*>\n<title>/g)?.length).toBeGreaterThanOrEqual(new Set(graph.transitions.map((t) => `${t.from} ${t.to}`)).size);
  });
});

describe('the lifecycle SVG in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
      browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['the ticket chart', machine, 'onSite.awaitingConsent.waiting'],
    ['a chart with awkward titles', awkwardMachine, 'open'],
  ] as const)('is well-formed XML: %s', async (_name, chart, current) => {
    const page = await browser.newPage();
    const svg = lifecycleSvg(chart, { language: 'en', current });
    const parsed = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.namespaceURI };
    })()`);
    expect(parsed).toEqual({ errors: 0, root: 'http://www.w3.org/2000/svg' });
    await page.close();
  });

  it.each(languages)('renders every title inside its box and every label clear of the states (%s)', async (language) => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent(`<!doctype html><body style="margin:0">${lifecycleSvg(machine, { language, current: 'onSite.visitPlanned' })}</body>`);
    // Measured by the browser's own fonts, not the estimates the layout works with.
    const problems = await page.evaluate(`(() => {
      const within = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
      const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const leaves = [...document.querySelectorAll('g.lc-state:not(.lc-compound)')];
      const rect = (g) => g.querySelector('rect').getBBox();
      const found = [];
      for (const g of leaves)
        for (const text of g.querySelectorAll('text')) if (!within(text.getBBox(), rect(g))) found.push(g.dataset.state + ': "' + text.textContent + '" overflows');
      for (const edge of document.querySelectorAll('g.lc-edge'))
        for (const text of edge.querySelectorAll('text'))
          for (const g of leaves)
            if (g.dataset.state !== edge.dataset.from && meets(text.getBBox(), rect(g))) found.push('"' + text.textContent + '" covers ' + g.dataset.state);
      return found;
    })()`);
    expect(problems).toEqual([]);
    await page.close();
  });
});
