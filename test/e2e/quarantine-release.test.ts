// Releasing quarantined mail on the running desk: a stranger's reply is quarantined, naming the
// ticket it answered; an agent releases it onto that ticket once, over the API.
import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `release-${randomUUID()}`;
let desk: LocalDesk;

beforeAll(async () => {
  desk = await startTestDesk('release', {
    clock,
    agentToken: token,
  });
});
afterAll(async () => desk.stop());

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });
const send = (mail: SendMailOptions) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true }).sendMail(mail);
type Quarantined = {
  id: string;
  reason: string;
  ticketId?: string;
  from: string;
  released?: { by: string; ticketId: string };
};
const quarantined = async (from: string): Promise<Quarantined> =>
  eventually(async () => {
    const found = ((await api('/v1/quarantine')).json.quarantine as Quarantined[]).find((q) => q.from === from);
    expect(found).toBeDefined();
    return found!;
  });

describe('releasing quarantined mail', () => {
  it("adds a stranger's reply to the ticket it answered once an agent releases it, once, with the agent as actor", async () => {
    const { json: ticket } = await api('/v1/tickets', {
      kind: 'incident',
      subject: 'VPN down',
      requester: { email: 'jan@acme.example.nl' },
      customerId: 'acme',
    });
    // The acknowledgement's Message-ID, as the stranger's mail client quotes it.
    const [ack] = await desk.desk.store.listOutbox(ticket.id);
    const messageId = ack!.messageId;

    await send({
      from: 'consultant@elsewhere.example.org',
      to: 'servicedesk@desk.example.com',
      subject: 'Re: VPN down',
      text: 'I set up that VPN; the certificate expired.',
      inReplyTo: messageId,
      references: [messageId],
    });
    const record = await quarantined('consultant@elsewhere.example.org');
    expect(record).toMatchObject({ reason: 'not-a-party', ticketId: ticket.id });
    expect((await api(`/v1/tickets/${ticket.id}`)).json.timeline).toHaveLength(1);

    const released = await api(`/v1/quarantine/${record.id}/release`, {});
    const again = await api(`/v1/quarantine/${record.id}/release`, {});

    expect(released).toMatchObject({ status: 200, json: { ticketId: ticket.id, released: { by: 'anna' } } });
    expect(again).toMatchObject({
      status: 409,
      json: { title: 'Already released', released: { ticketId: ticket.id } },
    });
    const timeline = (await api(`/v1/tickets/${ticket.id}`)).json.timeline as {
      type: string;
      actor: unknown;
      payload: Record<string, unknown>;
    }[];
    expect(timeline.filter((e) => e.type === 'COMMENT')).toEqual([
      expect.objectContaining({
        actor: { type: 'agent', id: 'anna' },
        payload: expect.objectContaining({
          from: 'consultant@elsewhere.example.org',
          channel: 'email',
          releasedFrom: record.id,
          text: expect.stringContaining('certificate expired'),
        }),
      }),
    ]);
    expect(await quarantined('consultant@elsewhere.example.org')).toMatchObject({
      released: { by: 'anna', ticketId: ticket.id },
    });
  });

  it('asks which ticket for a mail that named none, and refuses ids that name nothing', async () => {
    const { json: ticket } = await api('/v1/tickets', {
      kind: 'incident',
      subject: 'Printer',
      requester: { email: 'jan@acme.example.nl' },
      customerId: 'acme',
    });
    await send({
      from: 'someone@unknown.example.org',
      to: 'servicedesk@desk.example.com',
      subject: 'Hello',
      text: 'About the printer at Acme.',
    });
    const record = await quarantined('someone@unknown.example.org');

    const unnamed = await api(`/v1/quarantine/${record.id}/release`, {});
    const named = await api(`/v1/quarantine/${record.id}/release`, { ticketId: ticket.id });

    expect(unnamed).toMatchObject({ status: 400, json: { errors: [{ field: 'ticketId' }] } });
    expect(named).toMatchObject({ status: 200, json: { ticketId: ticket.id } });
    expect((await api('/v1/quarantine/not-an-id/release', {})).status).toBe(400);
    expect((await api(`/v1/quarantine/${randomUUID()}/release`, {})).status).toBe(404);
    expect((await api(`/v1/quarantine/${record.id}/release`, { ticketId: '../x' })).status).toBe(400);
  });
});
