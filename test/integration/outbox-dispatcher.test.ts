import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalMailbox } from '../../functions/local-mailbox';
import { PermanentMailError, TransientMailError, type Mailer, type OutgoingMail } from '../../functions/mailer';
import { createOutboxDispatcher } from '../../functions/outbox-dispatcher';
import { byAgent, createTestEngine } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';
import { mailFixture } from '../support/mail-fixtures';

const incident = { kind: 'incident', subject: 'Printer offline', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' };

describe('the outbox dispatcher', () => {
  it('sends nothing more to an address that bounced permanently, and says so on the ticket', async () => {
    const { client, tableName, store, clock, receive, intake } = await createTestIntake();
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'mailbox-')));
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer: mailbox, clock, suppressed: (address) => intake.suppressed(address) });
    const first = await receive(Buffer.from('From: oud-medewerker@acme.example.nl\r\nTo: servicedesk@desk.example.com\r\nSubject: vraag\r\nMessage-ID: <before-bounce@acme.example.nl>\r\n\r\nx\r\n'));
    const [firstAck] = await store.listOutbox(first.outcome === 'created' ? first.ticketId : '');
    await receive(mailFixture('dsn-bounce.eml', { TICKET: 'INC-2026-000001', OUTGOING_ID: firstAck!.messageId.slice(1, -1) }), ['noreply@desk.example.com']);
    const created = await receive(Buffer.from('From: oud-medewerker@acme.example.nl\r\nTo: servicedesk@desk.example.com\r\nSubject: nog een vraag\r\nMessage-ID: <after-bounce@acme.example.nl>\r\n\r\nx\r\n'));

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await mailbox.list()).toEqual([]);
    const [ack] = await store.listOutbox(created.outcome === 'created' ? created.ticketId : '');
    expect(ack).toMatchObject({ status: 'failed', lastError: expect.stringContaining('bounced permanently (5.1.1)') });
  });

  it('delivers each pending message once to the local mailbox and marks it sent', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'mailbox-')));
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer: mailbox, clock });
    const created = await service.create(incident, byAgent);
    if (!created.ok) throw new Error('refused');

    const first = await dispatcher.dispatchDue();
    const second = await dispatcher.dispatchDue();

    expect([first, second]).toEqual([1, 0]);
    const [mail] = await mailbox.list();
    expect(mail).toMatchObject({ to: 'jan@acme.example.nl', subject: `[${created.head.id}] Uw melding is ontvangen: Printer offline` });
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.stringMatching(new RegExp(`^<${created.head.id}\\.1\\.1\\.[A-Za-z0-9_-]{12}@desk\\.example\\.com>$`)) });
  });

  it('retries a transient failure after its backoff, and marks a permanent one failed on the ticket', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const attempts: string[] = [];
    let behaviour: 'transient' | 'permanent' | 'ok' = 'transient';
    const mailer: Mailer = {
      async send(mail: OutgoingMail) {
        attempts.push(mail.to);
        if (behaviour === 'transient') throw new TransientMailError('421 try later');
        if (behaviour === 'permanent') throw new PermanentMailError('550 no such user');
      },
    };
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer, clock, backoffMs: () => 60_000 });
    const a = await service.create(incident, byAgent);
    if (!a.ok) throw new Error('refused');

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await dispatcher.dispatchDue()).toBe(0); // not due again before the backoff
    clock.advance(60_000);
    behaviour = 'ok';
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(attempts).toHaveLength(2);
    expect((await store.listOutbox(a.head.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    behaviour = 'permanent';
    const b = await service.create({ ...incident, requester: { email: 'gone@acme.example.nl' } }, byAgent);
    if (!b.ok) throw new Error('refused');
    await dispatcher.dispatchDue();
    expect((await store.listOutbox(b.head.id))[0]).toMatchObject({ status: 'failed', lastError: '550 no such user' });
    expect(await dispatcher.dispatchDue()).toBe(0);
  });
});
