// An event that came from a mail, as the mail intake stamps it: the raw message kept in the desk's
// raw store first, then the customer's comment applied with that mail's provenance.
import type { Desk } from '../../functions/desk';
import { keepRawMail } from '../../functions/intake/intake-email';

export async function commentFromMail(
  desk: Desk,
  ticketId: string,
  raw: Buffer,
  mail: { from: string; text: string; messageId: string; cc?: string[] },
) {
  const { key } = await keepRawMail(desk.blobs, raw, desk.clock.now());
  return desk.service.apply(
    ticketId,
    { type: 'COMMENT', from: mail.from, text: mail.text, attachments: [] },
    {
      actor: { type: 'customer', id: mail.from },
      channel: 'email',
      mail: { messageId: mail.messageId, rawKey: key, cc: mail.cc ?? [] },
    },
  );
}
