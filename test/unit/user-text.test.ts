// What people write, as the desk keeps and shows it: one-line fields lose control and bidi
// override characters; free text keeps its lines; pages isolate it so it cannot reorder the page.
import { buildQueue } from '../../functions/console/console-queue-view';
import { queuePage } from '../../functions/console/console-queue-page';
import { decisionPage } from '../../functions/links/link-views';
import { parseCreateTicket, parseTicketEvent } from '../../workflows/lifecycle/ticket-events';
import { multiLine, singleLine } from '../../workflows/intake/user-text';
import { ticketDriver } from '../support/ticket-driver';

const base = { kind: 'incident', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' };

describe('one-line fields', () => {
  it('keep no line break, so a subject or name can never add a mail header', () => {
    const parsed = parseCreateTicket(
      {
        ...base,
        subject: 'Printer\r\nBcc: all@acme.example.nl',
        requester: { email: 'jan@acme.example.nl', name: 'Jan\nX-Loop: x' },
      },
      ticketDriver().policy,
      'agent',
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { subject: 'Printer Bcc: all@acme.example.nl', requester: { name: 'Jan X-Loop: x' } },
    });
  });

  it('drop bidirectional overrides and isolates, so a U+202E cannot reverse what an agent reads', () => {
    const parsed = parseCreateTicket(
      { ...base, subject: 'invoice\u202Efdp.exe \u2066x\u2069' },
      ticketDriver().policy,
      'agent',
    );
    expect(parsed.ok && parsed.value.subject).toBe('invoice fdp.exe x');
  });

  it('refuse a field that is nothing but control characters as empty', () => {
    const parsed = parseCreateTicket({ ...base, subject: '\r\n\u202E\u0007' }, ticketDriver().policy, 'agent');
    expect(parsed).toMatchObject({ ok: false, issues: [{ field: 'subject' }] });
  });

  it('apply to event fields too: a technician, a vendor reference, a quote line', () => {
    const { policy } = ticketDriver();
    const visit = parseTicketEvent(
      { type: 'PLAN_VISIT', plannedFor: '2026-11-25T09:00:00+01:00', technician: 'Piet\r\nde Vries' },
      policy,
      'agent',
    );
    const reply = parseTicketEvent({ type: 'VENDOR_REPLIED', vendorRef: 'KPN\u202E-1' }, policy, 'agent');
    const quote = parseTicketEvent(
      { type: 'SUBMIT_QUOTE', lines: [{ kind: 'hardware', description: 'Router\u0000\n', quantity: 1, unitCents: 1 }] },
      policy,
      'agent',
    );
    expect(visit).toMatchObject({ ok: true, value: { technician: 'Piet de Vries' } });
    expect(reply).toMatchObject({ ok: true, value: { vendorRef: 'KPN -1' } });
    expect(quote).toMatchObject({ ok: true, value: { lines: [{ description: 'Router' }] } });
  });
});

describe('free text', () => {
  it('keeps its lines and tabs, with CRLF as LF, and loses other control characters', () => {
    expect(multiLine('Regel 1\r\nRegel 2\rRegel\t3\u0007\u001b[31m')).toBe('Regel 1\nRegel 2\nRegel\t3[31m');
    expect(singleLine('  a \t b \u0085 c  ')).toBe('a b c');
  });

  it('loses the bidi overrides and isolates, so a message cannot show txt.exe as exe.txt', () => {
    const { policy } = ticketDriver();
    const reply = parseTicketEvent({ type: 'REPLY', message: 'Open \u202Eexe.txt\u202C\u2028please' }, policy, 'agent');

    expect(reply).toMatchObject({ ok: true, value: { message: 'Open exe.txt\nplease' } });
  });
});

describe('pages isolate what people wrote', () => {
  const t = ticketDriver();
  const rtl = 'שלום \u202Ereversed';

  it("puts a customer link page's subject and quote lines in <bdi>", () => {
    const context = {
      ...t.context,
      subject: rtl,
      quote: {
        version: 1,
        lines: [{ kind: 'hardware' as const, description: rtl, quantity: 1, unitCents: 100 }],
        totalCents: 100,
        submittedAt: 0,
      },
    };
    const html = decisionPage('nl', 'approve_quote', context, { yes: 'https://x/y', no: 'https://x/n' }, t.policy);
    expect(html.match(/<bdi>שלום \u202Ereversed<\/bdi>/g)).toHaveLength(2);
  });

  it('puts each subject in the console queue in <bdi>', () => {
    const head = { ...t.head, subject: rtl };
    const groups = buildQueue(t.machine, [head], { customer: null, kind: null, priority: null }, t.policy, t.now);
    const html = queuePage({
      groups,
      filter: { customer: null, kind: null, priority: null },
      ignored: [],
      policy: t.policy,
      machine: t.machine,
      now: t.now,
      month: '2026-11',
      chrome: { csrf: 'c', agentId: 'a' },
    });
    expect(html).toContain(`<bdi>${rtl}</bdi>`);
  });
});
