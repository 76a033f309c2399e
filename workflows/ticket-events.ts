// The events that agents, customers and vendors send to a ticket, with the payload each carries.
// Validated here so the statechart only ever sees well-formed events.
import { z } from 'zod';
import { findVendor, languages, priorities, ticketKinds, type Policy } from './policy';

const text = (max: number) => z.string().trim().min(1).max(max);
const cents = z.number().int().min(0).max(100_000_000);

export const quoteLineSchema = z.object({
  kind: z.enum(['hardware', 'licence', 'labour']),
  description: text(300),
  quantity: z.number().positive().max(10_000),
  unitCents: cents,
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

export const materialSchema = z.object({ description: text(300), quantity: z.number().positive().max(10_000), unitCents: cents });
export type Material = z.infer<typeof materialSchema>;


export const actorSchema = z.object({
  type: z.enum(['agent', 'customer', 'vendor', 'system']),
  id: text(200),
});
export type Actor = z.infer<typeof actorSchema>;

export const attachmentSchema = z.object({ name: z.string().max(300), type: z.string().max(200), size: z.number().int().min(0), sha256: z.string().regex(/^[a-f0-9]{64}$/) });
export type AttachmentRef = z.infer<typeof attachmentSchema>;

const requesterSchema = z.object({ email: z.email(), name: text(200).optional() });

/** What opens a ticket: the first entry of its event log. */
export const createTicketSchema = z.object({
  kind: z.enum(ticketKinds),
  subject: text(300),
  description: z.string().max(20_000).default(''),
  requester: requesterSchema,
  priority: z.enum(priorities).optional(),
  customerId: z.string().max(100).optional(),
  language: z.enum(languages).optional(),
  channel: z.enum(['api', 'email', 'webhook', 'phone']).default('api'),
  attachments: z.array(attachmentSchema).max(100).default([]),
});
export type CreateTicket = z.infer<typeof createTicketSchema>;

/** Which signed link an event came through, and the hash of the content the customer saw. */
const viaLink = { viaLink: z.object({ action: z.string().max(40), contentHash: z.string().max(64), nonce: z.string().max(64) }).optional() };

/** Events with nothing to say beyond their type may still carry a remark. */
const remark = z.object({ note: z.string().max(2000).optional() });
const isoInstant = z.iso.datetime({ offset: true });
const quarterHours = z.number().positive().max(24).refine((h) => Number.isInteger(h * 4), 'hours are recorded in quarter hours');

export const ticketEventSchemas = {
  CLASSIFY: z.object({
    kind: z.enum(ticketKinds),
    priority: z.enum(priorities),
    category: text(100),
    customerId: text(100).optional(),
    catalogItemId: text(100).optional(),
    inScope: z.boolean(),
    scopeNote: z.string().max(2000).optional(),
  }),
  SET_PRIORITY: z.object({ priority: z.enum(priorities), reason: text(2000) }),
  ADD_NOTE: z.object({ text: text(20_000) }),
  REQUEST_INFO: z.object({ question: text(20_000) }),
  CUSTOMER_REPLIED: z.object({ message: z.string().max(100_000).default(''), attachments: z.array(attachmentSchema).max(100).default([]) }),
  FORWARD_TO_VENDOR: z.object({ vendorId: text(100), note: z.string().max(20_000).default('') }),
  VENDOR_REPLIED: z.object({ vendorRef: z.string().max(200).optional(), message: z.string().max(100_000).default('') }),
  PROPOSE_ONSITE: z.object({ reason: text(2000) }),
  CONSENT_GIVEN: remark.extend(viaLink),
  CONSENT_DECLINED: z.object({ reason: z.string().max(2000).default(''), ...viaLink }),
  PLAN_VISIT: z.object({ plannedFor: isoInstant, technician: text(200) }),
  RECORD_VISIT: z.object({ hours: quarterHours, materials: z.array(materialSchema).max(100).default([]), report: z.string().max(20_000).default('') }),
  // Actual hours on approved work (a non-standard request or change): billed afterwards in place of the quote's estimate.
  RECORD_HOURS: z.object({ hours: quarterHours, description: text(2000) }),
  START_QUOTE: remark,
  SUBMIT_QUOTE: z.object({ lines: z.array(quoteLineSchema).min(1).max(100) }),
  QUOTE_APPROVED: z.object({ quoteVersion: z.number().int().positive(), ...viaLink }),
  QUOTE_DECLINED: z.object({ quoteVersion: z.number().int().positive(), reason: z.string().max(2000).default(''), ...viaLink }),
  REVISE_QUOTE: remark,
  SCHEDULE_WORK: z.object({ plannedFor: isoInstant }),
  START_WORK: remark,
  RESOLVE: z.object({ summary: text(20_000) }),
  CONFIRM_RESOLUTION: remark.extend(viaLink),
  REOPEN: z.object({ reason: text(100_000), attachments: z.array(attachmentSchema).max(100).default([]), ...viaLink }),
  CANCEL: z.object({ reason: text(2000) }),
  // From the intake channels: what a customer or a monitoring tool said, threaded onto the ticket.
  COMMENT: z.object({ channel: z.enum(['email', 'webhook']), from: text(300), text: z.string().max(100_000), attachments: z.array(attachmentSchema).max(100).default([]) }),
  ALERT_RESOLVED: z.object({ source: text(100), summary: z.string().max(20_000).default('') }),
  /** Machine mail (auto-replies, bounces) recorded on the ticket; it never moves the ticket. */
  MAIL_RECORDED: z.object({ reason: text(100), from: text(300), subject: z.string().max(1000).default(''), detail: z.string().max(20_000).default('') }),
} as const;

export type TicketEventType = keyof typeof ticketEventSchemas;
export const ticketEventTypes = Object.keys(ticketEventSchemas) as TicketEventType[];

/** What every event carries once the engine has accepted it. */
export interface Stamp {
  at: number;
  actor: Actor;
}

/** An event as a caller sends it: its type and payload. */
export type TicketEventInput = {
  [K in TicketEventType]: { type: K } & z.infer<(typeof ticketEventSchemas)[K]>;
}[TicketEventType];

/** Facts the engine stamps on an event from the policy in force (so replay never re-prices). */
export interface PolicyStamp {
  hourlyRateCents?: number;
}

export type DomainEvent = TicketEventInput & Stamp & PolicyStamp;

export type DomainEventOf<K extends TicketEventType> = Extract<DomainEvent, { type: K }>;

export interface FieldIssue {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'invalid'; issues: FieldIssue[] };

const toIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));

/** Checks an incoming event's type and payload (and references into the policy, like the vendor). */
export function parseTicketEvent(raw: unknown, policy: Policy): Parsed<TicketEventInput> {
  const typed = z.object({ type: z.enum(ticketEventTypes as [TicketEventType, ...TicketEventType[]]) }).safeParse(raw);
  if (!typed.success) {
    return { ok: false, reason: 'invalid', issues: [{ field: 'type', message: `unknown event type; one of ${ticketEventTypes.join(', ')}` }] };
  }
  const { type, ...payload } = raw as { type: TicketEventType };
  const parsed = ticketEventSchemas[typed.data.type].safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  const value = { type, ...parsed.data } as TicketEventInput;
  if (value.type === 'FORWARD_TO_VENDOR' && !findVendor(policy, value.vendorId)) {
    return { ok: false, reason: 'invalid', issues: [{ field: 'vendorId', message: `not in the vendor registry: ${policy.vendors.map((v) => v.id).join(', ')}` }] };
  }
  if (value.type === 'CLASSIFY') {
    const issues: FieldIssue[] = [];
    if (value.catalogItemId && !policy.catalog.some((c) => c.id === value.catalogItemId)) issues.push({ field: 'catalogItemId', message: 'not in the service catalog' });
    if (value.customerId && !policy.customers.some((c) => c.id === value.customerId)) issues.push({ field: 'customerId', message: 'unknown customer' });
    if (value.kind === 'service_request' && !value.catalogItemId) issues.push({ field: 'catalogItemId', message: 'a service request names its catalog item' });
    if (issues.length) return { ok: false, reason: 'invalid', issues };
  }
  return { ok: true, value };
}

export function parseCreateTicket(raw: unknown, policy: Policy): Parsed<CreateTicket> {
  const parsed = createTicketSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  if (parsed.data.customerId && !policy.customers.some((c) => c.id === parsed.data.customerId)) {
    return { ok: false, reason: 'invalid', issues: [{ field: 'customerId', message: 'unknown customer' }] };
  }
  return { ok: true, value: parsed.data };
}
