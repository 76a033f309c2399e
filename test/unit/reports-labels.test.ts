// The service report's words: every label in Dutch and in English, none missing or left empty.
import { priorities, ticketKinds } from '../../workflows/policy/policy';
import { reportLabels, type ReportLabels } from '../../functions/reports/report-labels';
import { monthName } from '../../workflows/reports/month-name';

/** Every string in the labels, named by its path, maps included. */
function strings(value: unknown, path: string): [string, unknown][] {
  if (value instanceof Map) return [...value].flatMap(([k, v]) => strings(v, `${path}.${String(k)}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [[path, value]];
}

describe('service report labels', () => {
  const nl = reportLabels('nl');
  const en = reportLabels('en');

  it('has the same keys in both languages, none of them empty', () => {
    const keys = (labels: ReportLabels) => strings(labels, '').map(([k]) => k);

    expect(keys(nl)).toEqual(keys(en));
    const empty = [...strings(nl, 'nl'), ...strings(en, 'en')].filter(([, v]) => typeof v !== 'string' || v === '');
    expect(empty).toEqual([]);
  });

  it('names every kind, priority, outcome, clock, vendor measure and billing item', () => {
    for (const labels of [nl, en]) {
      expect(ticketKinds.filter((k) => !labels.kinds.has(k))).toEqual([]);
      expect(priorities.filter((p) => !labels.priorities.has(p))).toEqual([]);
      expect([...labels.outcomes.keys()]).toEqual(['met', 'breached', 'open']);
      expect([...labels.clocks.keys()]).toEqual(['response', 'resolution']);
      expect([...labels.vendorMeasures.keys()]).toEqual(['handOffs', 'reminders', 'escalations']);
      expect([...labels.items.keys()].sort()).toEqual(['hardware', 'labour', 'licence', 'material', 'onsite_visit']);
    }
  });

  it('speaks Dutch in Dutch', () => {
    expect(nl.outcomes.get('breached')).toBe('Overschreden');
    expect(en.outcomes.get('breached')).toBe('Breached');
  });

  it('names months in the language', () => {
    expect(monthName('2026-11', 'nl')).toBe('november 2026');
    expect(monthName('2026-11', 'en')).toBe('November 2026');
    expect(monthName('2026-03', 'en', 'short')).toBe('Mar 26');
  });
});
