// Quarantine in the console, on the running desk with Chromium: an agent finds quarantined mail
// from the navigation, reads it, and releases it as a new ticket for the customer they choose, adds
// it to a ticket, or discards it with a reason — each once; a second agent acting on the same mail
// afterwards is told what was done and when.
import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { launchChromium } from '../support/browser';
import { call, eventually } from '../support/http';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `quarantine-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('console-quarantine', { clock, agentToken: token });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });
const send = (mail: SendMailOptions) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true }).sendMail(mail);

/** Sends a stranger's mail and waits until it is in quarantine; returns the record's id. */
async function quarantined(mail: SendMailOptions): Promise<string> {
  await send({ to: 'servicedesk@desk.example.com', ...mail });
  return eventually(async () => {
    const records = (await api('/v1/quarantine')).json.quarantine as { id: string; from: string }[];
    const address = /<(.+)>/.exec(String(mail.from))?.[1] ?? mail.from;
    const found = records.find((r) => r.from === address);
    expect(found).toBeDefined();
    return found!.id;
  });
}

async function signedIn(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${desk.url}/console`);
  await page.getByLabel('Agent token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${desk.url}/console`);
  return page;
}

/** Submits a form on the page and waits for the page that answers it. */
async function submit(page: Page, form: string) {
  await Promise.all([page.waitForEvent('load'), page.locator(`form#form-${form} button[type=submit]`).click()]);
}

describe('quarantine in the console', () => {
  it('lists a stranger’s mail, shows it in full, and releases it as a new ticket for the chosen customer, once', async () => {
    const id = await quarantined({
      from: 'Kees <kees@partner.example.org>',
      subject: 'ERP down at Acme',
      text: 'The ERP at Acme stopped at 08:40.',
      attachments: [{ filename: 'screen.txt', content: 'error 42' }],
    });
    const page = await signedIn();
    const other = await signedIn();
    await other.goto(`${desk.url}/console/quarantine/${id}`);

    await page.getByRole('link', { name: 'Quarantine' }).click();
    const row = page.locator(`tr[data-quarantine="${id}"]`);
    expect(await row.textContent()).toContain('No customer has the sender’s mail domain');
    expect(await row.textContent()).toContain('kees@partner.example.org');
    expect(await row.textContent()).toContain('Waiting');
    await row.getByRole('link', { name: 'ERP down at Acme' }).click();
    expect(await page.locator('.mail-headers').textContent()).toContain('kees@partner.example.org');
    expect(await page.locator('.mail-text').textContent()).toContain('stopped at 08:40');
    expect(await page.locator('ul.attachments').textContent()).toContain('screen.txt');

    await page.getByLabel('Customer').selectOption('acme');
    await page.getByLabel('Kind').selectOption('incident');
    await submit(page, 'new');

    const flash = (await page.locator('#flash').textContent()) ?? '';
    const ticketId = /Released as new ticket (INC-2026-\d+) by anna/.exec(flash)?.[1];
    expect(ticketId).toBeDefined();
    expect(await page.locator('form#form-new').count()).toBe(0);
    const { json: ticket } = await api(`/v1/tickets/${ticketId}`);
    expect(ticket).toMatchObject({ customerId: 'acme', subject: 'ERP down at Acme' });
    expect(ticket.timeline[0]).toMatchObject({ actor: { type: 'agent', id: 'anna' } });
    expect(ticket.timeline[0].payload).toMatchObject({ releasedFrom: id });

    // The other agent's page was open before the release: their discard is refused and says why.
    await other.getByLabel('Why').fill('Looks like spam');
    const [refused] = await Promise.all([
      other.waitForResponse((r) => r.request().method() === 'POST'),
      other.locator('form#form-discard button[type=submit]').click(),
    ]);
    await other.waitForLoadState();
    expect(refused.status()).toBe(409);
    expect(await other.locator('#flash').textContent()).toContain(
      `Not discarded: this mail was settled before. Released as new ticket ${ticketId} by anna, Tue 24 Nov 2026`,
    );
    await page.context().close();
    await other.context().close();
  });

  it('adds a mail to the ticket it named, and discards another with a reason only when one is given', async () => {
    const { json: ticket } = await api('/v1/tickets', {
      kind: 'incident',
      subject: 'VPN',
      requester: { email: 'jan@acme.example.nl' },
      customerId: 'acme',
    });
    const named = await quarantined({
      from: 'consultant@elsewhere.example.org',
      subject: `Re: VPN [${ticket.id}]`,
      text: 'The certificate expired.',
    });
    const spam = await quarantined({ from: 'sales@unknown.example.org', subject: 'Printers', text: 'Buy now' });
    const page = await signedIn();

    await page.goto(`${desk.url}/console/quarantine/${named}`);
    expect(await page.getByLabel('Ticket', { exact: true }).inputValue()).toBe(ticket.id);
    await submit(page, 'onto');
    expect(await page.locator('#flash').textContent()).toContain(`Released onto ${ticket.id} by anna`);
    const timeline = (await api(`/v1/tickets/${ticket.id}`)).json.timeline as { type: string }[];
    expect(timeline.map((e) => e.type)).toContain('COMMENT');

    await page.goto(`${desk.url}/console/quarantine/${spam}`);
    await page.getByLabel('Why').fill('   ');
    await submit(page, 'discard');
    expect(await page.locator('#flash').textContent()).toContain('Not discarded: say why it is discarded.');
    await page.getByLabel('Why').fill('Sales mail');
    await submit(page, 'discard');
    expect(await page.locator('#flash').textContent()).toContain('Discarded by anna');

    await page.goto(`${desk.url}/console/quarantine`);
    expect(await page.locator(`tr[data-quarantine="${spam}"]`).textContent()).toContain('Sales mail');
    const { json } = await api('/v1/quarantine');
    expect((json.quarantine as { id: string }[]).find((r) => r.id === spam)).toMatchObject({
      discarded: { by: 'anna', reason: 'Sales mail' },
    });
    await page.context().close();
  });

  it('answers bad ids and unknown records with pages, not errors', async () => {
    const page = await signedIn();
    expect((await page.goto(`${desk.url}/console/quarantine/not-an-id`))?.status()).toBe(400);
    expect((await page.goto(`${desk.url}/console/quarantine/${randomUUID()}`))?.status()).toBe(404);
    await page.context().close();
  });
});

describe('quarantine in the API', () => {
  it('releases as a new ticket and discards, each once, with problem documents for bad input', async () => {
    const first = await quarantined({ from: 'a@stranger.example.org', subject: 'Laptop', text: 'Broken screen.' });
    const second = await quarantined({ from: 'b@stranger.example.org', subject: 'Offer', text: 'Cheap toner.' });

    const badKind = await api(`/v1/quarantine/${first}/release`, { asNewTicket: { customerId: 'acme', kind: 'x' } });
    const both = await api(`/v1/quarantine/${first}/release`, {
      ticketId: 'INC-2026-000001',
      asNewTicket: { customerId: 'acme', kind: 'incident' },
    });
    const noCustomer = await api(`/v1/quarantine/${first}/release`, {
      asNewTicket: { customerId: 'initech', kind: 'incident' },
    });
    const released = await api(`/v1/quarantine/${first}/release`, {
      asNewTicket: { customerId: 'globex', kind: 'service_request' },
    });
    const blank = await api(`/v1/quarantine/${second}/discard`, { reason: ' ' });
    const discarded = await api(`/v1/quarantine/${second}/discard`, { reason: 'Advertising' });
    const again = await api(`/v1/quarantine/${second}/release`, {
      asNewTicket: { customerId: 'acme', kind: 'incident' },
    });

    expect(badKind).toMatchObject({ status: 400, json: { errors: [{ field: 'asNewTicket.kind' }] } });
    expect(both.status).toBe(400);
    expect(noCustomer).toMatchObject({ status: 400, json: { errors: [{ field: 'asNewTicket.customerId' }] } });
    expect(released).toMatchObject({
      status: 200,
      json: { ticketId: expect.stringMatching(/^SR-2026-/), released: { by: 'anna', asNewTicket: true } },
    });
    expect((await api(`/v1/tickets/${released.json.ticketId}`)).json).toMatchObject({ customerId: 'globex' });
    expect(blank).toMatchObject({ status: 400, json: { errors: [{ field: 'reason' }] } });
    expect(discarded).toMatchObject({ status: 200, json: { discarded: { by: 'anna', reason: 'Advertising' } } });
    expect(again).toMatchObject({
      status: 409,
      json: { title: 'Already discarded', discarded: { reason: 'Advertising' } },
    });
  });
});
