// The events that agents, customers and vendors send to a ticket, with the payload each carries,
// and the channels each may arrive through. Validated here so the statechart only ever sees
// well-formed events; who sent an event, and through which channel or link, is stamped by the
// receiving side (`Origin`), never read from the payload.
import * as z from '../validation/zod-mini';
import { withMeta } from '../validation/zod-mini';
import { customerOfAddress, findVendor, languages, priorities, ticketKinds, type Policy } from '../policy/policy';
import { singleLine, multiLine } from '../intake/user-text';
import type { AssignmentStamp } from './assignment';

/** One line of user text (a subject, a name): control and bidi-override characters dropped. */
const line = (max: number) => z.string().check(z.overwrite(singleLine), z.minLength(1), z.maxLength(max));
/** Free text (a description, a message): line breaks kept, other control characters dropped. */
const prose = (max: number) => z.string().check(z.overwrite(multiLine), z.maxLength(max));
const text = (max: number) => prose(max).check(z.minLength(1));
/** A policy id (customer, vendor, catalog item): the policy's own id format. */
const policyId = z.string().check(z.regex(/^[a-z0-9-]{1,100}$/, 'not an id of the policy'));
const cents = z.int().check(z.minimum(0), z.maximum(100_000_000));
const quantity = z.number().check(z.positive(), z.maximum(10_000));

export const quoteLineSchema = z.strictObject({
  kind: z.enum(['hardware', 'licence', 'labour']),
  description: line(300),
  quantity,
  unitCents: cents,
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

export const materialSchema = z.strictObject({
  description: line(300),
  quantity,
  unitCents: cents,
});
export type Material = z.infer<typeof materialSchema>;

export const actorSchema = z.object({
  type: z.enum(['agent', 'customer', 'vendor', 'system']),
  id: line(320),
});
export type Actor = z.infer<typeof actorSchema>;

export const attachmentSchema = z.strictObject({
  name: z.string().check(z.overwrite(singleLine), z.maxLength(300)),
  type: z.string().check(z.overwrite(singleLine), z.maxLength(200)),
  size: z.int().check(z.minimum(0)),
  sha256: z.string().check(z.regex(/^[a-f0-9]{64}$/)),
});
export type AttachmentRef = z.infer<typeof attachmentSchema>;
/** Files that arrived with a mail, or an agent uploaded (stamped from the `Origin`); no body references stored files by digest. */
const attachments = z._default(z.array(attachmentSchema).check(z.maxLength(100)), []);

/**
 * The channels an event can arrive through. `agent` is the agent API and the console alike;
 * `link` a customer's signed link; `portal` a signed-in customer's form in the portal (a session,
 * not a single-use link: it brings their replies too); `timer` the lifecycle's own timers.
 */
export const channels = ['agent', 'email', 'webhook', 'link', 'portal', 'timer'] as const;
export type Channel = (typeof channels)[number];

/** Which signed link an event came through, and the hash of the content the customer saw. */
export interface LinkUse {
  action: string;
  contentHash: string;
  nonce: string;
}

/**
 * A signed-in customer's portal form an event came from: the hash of the content the page showed
 * (for an answer to a quote, a visit or a resolution; none for a reply) and which session sent it,
 * by a reference that is not the session's secret (the log is read by agents).
 */
export interface PortalUse {
  contentHash?: string;
  sessionRef: string;
}

/**
 * The inbound mail an event came from: its Message-ID (the thread the desk's answers reply to),
 * where the raw message is kept (the console shows the original), and who else it was sent to.
 */
export interface MailProvenance {
  messageId: string | null;
  rawKey: string | null;
  /** The other people on the mail (its Cc, and To besides the desk), lower-cased. */
  cc?: string[];
}

/** Who caused an event and how it reached the desk: stamped by the channel that received it. */
export interface Origin {
  actor: Actor;
  channel: Channel;
  link?: LinkUse;
  /** Stamped by the portal on a signed-in customer's form. */
  portal?: PortalUse;
  /** Stamped by mail intake on what it receives. */
  mail?: MailProvenance;
  /** A quarantined mail an agent released onto the ticket: the record's id (the actor is the agent). */
  releasedFrom?: string;
  /**
   * Files the receiving side took from an agent's upload and stored (by digest): the engine puts
   * them on the event's `attachments`. A body never names a stored digest, or an agent could attach
   * another ticket's file by quoting it.
   */
  files?: AttachmentRef[];
}

/** An e-mail address as the desk accepts one anywhere: a requester, a copy, a mail's Cc. */
export const mailAddress = z.email().check(z.maxLength(320));
export const isMailAddress = (value: string): boolean => mailAddress.safeParse(value).success;
/** How the desk keys an address wherever it looks one up (the requester index, the portal): trimmed, lower-cased. */
export const addressKey = (address: string): string => address.trim().toLowerCase();
/** How many people one mail of the desk copies at most. */
export const MAX_COPIES = 10;

const requesterSchema = z.strictObject({ email: mailAddress, name: z.optional(line(200)) });

/**
 * How an agent heard of a ticket they register: a phone call, or otherwise on the customer's
 * behalf. The channels themselves (email, webhook) are stamped by the intake, never claimed.
 */
export const agentReportedVia = ['phone', 'agent'] as const;

/** What opens a ticket: the first entry of its event log. */
export const createTicketSchema = z.strictObject({
  kind: z.enum(ticketKinds),
  subject: line(300),
  description: z._default(prose(20_000), ''),
  requester: requesterSchema,
  priority: z.optional(z.enum(priorities)),
  customerId: z.optional(policyId),
  language: z.optional(z.enum(languages)),
  // `portal`: a signed-in customer's own request, in writing like a mail.
  channel: z._default(z.enum([...agentReportedVia, 'email', 'webhook', 'portal']), 'agent'),
  attachments,
});
export type CreateTicket = z.infer<typeof createTicketSchema>;

/** Events with nothing to say beyond their type may still carry a remark. */
const remark = z.strictObject({ note: z.optional(prose(2000)) });
const isoInstant = z.iso.datetime({ offset: true });
const quarterHours = z.number().check(
  z.positive(),
  z.maximum(24),
  z.refine((h) => Number.isInteger(h * 4), 'hours are recorded in quarter hours'),
);
const quoteVersion = z.int().check(z.positive());

const eventPayloads = {
  CLASSIFY: z.strictObject({
    kind: z.enum(ticketKinds),
    priority: z.enum(priorities),
    category: line(100),
    customerId: z.optional(policyId),
    catalogItemId: z.optional(policyId),
    inScope: z.boolean(),
    scopeNote: z.optional(prose(2000)),
  }),
  SET_PRIORITY: z.strictObject({ priority: z.enum(priorities), reason: text(2000) }),
  ADD_NOTE: z.strictObject({ text: text(20_000), attachments }),
  REPLY: z.strictObject({
    message: text(20_000),
    cc: z._default(z.array(mailAddress).check(z.maxLength(MAX_COPIES)), []),
    attachments,
  }),
  REQUEST_INFO: z.strictObject({ question: text(20_000) }),
  CUSTOMER_REPLIED: z.strictObject({ message: z._default(prose(100_000), ''), attachments }),
  FORWARD_TO_VENDOR: z.strictObject({ vendorId: policyId, note: z._default(prose(20_000), '') }),
  VENDOR_REPLIED: z.strictObject({ vendorRef: z.optional(line(200)), message: z._default(prose(100_000), '') }),
  PROPOSE_ONSITE: z.strictObject({ reason: text(2000) }),
  CONSENT_GIVEN: remark,
  CONSENT_DECLINED: z.strictObject({ reason: z._default(prose(2000), '') }),
  PLAN_VISIT: z.strictObject({ plannedFor: isoInstant, technician: line(200) }),
  RECORD_VISIT: z.strictObject({
    hours: quarterHours,
    materials: z._default(z.array(materialSchema).check(z.maxLength(100)), []),
    report: z._default(prose(20_000), ''),
  }),
  // Actual hours on approved work (a non-standard request or change): billed afterwards in
  // place of the quote's estimate.
  RECORD_HOURS: z.strictObject({ hours: quarterHours, description: text(2000) }),
  START_QUOTE: remark,
  SUBMIT_QUOTE: z.strictObject({ lines: z.array(quoteLineSchema).check(z.minLength(1), z.maxLength(100)) }),
  QUOTE_APPROVED: z.strictObject({ quoteVersion }),
  QUOTE_DECLINED: z.strictObject({ quoteVersion, reason: z._default(prose(2000), '') }),
  REVISE_QUOTE: remark,
  SCHEDULE_WORK: z.strictObject({ plannedFor: isoInstant }),
  START_WORK: remark,
  RESOLVE: z.strictObject({ summary: text(20_000) }),
  CONFIRM_RESOLUTION: remark,
  REOPEN: z.strictObject({ reason: text(100_000), attachments }),
  CANCEL: z.strictObject({ reason: text(2000) }),
  // From the intake channels: what a customer or a monitoring tool said, threaded onto the ticket.
  COMMENT: z.strictObject({ from: line(320), text: prose(100_000), attachments }),
  ALERT_RESOLVED: z.strictObject({ source: policyId, summary: z._default(prose(20_000), '') }),
  /** Machine mail (auto-replies, bounces) recorded on the ticket; it never moves the ticket. */
  MAIL_RECORDED: z.strictObject({
    reason: line(100),
    from: line(320),
    subject: z._default(z.string().check(z.overwrite(singleLine), z.maxLength(1000)), ''),
    detail: z._default(prose(20_000), ''),
  }),
  /**
   * The customer confirms in writing the change an agent registered for them (through the link
   * mailed to them, or the portal); the content hash of what they saw is stamped from the origin.
   */
  CHANGE_CONFIRMED_IN_WRITING: remark,
  /** Who owns the ticket: a policy agent (null: nobody, it stays in its team's queue) and a team. */
  ASSIGN: z.strictObject({ agentId: z.optional(z.nullable(policyId)), teamId: z.optional(policyId) }),
} as const;

/** Each event's title and help for agents, as its schema's metadata: the console and the API document read them there. */
const eventTexts: Record<keyof typeof eventPayloads, { title: string; description: string }> = {
  CLASSIFY: {
    title: 'Classify',
    description:
      "Kind, priority, category, customer, catalog item and whether it is in scope. Classifying is the desk's response.",
  },
  SET_PRIORITY: { title: 'Change the priority', description: 'Re-evaluates the SLA clocks under the new priority.' },
  ADD_NOTE: { title: 'Add a note', description: 'An internal note on the timeline; the customer is not mailed.' },
  REPLY: {
    title: 'Reply to the customer',
    description:
      "Mails your message to the requester (and anyone you copy); the ticket stays where it is. It counts as the desk's response.",
  },
  REQUEST_INFO: {
    title: 'Request information',
    description: 'Mails the question to the requester; the SLA pauses until they answer.',
  },
  CUSTOMER_REPLIED: {
    title: "Record the customer's answer",
    description: 'When they answered by phone (mail replies are recorded by themselves).',
  },
  FORWARD_TO_VENDOR: {
    title: 'Forward to a vendor',
    description: 'Mails the vendor from the registry and follows up at its interval.',
  },
  VENDOR_REPLIED: {
    title: "Record the vendor's reply",
    description: 'With their reference; the ticket goes back to diagnosis and the customer gets an update.',
  },
  PROPOSE_ONSITE: {
    title: 'Propose an on-site visit',
    description: "Asks the customer's consent (billed afterwards at the hourly rate).",
  },
  CONSENT_GIVEN: {
    title: "Record the customer's consent",
    description: 'When they agreed by phone or mail rather than through the link.',
  },
  CONSENT_DECLINED: { title: 'Record that the customer declined the visit', description: '' },
  PLAN_VISIT: { title: 'Plan the visit', description: 'Date, time and technician; the customer is told.' },
  RECORD_VISIT: {
    title: 'Record hours and materials',
    description: 'Hours in quarter hours; this makes the billing record.',
  },
  RECORD_HOURS: {
    title: 'Record hours worked',
    description:
      "Actual hours on the approved work, in quarter hours; billed afterwards at the hourly rate instead of the quote's estimate.",
  },
  START_QUOTE: { title: 'Start a quote', description: 'Offer the work as billable.' },
  SUBMIT_QUOTE: {
    title: 'Submit a quote',
    description: 'Lines of hardware, licences and labour; mailed to the customer for approval.',
  },
  QUOTE_APPROVED: {
    title: "Record the quote's approval",
    description: 'When the customer approved by phone or mail; only the current version counts.',
  },
  QUOTE_DECLINED: { title: 'Record that the quote was declined', description: '' },
  REVISE_QUOTE: { title: 'Revise the quote', description: 'Back to preparing the quote.' },
  SCHEDULE_WORK: { title: 'Schedule the work', description: '' },
  START_WORK: { title: 'Start the work', description: '' },
  RESOLVE: { title: 'Resolve', description: 'Sends the completion notice with confirm and reopen links.' },
  CONFIRM_RESOLUTION: { title: "Record the customer's confirmation", description: 'Closes the ticket.' },
  REOPEN: { title: 'Reopen', description: '' },
  CANCEL: { title: 'Cancel', description: 'Final: the customer is told.' },
  COMMENT: {
    title: 'Comment',
    description: 'What a customer or a monitoring tool said, threaded onto the ticket by mail or webhook.',
  },
  ALERT_RESOLVED: { title: 'Alert resolved', description: "A monitoring tool's all-clear." },
  MAIL_RECORDED: {
    title: 'Machine mail recorded',
    description: 'An auto-reply or a bounce, kept on the ticket; it never moves the ticket.',
  },
  CHANGE_CONFIRMED_IN_WRITING: {
    title: 'Change confirmed in writing',
    description:
      'The customer confirmed the registered change (subject and description) through their link or the portal; until then it cannot be quoted or scheduled.',
  },
  ASSIGN: {
    title: 'Assign',
    description:
      "To an agent (in the ticket's team, or their own first team) and/or a team; no agent puts it back in the team's queue. The assignee is mailed.",
  },
};

export const ticketEventSchemas = Object.fromEntries(
  Object.entries(eventPayloads).map(([type, schema]) => [
    type,
    withMeta(schema as z.ZodMiniObject, eventTexts[type as keyof typeof eventPayloads]),
  ]),
) as unknown as typeof eventPayloads;

export type TicketEventType = keyof typeof ticketEventSchemas;
export const ticketEventTypes = Object.keys(ticketEventSchemas) as TicketEventType[];

/**
 * Which channels may bring each event. What mail and monitoring say (COMMENT, MAIL_RECORDED,
 * ALERT_RESOLVED) arrives only through them; a customer's answer through a link or mail, or as
 * an agent records it from a phone call.
 */
export const eventChannels = {
  CLASSIFY: ['agent'],
  SET_PRIORITY: ['agent'],
  ADD_NOTE: ['agent'],
  REPLY: ['agent'],
  REQUEST_INFO: ['agent'],
  CUSTOMER_REPLIED: ['agent', 'email', 'portal'],
  FORWARD_TO_VENDOR: ['agent'],
  VENDOR_REPLIED: ['agent', 'email'],
  PROPOSE_ONSITE: ['agent'],
  CONSENT_GIVEN: ['agent', 'link', 'portal'],
  CONSENT_DECLINED: ['agent', 'link', 'portal'],
  PLAN_VISIT: ['agent'],
  RECORD_VISIT: ['agent'],
  RECORD_HOURS: ['agent'],
  START_QUOTE: ['agent'],
  SUBMIT_QUOTE: ['agent'],
  QUOTE_APPROVED: ['agent', 'link', 'portal'],
  QUOTE_DECLINED: ['agent', 'link', 'portal'],
  REVISE_QUOTE: ['agent'],
  SCHEDULE_WORK: ['agent'],
  START_WORK: ['agent'],
  RESOLVE: ['agent'],
  CONFIRM_RESOLUTION: ['agent', 'link', 'portal'],
  REOPEN: ['agent', 'email', 'link', 'portal'],
  CANCEL: ['agent'],
  COMMENT: ['email', 'webhook', 'portal'],
  ALERT_RESOLVED: ['webhook'],
  MAIL_RECORDED: ['email'],
  // Writing is the customer's own: never an agent's word for it.
  CHANGE_CONFIRMED_IN_WRITING: ['link', 'portal'],
  ASSIGN: ['agent'],
} as const satisfies Record<TicketEventType, readonly Channel[]>;

export const isTicketEventType = (type: string): type is TicketEventType => Object.hasOwn(ticketEventSchemas, type);

/** Whether an event of this type may arrive through this channel. */
export const channelMaySend = (type: TicketEventType, channel: Channel): boolean =>
  (eventChannels[type] as readonly Channel[]).includes(channel);

/** Payload fields only the receiving side fills in (the files of an inbound mail or of an agent's upload). */
export const channelFields: ReadonlySet<string> = new Set(['attachments']);

/** What every event carries once the engine has accepted it. */
export interface Stamp {
  at: number;
  actor: Actor;
  /** The channel that received it (absent on events logged before channels were stamped). */
  channel?: Channel;
  /** The signed link it came through, if any: stamped by the link handler, never by a body. */
  viaLink?: LinkUse;
  /** The portal form it came from, if any: stamped by the portal, never by a body. */
  viaPortal?: PortalUse;
  /** The quarantine record an agent released it from, if any. */
  releasedFrom?: string;
  /** The inbound mail it came from, if any: stamped by mail intake. */
  mail?: MailProvenance;
}

/** An event as a caller sends it: its type and payload. */
export type TicketEventInput = {
  [K in TicketEventType]: { type: K } & z.infer<(typeof ticketEventSchemas)[K]>;
}[TicketEventType];

/** Facts the engine stamps on an event from the policy in force (so replay never re-prices). */
export interface PolicyStamp {
  hourlyRateCents?: number;
  /** The owner an ASSIGN (or a re-routing CLASSIFY) gave the ticket, and whom it told. */
  assigned?: AssignmentStamp;
}

export type DomainEvent = TicketEventInput & Stamp & PolicyStamp;

export type DomainEventOf<K extends TicketEventType> = Extract<DomainEvent, { type: K }>;

export interface FieldIssue {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'invalid'; issues: FieldIssue[] };

/**
 * Zod's issues by field; an unknown field is named itself, so a client sees what to drop. A field
 * of the wrong type says only that: zod also runs a list's length check on a string given in its
 * place, which would add "too big" about a value the caller never meant as a list.
 */
export const toIssues = (error: z.core.$ZodError): FieldIssue[] => {
  const mistyped = new Set(error.issues.filter((i) => i.code === 'invalid_type').map((i) => i.path.join('.')));
  return error.issues.flatMap((i) => {
    if (i.code !== 'invalid_type' && mistyped.has(i.path.join('.'))) return [];
    const at = i.path.join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: 'not a field of this request' }));
    }
    return [{ field: at || '(body)', message: i.message }];
  });
};

const invalid = (field: string, message: string): { ok: false; reason: 'invalid'; issues: FieldIssue[] } => ({
  ok: false,
  reason: 'invalid',
  issues: [{ field, message }],
});

/** What an agent may say in a channel-only field: nothing (an empty list round-trips). */
const noFilesFromAgents = z._default(
  z
    .array(attachmentSchema)
    .check(
      z.maxLength(0, 'files arrive with mail or as an upload (multipart/form-data); a body cannot attach stored files'),
    ),
  [],
);

/** Each schema as a body may send it, made on its first use and kept: no schema is built per request. */
const bodySchemas = new WeakMap<z.ZodMiniObject, z.ZodMiniObject>();

/**
 * Channel-only fields are not the agent's to fill in: the schema as an agent may send it. A portal
 * form is a body too: its files come on the `Origin`, never as digests in the form.
 */
function schemaFor(schema: z.ZodMiniObject, channel: Channel): z.ZodMiniObject {
  if (channel !== 'agent' && channel !== 'portal') return schema;
  let body = bodySchemas.get(schema);
  if (!body) {
    const fields = Object.keys(schema.shape).filter((key) => channelFields.has(key));
    body = fields.length ? z.extend(schema, Object.fromEntries(fields.map((key) => [key, noFilesFromAgents]))) : schema;
    bodySchemas.set(schema, body);
  }
  return body;
}

/** An event's payload as this channel may send it (for documents derived from the schemas). */
export const eventPayloadSchema = (type: TicketEventType, channel: Channel): z.ZodMiniObject =>
  schemaFor(ticketEventSchemas[type] as unknown as z.ZodMiniObject, channel);

/** An event's title and help for agents, as its schema's metadata carries them. */
export const eventTextsOf = (type: TicketEventType) => z.globalRegistry.get(ticketEventSchemas[type]);

/** What opens a ticket, as this channel may send it. */
export const createTicketSchemaFor = (channel: Channel): z.ZodMiniObject => schemaFor(createTicketSchema, channel);

const eventTypeSchema = z.object({ type: z.enum(ticketEventTypes as [TicketEventType, ...TicketEventType[]]) });

/**
 * Checks an incoming event's type and payload (and references into the policy, like the
 * vendor), and that the channel it came through may bring it.
 */
export function parseTicketEvent(raw: unknown, policy: Policy, channel: Channel): Parsed<TicketEventInput> {
  const typed = eventTypeSchema.safeParse(raw);
  if (!typed.success) return invalid('type', `unknown event type; one of ${ticketEventTypes.join(', ')}`);
  const type = typed.data.type;
  if (!channelMaySend(type, channel)) {
    return invalid('type', `${type} arrives through ${eventChannels[type].join(' or ')}, not from ${channel}`);
  }
  const { type: _type, ...payload } = raw as { type: TicketEventType };
  const parsed = eventPayloadSchema(type, channel).safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  const value = { type, ...parsed.data } as TicketEventInput;
  if (value.type === 'FORWARD_TO_VENDOR' && !findVendor(policy, value.vendorId)) {
    return invalid('vendorId', `not in the vendor registry: ${policy.vendors.map((v) => v.id).join(', ')}`);
  }
  if (value.type === 'CLASSIFY') {
    const issues: FieldIssue[] = [];
    if (value.catalogItemId && !policy.catalog.some((c) => c.id === value.catalogItemId)) {
      issues.push({ field: 'catalogItemId', message: 'not in the service catalog' });
    }
    if (value.customerId && !policy.customers.some((c) => c.id === value.customerId)) {
      issues.push({ field: 'customerId', message: 'unknown customer' });
    }
    if (value.kind === 'service_request' && !value.catalogItemId) {
      issues.push({ field: 'catalogItemId', message: 'a service request names its catalog item' });
    }
    if (issues.length) return { ok: false, reason: 'invalid', issues };
  }
  return { ok: true, value };
}

/**
 * Checks what opens a ticket. An agent says how they heard of it (`phone`, or `agent` for
 * otherwise on the customer's behalf) but cannot claim it came by mail or webhook, nor attach
 * stored files; an intake's own channel is stamped over whatever the input says.
 */
export function parseCreateTicket(raw: unknown, policy: Policy, channel: Channel): Parsed<CreateTicket> {
  const parsed = schemaFor(createTicketSchema, channel).safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  const value = parsed.data as CreateTicket;
  if (channel === 'agent' && !(agentReportedVia as readonly string[]).includes(value.channel)) {
    return invalid(
      'channel',
      `an agent registers a call as ${agentReportedVia.join(' or ')}; mail and webhooks open their own`,
    );
  }
  if (channel === 'email' || channel === 'webhook' || channel === 'portal') value.channel = channel;
  else if (channel !== 'agent') return invalid('channel', `tickets are not opened through ${channel}`);
  if (value.customerId && !policy.customers.some((c) => c.id === value.customerId)) {
    return invalid('customerId', 'unknown customer');
  }
  // An agent's registration without a customer belongs where the requester's mail would: their domain's.
  if (channel === 'agent' && !value.customerId) {
    const customer = customerOfAddress(policy, value.requester.email);
    if (customer) value.customerId = customer.id;
  }
  return { ok: true, value };
}
