// An upload that cannot be taken, as the agent API answers it: refused files a 422 naming each
// file and the rule it broke; a malformed or oversized multipart body a 400 or 413.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse, problemTypes } from '../http/problem';
import { FilesRefused, MultipartProblem } from './file-upload';

export function uploadProblemResponse(error: FilesRefused | MultipartProblem): APIGatewayProxyStructuredResultV2 {
  if (error instanceof MultipartProblem)
    return problemResponse({
      type: problemTypes(error.status === 413 ? 'too-large' : 'malformed-multipart'),
      title: error.status === 413 ? 'Payload too large' : 'Malformed multipart body',
      status: error.status,
      detail: error.message,
    });
  const refused = error.verdicts.flatMap((v) => (v.ok ? [] : [{ file: v.name, rule: v.rule, message: v.reason }]));
  return problemResponse({
    type: problemTypes('files-refused'),
    title: 'Files refused',
    status: 422,
    detail: refused.map((r) => `${r.file}: ${r.message} (${r.rule})`).join('; '),
    errors: refused,
  });
}

/** Runs what reads an upload; a refusal of the upload becomes its problem document, anything else is thrown on. */
export async function filesProblem<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: APIGatewayProxyStructuredResultV2 }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof FilesRefused || error instanceof MultipartProblem)
      return { ok: false, response: uploadProblemResponse(error) };
    throw error;
  }
}
