// The service report's charts: accessible SVG (role=img, labelled by a title and a description
// that says the numbers), the same bytes for the same report, sensible for an empty month.
import { DOMParser } from 'linkedom';
import { reportCharts } from '../../functions/reports/report-charts';
import { busyReport, emptyReport } from '../support/service-reports';

const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');

describe('service report charts', () => {
  it('draws each chart as one SVG with role=img, labelled by its own title and description', () => {
    const charts = reportCharts(busyReport(), 'en', 'r');

    for (const [name, svg] of Object.entries(charts)) {
      const root = parse(svg).documentElement;
      expect(root.tagName.toLowerCase()).toBe('svg');
      expect(root.getAttribute('role')).toBe('img');
      expect(root.getAttribute('aria-labelledby')).toBe(`r-${name}-title r-${name}-desc`);
      expect(root.querySelector(`title#r-${name}-title`)?.textContent).toBeTruthy();
      expect(root.querySelector(`desc#r-${name}-desc`)?.textContent).toBeTruthy();
    }
  });

  it('says every number it draws in its description', () => {
    const charts = reportCharts(busyReport(), 'en');

    const desc = (svg: string) => parse(svg).querySelector('desc')?.textContent;
    expect(desc(charts.tickets)).toBe(
      'Opened: Incident 7, Service request 4, Change 1; total 12. Closed: Incident 6, Service request 3, Change 0; total 9.',
    );
    expect(desc(charts.sla)).toContain(
      'Response: P1 (critical) met 1, breached 0, open 0; P2 (high) met 2, breached 1',
    );
    expect(desc(charts.sla)).toContain('Resolution: P1 (critical) met 1');
    expect(desc(charts.backlog)).toMatch(/^Open at month end: December 2025 0, January 2026 1, .* November 2026 5\.$/);
    expect(desc(charts.vendors)).toBe('KPN Zakelijk: hand-offs 3, reminders 2, escalations 1.');
  });

  it('draws the same bytes for the same report, with no id it did not derive from the prefix', () => {
    const first = reportCharts(busyReport(), 'nl', 'x');
    const second = reportCharts(busyReport(), 'nl', 'x');

    expect(second).toEqual(first);
    const ids = Object.values(first).flatMap((svg) => [...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !id.startsWith('x-'))).toEqual([]);
  });

  it('renders an empty month: zero bars on a readable axis, and says that no vendor was handed anything', () => {
    const charts = reportCharts(emptyReport(), 'nl');

    expect(parse(charts.tickets).querySelector('desc')?.textContent).toBe(
      'Geopend: Verstoring 0, Serviceverzoek 0, Wijziging 0; totaal 0. Gesloten: Verstoring 0, Serviceverzoek 0, Wijziging 0; totaal 0.',
    );
    for (const svg of Object.values(charts)) expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(charts.vendors).toContain('Deze maand geen overdrachten aan leveranciers');
  });

  it('escapes the names it draws: a vendor called <script> is text', () => {
    const report = busyReport();
    report.vendors[0]!.name = '<script>alert(1)</script> & Co';

    const { vendors } = reportCharts(report, 'en');

    expect(vendors).not.toContain('<script>');
    expect(vendors).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
  });
});
