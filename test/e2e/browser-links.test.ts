import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { changesInWritingWaived, startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call } from '../support/http';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `browser-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('browser', {
    clock,
    agentToken: token,
    // Its changes are registered by agents: the rule for changes in writing has its own specs.
    policy: changesInWritingWaived,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });

async function changeWithQuote(subject: string) {
  const { json } = await api('/v1/tickets', {
    kind: 'change',
    subject,
    requester: { email: 'jan@acme.example.nl' },
    customerId: 'acme',
  });
  await api(`/v1/tickets/${json.id}/events`, {
    type: 'CLASSIFY',
    kind: 'change',
    priority: 'P4',
    category: 'network',
    inScope: true,
  });
  await api(`/v1/tickets/${json.id}/events`, {
    type: 'SUBMIT_QUOTE',
    lines: [
      { kind: 'licence', description: 'Firewall licence, 1 year', quantity: 1, unitCents: 45000 },
      { kind: 'labour', description: 'Configuration', quantity: 2, unitCents: 8500 },
    ],
  });
  return json.id as string;
}

/** From the local mailbox to the quote mail's link, as a person would click through. */
async function openQuoteLink(page: Page, id: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await page.goto(`${desk.url}/dev/mailbox`);
    const mail = page.getByRole('link', { name: new RegExp(`\\[${id}\\] Offerte ter goedkeuring`) });
    if ((await mail.count()) > 0) {
      await mail.click();
      const link = page.getByRole('link', { name: /\/v1\/links\// });
      const url = (await link.getAttribute('href'))!;
      await link.click();
      return url;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no quote mail for ${id} in the mailbox`);
}

describe('a customer in a browser', () => {
  it('reads the quote mail, approves on the page that lists the quote, and finds the link used afterwards', async () => {
    const id = await changeWithQuote('Firewall for the second site');
    const page = await browser.newPage();

    const url = await openQuoteLink(page, id);

    expect(await page.getByRole('table').textContent()).toContain('Firewall licence, 1 year');
    expect(await page.getByRole('table').textContent()).toContain('€ 620,00');
    await page.getByRole('button', { name: 'Akkoord' }).click();
    await page.getByText('U hebt de offerte goedgekeurd').waitFor();
    expect((await api(`/v1/tickets/${id}`)).json.stage).toBe('scheduled');

    await page.goto(url);
    expect(await page.locator('main').textContent()).toContain('Deze link is al gebruikt.');
    await page.close();
  });

  it('declines from the same page', async () => {
    const id = await changeWithQuote('Extra printer');
    const page = await browser.newPage();
    await openQuoteLink(page, id);
    await page.getByRole('button', { name: 'Afwijzen' }).click();
    await page.getByText('U hebt de offerte afgewezen').waitFor();
    expect((await api(`/v1/tickets/${id}`)).json.status).toBe('cancelled');
    await page.close();
  });

  it('says an expired link has expired, and changes nothing', async () => {
    const id = await changeWithQuote('Conference room screen');
    const page = await browser.newPage();
    const url = await openQuoteLink(page, id);
    clock.advance(31 * 24 * 3600_000);
    try {
      const response = await page.goto(url);
      expect(response?.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('Link verlopen');
    } finally {
      clock.advance(-31 * 24 * 3600_000);
    }
    expect((await api(`/v1/tickets/${id}`)).json.stage).toBe('awaitingApproval.waiting');
    await page.close();
  });
});
