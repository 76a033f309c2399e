import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { manualClock } from '../../functions/clock';
import { makeConsoleCreateHandler } from '../../functions/console-create';
import { createFormFields, createFromForm } from '../../functions/console-create-form';
import { queuePage } from '../../functions/console-queue-page';
import { csrfTokenFor, issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console-session';
import type { Desk } from '../../functions/desk';
import { createTicketService } from '../../functions/ticket-service';
import type { TicketStore } from '../../functions/ticket-store';
import { defaultPolicy } from '../../workflows/default-policy';
import { parseLinkKeys } from '../../workflows/link-token';
import type { Commit } from '../../workflows/ticket-engine';
import { createTicketMachine } from '../../workflows/ticket-machine';
import { amsterdam } from '../support/ticket-driver';

const policy = defaultPolicy;
const machine = createTicketMachine(policy);
const form = (entries: Record<string, string>) => new URLSearchParams(entries);
const call = { channel: 'phone', 'requester.email': 'jan@acme.example.nl', 'requester.name': 'Jan de Vries', customerId: 'acme', kind: 'incident', priority: 'P1', language: '', subject: 'Server room too hot', description: 'Air conditioning\r\nfailed at 08:40' };

describe('the register-a-call form', () => {
  it('has the create-ticket fields, the customers from the policy, and only kind, subject, requester email and channel required', () => {
    const fields = createFormFields(policy);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['channel', 'select', true], ['requester.email', 'email', true], ['requester.name', 'text', false], ['customerId', 'select', false], ['kind', 'select', true],
      ['priority', 'select', false], ['language', 'select', false], ['subject', 'text', true], ['description', 'textarea', false],
    ]);
    expect(fields.find((f) => f.name === 'customerId')!.options!.map((o) => o.value)).toEqual(['', 'acme', 'globex']);
    expect(fields.find((f) => f.name === 'priority')!.options!.map((o) => o.value)).toEqual(['', 'P1', 'P2', 'P3', 'P4']);
    expect(fields.find((f) => f.name === 'subject')!.maxLength).toBe(300);
  });

  it('reads back the create-ticket input: the requester nested, choices left empty omitted, line breaks normalised', () => {
    expect(createFromForm(form(call), policy)).toEqual({
      ok: true,
      input: { kind: 'incident', subject: 'Server room too hot', description: 'Air conditioning\nfailed at 08:40', requester: { email: 'jan@acme.example.nl', name: 'Jan de Vries' }, customerId: 'acme', priority: 'P1', channel: 'phone', attachments: [] },
    });
    expect(createFromForm(form({ channel: 'agent', 'requester.email': 'x@globex.example.com', kind: 'change', subject: 'New VPN user' }), policy)).toMatchObject({ ok: true, input: { channel: 'agent', requester: { email: 'x@globex.example.com' } } });
  });

  it('names every problem by the field the agent saw, in the order of the form, with the same checks as the API', () => {
    expect(createFromForm(form({ ...call, subject: '   ', 'requester.email': 'jan@acme', customerId: 'initech', priority: 'P9', channel: 'webhook' }), policy)).toEqual({
      ok: false,
      issues: [
        { field: 'channel', message: 'one of phone, agent' },
        { field: 'requester.email', message: expect.stringMatching(/email/i) },
        { field: 'priority', message: expect.any(String) },
        { field: 'subject', message: 'required' },
      ],
    });
    // The customer is checked against the policy after the schema, as parseCreateTicket does.
    expect(createFromForm(form({ ...call, customerId: 'initech' }), policy)).toEqual({ ok: false, issues: [{ field: 'customerId', message: 'unknown customer' }] });
    expect(createFromForm(form({}), policy)).toEqual({ ok: false, issues: ['channel', 'requester.email', 'kind', 'subject'].map((field) => ({ field, message: 'required' })) });
  });

  it('sits collapsed on the queue page, posting to /console/tickets with the session\'s CSRF token', () => {
    const html = queuePage({ groups: [], filter: { customer: null, kind: null, priority: null }, ignored: [], policy, machine, now: amsterdam('2026-11-24 09:00'), month: '2026-11', chrome: { csrf: 'c"srf', agentId: 'local-agent' } });
    const details = /<details class="register" id="register">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(details).toContain('<summary>Register a call');
    expect(details).toContain('<form method="post" action="/console/tickets"');
    expect(details).toContain('<input type="hidden" name="csrf" value="c&quot;srf">');
    expect(details).toContain('<label for="new-requester-email">');
    expect(html.indexOf('<details class="register"')).toBeLessThan(html.indexOf('aria-label="Filter the queue"'));
    expect(html).not.toMatch(/<script/i);
  });
});

describe('POST /console/tickets', () => {
  const linkKeys = parseLinkKeys('k1:first-secret-0123456789');
  const keys = sessionKeysFrom({ agentToken: 'agent-token-1', linkKeys })!;
  const { token, session } = issueSession(keys, 'agent-anna', 'token', Date.now());
  const csrf = csrfTokenFor(keys, session);
  let commits: Commit[];
  let numbers: string[];
  const store = {
    nextNumber: async (counter: string) => {
      numbers.push(counter);
      return numbers.length;
    },
    commit: async (commit: Commit) => {
      commits.push(commit);
    },
  } as unknown as TicketStore;
  const service = createTicketService({ store, machine, policy, clock: manualClock(amsterdam('2026-11-24 09:00')) });
  const desk = { agentToken: 'agent-token-1', links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 1 }, ready: async () => {}, timeoutEarlyInMillis: 0, policy, machine, service } as unknown as Desk;
  const handler = makeConsoleCreateHandler(desk);
  beforeEach(() => {
    commits = [];
    numbers = [];
  });

  const post = (body: Record<string, string>, cookies: string[] = [`${SESSION_COOKIE}=${token}`]) =>
    handler(
      {
        version: '2.0', routeKey: 'POST /console/tickets', rawPath: '/console/tickets', rawQueryString: '', cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(), isBase64Encoded: false,
        requestContext: { accountId: 'test', apiId: 'test', domainName: 'localhost', domainPrefix: 'localhost', requestId: 'r', routeKey: 'POST /console/tickets', stage: '$default', time: '', timeEpoch: 0, http: { method: 'POST', path: '/console/tickets', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' } },
      } as APIGatewayProxyEventV2,
      {} as Context,
    ) as Promise<APIGatewayProxyStructuredResultV2>;

  it.each([
    ['no CSRF token', call, undefined, 'The form carried no CSRF token'],
    ['a CSRF token of another session', { ...call, csrf: csrfTokenFor(keys, issueSession(keys, 'agent-anna', 'token', Date.now()).session) }, undefined, 'does not belong to your session'],
    ['no session', { ...call, csrf }, [], 'You are not signed in'],
  ])('creates nothing for a POST with %s (403, with the reason)', async (_, body, cookies, why) => {
    const response = await post(body, cookies);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(why);
    expect(response.body).toContain('Nothing was changed.');
    // Not even a ticket number was drawn.
    expect([commits, numbers]).toEqual([[], []]);
  });

  it('registers the call through the engine, the signed-in agent as actor, and sends the browser to the new ticket', async () => {
    const response = await post({ ...call, csrf });
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe('/console/tickets/INC-2026-000001?registered=1#flash');
    expect(commits).toHaveLength(1);
    expect(commits[0]!.event).toMatchObject({ type: 'CREATED', actor: { type: 'agent', id: 'agent-anna' }, event: { channel: 'phone', subject: 'Server room too hot', requester: { email: 'jan@acme.example.nl', name: 'Jan de Vries' }, customerId: 'acme' } });
    expect(commits[0]!.head).toMatchObject({ id: 'INC-2026-000001', status: 'triage', priority: 'P1', customerId: 'acme' });
  });

  it('shows the form again with the field errors and what was typed (400), and creates nothing', async () => {
    const response = await post({ ...call, subject: ' ', 'requester.email': 'jan@acme', description: '<b>hot</b>', csrf });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The call was not registered: Requester&#39;s email: Invalid email address; Subject: required. Nothing was created.');
    expect(response.body).toMatch(/<input id="new-requester-email" name="requester.email" type="email"[^>]* value="jan@acme" required aria-invalid="true" aria-describedby="new-requester-email-error">/);
    expect(response.body).toContain('<span class="field-error" id="new-subject-error">required</span>');
    expect(response.body).toContain('<option value="P1" selected>');
    expect(response.body).toContain('&lt;b&gt;hot&lt;/b&gt;</textarea>');
    expect(response.body).toContain(`name="csrf" value="${csrf}"`);
    expect([commits, numbers]).toEqual([[], []]);
  });
});
