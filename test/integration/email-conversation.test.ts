// Mail as conversation, through the real email intake on DynamoDB Local: a reply adds what its
// sender wrote now (the raw message kept whole), and a vendor's helpdesk answers by mail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agent, byAgent } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';
import { mailFixture } from '../support/mail-fixtures';

const ID = 'INC-2026-000001';
const THEIR_REF = '2026113010000123';

type Desk = Awaited<ReturnType<typeof createTestIntake>>;

const classify = (desk: Desk, category: string) =>
  desk.service.apply(ID, { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category, inScope: true }, byAgent);

/** A ticket from Alice at Globex, classified and forwarded to the connectivity provider. */
async function withTheVendor() {
  const desk = await createTestIntake();
  await desk.receive(mailFixture('gmail.eml'));
  await classify(desk, 'network');
  await desk.service.apply(ID, { type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity', note: 'Line down?' }, byAgent);
  const forward = (await desk.store.listOutbox(ID)).find((m) => m.template === 'vendorForward')!;
  return { ...desk, forward };
}

const lastEvent = async (desk: Desk) => (await desk.store.listEvents(ID)).at(-1);

describe('vendors answer by mail', () => {
  it("makes the vendor's reply to the forward a VENDOR_REPLIED with their reference and their new words: reminders stop, the ticket is back in diagnosis", async () => {
    const desk = await withTheVendor();
    expect(desk.forward).toMatchObject({ to: 'vendor', address: 'support@isp.example.net' });
    expect((await desk.store.getHead(ID))?.timers.map((t) => t.name)).toContain('vendorFollowUp');

    const outcome = await desk.receive(
      mailFixture('vendor-reply.eml', { TICKET: ID, IN_REPLY_TO: desk.forward.messageId.slice(1, -1) }),
    );

    expect(outcome).toEqual({ outcome: 'updated', ticketId: ID });
    const event = await lastEvent(desk);
    expect(event).toMatchObject({
      type: 'VENDOR_REPLIED',
      actor: { type: 'vendor', id: 'support@isp.example.net' },
      event: { vendorRef: THEIR_REF, channel: 'email' },
    });
    expect(event?.event.message).toContain('een monteur ingepland');
    expect(event?.event.message).not.toContain('Wij zetten onderstaande melding');
    const head = await desk.store.getHead(ID);
    expect(head).toMatchObject({ stage: 'diagnosing', thirdParty: { id: 'connectivity', ref: THEIR_REF } });
    expect(head?.timers.map((t) => t.name)).not.toContain('vendorFollowUp');
  });

  it('threads a later vendor mail that carries only their own ticket number, as a comment now the ticket no longer waits for them', async () => {
    const desk = await withTheVendor();
    await desk.receive(
      mailFixture('vendor-reply.eml', { TICKET: ID, IN_REPLY_TO: desk.forward.messageId.slice(1, -1) }),
    );

    const outcome = await desk.receive(mailFixture('vendor-update.eml'));

    expect(outcome).toEqual({ outcome: 'updated', ticketId: ID });
    expect(await lastEvent(desk)).toMatchObject({
      type: 'COMMENT',
      actor: { type: 'vendor', id: 'noc@isp.example.net' },
      event: { text: 'De monteur heeft de modem vervangen; de verbinding is sinds 09:00 stabiel.' },
    });
    expect((await desk.store.getHead(ID))?.stage).toBe('diagnosing');
  });

  it("knows the vendor's number an agent recorded through the API, and threads their mail by it", async () => {
    const desk = await withTheVendor();
    await desk.service.apply(ID, { type: 'VENDOR_REPLIED', vendorRef: THEIR_REF, message: 'Called them' }, byAgent);

    const outcome = await desk.receive(mailFixture('vendor-update.eml'));

    expect(outcome).toEqual({ outcome: 'updated', ticketId: ID });
    expect(await lastEvent(desk)).toMatchObject({ type: 'COMMENT', actor: { type: 'vendor' } });
  });

  it('threads a vendor mail by our bare reference in a subject of their own making', async () => {
    const desk = await withTheVendor();
    const mail = Buffer.from(
      [
        'From: ISP Support <support@isp.example.net>',
        'To: servicedesk@desk.example.com',
        `Subject: RE: [Ticket#${THEIR_REF}] Doorgezet: VPN keeps disconnecting (onze referentie ${ID})`,
        'Message-ID: <bare-ref-1@helpdesk.isp.example.net>',
        '',
        'Wij kijken ernaar.',
        '',
      ].join('\r\n'),
    );

    expect(await desk.receive(mail)).toEqual({ outcome: 'updated', ticketId: ID });
    expect(await lastEvent(desk)).toMatchObject({
      type: 'VENDOR_REPLIED',
      event: { vendorRef: THEIR_REF, message: 'Wij kijken ernaar.' },
    });
  });

  it('quarantines a vendor mail about a closed ticket, saying so, and loses nothing', async () => {
    const desk = await withTheVendor();
    await desk.receive(
      mailFixture('vendor-reply.eml', { TICKET: ID, IN_REPLY_TO: desk.forward.messageId.slice(1, -1) }),
    );
    await desk.service.apply(ID, { type: 'CANCEL', reason: 'Customer moved offices' }, byAgent);
    const eventsBefore = (await desk.store.listEvents(ID)).length;

    const outcome = await desk.receive(mailFixture('vendor-update.eml'));

    expect(outcome).toMatchObject({ outcome: 'quarantined', reason: 'ticket-closed' });
    const [record] = await desk.intake.listQuarantine(10);
    expect(record).toMatchObject({ reason: 'ticket-closed', ticketId: ID, from: 'noc@isp.example.net' });
    expect(readFileSync(join(desk.folder, record!.rawKey!), 'utf8')).toContain('monteur heeft de modem vervangen');
    expect(await desk.store.listEvents(ID)).toHaveLength(eventsBefore);
  });
});

describe('replies read as conversation', () => {
  const OUTLOOK_ID = '<AM0PR02MB1234A1B2C3D4E5F6@AM0PR02MB1234.eurprd02.prod.outlook.com>';

  it("records only the new text of the customer's Outlook answer to a question, and keeps the raw message whole", async () => {
    const desk = await createTestIntake();
    await desk.receive(mailFixture('outlook-inline-image.eml'));
    await classify(desk, 'printing');
    await desk.service.apply(ID, { type: 'REQUEST_INFO', question: 'Wat is het serienummer van de printer?' }, byAgent);

    const outcome = await desk.receive(
      mailFixture('replies/outlook-nl.eml', { TICKET: ID, IN_REPLY_TO: OUTLOOK_ID.slice(1, -1) }),
    );

    expect(outcome).toEqual({ outcome: 'updated', ticketId: ID });
    const event = await lastEvent(desk);
    expect(event).toMatchObject({
      type: 'CUSTOMER_REPLIED',
      event: {
        message:
          'Hallo,\n\nHet serienummer is CN-4521-XZ. Het staat op de sticker aan de achterkant.\n\n' +
          'Met vriendelijke groet,\nJan de Vries\nAcme BV | Stationsplein 1, Utrecht',
        mail: {
          messageId: '<AM0PR02MB1234C0FFEE0001@AM0PR02MB1234.eurprd02.prod.outlook.com>',
          rawKey: expect.stringMatching(/^raw\/.+\.eml$/),
          cc: ['kees.bakker@acme.example.nl'],
        },
      },
    });
    const raw = readFileSync(join(desk.folder, (event?.event.mail as { rawKey: string }).rawKey), 'utf8');
    expect(raw).toContain('Wat is het serienummer van de printe=');
    expect((await desk.store.getHead(ID))?.stage).toBe('diagnosing');
  });

  it('stamps the mail that opened a ticket on it, and keeps its whole text as the description', async () => {
    const desk = await createTestIntake();

    await desk.receive(mailFixture('replies/outlook-en.eml', { TICKET: 'INC-2026-999999', IN_REPLY_TO: 'x@y' }));

    const [created] = await desk.store.listEvents(ID);
    expect(created?.event).toMatchObject({
      description: expect.stringContaining('Which VPN client and version do you use?'),
      mail: { messageId: expect.stringContaining('@LO2P265MB0001'), cc: ['bob@globex.example.com'] },
    });
  });

  it("stamps a released mail's kept raw message on the comment it becomes", async () => {
    const desk = await createTestIntake();
    await desk.receive(mailFixture('gmail.eml'));
    const stranger = Buffer.from(
      [
        'From: someone@unknown.example.org',
        'To: servicedesk@desk.example.com',
        `Subject: Re: [${ID}] VPN keeps disconnecting`,
        'Message-ID: <stranger-1@unknown.example.org>',
        '',
        'Same problem here.',
        '',
        'On Mon, 30 Nov 2026 at 10:00, Servicedesk <servicedesk@desk.example.com> wrote:',
        '> Dear Alice',
        '',
      ].join('\r\n'),
    );
    const quarantined = await desk.receive(stranger);
    const [record] = await desk.intake.listQuarantine(10);

    const released = await desk.email.release(record!.id, null, agent);

    expect(quarantined).toMatchObject({ outcome: 'quarantined', reason: 'not-a-party' });
    expect(released).toMatchObject({ ok: true, ticketId: ID });
    expect(await lastEvent(desk)).toMatchObject({
      type: 'COMMENT',
      event: {
        text: 'Same problem here.',
        releasedFrom: record!.id,
        mail: { messageId: '<stranger-1@unknown.example.org>', rawKey: record!.rawKey, cc: [] },
      },
    });
  });
});
