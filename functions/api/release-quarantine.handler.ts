// POST /v1/quarantine/{id}/release — an agent releases a quarantined mail: onto the ticket it
// claimed to answer (`{}`), onto another (`{"ticketId": …}`) as a comment from its sender, or as a
// new ticket (`{"asNewTicket": {"customerId": …, "kind": …}}`) opened as mail intake opens one.
// Once, with the agent as actor; a record released or discarded before is 409 saying what was done.
import { s3Client } from '../aws/s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { agentOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { quarantineIdOf } from '../http/path-params';
import { refusalResponse } from '../http/refusal';
import { emailIntakeOf, type EmailIntake } from '../intake/intake-email';
import { createS3BlobStore } from '../store/s3-blob-store';
import { releaseTargetOf } from './quarantine-bodies';
import { quarantineRefusal, settlementJson } from './quarantine-problems';

export function makeReleaseQuarantineHandler(desk: Desk, email: EmailIntake = emailIntakeOf(desk)) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = quarantineIdOf(event);
    const read = releaseTargetOf(event.body ? readJsonBody(event) : {});
    if (!read.ok) return refusalResponse({ ok: false, reason: 'invalid', issues: read.issues });
    const result = await email.release(id, read.target, agentOf(event));
    if (!result.ok) return quarantineRefusal(id, result);
    return json(200, { ticketId: result.ticketId, ...settlementJson({ released: result.released }) });
  }, desk);
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeReleaseQuarantineHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
