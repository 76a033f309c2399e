import {
  eventForm,
  eventFromForm,
  fieldLabel,
  type FormField,
  type FormRows,
} from '../../functions/console/console-event-forms';
import { buildQueue, groupOf, parseQueueFilter } from '../../functions/console/console-queue-view';
import { ticketPage } from '../../functions/console/console-ticket-page';
import type { StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { ticketEventTypes } from '../../workflows/lifecycle/ticket-events';
import { queueOf } from '../support/console-views';
import { amsterdam, ticketDriver } from '../support/ticket-driver';

const form = (entries: Record<string, string>) => new URLSearchParams(entries);

describe('event forms from the event schemas', () => {
  const driver = ticketDriver();
  const { policy } = driver;

  it('exist for every event an agent sends, and never for the channel events', () => {
    const withoutForm = ticketEventTypes.filter((type) => eventForm(type, driver.head, policy) === null);
    expect(withoutForm.sort()).toEqual(['ALERT_RESOLVED', 'CHANGE_CONFIRMED_IN_WRITING', 'COMMENT', 'MAIL_RECORDED']);
  });

  it('classify: choices from the schema and the policy, prefilled from the ticket', () => {
    const classify = eventForm('CLASSIFY', driver.head, policy)!;
    const field = (name: string) => classify.fields.find((f) => f.name === name) as FormField;
    expect(classify.fields.map((f) => [f.name, (f as FormField).kind, (f as FormField).required])).toEqual([
      ['kind', 'select', true],
      ['priority', 'select', true],
      ['category', 'text', true],
      ['customerId', 'select', false],
      ['catalogItemId', 'select', false],
      ['inScope', 'boolean', true],
      ['scopeNote', 'textarea', false],
    ]);
    expect(field('priority').options!.map((o) => o.value)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(field('customerId').options!.map((o) => o.value)).toEqual(['', 'acme', 'globex']);
    expect(field('catalogItemId').options).toContainEqual({
      value: 'mailbox-create',
      label: 'Create mailbox (standard, no labour charge)',
    });
    expect(classify.values).toMatchObject({ kind: 'incident', priority: 'P3', customerId: 'acme' });
  });

  it('forward to a vendor: the vendor is a choice from the registry', () => {
    const forward = eventForm('FORWARD_TO_VENDOR', driver.head, policy)!;
    expect((forward.fields[0] as FormField).options!.map((o) => o.value)).toEqual(policy.vendors.map((v) => v.id));
  });

  it('a quote: lines as rows, amounts in euro, read back as exact cents, empty rows skipped', () => {
    const quote = eventForm('SUBMIT_QUOTE', driver.head, policy)!;
    const lines = quote.fields[0] as FormRows;
    expect([lines.kind, lines.minRows, lines.rows, lines.fields.map((f) => `${f.name}:${f.kind}`)]).toEqual([
      'rows',
      1,
      3,
      ['kind:select', 'description:text', 'quantity:number', 'unitCents:euro'],
    ]);
    const checked = eventFromForm(
      'SUBMIT_QUOTE',
      form({
        'lines.0.kind': 'hardware',
        'lines.0.description': 'VPN appliance',
        'lines.0.quantity': '1',
        'lines.0.unitCents': '899.00',
        'lines.2.kind': 'labour',
        'lines.2.description': 'Configuration',
        'lines.2.quantity': '2,5',
        'lines.2.unitCents': '85,5',
        'lines.1.kind': '',
        'lines.1.description': ' ',
      }),
      driver.head,
      policy,
    );
    expect(checked).toEqual({
      ok: true,
      event: {
        type: 'SUBMIT_QUOTE',
        lines: [
          { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 },
          { kind: 'labour', description: 'Configuration', quantity: 2.5, unitCents: 8550 },
        ],
      },
    });
    expect(
      eventFromForm(
        'SUBMIT_QUOTE',
        form({
          'lines.0.unitCents': '0.10',
          'lines.0.kind': 'licence',
          'lines.0.description': 'x',
          'lines.0.quantity': '3',
        }),
        driver.head,
        policy,
      ),
    ).toMatchObject({ ok: true, event: { lines: [{ unitCents: 10 }] } });
  });

  it('name each problem by the field the agent saw, the row included, and refuse a quote without lines', () => {
    const checked = eventFromForm(
      'SUBMIT_QUOTE',
      form({
        'lines.3.kind': 'hardware',
        'lines.3.description': 'Switch',
        'lines.3.quantity': '-1',
        'lines.3.unitCents': '12.345',
      }),
      driver.head,
      policy,
    );
    expect(checked).toEqual({
      ok: false,
      issues: [
        { field: 'lines.3.unitCents', message: 'an amount in euro, e.g. 12.50' },
        { field: 'lines.3.quantity', message: expect.stringContaining('>0') },
      ],
    });
    expect(eventFromForm('SUBMIT_QUOTE', form({}), driver.head, policy)).toEqual({
      ok: false,
      issues: [{ field: 'lines', message: expect.stringContaining('>=1') }],
    });
    expect(fieldLabel(eventForm('SUBMIT_QUOTE', driver.head, policy), 'lines.3.unitCents')).toBe(
      'Quote lines, row 4: Unit price (€, excl. VAT)',
    );
  });

  it("a visit: the date and time in the desk's zone, hours in quarter hours, materials optional", () => {
    expect(
      eventFromForm('PLAN_VISIT', form({ plannedFor: '2026-11-25T10:00', technician: 'Piet' }), driver.head, policy),
    ).toEqual({ ok: true, event: { type: 'PLAN_VISIT', plannedFor: '2026-11-25T10:00:00+01:00', technician: 'Piet' } });
    expect(eventFromForm('PLAN_VISIT', form({ plannedFor: 'tomorrow', technician: '' }), driver.head, policy)).toEqual({
      ok: false,
      issues: [
        { field: 'plannedFor', message: 'a date and time, e.g. 2026-11-25T10:00' },
        { field: 'technician', message: 'required' },
      ],
    });
    expect(eventFromForm('RECORD_VISIT', form({ hours: '1.75' }), driver.head, policy)).toEqual({
      ok: true,
      event: { type: 'RECORD_VISIT', hours: 1.75 },
    });
    expect(eventFromForm('RECORD_VISIT', form({ hours: '1.3' }), driver.head, policy)).toEqual({
      ok: false,
      issues: [{ field: 'hours', message: 'hours are recorded in quarter hours' }],
    });
  });

  it('a reply: the copies (Cc) as one field of addresses, one a line or comma-separated, read back as a list', () => {
    const reply = eventForm('REPLY', driver.head, policy)!;
    expect(reply.fields.map((f) => [f.name, (f as FormField).kind, (f as FormField).required])).toEqual([
      ['message', 'textarea', true],
      ['cc', 'emails', false],
    ]);
    expect(
      eventFromForm(
        'REPLY',
        form({ message: 'We are on it.', cc: 'piet@acme.example.nl, kees@acme.example.nl\r\nanna@acme.example.nl' }),
        driver.head,
        policy,
      ),
    ).toEqual({
      ok: true,
      event: {
        type: 'REPLY',
        message: 'We are on it.',
        cc: ['piet@acme.example.nl', 'kees@acme.example.nl', 'anna@acme.example.nl'],
      },
    });
    expect(eventFromForm('REPLY', form({ message: 'Hi', cc: ' ' }), driver.head, policy)).toEqual({
      ok: true,
      event: { type: 'REPLY', message: 'Hi' },
    });
  });

  it('a reply: copies pasted from a mail client as "Name <address>" are read as their addresses', () => {
    const checked = eventFromForm(
      'REPLY',
      form({ message: 'Hi', cc: 'Piet <piet@acme.example.nl>; "Vries, Anna de" <anna@acme.example.nl>' }),
      driver.head,
      policy,
    );

    expect(checked).toMatchObject({ ok: true, event: { cc: ['piet@acme.example.nl', 'anna@acme.example.nl'] } });
  });

  it('a reply: a malformed copy address is an error on the Cc field, naming the address', () => {
    const checked = eventFromForm(
      'REPLY',
      form({ message: 'Hi', cc: 'piet@acme.example.nl; kees@acme' }),
      driver.head,
      policy,
    );
    expect(checked).toEqual({ ok: false, issues: [{ field: 'cc', message: 'not an e-mail address: kees@acme' }] });
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@acme.example.nl`).join('\n');
    expect(eventFromForm('REPLY', form({ message: 'Hi', cc: eleven }), driver.head, policy)).toEqual({
      ok: false,
      issues: [{ field: 'cc', message: expect.stringContaining('<=10') }],
    });
    expect(fieldLabel(eventForm('REPLY', driver.head, policy), 'cc')).toBe('Copy to (Cc)');
  });

  it('classify: yes/no for in scope; unknown choices are refused by the same checks as the API', () => {
    expect(
      eventFromForm(
        'CLASSIFY',
        form({
          kind: 'incident',
          priority: 'P2',
          category: 'network',
          inScope: 'yes',
          customerId: '',
          catalogItemId: '',
        }),
        driver.head,
        policy,
      ),
    ).toEqual({
      ok: true,
      event: { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true },
    });
    expect(
      eventFromForm(
        'CLASSIFY',
        form({ kind: 'incident', priority: 'P9', category: 'x', inScope: 'maybe', customerId: 'initech' }),
        driver.head,
        policy,
      ),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'inScope', message: 'choose yes or no' },
        { field: 'priority', message: expect.any(String) },
      ],
    });
    expect(
      eventFromForm('COMMENT', form({ channel: 'email', from: 'x@y.z', text: 'hi' }), driver.head, policy),
    ).toEqual({ ok: false, issues: [{ field: 'type', message: 'COMMENT is not sent from the console' }] });
  });
});

describe('the console queue', () => {
  it('puts every open lifecycle status in the group its state names in the chart, and a status without one in hand', () => {
    const { machine } = ticketDriver();
    for (const { status, final, queue } of lifecycleStatuses(machine))
      expect({ status, grouped: queue !== null }).toEqual({ status, grouped: !final });
    expect(groupOf(machine, 'awaitingCustomer')).toBe('waiting-on-customer');
    expect(groupOf(machine, 'somethingNew')).toBe('in-hand');
  });

  it('sorts by SLA urgency: breached first, then the soonest due, then paused', () => {
    const at = amsterdam('2026-11-24 09:00');
    const breached = ticketDriver({ priority: 'P1', at });
    breached.passTime(amsterdam('2026-11-24 09:45'));
    const soon = ticketDriver({ priority: 'P2', at });
    const later = ticketDriver({ priority: 'P4', at });
    const paused = ticketDriver({ priority: 'P1', at });
    paused.send('CLASSIFY', { kind: 'incident', priority: 'P1', category: 'x', inScope: true });
    paused.send('REQUEST_INFO', { question: 'Which printer?' });
    const now = amsterdam('2026-11-24 09:45');
    const heads = [later, paused, soon, breached].map((d, i) => ({ ...d.head, id: `INC-${i}` }));
    const groups = buildQueue(
      breached.machine,
      heads,
      { customer: null, kind: null, priority: null },
      breached.policy,
      now,
    );
    const byGroup = Object.fromEntries(groups.map((g) => [g.id, g.rows.map((r) => [r.head.id, r.sla.mark])]));
    expect(byGroup.new).toEqual([
      ['INC-3', 'breached'],
      ['INC-2', 'at-risk'],
      ['INC-0', null],
    ]);
    expect(byGroup['waiting-on-customer']).toEqual([['INC-1', null]]);
    const filtered = buildQueue(
      breached.machine,
      heads,
      parseQueueFilter({ priority: 'P4', kind: 'incident', customer: 'nobody' }, breached.policy).filter,
      breached.policy,
      now,
    );
    expect(filtered.flatMap((g) => g.rows.map((r) => r.head.id))).toEqual(['INC-0']);
    expect(parseQueueFilter({ customer: 'nobody', kind: 'incident' }, breached.policy)).toEqual({
      filter: { customer: null, kind: 'incident', priority: null },
      ignored: ['customer'],
    });
  });
});

describe('the ticket page', () => {
  it('escapes everything a customer or agent typed, and offers a form per allowed event', () => {
    const driver = ticketDriver();
    driver.send('ADD_NOTE', { text: '<script>alert(1)</script>' });
    const head = { ...driver.head, subject: '"><img src=x onerror=alert(1)>' };
    const html = ticketPage({
      head,
      events: driver.log,
      outbox: driver.outbox.map((m) => ({ ...m, ticketId: head.id })),
      suppressions: new Map(),
      allowed: ['ADD_NOTE', 'CLASSIFY', 'COMMENT'],
      machine: driver.machine,
      policy: driver.policy,
      now: driver.now,
      chrome: { csrf: 'c"srf', agentId: 'local-agent' },
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('value="c&quot;srf"');
    expect(html.match(/<form method="post" action="\/console\/tickets\/INC-2026-000001\/events"/g)).toHaveLength(2);
    expect(html).not.toContain('id="form-COMMENT"');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('mail that failed, in the console', () => {
  const driver = ticketDriver();
  const head = driver.head;
  const [ack] = driver.outbox.map((m) => ({ ...m, ticketId: head.id }));
  const failed: StoredOutboxMessage = {
    ...ack!,
    status: 'failed',
    failure: 'permanent',
    failedAt: driver.now,
    attempts: 1,
    lastError: '550 <jan@acme.example.nl> "no such user"<script>',
  };
  const page = (outbox: StoredOutboxMessage[], suppressions = new Map<string, { status: string; at: number }>()) =>
    ticketPage({
      head,
      events: driver.log,
      outbox,
      suppressions,
      allowed: [],
      machine: driver.machine,
      policy: driver.policy,
      now: driver.now,
      chrome: { csrf: 'c"srf', agentId: 'local-agent' },
    });

  it('heads the ticket page with the failure and its reason, escaped, and a resend form carrying the CSRF token', () => {
    const html = page([failed]);
    const section = html.slice(
      html.indexOf('<section class="mail-failures"'),
      html.indexOf('</section>', html.indexOf('<section class="mail-failures"')),
    );
    expect(section).toContain('MAIL FAILED</span> Mail not delivered');
    expect(section).toContain(
      'refused for good by the mail relay: 550 &lt;jan@acme.example.nl> &quot;no such user&quot;&lt;script>',
    );
    expect(section).toContain(
      `<form method="post" action="/console/tickets/${head.id}/outbox/1/1/resend" id="resend-1-1"`,
    );
    expect(section).toContain('<input type="hidden" name="csrf" value="c&quot;srf"/>');
    expect(section).not.toContain('clearSuppression');
    expect(html.indexOf('<section class="mail-failures"')).toBeLessThan(html.indexOf('id="h-actions"'));
    expect(html).not.toMatch(/<script/i);
    // The timeline marks the same mail, linking to its resend.
    expect(html).toMatch(/data-mail-status="failed" data-mail="1-1"[^>]*>.*FAILED .*<a href="#mail-1-1">Resend<\/a>/);
  });

  it('says the address bounced permanently and asks the agent to clear the suppression with the resend', () => {
    const suppressed: StoredOutboxMessage = {
      ...failed,
      failure: 'suppressed',
      lastError: 'not sent: jan@acme.example.nl bounced permanently (5.1.1)',
    };
    const html = page(
      [suppressed],
      new Map([[suppressed.address, { status: '5.1.1', at: amsterdam('2026-11-23 14:00') }]]),
    );
    expect(html).toContain(
      'jan@acme.example.nl bounced permanently (5.1.1) on Mon 23 Nov 2026 14:00 CET: the desk sends it nothing until that is cleared.',
    );
    expect(html).toContain(
      '<input type="checkbox" name="clearSuppression" value="yes" required/> Clear the suppression of jan@acme.example.nl and resend',
    );
  });

  it('shows nothing of the kind when every mail went out, and a resent mail with who resent it', () => {
    const piet = { type: 'agent' as const, id: 'piet' };
    const resendHistory = [
      {
        at: driver.now,
        by: piet,
        failure: 'expired' as const,
        error: 'gave up',
        failedAt: driver.now,
        attempts: 40,
        clearedSuppression: null,
      },
    ];
    const resent: StoredOutboxMessage = {
      ...ack!,
      status: 'sent',
      sentAt: driver.now,
      resends: 1,
      resentAt: driver.now,
      resentBy: piet,
      resendHistory,
    };
    const html = page([resent]);
    expect(html).not.toContain('id="mail-failed"');
    expect(html).toContain('resent 1× (last by agent piet,');
    expect(html).toContain('by agent piet after: gave up');
  });

  it('marks a ticket with failed mail on the queue, in words, and names it above the groups', () => {
    const { rows, html } = queueOf(driver, [head], new Map([[head.id, 2]]));
    expect(rows.map((r) => [r.head.id, r.failedMails])).toEqual([[head.id, 2]]);
    expect(html).toContain(`data-ticket="${head.id}" data-mail-failed="2"`);
    expect(html).toMatch(
      new RegExp(
        `id="mail-failures">.*MAIL FAILED.*Mail was not delivered on 1 open ticket: <a href="/console/tickets/${head.id}#mail-failed">`,
      ),
    );
  });
});
