import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { byAgent } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';
import { mailFixture, mailWithAttachment } from '../support/mail-fixtures';

const OUTLOOK_ID = '<AM0PR02MB1234A1B2C3D4E5F6@AM0PR02MB1234.eurprd02.prod.outlook.com>';

describe('email intake', () => {
  it('opens an incident from an Outlook mail with an inline image, keeping the raw message and the image', async () => {
    const { receive, store, folder } = await createTestIntake();

    const result = await receive(mailFixture('outlook-inline-image.eml'));

    expect(result).toEqual({ outcome: 'created', ticketId: 'INC-2026-000001' });
    const head = await store.getHead('INC-2026-000001');
    expect(head).toMatchObject({
      kind: 'incident',
      customerId: 'acme',
      language: 'nl',
      subject: 'Printer 2e verdieping geeft foutmelding',
      requester: { email: 'jan@acme.example.nl', name: 'Jan de Vries' },
    });
    const [created] = await store.listEvents('INC-2026-000001');
    expect(created?.event).toMatchObject({
      channel: 'email',
      description: expect.stringContaining('foutmelding E-302'),
    });
    expect(created?.event.attachments).toEqual([
      expect.objectContaining({ name: 'image001.png', type: 'image/png', size: 70 }),
    ]);
    expect((await store.listOutbox('INC-2026-000001')).map((m) => m.template)).toEqual(['acknowledgement']);
    expect(existsSync(join(folder, 'attachments'))).toBe(true);
  });

  it('reads Gmail and Apple Mail messages, routing each sender to its customer and language', async () => {
    const { receive, store } = await createTestIntake();
    const gmail = await receive(mailFixture('gmail.eml'));
    const apple = await receive(mailFixture('apple-mail.eml'));
    expect(await store.getHead(gmail.outcome === 'created' ? gmail.ticketId : '')).toMatchObject({
      customerId: 'globex',
      language: 'en',
      subject: 'VPN keeps disconnecting',
    });
    const appleHead = await store.getHead(apple.outcome === 'created' ? apple.ticketId : '');
    expect(appleHead).toMatchObject({ customerId: 'acme', subject: 'Nieuwe medewerker per 1 december' });
    const [created] = await store.listEvents(appleHead!.id);
    expect(created?.event.description).toBe(
      'Hoi,\n\nPer 1 december begint Sanne Bakker bij ons. Graag een account en mailbox aanmaken.\n\nGroet,\nPiet',
    );
  });

  it('decodes an ISO-8859-1 subject and body with Dutch accents', async () => {
    const { receive, store } = await createTestIntake();
    const result = await receive(mailFixture('iso-8859-1-subject.eml'));
    const head = await store.getHead(result.outcome === 'created' ? result.ticketId : '');
    expect(head?.subject).toBe('Coördinatie scanner: één pagina per keer');
    expect(head?.requester.name).toBe('Renée Müller');
    const [created] = await store.listEvents(head!.id);
    expect(created?.event.description).toContain('één pagina per keer sinds de update is geïnstalleerd');
  });

  it('opens a change, in writing, from a quoted-printable UTF-8 mail to changes@', async () => {
    const { receive, store } = await createTestIntake();
    const result = await receive(mailFixture('qp-utf8-body.eml'), ['changes@desk.example.com']);
    expect(result).toEqual({ outcome: 'created', ticketId: 'CHG-2026-000001' });
    const [created] = await store.listEvents('CHG-2026-000001');
    expect(created?.event.description).toContain(
      'vestiging Zoë in Groningen aansluiten op het VPN. Geïnstalleerde apparatuur: € 899 begroot.',
    );
  });

  it('threads a reply by In-Reply-To onto its ticket, and a customer reply moves a waiting ticket on', async () => {
    const { receive, store, service } = await createTestIntake();
    await receive(mailFixture('outlook-inline-image.eml'));
    const id = 'INC-2026-000001';
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'printing', inScope: true },
      byAgent,
    );
    await service.apply(id, { type: 'REQUEST_INFO', question: 'What is the serial number?' }, byAgent);

    const result = await receive(mailFixture('reply-in-reply-to.eml', { IN_REPLY_TO: OUTLOOK_ID.slice(1, -1) }));

    expect(result).toEqual({ outcome: 'updated', ticketId: id });
    const head = await store.getHead(id);
    expect(head?.stage).toBe('diagnosing');
    const last = (await store.listEvents(id)).at(-1);
    expect(last).toMatchObject({ type: 'CUSTOMER_REPLIED', actor: { type: 'customer', id: 'jan@acme.example.nl' } });
    expect(last?.event.message).toContain('CN-4521-XZ');
  });

  it('adds a reply to a ticket that is not waiting as a comment, threaded by the subject tag', async () => {
    const { receive, store } = await createTestIntake();
    await receive(mailFixture('gmail.eml'));
    const reply = Buffer.from(
      [
        'From: Alice Walker <alice@globex.example.com>',
        'To: servicedesk@desk.example.com',
        'Subject: Re: [INC-2026-000001] VPN keeps disconnecting',
        'Message-ID: <reply-2@globex.example.com>',
        '',
        'It also happens at home.',
        '',
      ].join('\r\n'),
    );

    expect(await receive(reply)).toEqual({ outcome: 'updated', ticketId: 'INC-2026-000001' });
    expect((await store.listEvents('INC-2026-000001')).at(-1)).toMatchObject({
      type: 'COMMENT',
      event: { text: 'It also happens at home.' },
    });
  });

  describe('who may write onto a ticket', () => {
    const mail = (from: string, headers: string[], body = 'close it') =>
      Buffer.from([`From: ${from}`, 'To: servicedesk@desk.example.com', ...headers, '', body, ''].join('\r\n'));

    it("quarantines a stranger who types a ticket's tag, naming the ticket, and leaves the ticket as it was", async () => {
      const { receive, store, intake } = await createTestIntake();
      await receive(mailFixture('gmail.eml'));

      const result = await receive(
        mail('someone@acme.example.nl', [
          'Subject: [INC-2026-000001] please close',
          'Message-ID: <forged@acme.example.nl>',
        ]),
      );

      expect(result).toMatchObject({ outcome: 'quarantined', reason: 'not-a-party' });
      expect(await store.listEvents('INC-2026-000001')).toHaveLength(1);
      expect((await intake.listQuarantine(10))[0]).toMatchObject({
        reason: 'not-a-party',
        ticketId: 'INC-2026-000001',
        from: 'someone@acme.example.nl',
      });
    });

    it("quarantines a stranger who answers the desk's own Message-ID: threading is a hint, not a key", async () => {
      const { receive, store } = await createTestIntake();
      await receive(mailFixture('gmail.eml'));
      const [ack] = await store.listOutbox('INC-2026-000001');

      const result = await receive(
        mail('mallory@unknown.example.org', [
          'Subject: Re: VPN',
          'Message-ID: <m@unknown.example.org>',
          `In-Reply-To: ${ack!.messageId}`,
          `References: ${ack!.messageId}`,
        ]),
      );

      expect(result).toMatchObject({ outcome: 'quarantined', reason: 'not-a-party' });
      expect(await store.listEvents('INC-2026-000001')).toHaveLength(1);
    });

    it("gives the desk's Message-IDs a random part, so nobody can compute them from the ticket number", async () => {
      const { receive, store } = await createTestIntake();
      await receive(mailFixture('gmail.eml'));
      await receive(mailFixture('apple-mail.eml'));

      const ids = [...(await store.listOutbox('INC-2026-000001')), ...(await store.listOutbox('INC-2026-000002'))].map(
        (m) => m.messageId,
      );

      for (const id of ids)
        expect(id).toMatch(/^<(INC|SR|CHG)-\d{4}-\d{6}\.\d+\.\d+\.[A-Za-z0-9_-]{12}@desk\.example\.com>$/);
      expect(new Set(ids.map((id) => id.split('.')[3])).size).toBe(ids.length);
    });

    it("takes a colleague at the customer's own domain, and the ticket's vendor, as parties", async () => {
      const { receive, store, service } = await createTestIntake();
      await receive(mailFixture('gmail.eml'));
      await service.apply(
        'INC-2026-000001',
        { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'network', inScope: true },
        byAgent,
      );
      await service.apply(
        'INC-2026-000001',
        { type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity', note: 'Line down' },
        byAgent,
      );
      const forward = (await store.listOutbox('INC-2026-000001')).find((m) => m.template === 'vendorForward');
      expect(forward).toMatchObject({ to: 'vendor' });

      const colleague = await receive(
        mail(
          'bob@globex.example.com',
          ['Subject: Re: [INC-2026-000001] VPN keeps disconnecting', 'Message-ID: <bob-1@globex.example.com>'],
          'Same here.',
        ),
      );
      const vendor = await receive(
        mail(
          forward!.address,
          [
            'Subject: Re: [INC-2026-000001] forward',
            'Message-ID: <v-1@vendor.example>',
            `In-Reply-To: ${forward!.messageId}`,
          ],
          'Looking into it.',
        ),
      );

      expect(colleague).toEqual({ outcome: 'updated', ticketId: 'INC-2026-000001' });
      expect(vendor).toEqual({ outcome: 'updated', ticketId: 'INC-2026-000001' });
      const events = await store.listEvents('INC-2026-000001');
      expect(events.slice(-2).map((e) => [e.type, e.actor.type, e.event.channel])).toEqual([
        ['COMMENT', 'customer', 'email'],
        ['VENDOR_REPLIED', 'vendor', 'email'],
      ]);
    });

    it('does not let a forged bounce silence a customer: only a report on a mail the desk sent marks an address', async () => {
      const { receive, intake } = await createTestIntake();
      await receive(mailFixture('gmail.eml'));

      await receive(
        mailFixture('dsn-bounce.eml', {
          TICKET: 'INC-2026-000001',
          OUTGOING_ID: 'INC-2026-000001.1.1@desk.example.com',
        }),
        ['noreply@desk.example.com'],
      );

      expect(await intake.suppressed('oud-medewerker@acme.example.nl')).toBeNull();
    });
  });

  it('reopens a resolved ticket when the customer replies within the reopen window', async () => {
    const { receive, store, service } = await createTestIntake();
    await receive(mailFixture('outlook-inline-image.eml'));
    const id = 'INC-2026-000001';
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'printing', inScope: true },
      byAgent,
    );
    await service.apply(id, { type: 'RESOLVE', summary: 'Fuser replaced' }, byAgent);

    await receive(mailFixture('reply-in-reply-to.eml', { IN_REPLY_TO: OUTLOOK_ID.slice(1, -1) }));

    expect((await store.getHead(id))?.stage).toBe('diagnosing');
    expect((await store.listEvents(id)).at(-1)?.type).toBe('REOPEN');
  });

  it('makes one ticket of the same Message-ID received twice', async () => {
    const { receive } = await createTestIntake();
    const first = await receive(mailFixture('gmail.eml'));
    const second = await receive(mailFixture('gmail.eml'));
    expect(first).toEqual({ outcome: 'created', ticketId: 'INC-2026-000001' });
    expect(second).toEqual({ outcome: 'duplicate', ticketId: 'INC-2026-000001' });
  });

  it('records an out-of-office reply on its ticket without moving it or answering it', async () => {
    const { receive, store, service } = await createTestIntake();
    await receive(mailFixture('outlook-inline-image.eml'));
    const id = 'INC-2026-000001';
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'printing', inScope: true },
      byAgent,
    );
    await service.apply(id, { type: 'REQUEST_INFO', question: 'Serial number?' }, byAgent);
    const outboxBefore = (await store.listOutbox(id)).length;

    const result = await receive(
      mailFixture('out-of-office.eml', { TICKET: id, IN_REPLY_TO: OUTLOOK_ID.slice(1, -1) }),
    );

    expect(result).toEqual({ outcome: 'recorded', ticketId: id });
    expect((await store.getHead(id))?.stage).toBe('awaitingCustomer.waiting');
    expect((await store.listEvents(id)).at(-1)).toMatchObject({
      type: 'MAIL_RECORDED',
      actor: { type: 'system' },
      event: { reason: 'auto-submitted' },
    });
    expect(await store.listOutbox(id)).toHaveLength(outboxBefore);
  });

  it('records a bounce against the ticket whose mail bounced, with the failed recipient', async () => {
    const { receive, store } = await createTestIntake();
    await receive(mailFixture('outlook-inline-image.eml'));
    const [ack] = await store.listOutbox('INC-2026-000001');

    const result = await receive(
      mailFixture('dsn-bounce.eml', { TICKET: 'INC-2026-000001', OUTGOING_ID: ack!.messageId.slice(1, -1) }),
      ['noreply@desk.example.com'],
    );

    expect(result).toEqual({ outcome: 'recorded', ticketId: 'INC-2026-000001' });
    expect((await store.listEvents('INC-2026-000001')).at(-1)?.event).toMatchObject({
      reason: 'bounce',
      detail: expect.stringContaining('recipient oud-medewerker@acme.example.nl; status 5.1.1'),
    });
  });

  it('never opens a ticket for machine mail: an auto-reply with no ticket is quarantined', async () => {
    const { receive, intake } = await createTestIntake();
    const result = await receive(
      mailFixture('out-of-office.eml', { TICKET: 'INC-2026-999999', IN_REPLY_TO: 'unknown@example.com' }),
    );
    expect(result).toMatchObject({ outcome: 'quarantined', reason: 'auto-submitted' });
    expect((await intake.listQuarantine(10))[0]).toMatchObject({
      reason: 'auto-submitted',
      from: 'jan@acme.example.nl',
      channel: 'email',
    });
  });

  it('quarantines mail from unknown senders and truncated mail, keeping the raw message', async () => {
    const { receive, intake, folder } = await createTestIntake();
    const stranger = await receive(
      Buffer.from(
        'From: x@unknown.example.org\r\nTo: servicedesk@desk.example.com\r\nSubject: hello\r\nMessage-ID: <s@unknown.example.org>\r\n\r\nhi\r\n',
      ),
    );
    const truncated = await receive(mailFixture('truncated.eml'));
    expect(stranger).toMatchObject({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(truncated).toMatchObject({ outcome: 'quarantined', reason: 'truncated' });
    const records = await intake.listQuarantine(10);
    expect(records.map((r) => r.reason).sort()).toEqual(['truncated', 'unknown-sender']);
    for (const r of records) expect(existsSync(join(folder, r.rawKey!))).toBe(true);
  });

  it("keeps a stranger's subject on the quarantine record as the desk keeps all user text: no bidi override reverses it", async () => {
    const { receive, intake } = await createTestIntake();

    await receive(
      Buffer.from(
        'From: x@unknown.example.org\r\nTo: servicedesk@desk.example.com\r\nSubject: =?UTF-8?B?' +
          Buffer.from('Factuur \u202Efdp.exe').toString('base64') +
          '?=\r\nMessage-ID: <bidi@unknown.example.org>\r\n\r\nhi\r\n',
      ),
    );

    const [record] = await intake.listQuarantine(10);
    expect(record).toMatchObject({
      reason: 'unknown-sender',
      subject: 'Factuur fdp.exe',
      from: 'x@unknown.example.org',
    });
  });

  it('ignores mail from the desk itself and stops answering a sender over the rate limit', async () => {
    const { receive } = await createTestIntake();
    const own = await receive(
      Buffer.from(
        'From: servicedesk@desk.example.com\r\nTo: servicedesk@desk.example.com\r\nSubject: loop\r\nMessage-ID: <own@desk.example.com>\r\n\r\nx\r\n',
      ),
    );
    expect(own).toMatchObject({ outcome: 'quarantined', reason: 'desk-address' });

    const results = [];
    for (let i = 0; i < 32; i++) {
      results.push(
        await receive(
          Buffer.from(
            `From: jan@acme.example.nl\r\nTo: servicedesk@desk.example.com\r\nSubject: flood ${i}\r\nMessage-ID: <flood-${i}@acme.example.nl>\r\n\r\nx\r\n`,
          ),
        ),
      );
    }
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(30);
    expect(results.slice(30)).toEqual([
      expect.objectContaining({ reason: 'rate-limited' }),
      expect.objectContaining({ reason: 'rate-limited' }),
    ]);
  });

  it('keeps a 10 MB attachment with its name, type and size on the event', async () => {
    const { receive, store } = await createTestIntake();
    const result = await receive(mailWithAttachment('jan@acme.example.nl', 10 * 1024 * 1024));
    expect(result.outcome).toBe('created');
    const [created] = await store.listEvents('INC-2026-000001');
    expect(created?.event.attachments).toEqual([
      {
        name: 'erp.dmp',
        type: 'application/octet-stream',
        size: 10 * 1024 * 1024,
        sha256: expect.stringMatching(/^[a-f0-9]{64}$/),
      },
    ]);
  });

  describe("headers and ids are the sender's words", () => {
    const raw = (headers: string[], body = 'Printer on fire') =>
      Buffer.from(
        ['From: jan@acme.example.nl', 'To: servicedesk@desk.example.com', ...headers, '', body, ''].join('\r\n'),
      );

    it('takes in a mail with headers named after inherited properties', async () => {
      const { receive } = await createTestIntake();
      const result = await receive(
        raw(['Subject: proto', 'Message-ID: <p@acme.example.nl>', '__proto__: x', 'constructor: y', 'toString: z']),
      );
      expect(result).toMatchObject({ outcome: 'created' });
    });

    it('keeps Message-IDs, references and tags far longer than any key the store takes, and still dedups them', async () => {
      const { receive, store } = await createTestIntake();
      const id = `<${'m'.repeat(3000)}@acme.example.nl>`;
      const mail = raw([
        `Subject: Re: [INC-2026-${'1'.repeat(3000)}] long`,
        `Message-ID: ${id}`,
        `In-Reply-To: <${'r'.repeat(3000)}@x>`,
        `References: <${'s'.repeat(3000)}@x>`,
      ]);

      const first = await receive(mail);
      const again = await receive(mail);

      expect(first).toMatchObject({ outcome: 'created' });
      expect(again).toEqual({ outcome: 'duplicate', ticketId: first.outcome === 'created' ? first.ticketId : '' });
      expect(await store.listByStatus('triage', 10)).toHaveLength(1);
    });
  });
});

describe('quarantine, once per message', () => {
  const stranger = (messageId: string | null, text = 'Interesse in een offerte?') =>
    Buffer.from(
      `From: sales@unknown.example.org\r\nTo: servicedesk@desk.example.com\r\nSubject: Offerte printers\r\n${messageId ? `Message-ID: <${messageId}>\r\n` : ''}\r\n${text}\r\n`,
    );

  it("keeps one record for a stranger's mail sent again, and says the repeat is a duplicate of it", async () => {
    const { receive, intake } = await createTestIntake();

    const first = await receive(stranger('offerte-1@unknown.example.org'));
    const again = await receive(stranger('offerte-1@unknown.example.org'));

    expect(first).toMatchObject({ outcome: 'quarantined', reason: 'unknown-sender', quarantineId: expect.any(String) });
    expect(again).toEqual({ outcome: 'duplicate', quarantineId: (first as { quarantineId: string }).quarantineId });
    expect(await intake.listQuarantine(10)).toHaveLength(1);
  });

  it('makes one record of the same message arriving twice at once', async () => {
    const { receive, intake } = await createTestIntake();

    const results = await Promise.all([
      receive(stranger('offerte-2@unknown.example.org')),
      receive(stranger('offerte-2@unknown.example.org')),
    ]);

    const [record] = await intake.listQuarantine(10);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'quarantined']);
    expect(results.map((r) => ('quarantineId' in r ? r.quarantineId : null))).toEqual([record!.id, record!.id]);
    expect(await intake.listQuarantine(10)).toHaveLength(1);
  });

  it('tells messages without a Message-ID, and truncated ones, apart by their bytes', async () => {
    const { receive, intake } = await createTestIntake();

    const outcomes = [
      await receive(stranger(null)),
      await receive(stranger(null)),
      await receive(stranger(null, 'Een andere vraag.')),
      await receive(mailFixture('truncated.eml')),
      await receive(mailFixture('truncated.eml')),
    ];

    expect(outcomes.map((o) => o.outcome)).toEqual([
      'quarantined',
      'duplicate',
      'quarantined',
      'quarantined',
      'duplicate',
    ]);
    expect((await intake.listQuarantine(10)).map((r) => r.reason).sort()).toEqual([
      'truncated',
      'unknown-sender',
      'unknown-sender',
    ]);
  });
});
