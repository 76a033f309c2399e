// The console's ticket page shows the ticket's history against DynamoDB Local: the requester's
// earlier tickets and the customer's other ones, each linked, with its state, when it was created
// (desk time) and how its SLA came out.
import { manualClock } from '../../functions/clock';
import { makeConsoleTicketHandler } from '../../functions/console/console-ticket.handler';
import type { Desk } from '../../functions/desk';
import { consoleEvent, invoke } from '../support/console-requests';
import { byAgent } from '../support/test-table';
import { signedInHandlerDesk } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;
let cookies: string[];

beforeAll(async () => {
  ({ desk, cookies } = await signedInHandlerDesk(clock));
});

async function register(email: string, subject: string) {
  clock.advance(60_000);
  const created = await desk.service.create(
    { kind: 'incident', subject, requester: { email }, channel: 'phone' },
    byAgent,
  );
  if (!created.ok) throw new Error('not created');
  return created.head.id;
}

const page = async (id: string) => {
  const response = await invoke(makeConsoleTicketHandler(desk), {
    ...consoleEvent('GET', `/console/tickets/${id}`, { cookies }),
    pathParameters: { id },
  });
  expect(response.statusCode).toBe(200);
  return response.body ?? '';
};

/** The rows of one history table: each cell's text. */
const rowsOf = (html: string, table: string) =>
  [
    ...(new RegExp(`<table data-history="${table}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '').matchAll(
      /<tr data-ticket="[^"]+">([\s\S]*?)<\/tr>/g,
    ),
  ].map((row) =>
    [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
      cell[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&amp;/g, '&')
        .trim(),
    ),
  );

describe('the ticket page’s history', () => {
  it('lists the requester’s earlier tickets and the customer’s other ones, each linked, newest first', async () => {
    const first = await register('jan@acme.example.nl', 'Printer <b>jams</b>');
    await desk.service.apply(first, { type: 'CANCEL', reason: 'Duplicate' }, byAgent);
    const colleague = await register('piet@acme.example.nl', 'VPN slow');
    await register('jan@globex.example.com', 'Portal down');
    const current = await register('jan@acme.example.nl', 'Printer jams again');

    const html = await page(current);

    expect(html).toContain('<h2 id="h-history-requester">Earlier tickets of this requester</h2>');
    expect(html).toContain('<h2 id="h-history-customer">Other tickets of Acme BV</h2>');
    expect(html).toContain(`<a href="/console/tickets/${first}">${first}</a>`);
    expect(rowsOf(html, 'h-history-requester')).toEqual([
      [
        first,
        'Printer <b>jams</b>',
        'Cancelled',
        'Tue 24 Nov 2026 09:01 CET',
        'response not counted · resolution not counted',
      ],
    ]);
    expect(rowsOf(html, 'h-history-customer')).toEqual([
      [colleague, 'VPN slow', 'Triage', 'Tue 24 Nov 2026 09:02 CET', 'response running · resolution running'],
      [
        first,
        'Printer <b>jams</b>',
        'Cancelled',
        'Tue 24 Nov 2026 09:01 CET',
        'response not counted · resolution not counted',
      ],
    ]);
    // The requester's own markup is text on the page, never markup.
    expect(html).not.toContain('Printer <b>jams</b>');
  });

  it('says so when the requester has no other tickets, and leaves out the customer list without a customer', async () => {
    const html = await page(await register('someone@unknown.example.org', 'Who am I'));
    expect(html).toMatch(/Earlier tickets of this requester<\/h2>\s*<p class="muted">None\.<\/p>/);
    expect(html).not.toContain('Other tickets of');
  });
});
