import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalMailbox } from '../../functions/local-mailbox';
import { PermanentMailError, TransientMailError, type Mailer, type OutgoingMail } from '../../functions/mailer';
import { createOutboxDispatcher } from '../../functions/outbox-dispatcher';
import { agent, createTestEngine } from '../support/test-table';

const incident = { kind: 'incident', subject: 'Printer offline', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' };

describe('the outbox dispatcher', () => {
  it('delivers each pending message once to the local mailbox and marks it sent', async () => {
    const { client, tableName, service, store, clock } = await createTestEngine();
    const mailbox = createLocalMailbox(mkdtempSync(join(tmpdir(), 'mailbox-')));
    const dispatcher = createOutboxDispatcher({ client, tableName, mailer: mailbox, clock });
    const created = await service.create(incident, agent);
    if (!created.ok) throw new Error('refused');

    const first = await dispatcher.dispatchDue();
    const second = await dispatcher.dispatchDue();

    expect([first, second]).toEqual([1, 0]);
    const [mail] = await mailbox.list();
    expect(mail).toMatchObject({ to: 'jan@acme.example.nl', subject: `[${created.head.id}] Uw melding is ontvangen: Printer offline` });
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'sent', attempts: 1, messageId: `<${created.head.id}.1.1@desk.example.com>` });
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
    const a = await service.create(incident, agent);
    if (!a.ok) throw new Error('refused');

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await dispatcher.dispatchDue()).toBe(0); // not due again before the backoff
    clock.advance(60_000);
    behaviour = 'ok';
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(attempts).toHaveLength(2);
    expect((await store.listOutbox(a.head.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    behaviour = 'permanent';
    const b = await service.create({ ...incident, requester: { email: 'gone@acme.example.nl' } }, agent);
    if (!b.ok) throw new Error('refused');
    await dispatcher.dispatchDue();
    expect((await store.listOutbox(b.head.id))[0]).toMatchObject({ status: 'failed', lastError: '550 no such user' });
    expect(await dispatcher.dispatchDue()).toBe(0);
  });
});
