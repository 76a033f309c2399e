// POST /v1/tickets/{id}/events — an agent moves a ticket on; 409 lists what is allowed instead.
// A JSON body is the event; a multipart/form-data body carries it as its `event` part and files
// beside it (a REPLY's or a note's attachments): each file is judged by the policy's rules and
// stored, and the stored list is stamped on the event through the Origin. A refused file is a 422
// naming the file and the rule; nothing is stored or applied then.
import { s3Client } from '../aws/s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { ticketIdOf } from '../http/path-params';
import { agentOriginOf } from '../http/agent-auth';
import { parseJson, readJsonBody } from '../http/json-body';
import { HttpProblem, problemTypes } from '../http/problem';
import { refusalResponse } from '../http/refusal';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { isMultipart, keepUploadedFiles, readMultipart } from '../files/file-upload';
import { filesProblem } from '../files/upload-problems';
import { createS3BlobStore } from '../store/s3-blob-store';
import { ticketSummary } from './ticket-view';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { AttachmentRef } from '../../workflows/lifecycle/ticket-events';

/** The event and the files stored for it: from a JSON body, or from a multipart body's `event` part and files. */
async function eventAndFiles(
  desk: Desk,
  event: APIGatewayProxyEventV2,
): Promise<{ raw: unknown; files: AttachmentRef[] }> {
  if (!isMultipart(event)) return { raw: readJsonBody(event), files: [] };
  const { fields, files } = await readMultipart(event, desk.policy.files);
  const part = fields.get('event');
  if (part === null)
    throw new HttpProblem({
      type: problemTypes('invalid'),
      title: 'Invalid request',
      status: 400,
      detail: 'event: a multipart body carries the event as JSON in its `event` part',
      errors: [{ field: 'event', message: 'required' }],
    });
  const raw = parseJson(part);
  return { raw, files: await keepUploadedFiles(files, desk.policy.files, desk.blobs) };
}

export function makePostTicketEventHandler(desk: Desk) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = ticketIdOf(event);
    const taken = await filesProblem(() => eventAndFiles(desk, event));
    if (!taken.ok) return taken.response;
    const { raw, files } = taken.value;
    const origin = { ...agentOriginOf(event), ...(files.length ? { files } : {}) };
    const result = await desk.service.apply(id, raw, origin);
    if (!result.ok) return refusalResponse(result);
    return json(200, {
      ...ticketSummary(desk.machine, result.head),
      allowedEvents: allowedEvents(desk.machine, result.head.snapshot, 'agent'),
    });
  }, desk);
}

const bucket = process.env.MAIL_BUCKET ?? '';
export const handler = makePostTicketEventHandler(deskInAws({ blobStore: createS3BlobStore(s3Client(), bucket) }));
