// The portal's ticket and new-request pages in Chromium, checked with axe-core: no serious or
// critical accessibility violations, in both languages, with every kind of action form on them.
import type { Browser } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchChromium } from '../support/browser';
import {
  incidentAwaitingConsent,
  pageOf,
  quotedChange,
  requestPageOf,
  resolvedIncident,
} from '../support/portal-tickets';

const pages: Record<string, string> = {
  'the ticket page with a quote to answer': pageOf(quotedChange()),
  'the ticket page with a visit to consent to': pageOf(incidentAwaitingConsent(), 'en'),
  'the ticket page with a resolution to confirm': pageOf(resolvedIncident()),
  'the new-request page (nl)': requestPageOf('nl'),
  'the new-request page (en)': requestPageOf('en'),
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('portal pages in a browser', () => {
  it.each(Object.keys(pages))('%s has no serious or critical axe violations', async (name) => {
    // axe-core/playwright asks for a page of a context of its own.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(pages[name]!);

    const { violations, passes } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

    expect(passes.length).toBeGreaterThan(0);
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await context.close();
  });
});
