import { randomUUID } from 'node:crypto';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { changesInWritingWaived, startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `links-${randomUUID()}`;
let desk: LocalDesk;

beforeAll(async () => {
  desk = await startTestDesk('links', {
    clock,
    agentToken: token,
    // Its changes are registered by agents: the rule for changes in writing has its own specs.
    policy: changesInWritingWaived,
  });
});
afterAll(async () => desk.stop());

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });
const quote = {
  lines: [
    { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 },
    { kind: 'labour', description: 'Configuration', quantity: 3, unitCents: 8500 },
  ],
};

/** A change waiting for approval of its quote, and the link from the approval mail in the mailbox. */
async function changeAwaitingApproval(): Promise<{ id: string; link: string }> {
  const { json } = await api('/v1/tickets', {
    kind: 'change',
    subject: `Second site on the VPN ${randomUUID().slice(0, 8)}`,
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
  await api(`/v1/tickets/${json.id}/events`, { type: 'SUBMIT_QUOTE', ...quote });
  const link = await eventually(async () => {
    const page = await (await fetch(`${desk.url}/dev/mailbox`)).text();
    const file = new RegExp(`href="/dev/mailbox/([^"]+)"><bdi>\\[${json.id}\\] Offerte ter goedkeuring`).exec(
      page,
    )?.[1];
    expect(file).toBeDefined();
    const mail = await (await fetch(`${desk.url}/dev/mailbox/${file}`)).text();
    return /href="(http[^"]+\/v1\/links\/[^"]+)"/.exec(mail)![1]!;
  });
  return { id: json.id, link };
}

const post = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });

describe('customer links', () => {
  it('shows exactly what is approved on a GET that changes nothing, under strict headers', async () => {
    const { id, link } = await changeAwaitingApproval();
    const before = (await api(`/v1/tickets/${id}`)).json.version;

    const head = await fetch(link, { method: 'HEAD' });
    const page = await fetch(link);
    const html = await page.text();

    expect(head.status).toBe(200);
    expect(page.status).toBe(200);
    expect(html).toContain('VPN appliance');
    expect(html).toContain('€ 1.154,00');
    expect(html).toMatch(/<form method="post"[^>]*><button type="submit">Akkoord<\/button>/);
    expect(html).toContain('Afwijzen');
    expect(html).not.toContain('<script');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(before);
  });

  it('approves once, records which content was approved through which link, and says "already done" after', async () => {
    const { id, link } = await changeAwaitingApproval();

    const first = await post(link);
    const again = await post(link);

    expect(first.status).toBe(200);
    expect(await first.text()).toContain('U hebt de offerte goedgekeurd');
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Deze link is al gebruikt.');
    const ticket = (await api(`/v1/tickets/${id}`)).json;
    expect(ticket.stage).toBe('scheduled');
    const approval = ticket.timeline.find((e: { type: string }) => e.type === 'QUOTE_APPROVED');
    expect(approval).toMatchObject({
      actor: { type: 'customer', id: 'jan@acme.example.nl' },
      payload: { quoteVersion: 1, viaLink: { action: 'approve_quote', contentHash: expect.any(String) } },
    });
  });

  it('applies two simultaneous clicks once', async () => {
    const { id, link } = await changeAwaitingApproval();
    const statuses = (await Promise.all([post(link), post(link), post(link)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410]);
    const types = (await api(`/v1/tickets/${id}`)).json.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'QUOTE_APPROVED')).toHaveLength(1);
  });

  it('offers decline on the same page, and deciding one way uses up the other', async () => {
    const { id, link } = await changeAwaitingApproval();
    const html = await (await fetch(link)).text();
    const decline = [...html.matchAll(/action="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, '&'))
      .find((url) => url !== link)!;

    expect((await post(decline)).status).toBe(200);
    expect((await post(link)).status).toBe(410);
    expect((await api(`/v1/tickets/${id}`)).json.status).toBe('cancelled');
  });

  it('does nothing with a link to a quote that was revised since, and says why', async () => {
    const { id, link } = await changeAwaitingApproval();
    await api(`/v1/tickets/${id}/events`, { type: 'REVISE_QUOTE' });
    await api(`/v1/tickets/${id}/events`, { type: 'SUBMIT_QUOTE', lines: [{ ...quote.lines[0], unitCents: 99900 }] });
    const version = (await api(`/v1/tickets/${id}`)).json.version;

    const response = await post(link);

    expect(response.status).toBe(409);
    expect(await response.text()).toContain('herziene offerte');
    expect((await api(`/v1/tickets/${id}`)).json).toMatchObject({ version, stage: 'awaitingApproval.waiting' });
  });

  it('refuses tampered, truncated and expired links, leaving the ticket as it was', async () => {
    const { id, link } = await changeAwaitingApproval();
    const [base, tokenPart] = [link.slice(0, link.lastIndexOf('/') + 1), link.slice(link.lastIndexOf('/') + 1)];
    const [body, signature] = tokenPart.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, ticketId: 'CHG-2026-999999' })).toString('base64url')}.${signature}`;

    expect((await post(`${base}${forged}`)).status).toBe(403);
    expect((await post(`${base}${body}.${signature!.slice(0, 10)}`)).status).toBe(403);
    expect((await post(`${base}not-a-token`)).status).toBe(400);
    clock.advance(31 * 24 * 3600_000);
    const expired = await post(link);
    clock.advance(-31 * 24 * 3600_000);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Link verlopen');
    expect((await api(`/v1/tickets/${id}`)).json.stage).toBe('awaitingApproval.waiting');
  });
});

describe('completion links', () => {
  it('shows the change summary, confirms the change once, and closes the ticket', async () => {
    const { id, link } = await changeAwaitingApproval();
    await post(link);
    await api(`/v1/tickets/${id}/events`, { type: 'START_WORK' });
    await api(`/v1/tickets/${id}/events`, { type: 'RESOLVE', summary: 'Site tunnel configured and tested' });
    const confirm = await eventually(async () => {
      const page = await (await fetch(`${desk.url}/dev/mailbox`)).text();
      const file = new RegExp(`href="/dev/mailbox/([^"]+)"><bdi>\\[${id}\\] Gereed`).exec(page)?.[1];
      expect(file).toBeDefined();
      const mail = await (await fetch(`${desk.url}/dev/mailbox/${file}`)).text();
      return /href="(http[^"]+\/v1\/links\/[^"]+)"/.exec(mail)![1]!;
    });

    const html = await (await fetch(confirm)).text();
    expect(html).toContain('Site tunnel configured and tested');
    expect(html).toContain('Nee, heropen de melding');
    expect((await post(confirm)).status).toBe(200);
    expect((await api(`/v1/tickets/${id}`)).json.status).toBe('closed');
  });

  it('answers a link whose key id names an inherited property, or one far too long, with a page that says why, never a 500', async () => {
    const { id, link } = await changeAwaitingApproval();
    const [base, tokenPart] = link.split('/v1/links/') as [string, string];
    const [body, signature] = tokenPart.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const before = (await api(`/v1/tickets/${id}`)).json.version;

    for (const keyId of ['constructor', '__proto__', 'toString']) {
      const forged = `${base}/v1/links/${Buffer.from(JSON.stringify({ ...claims, keyId })).toString('base64url')}.${signature}`;
      expect((await fetch(forged)).status).toBe(403);
      expect((await post(forged)).status).toBe(403);
    }
    const huge = `${base}/v1/links/${'a'.repeat(5000)}.${'b'.repeat(43)}`;
    expect((await fetch(huge)).status).toBe(400);
    expect((await post(huge)).status).toBe(400);
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(before);
  });
});
