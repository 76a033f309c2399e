// The desk's policy as data: its shape, validated with zod when it is loaded, so a bad policy
// fails at start-up with the field that is wrong rather than mid-lifecycle.
import { z } from 'zod';
import { recognisedTypes } from '../files/file-rules';
import { calendarProblem } from './holiday-calendar';

export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof priorities)[number];

export const ticketKinds = ['incident', 'service_request', 'change'] as const;
export type TicketKind = (typeof ticketKinds)[number];

export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

/** A timer either counts wall-clock time or only the desk's business hours. */
const clockSchema = z.enum(['business', 'calendar']);
export type ClockKind = z.infer<typeof clockSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const positiveMinutes = z.number().int().positive();

const slaTargetSchema = z.object({
  responseMinutes: positiveMinutes,
  resolutionMinutes: positiveMinutes,
  clock: clockSchema,
});

/** A follow-up cycle: remind every `intervalMinutes`, at most `maxReminders` times, then give up. */
const reminderCycleSchema = z.object({
  intervalMinutes: positiveMinutes,
  maxReminders: z.number().int().min(0).max(20),
  clock: clockSchema,
});
export type ReminderCycle = z.infer<typeof reminderCycleSchema>;

const compiles = (source: string) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};

const vendorSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  contact: z.email(),
  followUpIntervalMinutes: positiveMinutes,
  maxReminders: z.number().int().min(1).max(20),
  clock: clockSchema,
  escalationContact: z.email(),
  /** Domains the vendor's helpdesk writes from, when not only from its contact address. */
  mailDomains: z.array(z.string().min(3)).optional(),
  /**
   * How the vendor's helpdesk numbers its tickets in its subjects, as a regular expression, e.g.
   * `Ticket#(\\d+)`: its first group (or the whole match) is recorded as the vendor's reference,
   * and a later mail carrying it threads onto the ticket.
   */
  ticketRefPattern: z
    .string()
    .min(1)
    .max(200)
    .refine((source) => compiles(source), 'not a regular expression')
    .optional(),
});
export type Vendor = z.infer<typeof vendorSchema>;

const catalogItemSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.object({ nl: z.string(), en: z.string() }),
  /** Standard items are part of the service: no quote, no labour charge. */
  standard: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

const customerSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  mailDomains: z.array(z.string().min(3)),
  language: z.enum(languages),
  /** Where on-site work happens (the address a vendor or technician goes to). */
  site: z.string().min(1).max(300).optional(),
  /**
   * Whether a change must be in writing (the service description's rule; true when absent): one an
   * agent registers for them waits for their written confirmation before it is quoted or scheduled.
   */
  changesInWriting: z.boolean().optional(),
  /** The customer's key contacts: in the portal they see all of the organisation's tickets. */
  keyContacts: z.array(z.email()).optional(),
});
export type Customer = z.infer<typeof customerSchema>;

const webhookSourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** `standard-webhooks`: signed (webhook-id/-timestamp/-signature); `bearer`: for tools that cannot sign. */
  auth: z.enum(['standard-webhooks', 'bearer']),
  /** Names of the environment variables holding the secret(s); several while a key rotates. */
  secretEnv: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).min(1),
  adapter: z.enum(['generic', 'alertmanager']),
  customerId: z.string(),
  defaultKind: z.enum(ticketKinds),
  defaultPriority: z.enum(priorities),
  /** Alertmanager: the `severity` label's value → priority. */
  severityPriorities: z.record(z.string(), z.enum(priorities)).default({}),
  requester: z.email(),
});
export type WebhookSource = z.infer<typeof webhookSourceSchema>;

/** At most `maxFailures` failed sign-ins per fixed window of `windowMinutes`. */
const failureLimitSchema = z.object({
  maxFailures: z.number().int().positive(),
  windowMinutes: positiveMinutes.max(24 * 60),
});
export type FailureLimit = z.infer<typeof failureLimitSchema>;

/**
 * The console's token sign-in throttle: per client (its source address, an IPv6 client by its
 * /64) against guessing, and over all clients together against guessing from many addresses. The
 * overall window is kept short: whoever trips it locks every agent out only until it ends.
 */
const signInThrottleSchema = z
  .object({ perClient: failureLimitSchema, overall: failureLimitSchema })
  .refine((t) => t.overall.maxFailures >= t.perClient.maxFailures, {
    path: ['overall', 'maxFailures'],
    message: 'must be at least perClient.maxFailures',
  });
export type SignInThrottle = z.infer<typeof signInThrottleSchema>;

/** At most `maxRequests` requests per fixed window of `windowMinutes`. */
const requestLimitSchema = z.object({
  maxRequests: z.number().int().positive(),
  windowMinutes: positiveMinutes.max(24 * 60),
});

/**
 * The customer portal's sign-in: how many sign-in mails one address and one client may ask for
 * per window (each request sends a mail, so these count requests, not failures), and how many
 * codes one attempt takes before it ends. A policy file that predates the portal gets these.
 */
const portalSignInSchema = z
  .object({
    perAddress: requestLimitSchema,
    perClient: requestLimitSchema,
    codeTries: z.number().int().min(1).max(10),
  })
  .default({
    perAddress: { maxRequests: 5, windowMinutes: 15 },
    perClient: { maxRequests: 20, windowMinutes: 15 },
    codeTries: 5,
  });
export type PortalSignIn = z.infer<typeof portalSignInSchema>;

/**
 * Outgoing mail that meets a transient failure (relay down, a 4xx answer, throttling) is tried
 * again for `retryForHours` since it was written (or resent), the wait between tries doubling from
 * 30 seconds up to `maxBackoffMinutes`. The defaults are an MTA's: five days, as Postfix's
 * maximal_queue_lifetime and Sendmail's Timeout.queuereturn, which RFC 5321 §4.5.4.1 asks to be
 * "at least 4-5 days"; the wait caps at an hour, about Postfix's maximal_backoff_time (4000 s), so
 * a relay back after an outage gets the mail within the hour. A policy file that predates these
 * settings gets them.
 */
export const mtaOutboxRetry = { retryForHours: 5 * 24, maxBackoffMinutes: 60 };

const outboxRetrySchema = z
  .object({
    retryForHours: z
      .number()
      .positive()
      .max(30 * 24),
    maxBackoffMinutes: positiveMinutes.max(24 * 60),
  })
  .refine((retry) => retry.maxBackoffMinutes <= retry.retryForHours * 60, {
    path: ['maxBackoffMinutes'],
    message: 'the longest wait must fit in the retry window',
  })
  .default(mtaOutboxRetry);
export type OutboxRetry = z.infer<typeof outboxRetrySchema>;

/** A team of agents: the queue tickets are routed to, and the mailbox told of what lands there. */
const teamSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1).max(100),
  /** The team's shared address, told of tickets put in its queue by routing or by someone else. */
  mailbox: z.email().optional(),
});
export type Team = z.infer<typeof teamSchema>;

/**
 * An agent of the desk. In AWS the agent signs in with their Cognito account (matched by e-mail)
 * and their teams are Cognito groups of these ids; locally each agent has a token of their own.
 */
const agentSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1).max(100),
  email: z.email(),
  teams: z.array(z.string()).default([]),
});
export type Agent = z.infer<typeof agentSchema>;

/**
 * Which team a new ticket goes to: the first rule whose conditions all hold (a rule without
 * conditions catches the rest). `category` matches once an agent has classified the ticket.
 */
const routingRuleSchema = z.object({
  teamId: z.string(),
  customerId: z.string().optional(),
  kind: z.enum(ticketKinds).optional(),
  category: z.string().min(1).max(100).optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/**
 * The largest upload the desk takes: Lambda takes at most 6 MB in a synchronous request, and API
 * Gateway hands a multipart body over base64-encoded (a third more), so 4 MiB of files become about
 * 5.6 MB, leaving room for the multipart framing, the event's JSON and the request's headers.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/**
 * Files agents upload (workflows/files/file-rules.ts): at most `maxBytes` a file and all files of
 * one upload together, `maxFiles` at once, of the allowed types only (each recognised by content).
 * A policy file that predates uploads gets these defaults.
 */
export const defaultFileRules = {
  maxBytes: MAX_UPLOAD_BYTES,
  maxFiles: 10,
  allowedTypes: [...recognisedTypes],
};

const fileRulesSchema = z
  .object({
    maxBytes: z.number().int().positive().max(MAX_UPLOAD_BYTES),
    maxFiles: z.number().int().positive().max(100),
    allowedTypes: z.array(z.enum(recognisedTypes)).min(1),
  })
  .default(defaultFileRules);

/** How the desk signs its mails and pages: its name and the number customers call. */
const deskIdentitySchema = z.object({ name: z.string().min(1).max(100), phone: z.string().min(1).max(50).optional() });
export type DeskIdentity = z.infer<typeof deskIdentitySchema>;

/** A date-holidays rule whose leading month-day (and year) is a real date: `13-45` would roll over. */
const holidayRule = z
  .string()
  .min(1)
  .max(100)
  .refine((rule) => {
    const date = /^(?:(\d{4})-)?(\d{2})-(\d{2})\b/.exec(rule);
    if (!date) return true;
    const [year, month, day] = [Number(date[1] ?? 2000), Number(date[2]), Number(date[3])];
    return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  }, 'not a date');

/**
 * The days the desk is closed: the public holidays of a country (and state) as date-holidays names
 * them, plus the provider's own closing days as date-holidays rules (`easter -2` Good Friday, `05-05`,
 * `05-05 every 5 years since 1945`, `2027-12-31`). The runtime reads only `calendar`, every closed
 * date compiled from these at build time (workflows/policy/holiday-compiler.ts); a policy without
 * one, or with one compiled from other rules, is refused rather than run without holidays.
 */
const holidaysSchema = z
  .object({
    country: z.string().length(2),
    state: z.string().optional(),
    closingDays: z.array(holidayRule).default([]),
    calendar: z
      .object({
        compiledFrom: z.string(),
        firstYear: z.number().int(),
        lastYear: z.number().int(),
        dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
      })
      .optional(),
  })
  .superRefine((holidays, ctx) => {
    const message = calendarProblem(holidays);
    if (message) ctx.addIssue({ code: 'custom', path: ['calendar'], message });
  })
  .nullable();

export const policySchema = z
  .object({
    /** A policy file that predates it signs as `Servicedesk`, without a phone number. */
    desk: deskIdentitySchema.default({ name: 'Servicedesk' }),
    businessHours: z.object({
      timeZone: z.string().min(1),
      /** ISO weekdays, 1 = Monday. */
      weekdays: z.array(z.number().int().min(1).max(7)).min(1),
      opens: hhmm,
      closes: hhmm,
      holidays: holidaysSchema,
    }),
    sla: z.object({
      targets: z.object({ P1: slaTargetSchema, P2: slaTargetSchema, P3: slaTargetSchema, P4: slaTargetSchema }),
      /** Share of a target after which the ticket is at risk and the duty manager is warned. */
      warningFraction: z.number().gt(0).lt(1),
      defaultPriority: z.enum(priorities),
    }),
    customerReminders: reminderCycleSchema,
    approvalReminders: reminderCycleSchema,
    consentReminders: reminderCycleSchema,
    /** How long a resolved ticket waits for the customer's confirmation before it closes itself. */
    resolvedAutoClose: z.object({ afterMinutes: positiveMinutes, clock: clockSchema }),
    dutyManager: z.object({ name: z.string(), email: z.email() }),
    outbox: outboxRetrySchema,
    rates: z.object({
      currency: z.literal('EUR'),
      onSiteHourlyCents: z.number().int().positive(),
      remoteHourlyCents: z.number().int().positive(),
    }),
    catalog: z.array(catalogItemSchema).min(1),
    vendors: z.array(vendorSchema),
    customers: z.array(customerSchema),
    intake: z.object({
      /** The desk's own addresses: mail from these is a loop, never a ticket. */
      deskAddresses: z.array(z.email()).min(1),
      /** Which address receives which kind of ticket (e.g. changes@ → change: an RFC in writing). */
      mailboxes: z.array(z.object({ address: z.email(), kind: z.enum(ticketKinds) })).min(1),
      /** Backstop against mail loops: at most `max` messages from one sender per window. */
      senderRateLimit: z.object({ max: z.number().int().positive(), perMinutes: positiveMinutes }),
      maxMailBytes: z.number().int().positive(),
      maxWebhookBytes: z.number().int().positive(),
      webhookSources: z.array(webhookSourceSchema),
    }),
    signInThrottle: signInThrottleSchema,
    portalSignIn: portalSignInSchema,
    /** A policy file that predates them has no teams, no named agents (one local agent) and no routing. */
    teams: z.array(teamSchema).default([]),
    agents: z.array(agentSchema).default([]),
    routing: z.array(routingRuleSchema).default([]),
    files: fileRulesSchema,
  })
  .superRefine((policy, ctx) => {
    const { opens, closes } = policy.businessHours;
    if (opens >= closes)
      ctx.addIssue({ code: 'custom', path: ['businessHours', 'closes'], message: 'closes must be after opens' });
    for (const [list, name] of [
      [policy.vendors, 'vendors'],
      [policy.catalog, 'catalog'],
      [policy.customers, 'customers'],
      [policy.intake.webhookSources, 'intake.webhookSources'],
      [policy.teams, 'teams'],
      [policy.agents, 'agents'],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((entry, i) => {
        if (seen.has(entry.id))
          ctx.addIssue({ code: 'custom', path: [name, i, 'id'], message: `duplicate id ${entry.id}` });
        seen.add(entry.id);
      });
    }
    const teams = new Set(policy.teams.map((t) => t.id));
    const emails = new Set<string>();
    policy.agents.forEach((agent, i) => {
      agent.teams.forEach((team, j) => {
        if (!teams.has(team))
          ctx.addIssue({ code: 'custom', path: ['agents', i, 'teams', j], message: `unknown team ${team}` });
      });
      const email = agent.email.toLowerCase();
      if (emails.has(email))
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'email'], message: `duplicate e-mail ${agent.email}` });
      emails.add(email);
    });
    const customers = new Set(policy.customers.map((c) => c.id));
    policy.routing.forEach((rule, i) => {
      if (!teams.has(rule.teamId))
        ctx.addIssue({ code: 'custom', path: ['routing', i, 'teamId'], message: `unknown team ${rule.teamId}` });
      if (rule.customerId !== undefined && !customers.has(rule.customerId))
        ctx.addIssue({
          code: 'custom',
          path: ['routing', i, 'customerId'],
          message: `unknown customer ${rule.customerId}`,
        });
    });
  });

export type Policy = z.infer<typeof policySchema>;

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Validates raw policy data; throws PolicyError naming every bad field. */
export function loadPolicy(raw: unknown): Policy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

export function findWebhookSource(policy: Policy, id: string): WebhookSource | undefined {
  return policy.intake.webhookSources.find((s) => s.id === id);
}

/** The customer whose mail domains hold an address (mail intake and agents' registrations agree). */
export function customerOfAddress(policy: Policy, address: string): Customer | null {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return policy.customers.find((c) => c.mailDomains.some((d) => d.toLowerCase() === domain)) ?? null;
}

export function findVendor(policy: Policy, id: string): Vendor | undefined {
  return policy.vendors.find((v) => v.id === id);
}

export function findTeam(policy: Policy, id: string): Team | undefined {
  return policy.teams.find((t) => t.id === id);
}

export function findAgent(policy: Policy, id: string): Agent | undefined {
  return policy.agents.find((a) => a.id === id);
}

/** The policy's agent with this address (how a Cognito account is matched), if any. */
export function agentWithEmail(policy: Policy, email: string): Agent | undefined {
  const wanted = email.toLowerCase();
  return policy.agents.find((a) => a.email.toLowerCase() === wanted);
}

export function findCatalogItem(policy: Policy, id: string): CatalogItem | undefined {
  return policy.catalog.find((c) => c.id === id);
}
