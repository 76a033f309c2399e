// GET /console/quarantine/{id} — one quarantined mail read in full (headers, text, attachments,
// from the kept raw message) with the forms that settle it, or what was done with it. `?done` is
// the flash after a form was applied (its text is written from the record, never from the URL).
// Reads only; the id is checked at the edge (400), an unknown one is a 404 page.
import { s3Client } from '../aws/s3';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { quarantineIdOf } from '../http/path-params';
import { createS3BlobStore } from '../store/s3-blob-store';
import { consoleFormats, htmlResponse, refusalPage } from './console-pages';
import { quarantineMailData } from './console-quarantine-data';
import { quarantineMailPage, settledText } from './console-quarantine-page';

export function makeConsoleQuarantineMailHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ event, chrome }) => {
    const id = quarantineIdOf(event);
    const data = await quarantineMailData(desk, id);
    if (!data) return htmlResponse(404, refusalPage('Not found', `There is no quarantine record ${id}.`, chrome));
    const formats = consoleFormats(desk.policy);
    const done = event.queryStringParameters?.done !== undefined ? settledText(data.record, formats) : null;
    return htmlResponse(
      200,
      quarantineMailPage({
        ...data,
        policy: desk.policy,
        formats,
        chrome,
        ...(done ? { flash: { kind: 'ok' as const, text: done } } : {}),
      }),
    );
  });
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeConsoleQuarantineMailHandler(
  deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }),
);
