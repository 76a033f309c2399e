import { ticketPage } from '../../functions/console/console-ticket-page';
import type { StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import { queueOf } from '../support/console-views';
import { agent, amsterdam, customer, ticketDriver, vendor } from '../support/ticket-driver';

type Driver = ReturnType<typeof ticketDriver>;

/** The ticket page as an agent sees it, every mail delivered a minute after it was written. */
const pageOf = (driver: Driver) =>
  ticketPage({
    head: driver.head,
    events: driver.log,
    outbox: driver.outbox.map((m): StoredOutboxMessage => ({
      ...m,
      ticketId: driver.head.id,
      status: 'sent',
      sentAt: m.createdAt + 60_000,
    })),
    suppressions: new Map(),
    allowed: [],
    machine: driver.machine,
    policy: driver.policy,
    now: driver.now,
    chrome: { csrf: 'csrf', agentId: 'local-agent' },
  });

/** Text as a reader sees it: blocks apart, inline tags gone, the few entities Preact writes turned back. */
const textOf = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(
      /<\/?(p|li|ul|ol|dl|dt|dd|table|caption|tr|th|td|figure|figcaption|blockquote|h\d|section|div|br)\b[^>]*>/g,
      ' ',
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The timeline's entries in page order: seq, type, class and text. */
function entriesOf(html: string) {
  const timeline = html.slice(html.indexOf('<ol class="timeline"'), html.indexOf('</ol></section>'));
  return [
    ...timeline.matchAll(
      /<li id="event-(\d+)" data-event="([^"]+)"[^>]*class="([^"]*)">([\s\S]*?)(?=<li id="event-|$)/g,
    ),
  ].map(([, seq, type, cls, body]) => ({
    seq: Number(seq),
    type: type!,
    class: cls!,
    html: body!,
    text: textOf(body!),
  }));
}

const mailOrigin = (rawKey: string | null) => ({
  actor: customer,
  channel: 'email' as const,
  mail: { messageId: '<answer-1@acme.example.nl>', rawKey, cc: ['piet@acme.example.nl'] },
});

/** An incident worked by mail: classified, a note, a reply, the customer writes, then a vendor. */
function conversation() {
  const driver = ticketDriver();
  driver.send('CLASSIFY', { kind: 'incident', priority: 'P2', category: 'network', inScope: true });
  driver.send('ADD_NOTE', { text: 'Jan sounded <b>annoyed</b>; call him before noon.' });
  driver.send('REPLY', { message: 'We are on it.\nStatus: https://status.example.com', cc: ['piet@acme.example.nl'] });
  driver.send(
    'COMMENT',
    { from: customer.id, text: 'Still down here.', attachments: [] },
    mailOrigin('raw/2026-11-24/answer.eml'),
  );
  driver.send('COMMENT', { from: customer.id, text: 'And the printer too.', attachments: [] }, mailOrigin(null));
  return driver;
}

describe('the ticket timeline as a conversation', () => {
  it('reads newest first, each entry saying who did what, through what, and when in desk time', () => {
    const driver = conversation();
    const entries = entriesOf(pageOf(driver));
    expect(entries.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(entries.map((e) => e.type)).toEqual(['COMMENT', 'COMMENT', 'REPLY', 'ADD_NOTE', 'CLASSIFY', 'CREATED']);
    const [, comment, reply, , classify, created] = entries;
    expect(reply!.text).toContain(`Agent ${agent.id} replied to the customer · Tue 24 Nov 2026 09:00 CET`);
    expect(comment!.text).toContain('Customer Jan <jan@acme.example.nl> wrote by mail · Tue 24 Nov 2026 09:00 CET');
    expect(classify!.text).toContain('classified the ticket · Tue 24 Nov 2026 09:00 CET · now Remote diagnosis');
    expect(created!.text).toContain('Customer Jan <jan@acme.example.nl> opened the ticket by mail');
  });

  it('quotes what people wrote, to whom, with each mail the event sent and its delivery status', () => {
    const reply = entriesOf(pageOf(conversation())).find((e) => e.type === 'REPLY')!;
    expect(reply.html).toContain(
      '<blockquote dir="auto">We are on it.\nStatus: <a href="https://status.example.com">https://status.example.com</a></blockquote>',
    );
    expect(reply.text).toContain('To Jan <jan@acme.example.nl> Cc piet@acme.example.nl');
    expect(reply.html).toMatch(/<li data-mail-status="sent" data-mail="4-1" data-template="agentReply">/);
    expect(reply.text).toContain(
      'Mail to the customer <jan@acme.example.nl> (cc piet@acme.example.nl): “Re: [INC-2026-000001] Mail server unreachable” — sent Tue 24 Nov 2026 09:01 CET',
    );
  });

  it('shows the start of a very long mail and the rest behind a disclosure, so one mail cannot bury the timeline', () => {
    const driver = ticketDriver();
    const long = Array.from({ length: 400 }, (_, i) => `Regel ${i} van het logbestand.`).join('\n');
    driver.send('COMMENT', { from: customer.id, text: long, attachments: [] }, mailOrigin(null));

    const comment = entriesOf(pageOf(driver)).find((e) => e.type === 'COMMENT')!;

    const [shown, rest] = comment.html.split('<details>');
    expect(shown).toContain('Regel 0 van het logbestand.');
    expect(shown).not.toContain('Regel 399');
    expect(rest).toMatch(/^<summary>Show all [\d,]+ characters<\/summary>/);
    expect(rest).toContain('Regel 399 van het logbestand.');
  });

  it('sets an internal note apart, labelled, so nobody takes it for what the customer saw', () => {
    const note = entriesOf(pageOf(conversation())).find((e) => e.type === 'ADD_NOTE')!;
    expect(note.class).toBe('internal');
    expect(note.text).toContain('INTERNAL NOTE');
    expect(note.text).toContain('Not sent to the customer: only agents see this note.');
    // What the agent typed stays text.
    expect(note.html).toContain('Jan sounded &lt;b>annoyed&lt;/b>; call him before noon.');
    expect(note.html).not.toContain('data-mail=');
    const others = entriesOf(pageOf(conversation())).filter((e) => e.type !== 'ADD_NOTE');
    expect(others.filter((e) => e.class === 'internal' || e.text.includes('INTERNAL'))).toEqual([]);
  });

  it('links an event that came from a mail to its original, with who else was on it; says so when it was not kept', () => {
    const [notKept, kept] = entriesOf(pageOf(conversation()));
    expect(kept!.html).toContain('<a href="/console/tickets/INC-2026-000001/events/5/original">Show original</a>');
    expect(kept!.text).toContain('Also sent to piet@acme.example.nl.');
    expect(notKept!.html).not.toContain('/original');
    expect(notKept!.text).toContain('The original message was not kept.');
    const typed = entriesOf(pageOf(conversation())).filter((e) => e.html.includes('Show original'));
    expect(typed.map((e) => e.seq)).toEqual([5]);
  });

  it("tells a timer's firing by what happened, in the chart's titles", () => {
    const driver = conversation();
    driver.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity', note: 'Fibre down since 08:00' });
    driver.passTime(amsterdam('2026-11-26 17:00'));
    const timers = entriesOf(pageOf(driver))
      .filter((e) => e.type.startsWith('timer:'))
      .map((e) => e.text.split(' · ')[0]!.trim());
    expect(timers).toEqual([
      'Timer No answer from the vendor: now With third party › Escalated to the duty manager',
      'Timer Reminder sent to the vendor',
      'Timer Reminder sent to the vendor',
      'Timer SLA resolution time: breached',
      'Timer SLA resolution time: at risk',
      'Timer Reminder sent to the vendor',
    ]);
    const forward = entriesOf(pageOf(driver)).find((e) => e.type === 'FORWARD_TO_VENDOR')!;
    expect(forward.text).toContain('Vendor Connectivity provider <support@isp.example.net>');
    expect(forward.text).toContain('Note to the vendor Fibre down since 08:00');
    expect(forward.text).toContain('Mail to the vendor <support@isp.example.net>');
  });

  it("shows the vendor's answer with their reference, and who they are", () => {
    const driver = conversation();
    driver.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity', note: '' });
    driver.send(
      'VENDOR_REPLIED',
      { vendorRef: 'ISP-4711', message: 'Fibre repaired at the exchange.' },
      { actor: { ...vendor, id: 'support@isp.example.net' }, channel: 'email' },
    );
    const [answer] = entriesOf(pageOf(driver));
    expect(answer!.text).toContain('Vendor Connectivity provider <support@isp.example.net> replied by mail');
    expect(answer!.text).toContain("Vendor's reference ISP-4711");
    expect(answer!.text).toContain("Vendor's message Fibre repaired at the exchange.");
  });

  it('writes dates, people, quote lines and materials for people: no epoch milliseconds, no JSON', () => {
    const change = ticketDriver({ kind: 'change' });
    change.send('CLASSIFY', { kind: 'change', priority: 'P3', category: 'network', inScope: true });
    change.send('SUBMIT_QUOTE', {
      lines: [
        { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89_900 },
        { kind: 'labour', description: 'Configuration', quantity: 2.5, unitCents: 8_550 },
      ],
    });
    change.send('QUOTE_APPROVED', { quoteVersion: 1 }, { actor: customer, channel: 'link' });
    change.send('SCHEDULE_WORK', { plannedFor: '2026-11-30T14:30:00+01:00' });
    const html = pageOf(change);
    const entries = entriesOf(html);
    const quote = entries.find((e) => e.type === 'SUBMIT_QUOTE')!;
    expect(quote.text).toContain('Quote lines Kind Description Quantity Unit price Amount');
    expect(quote.text).toContain('hardware VPN appliance 1 € 899,00 € 899,00');
    expect(quote.text).toContain('labour Configuration 2.5 € 85,50 € 213,75');
    expect(quote.text).toContain('Total (excl. VAT) € 1.112,75');
    expect(entries.find((e) => e.type === 'SCHEDULE_WORK')!.text).toContain('Planned for Mon 30 Nov 2026 14:30 CET');
    expect(entries.find((e) => e.type === 'QUOTE_APPROVED')!.text).toContain(
      'Customer Jan <jan@acme.example.nl> approved the quote',
    );

    const visit = ticketDriver();
    visit.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'hardware', inScope: true });
    visit.send('PROPOSE_ONSITE', { reason: 'The switch has to be replaced' });
    visit.send('CONSENT_GIVEN', { note: 'Agreed by phone' });
    visit.send('PLAN_VISIT', { plannedFor: '2026-11-25T10:00:00+01:00', technician: 'Piet Jansen' });
    visit.send('RECORD_VISIT', {
      hours: 2.5,
      materials: [{ description: 'Switch, 8 ports', quantity: 1, unitCents: 4_995 }],
      report: 'Replaced the switch',
    });
    const visitHtml = pageOf(visit);
    const visits = entriesOf(visitHtml);
    expect(visits.find((e) => e.type === 'PLAN_VISIT')!.text).toContain(
      'Planned for Wed 25 Nov 2026 10:00 CET Technician Piet Jansen',
    );
    const recorded = visits.find((e) => e.type === 'RECORD_VISIT')!.text;
    expect(recorded).toContain('Hours 2.5 h × € 95,00 = € 237,50');
    expect(recorded).toContain('Switch, 8 ports 1 € 49,95 € 49,95 Materials (excl. VAT) € 49,95');
    expect(visits.find((e) => e.type === 'CONSENT_GIVEN')!.text).toContain('Note Agreed by phone');
    expect(textOf(visitHtml)).toContain('Visit 1 Piet Jansen, planned for Wed 25 Nov 2026 10:00 CET');

    for (const page of [html, visitHtml, pageOf(conversation())]) {
      const text = textOf(page);
      expect(text.match(/\d{13}/g)).toBeNull();
      expect(text).not.toMatch(/[{[]"/);
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    }
  });
});

describe('the queue marks a new reply', () => {
  it('on a ticket where the customer wrote since the desk last acted, in words, until an agent replies', () => {
    const driver = ticketDriver();
    // The mail that opened it is not a new reply.
    expect(queueOf(driver).rows.map((r) => r.newReply)).toEqual([false]);
    driver.send('CLASSIFY', { kind: 'incident', priority: 'P2', category: 'network', inScope: true });
    driver.setNow(driver.now + 60_000);
    driver.send('COMMENT', { from: customer.id, text: 'Any news?', attachments: [] }, mailOrigin(null));
    const marked = queueOf(driver);
    expect(marked.rows.map((r) => r.newReply)).toEqual([true]);
    expect(marked.html).toContain('data-new-reply="true"');
    expect(textOf(marked.html)).toContain('NEW REPLY: the customer or vendor wrote since the desk last acted');
    driver.setNow(driver.now + 60_000);
    driver.send('REPLY', { message: 'Working on it.', cc: [] });
    const answered = queueOf(driver);
    expect(answered.rows.map((r) => r.newReply)).toEqual([false]);
    expect(answered.html).not.toContain('NEW REPLY');
  });
});

describe('the timeline shows who owns the ticket', () => {
  it('says where routing put it, and an assignment in words with the team', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('ASSIGN', { agentId: 'bram' }, { type: 'agent', id: 'anna' });
    const html = pageOf(t);
    const [assigned, created] = entriesOf(html);
    expect(assigned!.text).toContain('Anna de Vries assigned it to Bram Jansen (Change team)');
    expect(created!.text).toContain('Routed to Change team');
    expect(textOf(html)).toContain('Owner Bram Jansen (Change team)');
  });
});
