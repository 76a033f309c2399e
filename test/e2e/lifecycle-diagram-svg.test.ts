import type { Browser } from 'playwright-core';
import { createMachine } from 'xstate';
import { launchChromium } from '../support/browser';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { regionGraph } from '../../workflows/lifecycle/lifecycle-diagram';
import { createTicketMachine, type TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { computeLifecycleLayout } from '../../functions/console/lifecycle-diagram-layout';
import { drawLifecycleDiagram, lifecycleDiagramSvg } from '../../functions/console/lifecycle-diagram-svg';

const machine = createTicketMachine(defaultPolicy);
const languages = ['nl', 'en'] as const;
const lifecycle = regionGraph(machine, 'lifecycle');
const sla = regionGraph(machine, 'sla');
const drawnStates = [...lifecycle.states.map((s) => s.id), ...sla.states.map((s) => `sla.${s.id}`)].sort();
const drawnEdges = [
  ...new Set([
    ...lifecycle.transitions.map((t) => `${t.from} → ${t.to}`),
    ...sla.transitions.map((t) => `sla.${t.from} → sla.${t.to}`),
  ]),
].sort();

/** A chart whose titles and event need escaping, shaped like the ticket chart. */
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

describe('the lifecycle diagram in a real browser', () => {
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
    // The awkward chart has no stored layout: both are laid out here as `npm run docs` lays them out.
    const svg = drawLifecycleDiagram(await computeLifecycleLayout(chart, 'en'), current);
    const parsed = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.namespaceURI };
    })()`);
    expect(parsed).toEqual({ errors: 0, root: 'http://www.w3.org/2000/svg' });
    await page.close();
  });

  it.each(languages)(
    'draws every state and transition, titles inside their boxes, no boxes overlapping, no NaN in a path (%s)',
    async (language) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.setContent(
        `<!doctype html><body style="margin:0">${lifecycleDiagramSvg(machine, { language, current: 'onSite.visitPlanned' })}</body>`,
      );
      // Measured by the browser's own fonts, not the estimates the layout works with.
      const found = (await page.evaluate(`(() => {
      const within = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
      const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const groups = [...document.querySelectorAll('g.lc-state')];
      const rect = (g) => g.querySelector('rect').getBBox();
      const problems = [];
      for (const g of groups)
        for (const text of g.querySelectorAll('text')) if (!within(text.getBBox(), rect(g))) problems.push(g.dataset.state + ': "' + text.textContent + '" overflows');
      for (const edge of document.querySelectorAll('g.lc-edge'))
        for (const text of edge.querySelectorAll('text')) if (!within(text.getBBox(), edge.querySelector('rect.lc-label').getBBox())) problems.push('"' + text.textContent + '" leaves its label');
      const contains = (a, b) => b.closest('g') && a.dataset.state !== b.dataset.state && (b.dataset.state + '.').startsWith(a.dataset.state + '.');
      const lineage = (a, b) => contains(a, b) || contains(b, a) || a.classList.contains('lc-region') || b.classList.contains('lc-region');
      for (const a of groups) for (const b of groups) if (a !== b && !lineage(a, b) && meets(rect(a), rect(b))) problems.push(a.dataset.state + ' overlaps ' + b.dataset.state);
      for (const path of document.querySelectorAll('path')) if (/NaN|Infinity/.test(path.getAttribute('d'))) problems.push('path ' + path.getAttribute('d'));
      return {
        problems,
        states: groups.filter((g) => !g.classList.contains('lc-region')).map((g) => g.dataset.state).sort(),
        edges: [...new Set([...document.querySelectorAll('g.lc-edge')].map((g) => g.dataset.from + ' → ' + g.dataset.to))].sort(),
        current: [...document.querySelectorAll('[data-current="true"]')].map((g) => g.dataset.state),
        available: [...document.querySelectorAll('g.lc-available')].map((g) => g.dataset.from + ' → ' + g.dataset.to).sort(),
      };
    })()`)) as { problems: string[]; states: string[]; edges: string[]; current: string[]; available: string[] };
      expect(found.problems).toEqual([]);
      expect(found.states).toEqual(drawnStates);
      expect(found.edges).toEqual(drawnEdges);
      expect(found.current).toEqual(['onSite.visitPlanned']);
      expect(found.available).toEqual([
        'onSite → cancelled',
        'onSite.visitPlanned → onSite.visitDone',
        'onSite.visitPlanned → onSite.visitPlanned',
      ]);
      await page.close();
    },
  );

  it('renders the same bytes twice, and the browser shows the same picture', async () => {
    const svg = lifecycleDiagramSvg(machine, { language: 'nl', current: 'withThirdParty.followingUp' });
    expect(lifecycleDiagramSvg(machine, { language: 'nl', current: 'withThirdParty.followingUp' })).toBe(svg);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    const first = await page.screenshot({ fullPage: true });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    expect((await page.screenshot({ fullPage: true })).equals(first)).toBe(true);
    await page.close();
  });
});
