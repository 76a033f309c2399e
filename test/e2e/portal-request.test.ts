// A new request through the customer portal in Chromium on the running local desk: a customer
// signs in from the mailed link, goes from their home page to the new-request page (no serious or
// critical axe-core findings), requests a change from the keyboard, and finds it in their list.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { seriousViolations, signInInBrowser } from '../support/portal-browser';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('portal-request', { clock, agentToken: `portal-request-${randomUUID()}` });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

describe('a customer opens a request in the portal', () => {
  it('requests a change from the home page and sees it in their list; the request page has no serious axe findings', async () => {
    // A context of its own: axe-core opens a page beside it to finish its run.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInInBrowser(page, desk.url, 'jan@acme.example.nl');

    await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    await page.getByRole('heading', { name: 'Nieuwe aanvraag' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const change = page.getByRole('group', { name: 'Wijziging aanvragen' });
    await change.getByLabel('Onderwerp', { exact: true }).fill('VPN for the Utrecht office');
    await change.getByLabel('Omschrijving').fill('Twenty users, from December');
    await change.getByRole('button', { name: 'Versturen' }).focus();
    await page.keyboard.press('Enter');

    // The ticket's own portal page is built apart; the list shows the change as opened.
    await page.waitForURL(/\/portal\/tickets\/[^/?]+\?lang=nl&opened=1/);
    const id = decodeURIComponent(/\/portal\/tickets\/([^/?]+)/.exec(page.url())![1]!);
    await page.goto(`${desk.url}/portal/tickets`);
    await page.getByRole('heading', { name: 'Uw meldingen' }).waitFor();
    const open = page.getByRole('region', { name: 'Open' });
    expect(await open.getByRole('link', { name: id }).getAttribute('href')).toBe(`/portal/tickets/${id}?lang=nl`);
    expect(await open.textContent()).toContain('VPN for the Utrecht office');
    await context.close();
  });
});
