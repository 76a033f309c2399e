// What an agent does with quarantined mail, against DynamoDB Local: release it as a new ticket
// (opened as mail intake opens one, for the customer they chose), add it to a ticket they name,
// or discard it with a reason — each recorded on the record, each done once, the raw message kept.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestIntake } from '../support/intake-engine';
import { agent, byAgent } from '../support/test-table';

const strangerMail = (messageId: string, text = 'Our ERP at Acme is down since this morning.') =>
  Buffer.from(
    [
      'From: Kees Consultant <kees@partner.example.org>',
      'To: servicedesk@desk.example.com',
      'Subject: ERP down',
      `Message-ID: <${messageId}>`,
      '',
      text,
      '',
    ].join('\r\n'),
  );

/** A stranger's mail in quarantine (no customer has their domain), and the intake around it. */
async function quarantinedStranger(messageId = 'erp-1@partner.example.org') {
  const desk = await createTestIntake();
  const result = await desk.receive(strangerMail(messageId));
  if (result.outcome !== 'quarantined') throw new Error(`expected quarantine, got ${result.outcome}`);
  return { ...desk, id: result.quarantineId };
}

/** The incidents that exist among the first few numbers (a release that lost its race used one up). */
const newTickets = async (store: { getHead(id: string): Promise<{ id: string } | null> }) =>
  (await Promise.all([1, 2, 3].map((n) => store.getHead(`INC-2026-00000${n}`)))).filter((h) => h !== null);

describe('releasing quarantined mail as a new ticket', () => {
  it('opens the ticket as mail intake would, for the customer and kind the agent chose, with the agent as who released it', async () => {
    const { email, intake, store, folder, id } = await quarantinedStranger();

    const released = await email.release(id, { asNewTicket: { customerId: 'acme', kind: 'service_request' } }, agent);

    expect(released).toMatchObject({ ok: true, ticketId: 'SR-2026-000001' });
    expect(await store.getHead('SR-2026-000001')).toMatchObject({
      kind: 'service_request',
      customerId: 'acme',
      subject: 'ERP down',
      requester: { email: 'kees@partner.example.org', name: 'Kees Consultant' },
    });
    const [created] = await store.listEvents('SR-2026-000001');
    expect(created).toMatchObject({ type: 'CREATED', actor: agent });
    expect(created?.event).toMatchObject({
      channel: 'email',
      releasedFrom: id,
      description: expect.stringContaining('ERP at Acme is down'),
      mail: expect.objectContaining({ messageId: '<erp-1@partner.example.org>' }),
    });
    expect((await store.listOutbox('SR-2026-000001')).map((m) => m.template)).toEqual(['acknowledgement']);
    const record = await intake.quarantineRecord(id);
    expect(record?.released).toEqual({
      by: agent.id,
      at: expect.any(Number),
      ticketId: 'SR-2026-000001',
      asNewTicket: true,
    });
    expect(existsSync(join(folder, record!.rawKey!))).toBe(true);
  });

  it('refuses a customer the policy does not have, and leaves the record as it was', async () => {
    const { email, intake, id } = await quarantinedStranger();

    const refused = await email.release(id, { asNewTicket: { customerId: 'initech', kind: 'incident' } }, agent);

    expect(refused).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'asNewTicket.customerId' }] });
    expect((await intake.quarantineRecord(id))?.released).toBeUndefined();
  });

  it('makes one ticket when two agents release the same mail at once', async () => {
    const { email, intake, store, id } = await quarantinedStranger();
    const asNew = { asNewTicket: { customerId: 'acme', kind: 'incident' as const } };

    const results = await Promise.all([
      email.release(id, asNew, agent),
      email.release(id, asNew, { type: 'agent', id: 'other@desk.example.com' }),
    ]);

    expect(results.map((r) => (r.ok ? 'released' : r.reason)).sort()).toEqual(['already-settled', 'released']);
    const record = await intake.quarantineRecord(id);
    expect((await newTickets(store)).map((h) => h.id)).toEqual([record?.released?.ticketId]);
    expect(results.find((r) => r.ok)).toMatchObject({ ticketId: record?.released?.ticketId });
  });
});

describe('adding quarantined mail to a ticket the agent names', () => {
  it('adds it as a comment from its sender, once, and says on a second try where it went', async () => {
    const { email, service, intake, store, id } = await quarantinedStranger();
    const ticket = await service.create(
      {
        kind: 'incident',
        subject: 'ERP',
        description: 'Down',
        requester: { email: 'jan@acme.example.nl' },
        customerId: 'acme',
        language: 'nl',
        channel: 'phone',
      },
      byAgent,
    );
    if (!ticket.ok) throw new Error('ticket not created');

    const released = await email.release(id, { ticketId: ticket.head.id }, agent);
    const again = await email.release(id, { ticketId: ticket.head.id }, agent);

    expect(released).toMatchObject({ ok: true, ticketId: ticket.head.id });
    expect(again).toMatchObject({
      ok: false,
      reason: 'already-settled',
      settled: { released: { ticketId: ticket.head.id, by: agent.id } },
    });
    const comments = (await store.listEvents(ticket.head.id)).filter((e) => e.type === 'COMMENT');
    expect(comments).toEqual([
      expect.objectContaining({
        actor: agent,
        event: expect.objectContaining({ from: 'kees@partner.example.org', releasedFrom: id }),
      }),
    ]);
    expect((await intake.quarantineRecord(id))?.released?.asNewTicket).toBeUndefined();
  });

  it('refuses a ticket that does not exist as a field error, and a mail that names none without a ticket', async () => {
    const { email, intake, id } = await quarantinedStranger();

    const unknown = await email.release(id, { ticketId: 'INC-2026-000404' }, agent);
    const unnamed = await email.release(id, null, agent);

    expect(unknown).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'ticketId' }] });
    expect(unnamed).toEqual({ ok: false, reason: 'no-ticket' });
    expect((await intake.quarantineRecord(id))?.released).toBeUndefined();
  });
});

describe('discarding quarantined mail', () => {
  it('records who discarded it, when and why, deletes nothing, and refuses any later release or discard', async () => {
    const { email, intake, folder, clock, id } = await quarantinedStranger();

    const discarded = await email.discard(id, '  Sales pitch, not a request  ', agent);
    const release = await email.release(id, { asNewTicket: { customerId: 'acme', kind: 'incident' } }, agent);
    const again = await email.discard(id, 'twice', agent);

    const at = clock.now();
    expect(discarded).toEqual({ ok: true, discarded: { by: agent.id, at, reason: 'Sales pitch, not a request' } });
    for (const refused of [release, again])
      expect(refused).toMatchObject({
        ok: false,
        reason: 'already-settled',
        settled: { discarded: { by: agent.id, reason: 'Sales pitch, not a request' } },
      });
    const record = await intake.quarantineRecord(id);
    expect(record).toMatchObject({ discarded: { by: agent.id, at }, reason: 'unknown-sender' });
    expect(record?.released).toBeUndefined();
    expect(existsSync(join(folder, record!.rawKey!))).toBe(true);
    expect(await intake.listQuarantine(10)).toHaveLength(1);
  });

  it('requires a reason, and lets only one of a release and a discard at the same moment win', async () => {
    const { email, intake, store, id } = await quarantinedStranger();

    const blank = await email.discard(id, ' \n ', agent);
    const raced = await Promise.all([
      email.discard(id, 'Spam', agent),
      email.release(id, { asNewTicket: { customerId: 'acme', kind: 'incident' } }, agent),
    ]);

    expect(blank).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'reason' }] });
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    const record = await intake.quarantineRecord(id);
    // Exactly one took effect, and the record says which: a ticket only if it was released.
    expect(Boolean(record?.discarded) !== Boolean(record?.released)).toBe(true);
    expect((await newTickets(store)).map((t) => t.id)).toEqual(record?.released ? [record.released.ticketId] : []);
  });
});
