// The customer portal in Chromium on the running local desk: a customer asks for a sign-in link,
// follows it from the mail in the local mailbox, presses the button and sees their tickets; each
// portal page on the way passes axe-core with no serious or critical violations, and works from
// the keyboard (the forms are submitted with Enter).
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
const token = `portal-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('portal', { clock, agentToken: token });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

describe('a customer in the portal', () => {
  it('signs in from the link in the mailbox and sees their tickets, every page without serious axe findings', async () => {
    const { json } = await call(`${desk.url}/v1/tickets`, {
      token,
      body: {
        kind: 'incident',
        subject: 'Printer on the second floor jams',
        requester: { email: 'jan@acme.example.nl' },
      },
    });
    // A context of its own: axe-core opens a page beside it to finish its run.
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${desk.url}/portal?lang=en`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('E-mail address').fill('jan@acme.example.nl');
    await page.getByLabel('E-mail address').press('Enter');
    await page.getByRole('heading', { name: 'Check your mailbox' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const link = await signInLinkFromMailbox(page, desk.url);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Inloggen bevestigen' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Inloggen' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Uw meldingen' }).waitFor();
    expect(await page.getByRole('link', { name: json.id as string }).getAttribute('href')).toBe(
      `/portal/tickets/${json.id}?lang=nl`,
    );
    expect(await page.getByRole('table').first().textContent()).toContain('Printer on the second floor jams');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { name: 'Inloggen op het klantportaal' }).waitFor();
    // Signed out for good: the list sends the browser (English, by its Accept-Language) to sign in.
    await page.goto(`${desk.url}/portal/tickets`);
    await page.getByRole('heading', { name: 'Sign in to the customer portal' }).waitFor();
    await context.close();
  });
});
