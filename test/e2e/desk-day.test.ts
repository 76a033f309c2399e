// A day on the desk as two agents of different teams live it in Chromium, on the running local
// desk: a customer's change arrives by mail and is routed to the change team; Anna (first line)
// assigns it to Bram (change team), who finds it under My work and has a mail saying so; a word
// only the customer's reply holds finds exactly that ticket, also once it is closed; the ticket page
// lists the requester's earlier ticket; Bram's PDF downloads again byte for byte; and a stranger's
// quarantined mail is released as a ticket.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { launchChromium } from '../support/browser';
import { call, eventually } from '../support/http';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-23 09:00'));
const tokens = new Map([
  ['anna', `anna-${randomUUID()}`],
  ['bram', `bram-${randomUUID()}`],
]);
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('desk-day', {
    clock,
    agentToken: tokens.get('anna')!,
    agentTokens: (id) => tokens.get(id),
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token: tokens.get('anna')!, body });
const mail = (message: SendMailOptions) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true })
    .sendMail(message);

/** The tickets a requester has (the API's search), newest first. */
const ticketsOf = async (requester: string): Promise<{ id: string; kind: string; subject: string }[]> =>
  (await api(`/v1/tickets?requester=${encodeURIComponent(requester)}`)).json.tickets;

/** Signs an agent in to the console with their own token, in a browser context of their own. */
async function signIn(agentId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${desk.url}/console`);
  await page.getByLabel('Agent token').fill(tokens.get(agentId)!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${desk.url}/console`);
  return page;
}

/** Submits a form and waits for the page that answers it; returns the flash it shows. */
async function submit(page: Page, form: string): Promise<string> {
  await Promise.all([page.waitForEvent('load'), page.locator(`form#form-${form} button[type=submit]`).click()]);
  return (await page.locator('#flash').textContent()) ?? '';
}

/** Searches from the bar every console page has; returns the ids of the tickets found. */
async function search(page: Page, words: string): Promise<string[]> {
  await page.getByRole('search').getByLabel('Search tickets').fill(words);
  await Promise.all([page.waitForEvent('load'), page.getByRole('search').getByRole('button').click()]);
  return page.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket') ?? ''));
}

/** The mails the local mailbox holds for an address, parsed as a mail client would. */
async function mailsTo(address: string) {
  const dir = desk.mailboxDir!;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  const parsed = await Promise.all(files.map(async (f) => PostalMime.parse(await readFile(join(dir, f)))));
  return parsed.filter((m) => (m.to ?? []).some((to) => to.address === address));
}

describe('a day on the desk', () => {
  it('routes, assigns, finds, remembers, keeps files and releases quarantined mail, as two agents of different teams', async () => {
    // Yesterday Jan reported a printer; today he asks for a change in writing.
    await mail({
      from: 'Jan de Vries <jan@acme.example.nl>',
      to: 'servicedesk@desk.example.com',
      subject: 'Printer op de tweede verdieping',
      text: 'De printer geeft een papierstoring.',
    });
    const earlier = await eventually(async () => {
      const [found] = await ticketsOf('jan@acme.example.nl');
      expect(found).toBeDefined();
      return found!;
    });
    clock.set(amsterdam('2026-11-24 09:00'));
    await mail({
      from: 'Jan de Vries <jan@acme.example.nl>',
      to: 'changes@desk.example.com',
      subject: 'Firewallregel voor de nieuwe VPN',
      text: 'Graag poort 443 openzetten naar de VPN-server.',
    });
    const change = await eventually(async () => {
      const found = (await ticketsOf('jan@acme.example.nl')).find((t) => t.kind === 'change');
      expect(found).toBeDefined();
      return found!;
    });

    // Routed by the policy: the change team's queue, the first-line incident in the service desk's.
    const routed = async (id: string) => (await api(`/v1/tickets/${id}`)).json;
    expect(await routed(change.id)).toMatchObject({ teamId: 'changes' });
    expect(await routed(earlier.id)).toMatchObject({ teamId: 'service-desk' });

    // Anna (first line) finds the change among all open tickets and assigns it to Bram.
    const anna = await signIn('anna');
    expect(await anna.locator('header').textContent()).toContain('Signed in as Anna de Vries');
    await anna.locator(`tr[data-ticket="${change.id}"]`).getByRole('link', { name: change.id }).click();
    await anna.locator('form#form-ASSIGN').getByLabel('Agent').selectOption('bram');
    expect(await submit(anna, 'ASSIGN')).toContain('applied');
    expect(await anna.locator('li[data-event="ASSIGN"]').first().textContent()).toContain(
      'Anna de Vries assigned it to Bram Jansen (Change team)',
    );

    // Bram has it under My work, and a mail that says who gave it to him.
    const bram = await signIn('bram');
    await bram.getByRole('link', { name: 'My work' }).click();
    expect(await bram.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.dataset.ticket))).toEqual([
      change.id,
    ]);
    const [assigned] = await eventually(async () => {
      const found = await mailsTo('bram@desk.example.com');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(assigned!.subject).toContain(`[${change.id}] Assigned to you by Anna de Vries`);

    // Jan answers with a word nobody else wrote; the search finds exactly his ticket.
    await mail({
      from: 'Jan de Vries <jan@acme.example.nl>',
      to: 'changes@desk.example.com',
      subject: `Re: [${change.id}] Firewallregel voor de nieuwe VPN`,
      text: 'De VPN-server staat in het serverhok naast de koffiezetmachine.',
    });
    await eventually(async () => expect(await search(bram, 'koffiezetmachine')).toEqual([change.id]));

    // The ticket page lists Jan's earlier ticket.
    await bram.getByRole('link', { name: change.id }).click();
    const history = bram.locator('table[data-history="h-history-requester"]');
    expect(await history.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.dataset.ticket))).toEqual([
      earlier.id,
    ]);

    // Bram keeps the plan as a PDF on a note; it downloads again unchanged.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);
    const note = bram.locator('form#form-ADD_NOTE');
    await note.getByLabel('Note').fill('Plan voor de firewallregel');
    await note
      .locator('input[type=file]')
      .setInputFiles({ name: 'firewall-plan.pdf', mimeType: 'application/pdf', buffer: pdf });
    expect(await submit(bram, 'ADD_NOTE')).toContain('applied');
    const href = await bram.getByRole('link', { name: 'firewall-plan.pdf' }).first().getAttribute('href');
    const download = await bram.request.get(`${desk.url}${href}`);
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
    expect(download.headers()['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);

    // Closed, it is still found.
    expect((await api(`/v1/tickets/${change.id}/events`, { type: 'CANCEL', reason: 'Done another way' })).status).toBe(
      200,
    );
    expect(await search(bram, 'koffiezetmachine')).toEqual([change.id]);

    // A stranger's mail waits in quarantine until Anna releases it as a ticket for Acme.
    await mail({
      from: 'Kees <kees@partner.example.org>',
      to: 'servicedesk@desk.example.com',
      subject: 'ERP bij Acme staat stil',
      text: 'Sinds 08:40 werkt het ERP niet.',
    });
    const quarantined = await eventually(async () => {
      const records = (await api('/v1/quarantine')).json.quarantine as { id: string; from: string }[];
      const found = records.find((r) => r.from === 'kees@partner.example.org');
      expect(found).toBeDefined();
      return found!.id;
    });
    await anna.getByRole('link', { name: 'Quarantine' }).click();
    await anna.locator(`tr[data-quarantine="${quarantined}"]`).getByRole('link').first().click();
    await anna.getByLabel('Customer').selectOption('acme');
    await anna.getByLabel('Kind').selectOption('incident');
    const released = /Released as new ticket (INC-2026-\d+) by anna/.exec(await submit(anna, 'new'))?.[1];
    expect(released).toBeDefined();
    expect(await routed(released!)).toMatchObject({ customerId: 'acme', subject: 'ERP bij Acme staat stil' });
  });
});
