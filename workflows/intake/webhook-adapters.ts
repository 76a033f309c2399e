// Turns a webhook source's payload into what the desk should do with it: a generic JSON ticket,
// or a Prometheus Alertmanager notification (webhook payload version 4) correlated by group and
// fingerprint. Pure: payload and source in, intent out, or the fields that are wrong.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { priorities, ticketKinds, type Priority, type WebhookSource } from '../policy/policy';
import type { CreateTicket, FieldIssue, Parsed } from '../lifecycle/ticket-events';

export type WebhookIntent =
  | { type: 'create'; ticket: CreateTicket }
  | { type: 'comment'; ticketId: string; text: string }
  /** Alerts: find the open incident by any of `keys`; firing opens one if there is none. */
  | { type: 'alert'; status: 'firing' | 'resolved'; keys: string[]; ticket: CreateTicket; summary: string };

const genericSchema = z.union([
  z
    .object({
      title: z.string().trim().min(1).max(300),
      description: z.string().max(20_000).default(''),
      kind: z.enum(ticketKinds).optional(),
      priority: z.enum(priorities).optional(),
      requester: z.object({ email: z.email(), name: z.string().max(200).optional() }).optional(),
    })
    .strict(),
  z
    .object({
      ticketId: z.string().regex(/^(INC|SR|CHG)-\d{4}-\d{6,}$/),
      comment: z.string().trim().min(1).max(100_000),
    })
    .strict(),
]);

const labels = z.record(z.string(), z.string());
const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});
const alertmanagerSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).min(1).max(1000),
});

const issuesOf = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

function adaptGeneric(source: WebhookSource, body: unknown): Parsed<WebhookIntent> {
  const parsed = genericSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: issuesOf(parsed.error) };
  const value = parsed.data;
  if ('ticketId' in value)
    return { ok: true, value: { type: 'comment', ticketId: value.ticketId, text: value.comment } };
  return {
    ok: true,
    value: {
      type: 'create',
      ticket: {
        kind: value.kind ?? source.defaultKind,
        subject: value.title,
        description: value.description,
        requester: value.requester ?? { email: source.requester },
        priority: value.priority ?? source.defaultPriority,
        customerId: source.customerId,
        channel: 'webhook',
        attachments: [],
      },
    },
  };
}

/** The most urgent priority any firing alert's severity maps to. */
function priorityOf(
  source: WebhookSource,
  alerts: z.infer<typeof alertSchema>[],
  common: Record<string, string>,
): Priority {
  const mapped = [common.severity, ...alerts.map((a) => a.labels.severity)]
    // A label is the sender's word: only the policy's own mapping counts, never an inherited name.
    .map((s) => (s && Object.hasOwn(source.severityPriorities, s) ? source.severityPriorities[s] : undefined))
    .filter((p): p is Priority => p !== undefined);
  return mapped.sort()[0] ?? source.defaultPriority;
}

function adaptAlertmanager(source: WebhookSource, body: unknown): Parsed<WebhookIntent> {
  const parsed = alertmanagerSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: issuesOf(parsed.error) };
  const n = parsed.data;
  const firing = n.alerts.filter((a) => a.status === 'firing');
  const name = n.commonLabels.alertname ?? n.groupLabels.alertname ?? 'Alert';
  const scope = n.commonLabels.instance ?? n.commonLabels.job ?? '';
  const summary = n.commonAnnotations.summary ?? n.alerts[0]?.annotations.summary ?? '';
  const lines = n.alerts.map((a) =>
    `- [${a.status}] ${a.labels.alertname ?? name} ${a.labels.instance ?? ''} ${a.annotations.summary ?? a.annotations.description ?? ''}`.trim(),
  );
  return {
    ok: true,
    value: {
      type: 'alert',
      status: n.status,
      keys: [`group:${digest(n.groupKey)}`, ...n.alerts.map((a) => `fingerprint:${a.fingerprint}`)],
      summary: [
        summary,
        ...lines,
        n.truncatedAlerts ? `(${n.truncatedAlerts} more alerts not shown)` : '',
        n.externalURL,
      ]
        .filter(Boolean)
        .join('\n'),
      ticket: {
        kind: source.defaultKind,
        subject: `${name}${scope ? ` on ${scope}` : ''}${summary ? `: ${summary}` : ''}`.slice(0, 300),
        description: lines.join('\n').slice(0, 20_000),
        requester: { email: source.requester },
        priority: priorityOf(source, firing.length ? firing : n.alerts, n.commonLabels),
        customerId: source.customerId,
        channel: 'webhook',
        attachments: [],
      },
    },
  };
}

export function adaptWebhook(source: WebhookSource, body: unknown): Parsed<WebhookIntent> {
  return source.adapter === 'alertmanager' ? adaptAlertmanager(source, body) : adaptGeneric(source, body);
}
