// An agent's upload, as the receiving side takes it: the multipart/form-data body read (the
// platform's own parser, undici's `Response#formData`, over the body API Gateway hands over
// base64-encoded), each file judged by the policy's rules (workflows/files/file-rules.ts) and, only
// when every file is accepted, stored like mail attachments (`attachments/<sha256>`); the stored
// references are what the handler stamps on the event through its `Origin`.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  judgeFiles,
  refusalText,
  type FileRules,
  type FileVerdict,
  type OfferedFile,
} from '../../workflows/files/file-rules';
import type { AttachmentRef } from '../../workflows/lifecycle/ticket-events';
import type { BlobStore } from '../store/blob-store';

/** What a multipart body carries besides its files at most: the event's JSON, a console form's fields. */
const FORM_FIELDS_BYTES = 256 * 1024;

export const isMultipart = (event: APIGatewayProxyEventV2) =>
  (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';

/** A multipart body that cannot be taken: not multipart, malformed (400) or larger than any upload may be (413). */
export class MultipartProblem extends Error {
  override readonly name = 'MultipartProblem';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Files refused by the rules: nothing of the upload is stored, the event is not applied. */
export class FilesRefused extends Error {
  override readonly name = 'FilesRefused';
  constructor(readonly verdicts: FileVerdict[]) {
    super(`files refused: ${refusalText(verdicts)}`);
  }
}

export interface MultipartForm {
  /** The text fields, in order, as a form post's are. */
  fields: URLSearchParams;
  files: OfferedFile[];
}

/** Reads a multipart/form-data body no larger than the policy's upload limit plus the form's fields. */
export async function readMultipart(event: APIGatewayProxyEventV2, rules: FileRules): Promise<MultipartForm> {
  const contentType = event.headers?.['content-type'] ?? '';
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const limit = rules.maxBytes + FORM_FIELDS_BYTES;
  if (body.byteLength > limit) throw new MultipartProblem(413, `The upload is over ${limit} bytes.`);
  let parts: FormData;
  try {
    parts = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new MultipartProblem(400, 'The body is not a well-formed multipart/form-data body.');
  }
  const fields = new URLSearchParams();
  const files: OfferedFile[] = [];
  const entries: [string, FormDataEntryValue][] = [];
  parts.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      fields.append(name, value);
      continue;
    }
    // A form's file input with no file chosen still sends a part: no name, no bytes.
    if (value.name === '' && value.size === 0) continue;
    files.push({ name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { fields, files };
}

/** Judges the files; stores them only when all are accepted; their references, in the order given. */
export async function keepUploadedFiles(
  files: readonly OfferedFile[],
  rules: FileRules,
  blobs: BlobStore,
): Promise<AttachmentRef[]> {
  if (!files.length) return [];
  const { accepted, verdicts } = judgeFiles(files, rules);
  if (!accepted) throw new FilesRefused(verdicts);
  const refs: AttachmentRef[] = [];
  for (const [i, verdict] of verdicts.entries()) {
    if (!verdict.ok) continue;
    const { sha256 } = await blobs.put(files[i]!.bytes, { prefix: 'attachments' });
    refs.push({ name: verdict.name, type: verdict.type, size: verdict.size, sha256 });
  }
  return refs;
}
