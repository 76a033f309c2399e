// GET /v1/tickets/{id}/files/{sha256} — a file of a ticket for the agent API: served only when an
// event of that ticket references the digest (ticket-file.ts), as a download. The parameters are
// checked at the edge (400); an unknown ticket or a digest the ticket does not reference is a 404.
import { s3Client } from '../aws/s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { deskFromEnv, type Desk } from '../desk';
import { fileResponse, readTicketFile } from '../files/ticket-file';
import { agentEndpoint } from '../http/agent-endpoint';
import { fileDigestOf, ticketIdOf } from '../http/path-params';
import { notFoundResponse } from '../http/problem';
import { createS3BlobStore } from '../store/s3-blob-store';

export function makeGetTicketFileHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const sha256 = fileDigestOf(event);
    const file = await readTicketFile(desk, id, sha256);
    if (!file) return notFoundResponse(`${id} has no file with digest ${sha256}.`);
    return fileResponse(file.ref, file.bytes);
  }, desk);
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeGetTicketFileHandler(deskFromEnv({ blobStore: createS3BlobStore(s3Client(), bucket) }));
