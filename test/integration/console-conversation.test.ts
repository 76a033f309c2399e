// The console shows the conversation, against DynamoDB Local and a raw-mail folder: the ticket
// page's timeline, the original of an event that came from a mail (and a clear 404 when there is
// none), the queue's "new reply" marker from a customer's mail until an agent replies, and the
// reply form's copies.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../functions/clock';
import { makeConsoleActionHandler } from '../../functions/console/console-action.handler';
import { makeConsoleMailOriginalHandler } from '../../functions/console/console-mail-original.handler';
import { makeConsoleQueueHandler } from '../../functions/console/console-queue.handler';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { csrfTokenFor, issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import { makeConsoleTicketHandler } from '../../functions/console/console-ticket.handler';
import { createDesk, type Desk } from '../../functions/desk';
import { emailIntakeOf } from '../../functions/intake/intake-email';
import { createLocalFolderStore } from '../../functions/store/blob-store';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { consoleEvent, invoke } from '../support/console-requests';
import { commentFromMail } from '../support/mail-born';
import { createTestTable } from '../support/test-table';
import { amsterdam } from '../support/ticket-driver';

const linkKeys = parseLinkKeys('k1:first-secret-0123456789');
const keys = sessionKeysFrom({ agentToken: 'agent-token-1', linkKeys })!;
const { token, session } = issueSession(keys, 'agent-anna', 'token', Date.now());
const csrf = csrfTokenFor(keys, session);
const cookies = [`${SESSION_COOKIE}=${token}`];
const jan = { email: 'jan@acme.example.nl', name: 'Jan de Vries' };

let desk: Desk;
const clock = manualClock(amsterdam('2026-11-24 09:00'));

beforeAll(async () => {
  const table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy: defaultPolicy,
    clock,
    agentToken: 'agent-token-1',
    links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 },
    blobStore: createLocalFolderStore(mkdtempSync(join(tmpdir(), 'console-conversation-'))),
  });
  await createConsoleSessionStore(table.client, table.tableName).create(session);
});

/** A signed-in GET of a console page: its status, headers and HTML. */
const get = async (handler: ReturnType<typeof makeConsoleTicketHandler>, path: string, pathParameters = {}) => {
  const response = await invoke(handler, { ...consoleEvent('GET', path, { cookies }), pathParameters });
  return { statusCode: response.statusCode, headers: response.headers, body: response.body ?? '' };
};

/** Text as a reader sees it: markup, the style sheet and the diagram's drawing aside. */
const textOf = (html: string) =>
  html
    .replace(/<(style|svg)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** A customer's answer as their mail client sends it: a Cc, an HTML-looking line, the quoted question, a file. */
const answerMail = (ticketId: string) =>
  Buffer.from(
    [
      'From: Jan de Vries <jan@acme.example.nl>',
      'To: Servicedesk <servicedesk@desk.example.com>',
      'Cc: Piet Bakker <piet@acme.example.nl>',
      `Subject: RE: [${ticketId}] VPN drops every hour`,
      'Date: Tue, 24 Nov 2026 10:15:00 +0100',
      'Message-ID: <answer-vpn-1@acme.example.nl>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'It happens on <b>every</b> laptop.',
      '',
      '-----Original Message-----',
      'From: Servicedesk',
      'Which laptops?',
      '',
      '--b1',
      'Content-Type: text/plain; name="vpn.log"',
      'Content-Disposition: attachment; filename="vpn.log"',
      '',
      'line 1',
      'line 2',
      '--b1--',
      '',
    ].join('\r\n'),
  );

async function ticketWithMailAnswer() {
  const created = await desk.service.create(
    { kind: 'incident', subject: 'VPN drops every hour', requester: jan, customerId: 'acme', channel: 'phone' },
    { actor: { type: 'agent', id: 'agent-anna' }, channel: 'agent' },
  );
  if (!created.ok) throw new Error('not created');
  const id = created.head.id;
  const applied = await commentFromMail(desk, id, answerMail(id), {
    from: jan.email,
    text: 'It happens on <b>every</b> laptop.',
    messageId: '<answer-vpn-1@acme.example.nl>',
    cc: ['piet@acme.example.nl'],
  });
  expect(applied.ok).toBe(true);
  return id;
}

describe('the original of an event that came from a mail', () => {
  it('is linked from the timeline and shows its headers, its full text and its attachments, all as text', async () => {
    const id = await ticketWithMailAnswer();
    const ticket = await get(makeConsoleTicketHandler(desk), `/console/tickets/${id}`, { id });
    expect(ticket.statusCode).toBe(200);
    expect(ticket.body).toContain(`<a href="/console/tickets/${id}/events/2/original">Show original</a>`);

    const response = await get(makeConsoleMailOriginalHandler(desk), `/console/tickets/${id}/events/2/original`, {
      id,
      seq: '2',
    });
    expect(response.statusCode).toBe(200);
    const header = (name: string) =>
      textOf(new RegExp(`<dd data-fact="${name}">(.*?)</dd>`).exec(response.body)?.[1] ?? '').trim();
    expect(header('From')).toBe('Jan de Vries < jan@acme.example.nl >');
    expect(header('To')).toBe('Servicedesk < servicedesk@desk.example.com >');
    expect(header('Cc')).toBe('Piet Bakker < piet@acme.example.nl >');
    expect(header('Date')).toBe('Tue 24 Nov 2026 10:15 CET');
    expect(header('Subject')).toBe(`RE: [${id}] VPN drops every hour`);
    expect(header('Message-ID')).toBe('<answer-vpn-1@acme.example.nl>');
    // The whole text, quoted history included, and never as markup.
    expect(response.body).toContain('It happens on &lt;b>every&lt;/b> laptop.');
    expect(response.body).toContain('-----Original Message-----');
    expect(response.body).toContain('Which laptops?');
    expect(textOf(response.body)).toContain('vpn.log (text/plain, 14 B)');
    expect(response.body).not.toContain('<b>every');
    expect(response.body).toContain(`href="/console/tickets/${id}#event-2"`);
  });

  it('is a 404 page for an event that did not come from a mail, one the ticket does not have, or one whose mail is gone', async () => {
    const id = await ticketWithMailAnswer();
    const handler = makeConsoleMailOriginalHandler(desk);
    const original = (seq: string) => get(handler, `/console/tickets/${id}/events/${seq}/original`, { id, seq });

    const notFromMail = await original('1');
    expect(notFromMail.statusCode).toBe(404);
    expect(textOf(notFromMail.body)).toContain(
      `Event 1 of ${id} did not come from a mail, so there is no original to show.`,
    );
    const noSuchEvent = await original('99');
    expect(noSuchEvent.statusCode).toBe(404);
    expect(textOf(noSuchEvent.body)).toContain(`${id} has no event 99.`);

    const gone = await desk.service.apply(
      id,
      { type: 'COMMENT', from: jan.email, text: 'Again.', attachments: [] },
      {
        actor: { type: 'customer', id: jan.email },
        channel: 'email',
        mail: { messageId: '<gone@acme.example.nl>', rawKey: `raw/2026-11-24/${'0'.repeat(64)}.eml` },
      },
    );
    expect(gone.ok).toBe(true);
    const missing = await original('3');
    expect(missing.statusCode).toBe(404);
    expect(textOf(missing.body)).toContain(`The original message of event 3 of ${id} is not kept.`);
  });

  it('checks the path at the edge: a seq that is no number is a 400 page, a ticket that does not exist a 404', async () => {
    const handler = makeConsoleMailOriginalHandler(desk);
    for (const seq of ['x', '0', '-1', '12345678901', '1e3']) {
      const response = await get(handler, `/console/tickets/INC-2026-000001/events/${seq}/original`, {
        id: 'INC-2026-000001',
        seq,
      });
      expect({ seq, status: response.statusCode }).toEqual({ seq, status: 400 });
      expect(response.body).toContain("seq: not an event's sequence number (a positive whole number).");
    }
    const unknown = await get(handler, '/console/tickets/INC-2026-999999/events/1/original', {
      id: 'INC-2026-999999',
      seq: '1',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('There is no ticket INC-2026-999999.');
  });

  it('is for signed-in agents only: without a session the browser goes to sign-in', async () => {
    const response = await invoke(makeConsoleMailOriginalHandler(desk), {
      ...consoleEvent('GET', '/console/tickets/INC-2026-000001/events/2/original'),
      pathParameters: { id: 'INC-2026-000001', seq: '2' },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toMatch(/^\/console\/sign-in\?next=/);
  });
});

describe('a conversation in the console', () => {
  it("marks the ticket in the queue when the customer's mail comes in, and not after the agent replies; the timeline shows both", async () => {
    // The customer mails in: that opens the ticket, which is no new reply yet.
    const opened = await emailIntakeOf(desk).receive(
      Buffer.from(
        [
          'From: Jan de Vries <jan@acme.example.nl>',
          'To: servicedesk@desk.example.com',
          'Subject: Printer on the 2nd floor offline',
          'Message-ID: <printer-1@acme.example.nl>',
          '',
          'It shows E-302.',
          '',
        ].join('\r\n'),
      ),
      { recipients: ['servicedesk@desk.example.com'] },
    );
    if (opened.outcome !== 'created') throw new Error(`not created: ${JSON.stringify(opened)}`);
    const id = opened.ticketId;
    const queue = makeConsoleQueueHandler(desk);
    const row = async () => {
      const html = (await get(queue, '/console')).body;
      return new RegExp(`<tr[^>]*data-ticket="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    };
    expect(await row()).not.toContain('data-new-reply');

    clock.advance(10 * 60_000);
    const answered = await emailIntakeOf(desk).receive(
      Buffer.from(
        [
          'From: jan@acme.example.nl',
          'To: servicedesk@desk.example.com',
          `Subject: Re: [${id}] Printer on the 2nd floor offline`,
          'Message-ID: <printer-2@acme.example.nl>',
          'In-Reply-To: <printer-1@acme.example.nl>',
          '',
          'The serial number is CN-4521-XZ.',
          '',
        ].join('\r\n'),
      ),
      { recipients: ['servicedesk@desk.example.com'] },
    );
    expect(answered).toEqual({ outcome: 'updated', ticketId: id });
    expect(await row()).toContain('data-new-reply="true"');
    expect((await get(queue, '/console')).body).toContain(
      'NEW REPLY<span class="visually-hidden">: the customer or vendor wrote since the desk last acted</span>',
    );

    clock.advance(5 * 60_000);
    const action = makeConsoleActionHandler(desk);
    const post = (form: Record<string, string>) =>
      invoke(action, {
        ...consoleEvent('POST', `/console/tickets/${id}/events`, { cookies, form: { csrf, ...form } }),
        pathParameters: { id },
      });
    // A malformed copy address is the form's error, named; nothing is sent.
    const refused = await post({ type: 'REPLY', message: 'We are on it.', cc: 'piet@acme.example.nl, kees@' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'Reply to the customer was not applied: Copy to (Cc): not an e-mail address: kees@.',
    );
    expect(refused.body).toContain('<span class="field-error" id="REPLY-cc-error">not an e-mail address: kees@</span>');
    expect((await desk.store.getHead(id))!.version).toBe(2);

    const replied = await post({
      type: 'REPLY',
      message: 'We are on it.\nA technician calls you at 11:00.',
      cc: 'piet@acme.example.nl',
    });
    expect(replied.statusCode).toBe(303);
    expect(await row()).not.toContain('data-new-reply');

    const page = (await get(makeConsoleTicketHandler(desk), `/console/tickets/${id}`, { id })).body;
    const text = textOf(page);
    const order = [...page.matchAll(/<li id="event-(\d+)" data-event="([A-Z_]+)"/g)].map((m) => m[2]);
    expect(order).toEqual(['REPLY', 'COMMENT', 'CREATED']);
    expect(text).toContain('Agent agent-anna replied to the customer · Tue 24 Nov 2026 09:15 CET');
    expect(text).toContain('To Jan de Vries < jan@acme.example.nl > Cc piet@acme.example.nl');
    expect(page).toContain('<blockquote dir="auto">We are on it.\nA technician calls you at 11:00.</blockquote>');
    expect(page).toMatch(/<li data-mail-status="pending" data-mail="3-1" data-template="agentReply">/);
    expect(text).toContain('Customer Jan de Vries < jan@acme.example.nl > wrote by mail · Tue 24 Nov 2026 09:10 CET');
    expect(text).toContain('The serial number is CN-4521-XZ.');
    // Readable throughout: no epoch milliseconds anywhere on the page.
    expect(text.match(/\d{13}/g)).toBeNull();
  });
});
