// A ticket's files on the running desk: a customer's mail with a PDF opens a ticket; the agent
// follows the file's link on the console timeline and gets the very bytes back as a download that no
// browser renders in the desk's origin; the API serves the same. A file is found through its
// ticket only: another ticket's digest is a 404 although its bytes are kept, a malformed digest a
// 400, and a caller without a console session or the agent token gets nothing.
import { createHash, randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { launchChromium } from '../support/browser';
import { call, eventually } from '../support/http';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `files-${randomUUID()}`;
let desk: LocalDesk;
let browser: Browser;

beforeAll(async () => {
  desk = await startTestDesk('console-files', { clock, agentToken: token });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
});

/** A small PDF with bytes that are not UTF-8, so a text round trip would show. */
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x80]),
  Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
]);
const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const send = (mail: SendMailOptions) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true })
    .sendMail({ from: '"Jan de Vries" <jan@acme.example.nl>', to: 'servicedesk@desk.example.com', ...mail });

/** Mails a file and returns the ticket the mail opened. */
async function ticketWithFile(subject: string, filename: string, content: Buffer, contentType: string) {
  await send({ subject, text: 'See the attached file.', attachments: [{ filename, content, contentType }] });
  return eventually(async () => {
    const { json } = await call(`${desk.url}/v1/tickets?status=triage&limit=200`, { token });
    const found = (json.tickets as { id: string; subject: string }[]).find((t) => t.subject === subject);
    expect(found).toBeDefined();
    return found!.id;
  });
}

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${desk.url}/console`);
  await page.getByLabel('Agent token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${desk.url}/console`);
  return { context, page };
}

describe("a ticket's files", () => {
  it('downloads the PDF a mail brought from the timeline and the API: the same bytes, as an attachment never rendered', async () => {
    const id = await ticketWithFile('Offer for the new printers', 'Offerte März "2026".pdf', pdf, 'application/pdf');
    const { context, page } = await signedIn();
    await page.goto(`${desk.url}/console/tickets/${id}`);

    const link = page.getByRole('link', { name: 'Offerte März "2026".pdf' });
    const href = await link.getAttribute('href');
    expect(href).toBe(`/console/tickets/${id}/files/${digest(pdf)}`);
    const download = await context.request.get(`${desk.url}${href}`);

    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    expect(download.headers()).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="Offerte M_rz _2026_.pdf"; filename*=UTF-8''Offerte%20M%C3%A4rz%20%222026%22.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    const api = await fetch(`${desk.url}/v1/tickets/${id}/files/${digest(pdf)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-disposition')).toBe(download.headers()['content-disposition']);
    expect(Buffer.from(await api.arrayBuffer()).equals(pdf)).toBe(true);
    await context.close();
  });

  it('serves a type off the safe list as octet-stream, still an attachment', async () => {
    const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const id = await ticketWithFile('Error page the portal shows', 'error.html', page, 'text/html');

    const api = await fetch(`${desk.url}/v1/tickets/${id}/files/${digest(page)}`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toBe('application/octet-stream');
    expect(api.headers.get('content-disposition')).toBe(
      `attachment; filename="error.html"; filename*=UTF-8''error.html`,
    );
    expect(Buffer.from(await api.arrayBuffer()).equals(page)).toBe(true);
  });

  it("finds a file through its ticket only: another ticket's digest is 404, a malformed one 400, no session or token nothing", async () => {
    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01, 0x02, 0xfe]);
    const withPhoto = await ticketWithFile('Display shows an error', 'display.png', photo, 'image/png');
    const other = await ticketWithFile('Keyboard missing keys', 'keyboard.pdf', pdf, 'application/pdf');
    const { context } = await signedIn();
    const fromConsole = (path: string) => context.request.get(`${desk.url}${path}`, { maxRedirects: 0 });

    const elsewhere = await fromConsole(`/console/tickets/${other}/files/${digest(photo)}`);
    expect(elsewhere.status()).toBe(404);
    expect(await elsewhere.text()).toContain(`${other} has no file with digest ${digest(photo)}.`);
    expect((await fromConsole(`/console/tickets/${withPhoto}/files/${digest(photo)}`)).status()).toBe(200);
    expect((await fromConsole(`/console/tickets/${withPhoto}/files/${digest(photo).toUpperCase()}`)).status()).toBe(
      400,
    );
    expect((await fromConsole(`/console/tickets/${withPhoto}/files/..%2F..%2Fraw`)).status()).toBe(400);
    expect((await fromConsole(`/console/tickets/INC-2026-999999/files/${digest(photo)}`)).status()).toBe(404);
    const api = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      fetch(`${desk.url}${path}`, { headers, redirect: 'manual' });
    expect((await api(`/v1/tickets/${other}/files/${digest(photo)}`)).status).toBe(404);
    expect((await api(`/v1/tickets/${other}/files/not-a-digest`)).status).toBe(400);

    // No session: the console asks to sign in, and the API without the agent token refuses.
    const anonymous = await api(`/console/tickets/${withPhoto}/files/${digest(photo)}`, {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/console\/sign-in\?next=/);
    expect((await api(`/v1/tickets/${withPhoto}/files/${digest(photo)}`, {})).status).toBe(401);
    await context.close();
  });
});
