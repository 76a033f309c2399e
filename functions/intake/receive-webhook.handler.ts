// POST /v1/webhooks/{source} — a monitoring tool or portal reports: JSON only, verified over the raw
// body before anything parses it, idempotent on the delivery id, kept in the intake journal before
// it is acknowledged, and answered fast with 202.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { findWebhookSource } from '../../workflows/policy/policy';
import { json, publicEndpoint } from '../http/agent-endpoint';
import { HttpProblem, problemTypes } from '../http/problem';
import { refusalResponse } from '../http/refusal';
import { verifyWebhook } from '../http/webhook-auth';
import { isJsonMediaType, parseJson } from '../http/json-body';
import { webhookSourceOf } from '../http/path-params';
import { sha256Of } from '../store/blob-store';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { webhookIntakeOf, type WebhookIntake } from './intake-webhook';

export function makeReceiveWebhookHandler(desk: Desk, webhooks: WebhookIntake = webhookIntakeOf(desk)) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const name = webhookSourceOf(event);
    const source = name === null ? undefined : findWebhookSource(desk.policy, name);
    if (!source)
      throw new HttpProblem({
        type: problemTypes('unknown-source'),
        title: 'Unknown webhook source',
        status: 404,
        detail: 'No webhook source has this name.',
      });
    const headers = event.headers ?? {};
    if (!isJsonMediaType(headers['content-type'])) {
      const detail = `Deliveries are JSON (application/json or a +json type), not ${headers['content-type'] ? `"${headers['content-type']}"` : 'a body without a Content-Type'}.`;
      throw new HttpProblem({
        type: problemTypes('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail,
      });
    }
    const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    if (raw.byteLength > desk.policy.intake.maxWebhookBytes) {
      throw new HttpProblem({
        type: problemTypes('too-large'),
        title: 'Payload too large',
        status: 413,
        detail: `The body is over ${desk.policy.intake.maxWebhookBytes} bytes.`,
      });
    }
    if (!verifyWebhook(source, raw, headers, desk.secretOf)) {
      throw new HttpProblem({
        type: problemTypes('unauthorized'),
        title: 'Unauthorized',
        status: 401,
        detail: 'The delivery is unsigned, badly signed, too old, or from the future.',
      });
    }
    const text = raw.toString('utf8');
    const body = parseJson(text);
    // Any length: the store keeps a long key part by its digest (intake-store.ts keyPart).
    const deliveryKey = headers['webhook-id'] ?? headers['idempotency-key'] ?? sha256Of(raw);
    const result = await webhooks.receive(source, deliveryKey, body);
    if (!result.ok) return refusalResponse(result);
    // An ignored delivery changed nothing, so there is nothing to lose; all else is kept before the 202.
    if (result.outcome !== 'ignored')
      await desk.journal.keep({ kind: 'webhook', sourceId: source.id, deliveryKey, body: text });
    return json(202, {
      ticketId: result.ticketId,
      outcome: result.outcome,
      ...(result.detail ? { detail: result.detail } : {}),
    });
  }, desk);
}

export const handler = makeReceiveWebhookHandler(deskInAws());
