// GET /console/tickets/{id}/events/{seq}/original — the original of an event that came from a mail:
// the raw message the intake kept, read from the desk's raw store and parsed for reading. The
// parameters are checked at the edge (400); an event that did not come from a mail, or whose raw
// message is not kept, is a 404 page that says which. Reads only; the session is checked first.
import { s3Client } from '../aws/s3';
import type { MailProvenance } from '../../workflows/lifecycle/ticket-events';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { eventSeqOf, ticketIdOf } from '../http/path-params';
import { readOriginalMail, type OriginalMail } from '../intake/mail-original';
import { UnparseableMailError } from '../intake/mime-parse';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import { createS3BlobStore } from '../store/s3-blob-store';
import { consoleFormats, htmlResponse } from './console-pages';
import { whatHappened } from './console-event-content';
import { noOriginalPage, originalMailPage } from './console-original-page';

export function makeConsoleMailOriginalHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const id = ticketIdOf(event);
    const seq = eventSeqOf(event);
    const none = (status: number, reason: string) => htmlResponse(status, noOriginalPage(id, reason, chrome));
    const head = await desk.store.getHead(id);
    if (!head) throw new TicketNotFoundError(id);
    const events = seq <= head.version ? await desk.store.listEvents(id, seq) : [];
    const logged = events.find((e) => e.seq === seq);
    if (!logged) return none(404, `${id} has no event ${seq}.`);
    const mail = logged.event.mail as MailProvenance | undefined;
    if (!mail) return none(404, `Event ${seq} of ${id} did not come from a mail, so there is no original to show.`);
    const raw = mail.rawKey ? await desk.blobs.get(mail.rawKey) : null;
    if (!raw) return none(404, `The original message of event ${seq} of ${id} is not kept.`);
    let original: OriginalMail;
    try {
      original = await readOriginalMail(raw);
    } catch (error) {
      if (!(error instanceof UnparseableMailError)) throw error;
      return none(422, `The original message of event ${seq} of ${id} is kept but cannot be read: ${error.message}.`);
    }
    const formats = consoleFormats(desk.policy);
    const stageBefore = events.find((e) => e.seq === seq - 1)?.stage ?? null;
    const what = whatHappened(logged, { head, policy: desk.policy, machine: desk.machine, formats, stageBefore });
    return htmlResponse(
      200,
      originalMailPage({
        ticketId: id,
        seq,
        event: { by: logged.actor.id, what },
        mail: original,
        formats,
        chrome,
      }),
    );
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleMailOriginalHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
