// The view layer: pages escape by default, isolate what people wrote, and write instants, money
// and quantities one way — in the reader's language and the desk's time zone.
import { h } from 'preact';
import { decisionPage, donePage } from '../../functions/links/link-views';
import { duration, formatsFor } from '../../functions/views/formats';
import { Linkified } from '../../functions/views/linkified';
import { renderDocument, renderFragment } from '../../functions/views/render';
import { UserText } from '../../functions/views/user-text-bdi';
import { ticketDriver } from '../support/ticket-driver';

describe('what people wrote', () => {
  it('is escaped and bidi-isolated', () => {
    expect(renderFragment(h(UserText, { value: '<b>Jan</b> "x" & \u202Ey' }))).toBe(
      '<bdi>&lt;b>Jan&lt;/b> &quot;x&quot; &amp; \u202Ey</bdi>',
    );
    expect(renderFragment(h(UserText, { value: null }))).toBe('<bdi></bdi>');
  });

  it('keeps its URLs clickable without letting markup through', () => {
    const html = renderFragment(h('pre', null, h(Linkified, { text: 'See https://x.example/a?b=1&c=2 <script>' })));
    expect(html).toBe(
      '<pre>See <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a> &lt;script></pre>',
    );
  });

  it('makes a whole document start with the doctype', () => {
    expect(renderDocument(h('html', { lang: 'nl' }))).toBe('<!doctype html><html lang="nl"></html>');
  });
});

describe('formats', () => {
  const at = Date.UTC(2026, 10, 24, 9, 0);

  it("write an instant in the policy's time zone and the reader's language", () => {
    expect(formatsFor('nl', 'Europe/Amsterdam').dateTime(at)).toBe('24 november 2026 om 10:00');
    expect(formatsFor('en', 'Europe/London').dateTime(at)).toBe('24 November 2026 at 09:00');
    expect(formatsFor('en', 'Europe/Amsterdam').stamp(at)).toBe('Tue 24 Nov 2026 10:00 CET');
    expect(formatsFor('en', 'Europe/Amsterdam').stamp(undefined)).toBe('');
  });

  it("write quantities with the language's decimal mark, and line amounts as money.ts rounds them", () => {
    expect(formatsFor('nl', 'Europe/Amsterdam').quantity(0.285)).toBe('0,285');
    expect(formatsFor('en', 'Europe/Amsterdam').quantity(1234.5)).toBe('1234.5');
    expect(formatsFor('nl', 'Europe/Amsterdam').lineAmount(1.005, 100)).toBe('€ 1,01');
    expect(formatsFor('en', 'Europe/Amsterdam').money(115400)).toBe('€ 1.154,00');
  });

  it('write durations in minutes, hours and days', () => {
    expect([duration(5 * 60_000), duration(125 * 60_000), duration((3 * 24 + 4) * 3_600_000)]).toEqual([
      '5 min',
      '2 h 05 min',
      '3 d 4 h',
    ]);
  });
});

describe("the customer's quote page", () => {
  const t = ticketDriver();
  const lineAmounts = (html: string) =>
    [
      ...html.matchAll(
        /<tr><td><bdi>[^<]*<\/bdi><\/td><td class="n">([^<]*)<\/td><td class="n">([^<]*)<\/td><td class="n">([^<]*)<\/td><\/tr>/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);

  it("shows each line's amount as the total counts it: 0.285 × € 1,00 is € 0,29", () => {
    const lines = [{ kind: 'hardware' as const, description: 'Kabel (m)', quantity: 0.285, unitCents: 100 }];
    const context = { ...t.context, quote: { version: 1, lines, totalCents: 29, submittedAt: 0 } };

    const html = decisionPage('nl', 'approve_quote', context, { yes: 'https://x/y', no: 'https://x/n' }, t.policy);

    expect(lineAmounts(html)).toEqual([['0,285', '€ 1,00', '€ 0,29']]);
    expect(html).toContain('<strong>€ 0,29</strong>');
  });

  it("says when a link was used in the desk's time zone", () => {
    const html = donePage('en', 'approve_quote', 'CHG-2026-000001', Date.UTC(2026, 10, 24, 9, 0), true, t.policy);
    expect(html).toContain(
      'This link has already been used. You approved the quote (CHG-2026-000001) on 24 November 2026 at 10:00.',
    );
  });
});
