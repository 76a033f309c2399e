import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy, Vendor } from '../../workflows/policy/policy';
import { decideMail, type ThreadedTicket } from '../../workflows/intake/mail-intake-decision';
import { copiedOf, mailProvenanceOf } from '../../workflows/intake/mail-facts';
import { MAX_VENDOR_REF, ticketReferenceOf, vendorRefOf, vendorsOf } from '../../workflows/intake/mail-routing';
import { parsedMailFixture } from '../support/mail-fixtures';

const person = { machine: false } as const;
const values = { TICKET: 'INC-2026-000042', IN_REPLY_TO: 'INC-2026-000042.4.1.abcdefghijkl@desk.example.com' };

const ticket = (over: Partial<ThreadedTicket> = {}): ThreadedTicket => ({
  id: 'INC-2026-000042',
  done: false,
  customerId: 'globex',
  requesterEmail: 'alice@globex.example.com',
  vendorId: 'connectivity',
  accepts: ['VENDOR_REPLIED', 'COMMENT', 'MAIL_RECORDED'],
  ...over,
});
const decide = async (fixture: string, threaded: ThreadedTicket, policy: Policy = defaultPolicy) =>
  decideMail(await parsedMailFixture(fixture, values), person, { ticket: threaded, by: 'message-id' }, policy);

describe('vendors answer by mail', () => {
  it("makes the vendor's reply to a ticket waiting for them a VENDOR_REPLIED: their ticket number and their new words", async () => {
    const decision = await decide('vendor-reply.eml', ticket());

    expect(decision).toEqual({
      action: 'apply',
      ticketId: 'INC-2026-000042',
      actor: { type: 'vendor', id: 'support@isp.example.net' },
      event: {
        type: 'VENDOR_REPLIED',
        vendorRef: '2026113010000123',
        message:
          'Geachte heer/mevrouw,\n\nWij hebben een storing op de verbinding van Globex gevonden en een monteur ingepland. ' +
          'Ons ticketnummer is 2026113010000123.\n\nMet vriendelijke groet,\nISP Support',
      },
    });
  });

  it("takes anyone at the vendor's mail domains for the vendor, and records no reference the subject does not carry", async () => {
    const facts = await parsedMailFixture('vendor-update.eml', values);
    facts.subject = 'Update: monteur geweest';

    const decision = decideMail(facts, person, { ticket: ticket(), by: 'vendor-ref' }, defaultPolicy);

    expect(decision).toMatchObject({
      action: 'apply',
      actor: { type: 'vendor', id: 'noc@isp.example.net' },
      event: {
        type: 'VENDOR_REPLIED',
        message: 'De monteur heeft de modem vervangen; de verbinding is sinds 09:00 stabiel.',
      },
    });
    expect(decision.action === 'apply' && 'vendorRef' in decision.event).toBe(false);
  });

  it('keeps a vendor mail on a ticket that no longer waits for them as a comment with their new words', async () => {
    const decision = await decide('vendor-update.eml', ticket({ accepts: ['COMMENT', 'RESOLVE'] }));

    expect(decision).toMatchObject({
      action: 'apply',
      actor: { type: 'vendor', id: 'noc@isp.example.net' },
      event: {
        type: 'COMMENT',
        from: 'noc@isp.example.net',
        text: 'De monteur heeft de modem vervangen; de verbinding is sinds 09:00 stabiel.',
      },
    });
  });

  it('quarantines a vendor mail on a closed ticket, saying the ticket is closed, and opens no ticket', async () => {
    const decision = await decide('vendor-update.eml', ticket({ done: true, accepts: [] }));

    expect(decision).toMatchObject({ action: 'quarantine', reason: 'ticket-closed', ticketId: 'INC-2026-000042' });
    expect(decision.action === 'quarantine' && decision.detail).toContain('closed');
  });

  it("hears the duty manager, also the vendors' escalation address, as the desk: a comment, not the vendor's reply", async () => {
    const facts = await parsedMailFixture('vendor-update.eml', values);
    facts.from = { address: 'duty-manager@desk.example.com', name: 'Duty manager' };

    const decision = decideMail(facts, person, { ticket: ticket(), by: 'tag' }, defaultPolicy);

    expect(decision).toMatchObject({ actor: { type: 'agent' }, event: { type: 'COMMENT' } });
  });

  it("quarantines a vendor's mail on a ticket that is not theirs, as from a stranger", async () => {
    const decision = await decide('vendor-reply.eml', ticket({ vendorId: 'hardware' }));

    expect(decision).toMatchObject({ action: 'quarantine', reason: 'not-a-party' });
  });
});

describe("reading a vendor's references", () => {
  const connectivity = defaultPolicy.vendors.find((v) => v.id === 'connectivity')!;

  it("finds the vendor's ticket number by their pattern: its first group, or the whole match without one", () => {
    const wholeMatch: Vendor = { ...connectivity, ticketRefPattern: 'CASE-\\d+' };

    expect(vendorRefOf('RE: [Ticket#2026113010000123] Doorgezet: Printer', connectivity)).toBe('2026113010000123');
    expect(vendorRefOf('Your case CASE-7781 is updated', wholeMatch)).toBe('CASE-7781');
    expect(vendorRefOf('RE: Doorgezet: Printer', connectivity)).toBeNull();
    expect(vendorRefOf('Ticket#2026113010000123', { ...connectivity, ticketRefPattern: undefined })).toBeNull();
  });

  it('records no reference longer than an event takes, and none with control characters', () => {
    const greedy: Vendor = { ...connectivity, ticketRefPattern: 'Ref: (.+)' };

    expect(vendorRefOf(`Ref: ${'x'.repeat(MAX_VENDOR_REF + 1)}`, greedy)).toBeNull();
    expect(vendorRefOf('Ref: A\u202e12', greedy)).toBe('A 12');
  });

  it('finds our bare reference anywhere in a subject, and no longer number', () => {
    expect(
      ticketReferenceOf('RE: [Ticket#2026113010000123] Doorgezet: Printer (onze referentie INC-2026-000042)'),
    ).toBe('INC-2026-000042');
    expect(ticketReferenceOf('about INC-2026-0000421234567')).toBeNull();
  });

  it('knows the vendors an address writes for: their contact address and their mail domains', () => {
    expect(vendorsOf('NOC@isp.example.net', defaultPolicy).map((v) => v.id)).toEqual(['connectivity']);
    expect(vendorsOf('service@hardware.example.net', defaultPolicy).map((v) => v.id)).toEqual(['hardware']);
    expect(vendorsOf('alice@globex.example.com', defaultPolicy)).toEqual([]);
  });
});

describe('replies add their new text; a new ticket keeps the whole mail', () => {
  const customerTicket = (accepts: string[]) =>
    ticket({ customerId: 'acme', requesterEmail: 'jan@acme.example.nl', vendorId: null, accepts });

  it.each([
    [['CUSTOMER_REPLIED', 'COMMENT'], 'CUSTOMER_REPLIED', 'message'],
    [['REOPEN', 'COMMENT'], 'REOPEN', 'reason'],
    [['COMMENT'], 'COMMENT', 'text'],
  ])('makes an Outlook answer to a ticket taking %j a %s with only the new text', async (accepts, type, field) => {
    const decision = await decide('replies/outlook-nl.eml', customerTicket(accepts));

    expect(decision).toMatchObject({ action: 'apply', event: { type } });
    const written = decision.action === 'apply' ? String((decision.event as Record<string, unknown>)[field]) : '';
    expect(written).toContain('Het serienummer is CN-4521-XZ.');
    expect(written).not.toContain('Wat is het serienummer van de printer?');
  });

  it('opens a new ticket from a reply to a closed one with the whole text, quoted history and all', async () => {
    const decision = await decide('replies/outlook-nl.eml', { ...customerTicket([]), done: true });

    expect(decision).toMatchObject({ action: 'create' });
    expect(decision.action === 'create' && decision.ticket.description).toContain(
      'Wat is het serienummer van de printer?',
    );
  });
});

describe('the provenance a mail stamps on what it causes', () => {
  it('names the mail, where it is kept, and the others it went to: To and Cc besides the desk and the sender', async () => {
    const facts = await parsedMailFixture('replies/outlook-en.eml', values);

    expect(mailProvenanceOf(facts, 'raw/2026-11-30/abc.eml', defaultPolicy)).toEqual({
      messageId: '<LO2P265MB0001A5B6C7D8E9F0@LO2P265MB0001.GBRP265.PROD.OUTLOOK.COM>',
      rawKey: 'raw/2026-11-30/abc.eml',
      cc: ['bob@globex.example.com'],
    });
  });

  it('lower-cases the others, names each once, and at most ten', async () => {
    const facts = await parsedMailFixture('replies/outlook-nl.eml', values);
    facts.addressed = [
      'Kees.Bakker@acme.example.nl',
      'kees.bakker@acme.example.nl',
      'CHANGES@desk.example.com',
      ...Array.from({ length: 12 }, (_, i) => `user${i}@acme.example.nl`),
    ];

    const cc = copiedOf(facts, defaultPolicy);

    expect(cc).toHaveLength(10);
    expect(cc.slice(0, 2)).toEqual(['kees.bakker@acme.example.nl', 'user0@acme.example.nl']);
  });

  it("keeps only what the desk takes for an address anywhere else, so a header's oddity never becomes a recipient", async () => {
    const facts = await parsedMailFixture('replies/outlook-nl.eml', values);
    facts.addressed = ['piet@acme.example.nl', 'a@b@c', 'x@y.nl\r\nbcc: all@evil.example', '@acme.example.nl'];

    expect(copiedOf(facts, defaultPolicy)).toEqual(['piet@acme.example.nl']);
  });
});

describe("the customer's copied colleagues", () => {
  it('lets someone the customer copied on the opening mail write on the ticket, from any domain', async () => {
    const facts = await parsedMailFixture('vendor-update.eml', values);
    facts.from = { address: 'consultant@partner.example.org', name: 'Consultant' };
    const copied = ticket({ vendorId: null, accepts: ['COMMENT'], cc: ['consultant@partner.example.org'] });

    const decision = decideMail(facts, person, { ticket: copied, by: 'message-id' }, defaultPolicy);
    const stranger = decideMail(facts, person, { ticket: ticket({ vendorId: null }), by: 'message-id' }, defaultPolicy);

    expect(decision).toMatchObject({
      action: 'apply',
      actor: { type: 'customer', id: 'consultant@partner.example.org' },
    });
    expect(stranger).toMatchObject({ action: 'quarantine', reason: 'not-a-party' });
  });
});
