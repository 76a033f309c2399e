// Path parameters checked at the edge. A ticket id, an event's sequence number, a file digest, a link token and
// a webhook source name each have one format and a bounded length, so no handler and no store ever sees one it would refuse
// (DynamoDB rejects keys over 2 KB; a 5,000-character id must be a 400, not a 500).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isTicketId } from '../../workflows/lifecycle/ticket-id';
import { HttpProblem, problemTypes } from './problem';

/** A path parameter that cannot name anything of ours. */
export class InvalidPathParameterError extends HttpProblem {
  constructor(
    readonly parameter: string,
    expected: string,
  ) {
    super({
      type: problemTypes('invalid'),
      title: 'Invalid request',
      status: 400,
      detail: `${parameter}: not ${expected}`,
      errors: [{ field: parameter, message: `not ${expected}` }],
    });
  }
}

const param = (event: APIGatewayProxyEventV2, name: string) => event.pathParameters?.[name] ?? '';

/** The `{id}` of a ticket route: `INC-2026-000042`, `SR-…`, `CHG-…`. */
export function ticketIdOf(event: APIGatewayProxyEventV2): string {
  const id = param(event, 'id');
  if (!isTicketId(id)) throw new InvalidPathParameterError('id', 'a ticket number such as INC-2026-000042');
  return id;
}

/** The `{id}` of a quarantine route: the record's UUID. */
export function quarantineIdOf(event: APIGatewayProxyEventV2): string {
  const id = param(event, 'id');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw new InvalidPathParameterError('id', 'a quarantine record id');
  return id;
}

/** The `{seq}` of an event route: a positive whole number of at most 10 digits (as the log stores it). */
export function eventSeqOf(event: APIGatewayProxyEventV2): number {
  const seq = param(event, 'seq');
  if (!/^[0-9]{1,10}$/.test(seq) || Number(seq) < 1)
    throw new InvalidPathParameterError('seq', "an event's sequence number (a positive whole number)");
  return Number(seq);
}

/** Link tokens are two base64url parts; a longer one was never minted here. */
export const MAX_LINK_TOKEN_LENGTH = 2048;

/** The `{token}` of a link route, or null when it cannot be one of ours (the page says so). */
export function linkTokenOf(event: APIGatewayProxyEventV2): string | null {
  const token = param(event, 'token');
  return token.length <= MAX_LINK_TOKEN_LENGTH && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? token : null;
}

/** The `{source}` of a webhook route in the policy's id format, or null. */
export function webhookSourceOf(event: APIGatewayProxyEventV2): string | null {
  const source = param(event, 'source');
  return /^[a-z0-9-]{1,100}$/.test(source) ? source : null;
}

/** The `{sha256}` of a file route: a kept file's digest, 64 lowercase hex digits (as events reference it). */
export function fileDigestOf(event: APIGatewayProxyEventV2): string {
  const sha256 = param(event, 'sha256');
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw new InvalidPathParameterError('sha256', "a file's SHA-256 digest");
  return sha256;
}
