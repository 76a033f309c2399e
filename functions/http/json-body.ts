// Reads a JSON request body, turning a malformed or oversized one into a 400/413 problem, and tells
// a JSON media type from any other.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem, problemTypes } from './problem';

export const MAX_JSON_BODY_BYTES = 256 * 1024;

export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw) > MAX_JSON_BODY_BYTES) {
    throw new HttpProblem({
      type: problemTypes('too-large'),
      title: 'Payload too large',
      status: 413,
      detail: `The body is over ${MAX_JSON_BODY_BYTES} bytes.`,
    });
  }
  return parseJson(raw);
}

/** JSON text to a value, or the 400 problem that says it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem({
      type: problemTypes('malformed-json'),
      title: 'Malformed JSON',
      status: 400,
      detail: 'The request body is not valid JSON.',
    });
  }
}

/** application/json, or a structured syntax type that is JSON (`application/cloudevents+json`). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}
