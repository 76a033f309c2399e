// POST /v1/quarantine/{id}/release — an agent releases a quarantined mail onto a ticket: the one
// it claimed to answer, or `{"ticketId": …}`. Added once, as a comment from its sender with the
// agent as actor; a record already released is 409 with who released it where and when.
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { toIssues } from '../../workflows/lifecycle/ticket-events';
import { ticketIdPattern } from '../../workflows/lifecycle/ticket-id';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { agentOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { InvalidPathParameterError } from '../http/path-params';
import { problemResponse, problemTypes } from '../http/problem';
import { refusalResponse } from '../http/refusal';
import { createS3BlobStore } from '../store/s3-blob-store';

const quarantineId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const bodySchema = z.strictObject({ ticketId: z.string().regex(ticketIdPattern, 'not a ticket number').optional() });

const conflict = (title: string, detail: string, extra: Record<string, unknown> = {}) =>
  problemResponse({ type: problemTypes('not-released'), title, status: 409, detail, ...extra });

export function makeReleaseQuarantineHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = event.pathParameters?.id ?? '';
    if (!quarantineId.test(id)) throw new InvalidPathParameterError('id', 'a quarantine record id');
    const body = bodySchema.safeParse(event.body ? readJsonBody(event) : {});
    if (!body.success) return refusalResponse({ ok: false, reason: 'invalid', issues: toIssues(body.error) });
    const result = await desk.email.release(id, body.data.ticketId ?? null, agentOf(event));
    if (result.ok)
      return json(200, {
        ticketId: result.ticketId,
        released: { ...result.released, at: new Date(result.released.at).toISOString() },
      });
    switch (result.reason) {
      case 'not-found':
        return problemResponse({
          type: problemTypes('not-found'),
          title: 'Not found',
          status: 404,
          detail: `no quarantine record ${id}`,
        });
      case 'already-released':
        return conflict('Already released', `released onto ${result.released.ticketId} by ${result.released.by}`, {
          released: result.released,
        });
      case 'no-ticket':
        return refusalResponse({
          ok: false,
          reason: 'invalid',
          issues: [{ field: 'ticketId', message: 'this mail named no ticket: say which ticket to add it to' }],
        });
      case 'nothing-kept':
        return conflict('Nothing to release', 'no raw mail is kept for this record');
      case 'unparseable':
        return conflict('Nothing to release', `the kept mail cannot be read: ${result.detail}`);
      default:
        return refusalResponse(result);
    }
  }, desk);
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makeReleaseQuarantineHandler(
  deskInAws({ blobStore: createS3BlobStore(new S3Client({}), bucket) }),
);
