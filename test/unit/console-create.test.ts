import { createFormFields, createFromForm } from '../../functions/console/console-create-form';
import { queuePage } from '../../functions/console/console-queue-page';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { createTicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { amsterdam } from '../support/ticket-driver';

const policy = defaultPolicy;
const machine = createTicketMachine(policy);
const form = (entries: Record<string, string>) => new URLSearchParams(entries);
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

describe('the register-a-call form', () => {
  it('has the create-ticket fields, the customers from the policy, and only kind, subject, requester email and channel required', () => {
    const fields = createFormFields(policy);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['channel', 'select', true],
      ['requester.email', 'email', true],
      ['requester.name', 'text', false],
      ['customerId', 'select', false],
      ['kind', 'select', true],
      ['priority', 'select', false],
      ['language', 'select', false],
      ['subject', 'text', true],
      ['description', 'textarea', false],
    ]);
    expect(fields.find((f) => f.name === 'customerId')!.options!.map((o) => o.value)).toEqual(['', 'acme', 'globex']);
    expect(fields.find((f) => f.name === 'priority')!.options!.map((o) => o.value)).toEqual([
      '',
      'P1',
      'P2',
      'P3',
      'P4',
    ]);
    expect(fields.find((f) => f.name === 'subject')!.maxLength).toBe(300);
  });

  it('reads back the create-ticket input: the requester nested, choices left empty omitted, line breaks normalised', () => {
    expect(createFromForm(form(call), policy)).toEqual({
      ok: true,
      input: {
        kind: 'incident',
        subject: 'Server room too hot',
        description: 'Air conditioning\nfailed at 08:40',
        requester: { email: 'jan@acme.example.nl', name: 'Jan de Vries' },
        customerId: 'acme',
        priority: 'P1',
        channel: 'phone',
        attachments: [],
      },
    });
    expect(
      createFromForm(
        form({ channel: 'agent', 'requester.email': 'x@globex.example.com', kind: 'change', subject: 'New VPN user' }),
        policy,
      ),
    ).toMatchObject({ ok: true, input: { channel: 'agent', requester: { email: 'x@globex.example.com' } } });
  });

  it('names every problem by the field the agent saw, in the order of the form, with the same checks as the API', () => {
    expect(
      createFromForm(
        form({
          ...call,
          subject: '   ',
          'requester.email': 'jan@acme',
          customerId: 'initech',
          priority: 'P9',
          channel: 'webhook',
        }),
        policy,
      ),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'channel', message: 'one of phone, agent' },
        { field: 'requester.email', message: expect.stringMatching(/email/i) },
        { field: 'priority', message: expect.any(String) },
        { field: 'subject', message: 'required' },
      ],
    });
    // The customer is checked against the policy after the schema, as parseCreateTicket does.
    expect(createFromForm(form({ ...call, customerId: 'initech' }), policy)).toEqual({
      ok: false,
      issues: [{ field: 'customerId', message: 'unknown customer' }],
    });
    expect(createFromForm(form({}), policy)).toEqual({
      ok: false,
      issues: ['channel', 'requester.email', 'kind', 'subject'].map((field) => ({ field, message: 'required' })),
    });
  });

  it("sits collapsed on the queue page, posting to /console/tickets with the session's CSRF token", () => {
    const html = queuePage({
      groups: [],
      filter: { customer: null, kind: null, priority: null },
      ignored: [],
      policy,
      machine,
      now: amsterdam('2026-11-24 09:00'),
      month: '2026-11',
      chrome: { csrf: 'c"srf', agentId: 'local-agent' },
    });
    const details = /<details class="register" id="register">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(details).toContain('<summary>Register a call');
    expect(details).toContain('<form method="post" action="/console/tickets"');
    expect(details).toContain('<input type="hidden" name="csrf" value="c&quot;srf"/>');
    expect(details).toContain('<label for="new-requester-email">');
    expect(html.indexOf('<details class="register"')).toBeLessThan(html.indexOf('aria-label="Filter the queue"'));
    expect(html).not.toMatch(/<script/i);
  });
});
