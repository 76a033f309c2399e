// The customer portal as a customer and the desk live it, in Chromium on the running local desk:
// Jan signs in from the link in /dev/mailbox and sees his open and closed tickets (never another
// customer's), opens a request for change in the portal, approves its quote there and answers the
// desk's question on an incident; a change an agent registered from his phone call cannot be
// quoted or scheduled until Jan confirms it in writing; a replayed or altered sign-in link signs
// nobody in. Every portal page passes axe-core without serious or critical findings. (An expired
// link is specified against an injected clock in test/integration/portal-sign-in.test.ts.)
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { PORTAL_SESSION_COOKIE } from '../../functions/portal/portal-session';
import { launchChromium } from '../support/browser';
import { call } from '../support/http';
import { seriousViolations, signInLinkFromMailbox } from '../support/portal-browser';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `portal-day-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('portal-day', { clock, agentToken: token });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });
const send = async (id: string, event: Record<string, unknown>) =>
  (await api(`/v1/tickets/${id}/events`, event)).status;
const open = async (body: Record<string, unknown>) => (await api('/v1/tickets', body)).json.id as string;

/** Asks for a sign-in link in Dutch; returns the link the mailbox received. */
async function askForLink(page: Page, email: string): Promise<string> {
  await page.goto(`${desk.url}/portal?lang=nl`);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('E-mailadres').press('Enter');
  await page.getByRole('heading', { name: 'Kijk in uw mailbox' }).waitFor();
  return signInLinkFromMailbox(page, desk.url);
}

/** Follows a sign-in link and presses its button; returns the page's main heading. */
async function follow(page: Page, link: string): Promise<string> {
  await page.goto(link);
  const button = page.getByRole('button', { name: 'Inloggen' });
  if ((await button.count()) > 0) await Promise.all([page.waitForEvent('load'), button.click()]);
  return (await page.locator('h1').first().textContent()) ?? '';
}

/** Presses an action's button on the portal's ticket page; returns the flash that follows. */
async function act(page: Page, action: string, button: string): Promise<string> {
  const form = page.locator(`form[data-action="${action}"]`);
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: button }).click()]);
  return (await page.locator('#flash').textContent()) ?? '';
}

describe('a customer in the portal', () => {
  it('signs in from the mailbox, follows and opens tickets, approves a quote, answers, and confirms a phone change in writing', async () => {
    // Jan's earlier, cancelled ticket, and one of another customer's.
    const earlier = await open({
      kind: 'incident',
      subject: 'Oude printer',
      requester: { email: 'jan@acme.example.nl' },
    });
    expect(await send(earlier, { type: 'CANCEL', reason: 'Vervangen' })).toBe(200);
    const foreign = await open({
      kind: 'incident',
      subject: 'Globex only',
      requester: { email: 'ann@globex.example.com' },
    });
    // The desk asks Jan something on an incident.
    const incident = await open({
      kind: 'incident',
      subject: 'Scanner scant lege pagina’s',
      requester: { email: 'jan@acme.example.nl' },
    });
    expect(
      await send(incident, { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'hardware', inScope: true }),
    ).toBe(200);
    expect(await send(incident, { type: 'REQUEST_INFO', question: 'Welk model is het?' })).toBe(200);

    // Jan signs in from the mailbox; the list has his open and closed tickets and nobody else's.
    const page = await (await browser.newContext()).newPage();
    const link = await askForLink(page, 'jan@acme.example.nl');
    expect(await follow(page, link)).toBe('Uw meldingen');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.getByRole('region', { name: 'Open' }).textContent()).toContain(incident);
    expect(await page.getByRole('region', { name: 'Gesloten' }).textContent()).toContain(earlier);
    expect(await page.content()).not.toContain(foreign);
    await page.goto(`${desk.url}/portal/tickets/${foreign}`);
    expect(await page.content()).not.toContain('Globex only');
    expect(await seriousViolations(page)).toEqual([]);

    // He opens a request for change; the desk quotes it; he approves the quote in the portal.
    await page.goto(`${desk.url}/portal/tickets`);
    await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    const form = page.getByRole('group', { name: 'Wijziging aanvragen' });
    await form.getByLabel('Onderwerp', { exact: true }).fill('VPN voor kantoor Utrecht');
    await form.getByLabel('Omschrijving').fill('Twintig gebruikers, vanaf december');
    await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Versturen' }).click()]);
    expect(await page.locator('#flash').textContent()).toContain('Uw aanvraag is ontvangen');
    const change = decodeURIComponent(/\/portal\/tickets\/([^/?]+)/.exec(page.url())![1]!);
    expect(
      await send(change, { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true }),
    ).toBe(200);
    expect(
      await send(change, {
        type: 'SUBMIT_QUOTE',
        lines: [{ kind: 'hardware', description: 'VPN-apparaat', quantity: 1, unitCents: 89900 }],
      }),
    ).toBe(200);
    await page.reload();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await act(page, 'approve_quote', 'Offerte goedkeuren')).toContain('U hebt de offerte goedgekeurd.');
    const approved = (await api(`/v1/tickets/${change}`)).json;
    expect(approved.status).toBe('scheduled');
    expect(approved.timeline.at(-1)).toMatchObject({ type: 'QUOTE_APPROVED', actor: { id: 'jan@acme.example.nl' } });

    // He answers the desk's question on the incident.
    await page.goto(`${desk.url}/portal/tickets/${incident}`);
    await page.getByLabel('Uw bericht').fill('Een HP ScanJet 4200');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reageren' }).click()]);
    const answered = (await api(`/v1/tickets/${incident}`)).json;
    expect(answered.timeline.at(-1)).toMatchObject({ type: 'CUSTOMER_REPLIED' });
    expect(answered.stage).toBe('diagnosing');

    // A change an agent registered from Jan's call waits for his written confirmation.
    const phoned = await open({
      kind: 'change',
      subject: 'Extra printer op de gang',
      description: 'Afgesproken aan de telefoon',
      requester: { email: 'jan@acme.example.nl' },
      channel: 'phone',
    });
    expect(
      await send(phoned, { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'hardware', inScope: true }),
    ).toBe(200);
    const quoteLines = [{ kind: 'hardware', description: 'Printer', quantity: 1, unitCents: 45000 }];
    expect(await send(phoned, { type: 'SUBMIT_QUOTE', lines: quoteLines })).toBe(409);
    expect(await send(phoned, { type: 'SCHEDULE_WORK', plannedFor: '2026-12-01T09:00:00+01:00' })).toBe(409);
    await page.goto(`${desk.url}/portal/tickets/${phoned}`);
    expect(await page.content()).toContain('Afgesproken aan de telefoon');
    expect(await act(page, 'confirm_in_writing', 'Ik bevestig dit wijzigingsverzoek')).toContain(
      'U hebt het wijzigingsverzoek schriftelijk bevestigd.',
    );
    expect(await send(phoned, { type: 'SUBMIT_QUOTE', lines: quoteLines })).toBe(200);

    // The link he signed in with is spent; an altered one signs nobody in.
    const other = await (await browser.newContext()).newPage();
    expect(await follow(other, link)).not.toBe('Uw meldingen');
    expect(await seriousViolations(other)).toEqual([]);
    const sessionCookies = async () =>
      (await other.context().cookies()).filter((c) => c.name === PORTAL_SESSION_COOKIE);
    expect(await sessionCookies()).toEqual([]);
    const altered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await follow(other, altered)).not.toBe('Uw meldingen');
    expect(await sessionCookies()).toEqual([]);
    await other.goto(`${desk.url}/portal/tickets`);
    expect(await other.getByLabel(/^(E-mailadres|E-mail address)$/).count()).toBe(1);
  });
});
