// POST /console/tickets against DynamoDB Local: the agent's session is an item in the table, and
// the ticket is opened through the engine on the same table.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../../functions/clock';
import { makeConsoleCreateHandler } from '../../functions/console/console-create.handler';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { csrfTokenFor, issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import { createDesk, type Desk } from '../../functions/desk';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { consoleEvent, invoke } from '../support/console-requests';
import { createTestTable } from '../support/test-table';
import { amsterdam } from '../support/ticket-driver';

const call = {
  channel: 'phone',
  'requester.email': 'jan@acme.example.nl',
  'requester.name': 'Jan de Vries',
  customerId: 'acme',
  kind: 'incident',
  priority: 'P1',
  language: '',
  subject: 'Server room too hot',
  description: 'Air conditioning\r\nfailed at 08:40',
};
const linkKeys = parseLinkKeys('k1:first-secret-0123456789');
const keys = sessionKeysFrom({ agentToken: 'agent-token-1', linkKeys })!;
const { token, session } = issueSession(keys, 'agent-anna', 'token', Date.now());
const csrf = csrfTokenFor(keys, session);

let table: Awaited<ReturnType<typeof createTestTable>>;
let desk: Desk;
let handler: ReturnType<typeof makeConsoleCreateHandler>;

beforeEach(async () => {
  table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy: defaultPolicy,
    clock: manualClock(amsterdam('2026-11-24 09:00')),
    agentToken: 'agent-token-1',
    links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 },
  });
  await createConsoleSessionStore(table.client, table.tableName).create(session);
  handler = makeConsoleCreateHandler(desk);
});

const post = (form: Record<string, string>, cookies: string[] = [`${SESSION_COOKIE}=${token}`]) =>
  invoke(handler, consoleEvent('POST', '/console/tickets', { cookies, form }));
/** Tickets and ticket numbers in the table: none unless a ticket was opened. */
const ticketItems = async () =>
  ((await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? []).filter((item) =>
    /^(TICKET|COUNTER)#/.test(String(item.pk)),
  );

describe('POST /console/tickets', () => {
  it.each([
    ['no CSRF token', call, undefined, 'The form carried no CSRF token'],
    [
      'a CSRF token of another session',
      { ...call, csrf: csrfTokenFor(keys, issueSession(keys, 'agent-anna', 'token', Date.now()).session) },
      undefined,
      'does not belong to your session',
    ],
    ['no session', { ...call, csrf }, [], 'You are not signed in'],
  ])('creates nothing for a POST with %s (403, with the reason)', async (_, body, cookies, why) => {
    const response = await post(body, cookies);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(why);
    expect(response.body).toContain('Nothing was changed.');
    // Not even a ticket number was drawn.
    expect(await ticketItems()).toEqual([]);
  });

  it('registers the call through the engine, the signed-in agent as actor, and sends the browser to the new ticket', async () => {
    const response = await post({ ...call, csrf });
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe('/console/tickets/INC-2026-000001?registered=1#flash');
    expect(await desk.store.getHead('INC-2026-000001')).toMatchObject({
      id: 'INC-2026-000001',
      status: 'triage',
      priority: 'P1',
      customerId: 'acme',
    });
    const [created] = await desk.store.listEvents('INC-2026-000001');
    expect(created).toMatchObject({
      type: 'CREATED',
      actor: { type: 'agent', id: 'agent-anna' },
      event: {
        channel: 'phone',
        subject: 'Server room too hot',
        requester: { email: 'jan@acme.example.nl', name: 'Jan de Vries' },
        customerId: 'acme',
      },
    });
  });

  it('shows the form again with the field errors and what was typed (400), and creates nothing', async () => {
    const response = await post({
      ...call,
      subject: ' ',
      'requester.email': 'jan@acme',
      description: '<b>hot</b>',
      csrf,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      "The call was not registered: Requester's email: Invalid email address; Subject: required. Nothing was created.",
    );
    expect(response.body).toMatch(
      /<input id="new-requester-email" name="requester.email" type="email"[^>]* value="jan@acme" required aria-invalid="true" aria-describedby="new-requester-email-error"\/?>/,
    );
    expect(response.body).toContain('<span class="field-error" id="new-subject-error">required</span>');
    expect(response.body).toContain('<option value="P1" selected>');
    expect(response.body).toContain('&lt;b>hot&lt;/b></textarea>');
    expect(response.body).toContain(`name="csrf" value="${csrf}"`);
    expect(await ticketItems()).toEqual([]);
  });
});
