import { renderToString } from 'preact-render-to-string';
import { figureIndex } from '../../workflows/reports/report-figure-index';
import { ReportView } from '../../functions/reports/report-view';
import { sampleServiceReport } from '../support/sample-service-report';

describe('the figures a report page links to', () => {
  it('are every number the view links, each found by its key with the tickets it counts', () => {
    const report = sampleServiceReport();
    const linked: string[] = [];

    renderToString(
      <ReportView
        report={report}
        language="en"
        figureHref={(key) => {
          linked.push(key);
          return `#${key}`;
        }}
      />,
    );

    const index = figureIndex(report);
    expect(linked.length).toBeGreaterThan(20);
    expect(linked.filter((key) => !index.has(key))).toEqual([]);
    expect(index.get('opened.total')).toBe(report.opened.total);
    expect(index.get('sla.response.P1.breached')).toBe(report.sla.response[0]!.figures.breached);
  });

  it('answers no key that is not a figure, however it is spelled', () => {
    const index = figureIndex(sampleServiceReport());

    for (const key of ['__proto__', 'constructor', 'opened', 'opened.byKind.toString', 'sla.response.P9.met'])
      expect(index.get(key)).toBeUndefined();
  });
});
