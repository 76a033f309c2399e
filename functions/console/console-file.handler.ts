// GET /console/tickets/{id}/files/{sha256} — a file of a ticket, downloaded by a signed-in agent
// from the timeline: served only when an event of that ticket references the digest (ticket-file.ts).
// The parameters are checked at the edge (400); an unknown ticket or a digest the ticket does not
// reference (or whose bytes are not kept) is a 404 page. Reads only.
import { s3Client } from '../aws/s3';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { readTicketFile, fileResponse } from '../files/ticket-file';
import { consoleEndpoint } from '../http/console-endpoint';
import { fileDigestOf, ticketIdOf } from '../http/path-params';
import { createS3BlobStore } from '../store/s3-blob-store';
import { htmlResponse, refusalPage } from './console-pages';

export function makeConsoleFileHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const id = ticketIdOf(event);
    const sha256 = fileDigestOf(event);
    const file = await readTicketFile(desk, id, sha256);
    if (!file)
      return htmlResponse(
        404,
        refusalPage('Not found', `${id} has no file with digest ${sha256}.`, chrome, `/console/tickets/${id}`),
      );
    return fileResponse(file.ref, file.bytes);
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleFileHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
