import nodemailer from 'nodemailer';
import { createOutboxDispatcher } from '../../functions/outbox/delivery-attempts';
import type { Mailer, OutgoingMail, SentMail } from '../../functions/outbox/mailer';
import { createLocalFolderStore } from '../../functions/store/blob-store';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { byAgent } from '../support/test-table';
import { createTestIntake } from '../support/intake-engine';

const retry = defaultPolicy.outbox;
const quiet = { error: () => {}, info: () => {} };

/** A transport that, like SES, gives each message an id of its own, and records what it was handed. */
function renamingMailer(): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail): Promise<SentMail> {
      sent.push(mail);
      return { alsoKnownAs: [`<ses-${sent.length}@eu-west-1.amazonses.com>`] };
    },
  };
}

/** A customer's mail with a file, as their client builds it. */
const mailWithFile = () =>
  new Promise<Buffer>((resolve, reject) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(
      {
        from: 'jan@acme.example.nl',
        to: 'servicedesk@desk.example.com',
        cc: 'piet@acme.example.nl',
        subject: 'Router meldt fout',
        text: 'Zie de foto van het display.',
        messageId: '<with-file@acme.example.nl>',
        attachments: [{ filename: 'display.txt', content: 'ERROR 42: uplink lost' }],
      },
      (error, info) => (error ? reject(error) : resolve(info.message as Buffer)),
    ),
  );

/** A ticket opened by that mail, and a dispatcher delivering its outbox through a renaming transport. */
async function deskWithMail() {
  const intake = await createTestIntake();
  const mailer = renamingMailer();
  const { client, tableName, folder } = intake;
  const dispatcher = createOutboxDispatcher({
    client,
    tableName,
    mailer,
    clock: { now: () => Date.now() },
    retry,
    logger: quiet,
    attachments: createLocalFolderStore(folder),
  });
  const created = await intake.receive(await mailWithFile());
  if (created.outcome !== 'created') throw new Error(`not created: ${created.outcome}`);
  return { ...intake, mailer, dispatcher, id: created.ticketId };
}

describe('the outbox threads and carries what the conversation needs', () => {
  it("sends the vendor forward with the customer's files, and copies the customer's Cc on their mails", async () => {
    const { service, mailer, dispatcher, id } = await deskWithMail();
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'network', inScope: true },
      byAgent,
    );

    await service.apply(id, { type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity', note: 'Uplink' }, byAgent);
    await dispatcher.dispatchDue();

    const ack = mailer.sent.find((m) => m.to === 'jan@acme.example.nl')!;
    const forward = mailer.sent.find((m) => m.to === 'support@isp.example.net')!;
    expect(ack.cc).toEqual(['piet@acme.example.nl']);
    expect(ack.inReplyTo).toBe('<with-file@acme.example.nl>');
    expect(forward.cc).toBeUndefined();
    expect(forward.files).toEqual([
      expect.objectContaining({ filename: 'display.txt', content: Buffer.from('ERROR 42: uplink lost') }),
    ]);
  });

  it('references the ids a renaming transport gave the earlier mails, beside its own', async () => {
    const { service, mailer, dispatcher, id } = await deskWithMail();
    await dispatcher.dispatchDue();
    const ack = mailer.sent[0]!;

    await service.apply(id, { type: 'REPLY', message: 'Wij kijken ernaar.' }, byAgent);
    await dispatcher.dispatchDue();

    const reply = mailer.sent[1]!;
    expect(reply.inReplyTo).toBe(`${ack.messageId} <ses-1@eu-west-1.amazonses.com>`);
    expect(reply.references).toEqual(['<with-file@acme.example.nl>', ack.messageId, '<ses-1@eu-west-1.amazonses.com>']);
  });
});
