import { amsterdam, customer, ticketDriver } from '../support/ticket-driver';
import PostalMime from 'postal-mime';
import { composeMail } from '../../functions/outbox/mailer';
import type { OutboxMessage } from '../../workflows/lifecycle/ticket-engine';

const classify = { kind: 'incident', priority: 'P3', category: 'network', inScope: true };
const opening = {
  description: 'Since this morning nobody reaches the mail server.',
  mail: { messageId: '<opening.1@acme.example.nl>', rawKey: 'raw/2026-11-24/a.eml', cc: ['piet@acme.example.nl'] },
  attachments: [{ name: 'error.png', type: 'image/png', size: 1200, sha256: 'a'.repeat(64) }],
};
const fromMail = (messageId: string) => ({
  actor: customer,
  channel: 'email' as const,
  mail: { messageId, rawKey: 'raw/2026-11-24/b.eml' },
});
const last = (outbox: OutboxMessage[]) => outbox.at(-1)!;
/** An outbox message as the dispatcher hands it to a mailer. */
const outgoing = (m: OutboxMessage) => ({
  from: m.from,
  to: m.address,
  subject: m.subject,
  text: m.text,
  html: '<p></p>',
  messageId: m.messageId,
  personal: m.personal === true,
});

describe('an agent writes the customer', () => {
  it('mails the requester and the copied people the words of a REPLY, and the ticket stays where it is', () => {
    const t = ticketDriver({ opening });
    t.send('CLASSIFY', classify);
    const before = t.stage;

    const result = t.send('REPLY', { message: 'We are restarting the mail server now.', cc: ['it@acme.example.nl'] });

    expect(result.ok).toBe(true);
    expect(t.stage).toBe(before);
    const mail = last(t.outbox);
    expect(mail.template).toBe('agentReply');
    expect(mail.address).toBe('jan@acme.example.nl');
    expect(mail.cc).toEqual(['piet@acme.example.nl', 'it@acme.example.nl']);
    expect(mail.text).toContain('We are restarting the mail server now.');
    expect(mail.text).toMatch(/^Beste Jan,/);
    expect(mail.text).toContain('Servicedesk\n+31 20 123 4567 · ma t/m vr 08:30–17:30');
  });

  it("writes a REPLY as a person's reply: a reply's subject, and none of the automatic-mail headers", async () => {
    const t = ticketDriver({ opening });
    t.send('REPLY', { message: 'Done on our side; can you try again?' });
    const reply = last(t.outbox);

    const headers = (await PostalMime.parse(await composeMail(outgoing(reply)))).headers.map((h) => h.key);
    const ackHeaders = (await PostalMime.parse(await composeMail(outgoing(t.outbox[0]!)))).headers.map((h) => h.key);

    expect(reply.subject).toBe('Re: [INC-2026-000001] Mail server unreachable');
    expect(headers).not.toContain('auto-submitted');
    expect(headers).not.toContain('x-auto-response-suppress');
    expect(ackHeaders).toContain('auto-submitted');
  });

  it("counts a REPLY as the desk's response for the response SLA", () => {
    const t = ticketDriver();

    t.send('REPLY', { message: 'Looking into it.' });

    expect(t.context.sla.response.metAt).toBe(t.now);
    expect(t.stage).toBe('triage');
  });

  it('never mails an internal note to anyone', () => {
    const t = ticketDriver();
    const mails = t.outbox.length;

    t.send('ADD_NOTE', { text: 'Customer sounded annoyed; handle with care.' });

    expect(t.outbox.length).toBe(mails);
  });

  it('refuses a REPLY once the ticket is closed', () => {
    const t = ticketDriver();
    t.send('CANCEL', { reason: 'Duplicate' });

    const result = t.send('REPLY', { message: 'Hello?' });

    expect(result).toMatchObject({ ok: false, reason: 'not-allowed' });
  });
});

describe('every mail says what happened, in the words of whoever caused it', () => {
  it('asks the question the agent asked, and repeats it in the reminder', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);

    t.send('REQUEST_INFO', { question: 'Which error does Outlook show?' });
    t.passTime(t.dueOf('customerReminder')!);

    expect(t.sent('informationRequest')[0]!.text).toContain('Which error does Outlook show?');
    expect(t.sent('informationReminder')[0]!.text).toContain('Which error does Outlook show?');
  });

  it('gives the resolution summary with the confirm link', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);

    t.send('RESOLVE', { summary: 'Replaced the faulty switch in the server room.' });

    const completion = t.sent('completion')[0]!;
    expect(completion.text).toContain('Replaced the faulty switch in the server room.');
    expect(completion.letter.blocks.map((b) => b.type)).toContain('words');
  });

  it('gives the reason for on-site support in the consent request', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);

    t.send('PROPOSE_ONSITE', { reason: 'The switch needs replacing by hand.' });

    expect(t.sent('onSiteConsentRequest')[0]!.text).toContain('The switch needs replacing by hand.');
  });

  it("passes on the vendor's answer in the progress update", () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);
    t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity' });

    t.send('VENDOR_REPLIED', { vendorRef: 'T-123', message: 'The fibre was cut; repair by 14:00.' });

    const update = t.sent('progressUpdate')[0]!;
    expect(update.address).toBe('jan@acme.example.nl');
    expect(update.text).toContain('The fibre was cut; repair by 14:00.');
    expect(update.text).toContain('Connectivity provider');
  });

  it("tells the planned visit as a date and time in the customer's language and the desk's time zone", () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);
    t.send('PROPOSE_ONSITE', { reason: 'Hardware' });
    t.send('CONSENT_GIVEN', {}, customer);

    t.send('PLAN_VISIT', { plannedFor: '2026-11-26T08:00:00Z', technician: 'Piet de Vries' });

    const mail = t.sent('visitPlanned')[0]!;
    expect(mail.text).toContain('donderdag 26 november 2026 om 09:00');
    expect(mail.text).toContain('Stationsplein 1');
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it("writes the quote's quantities and amounts the way the customer writes numbers", () => {
    const nl = ticketDriver({ kind: 'change' });
    const en = ticketDriver({ kind: 'change', opening: { language: 'en' } });
    for (const t of [nl, en]) {
      t.send('CLASSIFY', { kind: 'change', priority: 'P3', category: 'network', inScope: true });
      t.send('SUBMIT_QUOTE', { lines: [{ kind: 'labour', description: 'Install', quantity: 1.5, unitCents: 950_00 }] });
    }

    // Intl keeps the euro sign with its amount by a no-break space.
    const textOf = (t: typeof nl) => t.sent('quoteForApproval')[0]!.text.replaceAll('\u00a0', ' ');
    expect(textOf(nl)).toContain('Install: 1,5 × € 950,00 = € 1.425,00');
    expect(textOf(en)).toContain('Install: 1.5 × €950.00 = €1,425.00');
  });

  it("forwards to the vendor the ticket's subject, description, customer and site, the agent's note, our reference and the customer's files", () => {
    const t = ticketDriver({ opening });
    t.send('CLASSIFY', classify);

    t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity', note: 'Line down since 08:00; modem lights red.' });

    const forward = t.sent('vendorForward')[0]!;
    expect(forward.address).toBe('support@isp.example.net');
    for (const words of [
      'Mail server unreachable',
      'Since this morning nobody reaches the mail server.',
      'Acme BV',
      'Stationsplein 1, 3511 ED Utrecht',
      'Line down since 08:00; modem lights red.',
      'INC-2026-000001',
      'error.png',
    ])
      expect(forward.text).toContain(words);
    expect(forward.attachments).toEqual(opening.attachments);
    expect(forward.cc).toBeUndefined();
  });

  it('sends one mail when a resolved ticket closes itself, not also the closure notice', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);
    t.send('RESOLVE', { summary: 'Fixed' });
    const before = t.outbox.length;

    t.passTime(t.dueOf('resolvedAutoClose')!);

    const after = t.outbox.slice(before).filter((m) => m.to === 'requester');
    expect(after.map((m) => m.template)).toEqual(['autoClosedAfterResolution']);
  });

  it('sends one mail when an unanswered question closes the ticket', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classify);
    t.send('REQUEST_INFO', { question: 'Which floor?' });
    const before = t.outbox.length;

    t.passTime(amsterdam('2026-12-31 09:00'));

    const closing = t.outbox.slice(before).filter((m) => m.template !== 'informationReminder' && m.to === 'requester');
    expect(closing.map((m) => m.template)).toEqual(['autoClosedNoResponse']);
  });
});

describe('threading that mail clients understand', () => {
  it('answers the mail that opened the ticket with the acknowledgement', () => {
    const t = ticketDriver({ opening });

    const ack = t.sent('acknowledgement')[0]!;

    expect(ack.inReplyTo).toBe('<opening.1@acme.example.nl>');
    expect(ack.references).toEqual(['<opening.1@acme.example.nl>']);
    expect(ack.cc).toEqual(['piet@acme.example.nl']);
  });

  it("keeps the customer's conversation in one thread: each mail replies to the latest and references its start", () => {
    const t = ticketDriver({ opening });
    t.send('CLASSIFY', classify);
    t.send('REQUEST_INFO', { question: 'Which floor?' });
    const ask = t.sent('informationRequest')[0]!;

    t.send('CUSTOMER_REPLIED', { message: 'Third floor.' }, fromMail('<answer.2@acme.example.nl>'));
    t.send('REPLY', { message: 'Thanks, a technician is on the way.' });

    const reply = t.sent('agentReply')[0]!;
    expect(ask.references?.[0]).toBe('<opening.1@acme.example.nl>');
    expect(ask.inReplyTo).toBe(t.sent('acknowledgement')[0]!.messageId);
    expect(reply.inReplyTo).toBe('<answer.2@acme.example.nl>');
    expect(reply.references).toEqual([
      '<opening.1@acme.example.nl>',
      t.sent('acknowledgement')[0]!.messageId,
      ask.messageId,
      '<answer.2@acme.example.nl>',
    ]);
  });

  it("threads the vendor's mails apart from the customer's", () => {
    const t = ticketDriver({ opening });
    t.send('CLASSIFY', classify);
    t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity' });

    t.passTime(t.dueOf('vendorFollowUp')!);

    const forward = t.sent('vendorForward')[0]!;
    const reminder = t.sent('vendorReminder')[0]!;
    expect(forward.inReplyTo).toBeUndefined();
    expect(reminder.inReplyTo).toBe(forward.messageId);
    expect(reminder.references).toEqual([forward.messageId]);
  });

  it('keeps a long thread to its first message and its latest ones', () => {
    const t = ticketDriver({ opening });
    for (let i = 0; i < 40; i++) t.send('REPLY', { message: `Update ${i}` });

    const latest = last(t.outbox);

    expect(latest.references).toHaveLength(20);
    expect(latest.references?.[0]).toBe('<opening.1@acme.example.nl>');
    expect(latest.inReplyTo).toBe(t.outbox.at(-2)!.messageId);
  });

  it('lets no malformed Message-ID of a sender into a thread', () => {
    const t = ticketDriver({ opening: { mail: { messageId: 'not an id\r\nBcc: x@evil.example', rawKey: null } } });

    expect(t.sent('acknowledgement')[0]!.inReplyTo).toBeUndefined();
  });
});
