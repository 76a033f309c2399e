import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { suppressionKey } from '../../functions/intake/intake-store';
import { createOutboxDispatcher } from '../../functions/outbox/delivery-attempts';
import { createOutboxResend } from '../../functions/outbox/resend-store';
import { createSmtpMailer } from '../../functions/outbox/smtp-mailer';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { agent, byAgent } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay';

const HOUR = 3600_000;
const quiet = { error: () => {}, info: () => {} };
const colleague = { type: 'agent' as const, id: 'piet@desk.example.com' };
const incident = {
  kind: 'incident',
  subject: 'Scanner kapot',
  requester: { email: 'jan@acme.example.nl' },
  customerId: 'acme',
};

let relay: SmtpRelay;
beforeEach(async () => (relay = await startSmtpRelay()));
afterEach(async () => relay.close());

/** A ticket whose acknowledgement went to a relay that refused it (550), and the parts around it. */
async function failedAcknowledgement(refusal = { code: 550, message: '5.7.1 relaying denied' }) {
  const setup = await createTestIntake();
  const { client, tableName, service, intake, clock } = setup;
  const dispatcher = createOutboxDispatcher({
    client,
    tableName,
    mailer: createSmtpMailer(relay.url),
    clock,
    retry: defaultPolicy.outbox,
    logger: quiet,
    suppressed: (a) => intake.suppressed(a),
  });
  const resend = createOutboxResend({ client, tableName, intake, clock });
  const created = await service.create(incident, byAgent);
  if (!created.ok) throw new Error('refused');
  relay.answer = () => refusal;
  await dispatcher.dispatchDue();
  relay.answer = () => null;
  const id = created.head.id;
  const message = async () => (await setup.store.listOutbox(id))[0]!;
  expect(await message()).toMatchObject({ status: 'failed' });
  return { ...setup, dispatcher, resend, id, message, ref: { seq: 1, n: 1 } };
}

describe('resending a failed mail', () => {
  it('puts it back to pending with a fresh retry window, records who resent it and when, and delivers it', async () => {
    const { dispatcher, resend, id, ref, message, clock, store } = await failedAcknowledgement();
    const failedAt = clock.now();
    // Days later, past the retry window the first send had: the resend gets a window of its own.
    clock.advance(130 * HOUR);
    const resentAt = clock.now();

    const result = await resend.resend(id, ref, colleague, { clearSuppression: false });

    expect(result).toMatchObject({
      ok: true,
      message: { status: 'pending', attempts: 0, resends: 1, resentAt, resentBy: colleague, retryFrom: resentAt },
    });
    expect(await message()).toMatchObject({
      status: 'pending',
      resends: 1,
      resendHistory: [
        {
          at: resentAt,
          by: colleague,
          failure: 'permanent',
          error: expect.stringContaining('5.7.1 relaying denied'),
          failedAt,
          attempts: 1,
          clearedSuppression: null,
        },
      ],
    });
    expect(await message()).not.toHaveProperty('failure');
    expect(await store.failedMailTickets(100)).toEqual(new Map());

    // The relay is down at first: a transient failure in the new window is retried, not given up.
    await relay.down();
    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await message()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: resentAt + 30_000 });
    await relay.up();
    clock.advance(30_000);
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(relay.received).toHaveLength(1);
    expect(await message()).toMatchObject({ status: 'sent', resends: 1 });

    // Sent is sent: a second resend is refused.
    expect(await resend.resend(id, ref, colleague, { clearSuppression: false })).toEqual({
      ok: false,
      reason: 'not-failed',
      status: 'sent',
    });
  });

  it('resends it once when two agents resend it at the same moment', async () => {
    const { resend, id, ref, message } = await failedAcknowledgement();

    const results = await Promise.all([
      resend.resend(id, ref, agent, { clearSuppression: false }),
      resend.resend(id, ref, colleague, { clearSuppression: false }),
    ]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'not-failed', status: 'pending' }]);
    expect(await message()).toMatchObject({ resends: 1, resendHistory: [expect.anything()] });
  });

  it('says the address bounced permanently and resends only when the agent clears the suppression, recording that', async () => {
    const { service, intake, dispatcher, resend, clock, store, client, tableName } = await failedAcknowledgement();
    const bouncedAt = clock.now() - HOUR;
    await intake.suppress('Kees@acme.example.nl', { status: '5.1.1', at: bouncedAt });
    const created = await service.create({ ...incident, requester: { email: 'kees@acme.example.nl' } }, byAgent);
    if (!created.ok) throw new Error('refused');
    await dispatcher.dispatchDue();
    const message = async () => (await store.listOutbox(created.head.id))[0]!;
    const failed = await message();
    expect(failed).toMatchObject({
      status: 'failed',
      failure: 'suppressed',
      lastError: 'not sent: kees@acme.example.nl bounced permanently (5.1.1)',
    });
    const ref = { seq: 1, n: 1 };

    const refused = await resend.resend(created.head.id, ref, colleague, { clearSuppression: false });
    expect(refused).toEqual({
      ok: false,
      reason: 'suppressed',
      address: 'kees@acme.example.nl',
      suppression: { status: '5.1.1', at: bouncedAt },
    });
    expect(await message()).toEqual(failed);
    expect(await intake.suppressed('kees@acme.example.nl')).not.toBeNull();

    const cleared = await resend.resend(created.head.id, ref, colleague, { clearSuppression: true });
    expect(cleared).toMatchObject({
      ok: true,
      message: {
        status: 'pending',
        resends: 1,
        resendHistory: [
          { by: colleague, failure: 'suppressed', clearedSuppression: { status: '5.1.1', at: bouncedAt } },
        ],
      },
    });
    expect(await intake.suppressed('kees@acme.example.nl')).toBeNull();
    // The suppression itself is kept, saying who cleared it and when.
    const { Item: kept } = await client.send(
      new GetCommand({ TableName: tableName, Key: suppressionKey('kees@acme.example.nl') }),
    );
    expect(kept).toMatchObject({ status: '5.1.1', at: bouncedAt, clearedAt: clock.now(), clearedBy: colleague });
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(await message()).toMatchObject({ status: 'sent' });
  });

  it('refuses a message that is not failed, and one the ticket does not have', async () => {
    const { service, resend, id } = await failedAcknowledgement();
    const pending = await service.create(incident, byAgent);
    if (!pending.ok) throw new Error('refused');

    expect(await resend.resend(pending.head.id, { seq: 1, n: 1 }, agent, { clearSuppression: false })).toEqual({
      ok: false,
      reason: 'not-failed',
      status: 'pending',
    });
    expect(await resend.resend(id, { seq: 1, n: 2 }, agent, { clearSuppression: false })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await resend.resend('INC-2026-999999', { seq: 1, n: 1 }, agent, { clearSuppression: false })).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });
});
