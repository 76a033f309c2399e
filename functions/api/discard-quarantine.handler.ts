// POST /v1/quarantine/{id}/discard — an agent discards a quarantined mail with a reason
// (`{"reason": …}`, required). Nothing is deleted: the record says who discarded it, when and why,
// and its raw message stays kept. Once; a record released or discarded before is 409.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toIssues } from '../../workflows/lifecycle/ticket-events';
import { deskFromEnv, type Desk } from '../desk';
import { agentEndpoint, json } from '../http/agent-endpoint';
import { agentOf } from '../http/agent-auth';
import { readJsonBody } from '../http/json-body';
import { quarantineIdOf } from '../http/path-params';
import { refusalResponse } from '../http/refusal';
import { createQuarantineDiscard, type QuarantineDiscard } from '../intake/quarantine-discard';
import { discardBodySchema } from './quarantine-bodies';
import { quarantineRefusal, settlementJson } from './quarantine-problems';

export function makeDiscardQuarantineHandler(desk: Desk, discard: QuarantineDiscard = createQuarantineDiscard(desk)) {
  return agentEndpoint(async (event: APIGatewayProxyEventV2) => {
    const id = quarantineIdOf(event);
    const body = discardBodySchema.safeParse(event.body ? readJsonBody(event) : {});
    if (!body.success) return refusalResponse({ ok: false, reason: 'invalid', issues: toIssues(body.error) });
    const result = await discard(id, body.data.reason, agentOf(event));
    if (!result.ok) return quarantineRefusal(id, result);
    return json(200, settlementJson({ discarded: result.discarded }));
  }, desk);
}

export const handler = makeDiscardQuarantineHandler(deskFromEnv());
