// Turns a webhook source's payload into what the desk should do with it: a generic JSON ticket,
// or a Prometheus Alertmanager notification (webhook payload version 4) correlated by group and
// fingerprint. Pure: payload and source in, intent out, or the fields that are wrong.
import { createHash } from 'node:crypto';
import * as z from '../validation/zod-mini';
import { priorities, ticketKinds, type Priority, type WebhookSource } from '../policy/policy';
import type { CreateTicket, FieldIssue, Parsed } from '../lifecycle/ticket-events';

export type WebhookIntent =
  | { type: 'create'; ticket: CreateTicket }
  | { type: 'comment'; ticketId: string; text: string }
  /** Alerts: find the open incident by any of `keys`; firing opens one if there is none. */
  | { type: 'alert'; status: 'firing' | 'resolved'; keys: string[]; ticket: CreateTicket; summary: string };

const genericSchema = z.union([
  z.strictObject({
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
    description: z._default(z.string().check(z.maxLength(20_000)), ''),
    kind: z.optional(z.enum(ticketKinds)),
    priority: z.optional(z.enum(priorities)),
    requester: z.optional(z.object({ email: z.email(), name: z.optional(z.string().check(z.maxLength(200))) })),
  }),
  z.strictObject({
    ticketId: z.string().check(z.regex(/^(INC|SR|CHG)-\d{4}-\d{6,}$/)),
    comment: z.string().check(z.trim(), z.minLength(1), z.maxLength(100_000)),
  }),
]);

const labels = z.record(z.string(), z.string());
const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: z._default(labels, {}),
  startsAt: z.string(),
  endsAt: z.optional(z.string()),
  generatorURL: z.optional(z.string()),
  fingerprint: z.string().check(z.minLength(1)),
});
const alertmanagerSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().check(z.minLength(1)),
  truncatedAlerts: z._default(z.int().check(z.minimum(0)), 0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: z._default(labels, {}),
  commonLabels: z._default(labels, {}),
  commonAnnotations: z._default(labels, {}),
  externalURL: z._default(z.string(), ''),
  alerts: z.array(alertSchema).check(z.minLength(1), z.maxLength(1000)),
});

const issuesOf = (error: z.core.$ZodError): FieldIssue[] =>
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
