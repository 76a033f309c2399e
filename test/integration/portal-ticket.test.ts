// One ticket in the customer portal, against DynamoDB Local through the portal's handlers: the page
// shows the public timeline and never a note, another customer's ticket is not there (404, as one
// that does not exist), a quote is approved from the page bound to the content it showed (a revised
// quote's old form is refused as changed), a reply lands with its PDF, a form without the session's
// CSRF token changes nothing, and a change registered by phone is confirmed in writing from the
// portal and can then be quoted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { makePostTicketEventHandler } from '../../functions/api/post-ticket-event.handler';
import type { Desk } from '../../functions/desk';
import { makePortalActionHandler } from '../../functions/portal/portal-action.handler';
import { makePortalTicketHandler } from '../../functions/portal/portal-ticket.handler';
import { createLocalFolderStore } from '../../functions/store/blob-store';
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';
import { consoleEvent, invoke } from '../support/console-requests';
import { HANDLER_AGENT_TOKEN, handlerDesk } from '../support/handler-desk';
import { signInCustomer, type SignedInCustomer } from '../support/portal-customer';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const bearer = { authorization: `Bearer ${HANDLER_AGENT_TOKEN}`, 'content-type': 'application/json' };
const quoteLines = (unitCents: number) => [
  { kind: 'labour', description: 'Configure the VPN', quantity: 4, unitCents },
];
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from('\n%%EOF\n'),
]);
let desk: Desk;
let jan: SignedInCustomer;
let john: SignedInCustomer;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock, { blobStore: createLocalFolderStore(mkdtempSync(join(tmpdir(), 'portal-'))) }));
  jan = await signInCustomer(desk, 'jan@acme.example.nl');
  john = await signInCustomer(desk, 'john@globex.example.com');
});

async function register(body: Record<string, unknown>): Promise<string> {
  const created = await invoke(makeCreateTicketHandler(desk), {
    ...consoleEvent('POST', '/v1/tickets', { headers: bearer }),
    body: JSON.stringify({ requester: { email: 'jan@acme.example.nl' }, channel: 'phone', ...body }),
  });
  expect(created.statusCode).toBe(201);
  return (JSON.parse(created.body!) as { id: string }).id;
}

/** An agent's event through the API. */
async function agent(id: string, body: Record<string, unknown>) {
  clock.advance(1_000);
  const response = await invoke(makePostTicketEventHandler(desk), {
    ...consoleEvent('POST', `/v1/tickets/${id}/events`, { headers: bearer }),
    pathParameters: { id },
    body: JSON.stringify(body),
  });
  expect(response.statusCode).toBe(200);
}

const page = (id: string, who: SignedInCustomer = jan, query?: Record<string, string>) =>
  invoke(makePortalTicketHandler(desk), {
    ...consoleEvent('GET', `/portal/tickets/${id}`, { cookies: [who.cookie], ...(query ? { query } : {}) }),
    pathParameters: { id },
  });

function act(id: string, form: Record<string, string>, who: SignedInCustomer = jan) {
  clock.advance(1_000);
  return invoke(makePortalActionHandler(desk), {
    ...consoleEvent('POST', `/portal/tickets/${id}/actions`, {
      cookies: [who.cookie],
      form: { csrf: who.csrf, ...form },
    }),
    pathParameters: { id },
  });
}

/** A reply posted as a browser posts the page's reply form: multipart, the file beside the fields. */
async function replyWithFile(id: string, message: string, file: { name: string; type: string; bytes: Buffer }) {
  const form = new FormData();
  form.append('csrf', jan.csrf);
  form.append('action', 'reply');
  form.append('message', message);
  form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://desk.example.com/', { method: 'POST', body: form });
  const event: APIGatewayProxyEventV2 = {
    ...consoleEvent('POST', `/portal/tickets/${id}/actions`, {
      cookies: [jan.cookie],
      headers: { 'content-type': request.headers.get('content-type')! },
    }),
    body: Buffer.from(await request.arrayBuffer()).toString('base64'),
    isBase64Encoded: true,
    pathParameters: { id },
  };
  return invoke(makePortalActionHandler(desk), event);
}

/** The content hash the page's form for this action carries. */
const hashOn = (html: string, action: string) =>
  new RegExp(`data-action="${action}"[^>]*>[\\s\\S]*?name="contentHash" value="([^"]+)"`).exec(html)?.[1];

const lastEvent = async (id: string) => (await desk.store.listEvents(id)).at(-1)!;

/** A change an agent registered, confirmed in writing from the portal, and quoted. */
async function quotedChange(): Promise<string> {
  const id = await register({
    kind: 'change',
    subject: 'VPN for Utrecht',
    description: 'Twenty users',
    channel: 'agent',
  });
  await agent(id, { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
  await act(id, { action: 'confirm_in_writing', contentHash: writtenChangeHash(await headOf(id)) });
  await agent(id, { type: 'SUBMIT_QUOTE', lines: quoteLines(9500) });
  return id;
}

const headOf = async (id: string) => (await desk.store.getHead(id))!.snapshot.context;

describe('a ticket in the portal', () => {
  it('shows the public timeline with its state and targets, and never an internal note', async () => {
    const id = await register({ kind: 'incident', subject: 'Printer jams', description: 'Second floor' });
    await agent(id, { type: 'ADD_NOTE', text: 'SECRET-NOTE the customer is difficult' });
    await agent(id, { type: 'REPLY', message: 'We are looking into it' });

    const shown = await page(id, jan, { lang: 'en' });

    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Printer jams');
    expect(shown.body).toContain('We are looking into it');
    expect(shown.body).toContain('Resolution within');
    expect(shown.body).not.toContain('SECRET-NOTE');
    expect(shown.body).toContain('data-action="reply"');
  });

  it("answers another customer's ticket exactly as a ticket that does not exist (404)", async () => {
    const id = await register({ kind: 'incident', subject: 'Acme only' });

    const foreign = await page(id, john);
    const missing = await page('INC-2026-999999', john);
    const malformed = await page('not-a-ticket', john);

    expect([foreign.statusCode, missing.statusCode, malformed.statusCode]).toEqual([404, 404, 404]);
    expect(foreign.body!.replaceAll(id, 'ID')).toBe(missing.body!.replaceAll('INC-2026-999999', 'ID'));
    expect(foreign.body).not.toContain('Acme only');
    const acting = await act(id, { action: 'reply', message: 'Not mine' }, john);
    expect(acting.statusCode).toBe(404);
    expect((await lastEvent(id)).type).toBe('CREATED');
  });
});

describe('a customer acts on their ticket', () => {
  it('approves a quote from the page, the event bound to the content it showed', async () => {
    const id = await quotedChange();
    const hash = hashOn((await page(id)).body!, 'approve_quote')!;

    const approved = await act(id, { action: 'approve_quote', contentHash: hash });

    expect(approved.statusCode).toBe(303);
    expect(approved.headers?.location).toBe(`/portal/tickets/${id}?lang=nl&done=approve_quote#flash`);
    const event = await lastEvent(id);
    expect(event.type).toBe('QUOTE_APPROVED');
    expect(event.actor).toEqual({ type: 'customer', id: 'jan@acme.example.nl' });
    expect(event.event.viaPortal).toMatchObject({ contentHash: hash });
    expect((await page(id, jan, { done: 'approve_quote', lang: 'en' })).body).toContain('You approved the quote.');
  });

  it("refuses a revised quote's old form as changed (409), the ticket as it was", async () => {
    const id = await quotedChange();
    const old = hashOn((await page(id)).body!, 'approve_quote')!;
    await agent(id, { type: 'REVISE_QUOTE' });
    await agent(id, { type: 'SUBMIT_QUOTE', lines: quoteLines(12000) });
    const before = (await desk.store.getHead(id))!.version;

    const refused = await act(id, { action: 'approve_quote', contentHash: old, lang: 'en' });

    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The ticket changed since you opened the page');
    expect((await desk.store.getHead(id))!.version).toBe(before);
    expect(hashOn(refused.body!, 'approve_quote')).not.toBe(old);
  });

  it('replies with a PDF: the answer while the ticket waits for them, a comment otherwise', async () => {
    const id = await register({ kind: 'incident', subject: 'Scanner', description: 'It scans blank pages' });
    await agent(id, { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'hardware', inScope: true });
    await agent(id, { type: 'REQUEST_INFO', question: 'Which model is it?' });
    const file = { name: 'scanner.pdf', type: 'application/pdf', bytes: pdf };

    const answered = await replyWithFile(id, 'The HP 4200', file);
    const commented = await replyWithFile(id, 'And it is warm', file);

    expect([answered.statusCode, commented.statusCode]).toEqual([303, 303]);
    const [answer, comment] = (await desk.store.listEvents(id)).slice(-2);
    expect(answer).toMatchObject({ type: 'CUSTOMER_REPLIED', actor: { type: 'customer', id: 'jan@acme.example.nl' } });
    expect(answer!.event).toMatchObject({
      message: 'The HP 4200',
      attachments: [{ name: 'scanner.pdf', size: pdf.length }],
    });
    expect(comment).toMatchObject({ type: 'COMMENT' });
    expect(comment!.event).toMatchObject({ text: 'And it is warm', attachments: [{ name: 'scanner.pdf' }] });
    expect((await page(id)).body).toContain('scanner.pdf');
  });

  it('refuses an empty reply without files (400), and a form without the CSRF token (403), changing nothing', async () => {
    const id = await register({ kind: 'incident', subject: 'Mouse' });

    const empty = await act(id, { action: 'reply', message: '  ' });
    const forged = await invoke(makePortalActionHandler(desk), {
      ...consoleEvent('POST', `/portal/tickets/${id}/actions`, {
        cookies: [jan.cookie],
        form: { action: 'reply', message: 'Forged' },
      }),
      pathParameters: { id },
    });
    const invalid = await act(id, { action: 'pay_invoice' });

    expect([empty.statusCode, forged.statusCode, invalid.statusCode]).toEqual([400, 403, 400]);
    expect(await desk.store.listEvents(id)).toHaveLength(1);
  });

  it('confirms a change registered by phone in writing from the portal, after which it can be quoted', async () => {
    const id = await register({ kind: 'change', subject: 'New firewall', description: 'For the office' });
    await agent(id, { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
    const shown = (await page(id)).body!;
    expect(shown).not.toContain('data-action="approve_quote"');
    const hash = hashOn(shown, 'confirm_in_writing');
    expect(hash).toBe(writtenChangeHash(await headOf(id)));

    const confirmed = await act(id, { action: 'confirm_in_writing', contentHash: hash! });

    expect(confirmed.statusCode).toBe(303);
    const event = await lastEvent(id);
    expect(event.type).toBe('CHANGE_CONFIRMED_IN_WRITING');
    expect(event.event.viaPortal).toMatchObject({ contentHash: hash });
    await agent(id, { type: 'SUBMIT_QUOTE', lines: quoteLines(9500) });
    expect((await page(id)).body).toContain('data-action="approve_quote"');
  });
});
