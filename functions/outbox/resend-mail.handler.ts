// POST /v1/tickets/{id}/outbox/{seq}/{n}/resend — an agent resends a failed mail: 200 with the
// message pending again under a fresh retry window. Ids that name nothing are 400 before anything
// is read; an unknown message is 404; one that is not failed, or goes to a suppressed address
// without `{"clearSuppression": true}`, is 409 and changes nothing.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseResendBody, parseResendTarget } from '../../workflows/mail/resend-rules';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { agentOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { refusalResponse, resendRefusalResponse } from '../http/refusal';
import { deskFromEnv, type Desk } from '../desk';
import { outboxResendFor } from './resend-store';
import { outboxMessageView } from '../api/ticket-view';

export function makeResendMailHandler(desk: Desk) {
  const outbox = outboxResendFor(desk);
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const target = parseResendTarget(event.pathParameters ?? {});
    if (!target.ok) return refusalResponse(target);
    const body = parseResendBody(event.body ? readJsonBody(event) : {});
    if (!body.ok) return refusalResponse(body);
    const result = await outbox.resend(target.value.ticketId, target.value, agentOf(event), body.value);
    if (!result.ok) return resendRefusalResponse(target.value, result);
    return json(200, outboxMessageView(result.message, desk.policy.outbox));
  }, desk);
}

export const handler = makeResendMailHandler(deskFromEnv());
