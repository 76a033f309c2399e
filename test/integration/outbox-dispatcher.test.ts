import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalMailbox } from '../../functions/outbox/local-mailbox';
import { PermanentMailError, TransientMailError, type Mailer, type OutgoingMail } from '../../functions/outbox/mailer';
import { MAIL_FAILED_LOG } from '../../functions/outbox/mail-failed-log';
import { createOutboxDispatcher } from '../../functions/outbox/delivery-attempts';
import { createSmtpMailer } from '../../functions/outbox/smtp-mailer';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { byAgent, createTestEngine } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';
import { mailFixture } from '../support/mail-fixtures';
import { startSmtpRelay } from '../support/smtp-relay';
import { capturedLogger } from '../support/captured-log';

const incident = {
  kind: 'incident',
  subject: 'Printer offline',
  requester: { email: 'jan@acme.example.nl' },
  customerId: 'acme',
};
const retry = defaultPolicy.outbox;
const quiet = { error: () => {}, info: () => {} };
const HOUR = 3600_000;

describe('the outbox dispatcher', () => {
  it('sends nothing more to an address that bounced permanently, and says so on the ticket', async () => {
    const { client, tableName, store, clock, receive, intake } = await createTestIntake();
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'mailbox-')));
    const dispatcher = createOutboxDispatcher({
      client,
      tableName,
      mailer: mailbox,
      clock,
      retry,
      logger: quiet,
      suppressed: (address) => intake.suppressed(address),
    });
    const first = await receive(
      Buffer.from(
        'From: oud-medewerker@acme.example.nl\r\nTo: servicedesk@desk.example.com\r\nSubject: vraag\r\nMessage-ID: <before-bounce@acme.example.nl>\r\n\r\nx\r\n',
      ),
    );
    const [firstAck] = await store.listOutbox(first.outcome === 'created' ? first.ticketId : '');
    await receive(
      mailFixture('dsn-bounce.eml', { TICKET: 'INC-2026-000001', OUTGOING_ID: firstAck!.messageId.slice(1, -1) }),
      ['noreply@desk.example.com'],
    );
    const created = await receive(
      Buffer.from(
        'From: oud-medewerker@acme.example.nl\r\nTo: servicedesk@desk.example.com\r\nSubject: nog een vraag\r\nMessage-ID: <after-bounce@acme.example.nl>\r\n\r\nx\r\n',
      ),
    );

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await mailbox.list()).toEqual([]);
    const [ack] = await store.listOutbox(created.outcome === 'created' ? created.ticketId : '');
    expect(ack).toMatchObject({ status: 'failed', lastError: expect.stringContaining('bounced permanently (5.1.1)') });
  });

  it('delivers each pending message once to the local mailbox and marks it sent', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'mailbox-')));
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer: mailbox, clock, retry, logger: quiet });
    const created = await service.create(incident, byAgent);
    if (!created.ok) throw new Error('refused');

    const first = await dispatcher.dispatchDue();
    const second = await dispatcher.dispatchDue();

    expect([first, second]).toEqual([1, 0]);
    const [mail] = await mailbox.list();
    expect(mail).toMatchObject({
      to: 'jan@acme.example.nl',
      subject: `[${created.head.id}] Uw melding is ontvangen: Printer offline`,
    });
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
      messageId: expect.stringMatching(
        new RegExp(`^<${created.head.id}\\.1\\.1\\.[A-Za-z0-9_-]{12}@desk\\.example\\.com>$`),
      ),
    });
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
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer, clock, retry, logger: quiet });
    const a = await service.create(incident, byAgent);
    if (!a.ok) throw new Error('refused');

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await dispatcher.dispatchDue()).toBe(0); // not due again before the backoff (30 s after the first failure)
    clock.advance(30_000);
    behaviour = 'ok';
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(attempts).toHaveLength(2);
    expect((await store.listOutbox(a.head.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    behaviour = 'permanent';
    const b = await service.create({ ...incident, requester: { email: 'gone@acme.example.nl' } }, byAgent);
    if (!b.ok) throw new Error('refused');
    await dispatcher.dispatchDue();
    expect((await store.listOutbox(b.head.id))[0]).toMatchObject({
      status: 'failed',
      failure: 'permanent',
      lastError: '550 no such user',
      attempts: 1,
    });
    expect(await dispatcher.dispatchDue()).toBe(0);
  });
});

describe('outgoing mail through a relay outage', () => {
  it('still delivers a mail after its relay was down for two hours, the wait between tries capped at an hour', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const relay = await startSmtpRelay();
    await relay.down();
    const dispatcher = createOutboxDispatcher({
      client,
      tableName,
      mailer: createSmtpMailer(relay.url),
      clock,
      retry,
      logger: quiet,
    });
    try {
      const created = await service.create(incident, byAgent);
      if (!created.ok) throw new Error('refused');
      const back = clock.now() + 2 * HOUR;

      const tries: number[] = [];
      while (clock.now() < back) {
        tries.push(clock.now());
        expect(await dispatcher.dispatchDue()).toBe(0);
        const [message] = await store.listOutbox(created.head.id);
        expect(message).toMatchObject({
          status: 'pending',
          attempts: tries.length,
          lastError: expect.stringContaining('ECONNREFUSED'),
        });
        clock.set(message!.nextAttemptAt!);
      }
      await relay.up();
      tries.push(clock.now());
      expect(await dispatcher.dispatchDue()).toBe(1);

      // 30 s doubling: 63.5 min of tries; then the hour's cap brings the next one past the outage.
      const waits = tries.slice(1).map((at, i) => at - tries[i]!);
      expect(waits.slice(0, 3)).toEqual([30_000, 60_000, 120_000]);
      expect(waits.at(-1)).toBe(HOUR);
      expect(Math.max(...waits)).toBe(HOUR);
      expect(relay.received).toHaveLength(1);
      expect(relay.received[0]!.toString()).toMatch(
        new RegExp(`Message-ID: <${created.head.id}\\.1\\.1\\.[\\w-]+@desk\\.example\\.com>`),
      );
      expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'sent', attempts: tries.length });
      expect(await store.failedMailTickets(100)).toEqual(new Map());
    } finally {
      await relay.close();
    }
  });

  it('gives up once the retry window since the mail was written has passed: failed, on the failed-mail queue, logged once at error level', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const relay = await startSmtpRelay();
    await relay.down();
    const log = capturedLogger('outbox-spec');
    const dispatcher = createOutboxDispatcher({
      client,
      tableName,
      mailer: createSmtpMailer(relay.url),
      clock,
      retry,
      logger: log.logger,
    });
    try {
      const created = await service.create(incident, byAgent);
      if (!created.ok) throw new Error('refused');
      const written = clock.now();
      await dispatcher.dispatchDue();

      // Just inside the five days: one more try, and the next one falls on the window's end itself.
      clock.set(written + 120 * HOUR - 60_000);
      await dispatcher.dispatchDue();
      expect((await store.listOutbox(created.head.id))[0]).toMatchObject({
        status: 'pending',
        attempts: 2,
        nextAttemptAt: written + 120 * HOUR,
      });
      clock.set(written + 120 * HOUR);
      await dispatcher.dispatchDue();
      clock.advance(24 * HOUR);
      await dispatcher.dispatchDue();

      expect((await store.listOutbox(created.head.id))[0]).toMatchObject({
        status: 'failed',
        failure: 'expired',
        attempts: 3,
        failedAt: written + 120 * HOUR,
        lastError: expect.stringMatching(
          /^gave up after retrying for 120 h \(3 attempts\); last error: .*ECONNREFUSED/,
        ),
      });
      expect(await store.failedMailTickets(100)).toEqual(new Map([[created.head.id, 1]]));
      const errors = log.lines.filter((line) => line.level === 'ERROR');
      expect(errors).toEqual([
        expect.objectContaining({
          message: MAIL_FAILED_LOG,
          ticketId: created.head.id,
          seq: 1,
          n: 1,
          template: 'acknowledgement',
          failure: 'expired',
        }),
      ]);
      expect(relay.received).toEqual([]);
    } finally {
      log.restore();
      await relay.close();
    }
  });

  it("fails a relay's permanent refusal (5xx) at once, whatever is left of the window", async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const relay = await startSmtpRelay(() => ({ code: 550, message: '5.1.1 mailbox unknown' }));
    const dispatcher = createOutboxDispatcher({
      client,
      tableName,
      mailer: createSmtpMailer(relay.url),
      clock,
      retry,
      logger: quiet,
    });
    try {
      const created = await service.create(incident, byAgent);
      if (!created.ok) throw new Error('refused');
      await dispatcher.dispatchDue();
      expect((await store.listOutbox(created.head.id))[0]).toMatchObject({
        status: 'failed',
        failure: 'permanent',
        attempts: 1,
        lastError: expect.stringContaining('5.1.1 mailbox unknown'),
      });
      expect(await store.failedMailTickets(100)).toEqual(new Map([[created.head.id, 1]]));
    } finally {
      await relay.close();
    }
  });
});
