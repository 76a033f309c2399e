// A customer's ticket in the portal, in Chromium on the running local desk: signed in from the
// mailbox's link, they open a ticket from their list, reply with a file from the keyboard, and see
// their words on the ticket's timeline; the ticket page passes axe-core with no serious or
// critical violations.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call } from '../support/http';
import { seriousViolations, signInLinkFromMailbox } from '../support/portal-browser';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `portal-ticket-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('portal-ticket', { clock, agentToken: token });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

describe('a customer on their ticket in the portal', () => {
  it('opens a ticket from their list and replies with a file; the page has no serious axe findings', async () => {
    const { json } = await call(`${desk.url}/v1/tickets`, {
      token,
      body: { kind: 'incident', subject: 'Scanner scans blank pages', requester: { email: 'jan@acme.example.nl' } },
    });
    const id = json.id as string;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${desk.url}/portal?lang=nl`);
    await page.getByLabel('E-mailadres').fill('jan@acme.example.nl');
    await page.getByLabel('E-mailadres').press('Enter');
    await page.getByRole('heading', { name: 'Kijk in uw mailbox' }).waitFor();
    await page.goto(await signInLinkFromMailbox(page, desk.url));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: 'Uw meldingen' }).waitFor();

    await page.getByRole('link', { name: id }).click();
    await page.getByRole('heading', { name: `${id}: Scanner scans blank pages` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Uw bericht').fill('It is the HP 4200 on the second floor');
    await page.getByLabel('Bestanden toevoegen (optioneel)').setInputFiles({
      name: 'scan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Reageren' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Uw bericht is toegevoegd aan de melding.' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Verloop' });
    expect(await timeline.textContent()).toContain('It is the HP 4200 on the second floor');
    expect(await timeline.textContent()).toContain('scan.pdf');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
