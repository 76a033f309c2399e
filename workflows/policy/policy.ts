// The desk's policy as data: its shape, validated with zod (mini) when it is loaded, so a bad policy
// fails at start-up with the field that is wrong rather than mid-lifecycle.
import * as z from '../validation/zod-mini';
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

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'));
const positiveWhole = z.int().check(z.positive());
const positiveMinutes = positiveWhole;
const policyId = z.string().check(z.regex(/^[a-z0-9-]+$/));
const nonEmpty = z.string().check(z.minLength(1));
/** Minutes in a window of at most a day. */
const windowMinutes = positiveMinutes.check(z.maximum(24 * 60));

const slaTargetSchema = z.object({
  responseMinutes: positiveMinutes,
  resolutionMinutes: positiveMinutes,
  clock: clockSchema,
});

/** A follow-up cycle: remind every `intervalMinutes`, at most `maxReminders` times, then give up. */
const reminderCycleSchema = z.object({
  intervalMinutes: positiveMinutes,
  maxReminders: z.int().check(z.minimum(0), z.maximum(20)),
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
  id: policyId,
  name: nonEmpty,
  contact: z.email(),
  followUpIntervalMinutes: positiveMinutes,
  maxReminders: z.int().check(z.minimum(1), z.maximum(20)),
  clock: clockSchema,
  escalationContact: z.email(),
  /** Domains the vendor's helpdesk writes from, when not only from its contact address. */
  mailDomains: z.optional(z.array(z.string().check(z.minLength(3)))),
  /**
   * How the vendor's helpdesk numbers its tickets in its subjects, as a regular expression, e.g.
   * `Ticket#(\\d+)`: its first group (or the whole match) is recorded as the vendor's reference,
   * and a later mail carrying it threads onto the ticket.
   */
  ticketRefPattern: z.optional(
    z.string().check(
      z.minLength(1),
      z.maxLength(200),
      z.refine((source) => compiles(source), 'not a regular expression'),
    ),
  ),
});
export type Vendor = z.infer<typeof vendorSchema>;

const catalogItemSchema = z.object({
  id: policyId,
  title: z.object({ nl: z.string(), en: z.string() }),
  /** Standard items are part of the service: no quote, no labour charge. */
  standard: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

const customerSchema = z.object({
  id: policyId,
  name: nonEmpty,
  mailDomains: z.array(z.string().check(z.minLength(3))),
  language: z.enum(languages),
  /** Where on-site work happens (the address a vendor or technician goes to). */
  site: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  /**
   * Whether a change must be in writing (the service description's rule; true when absent): one an
   * agent registers for them waits for their written confirmation before it is quoted or scheduled.
   */
  changesInWriting: z.optional(z.boolean()),
  /** The customer's key contacts: in the portal they see all of the organisation's tickets. */
  keyContacts: z.optional(z.array(z.email())),
});
export type Customer = z.infer<typeof customerSchema>;

const webhookSourceSchema = z.object({
  id: policyId,
  /** `standard-webhooks`: signed (webhook-id/-timestamp/-signature); `bearer`: for tools that cannot sign. */
  auth: z.enum(['standard-webhooks', 'bearer']),
  /** Names of the environment variables holding the secret(s); several while a key rotates. */
  secretEnv: z.array(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/))).check(z.minLength(1)),
  adapter: z.enum(['generic', 'alertmanager']),
  customerId: z.string(),
  defaultKind: z.enum(ticketKinds),
  defaultPriority: z.enum(priorities),
  /** Alertmanager: the `severity` label's value → priority. */
  severityPriorities: z._default(z.record(z.string(), z.enum(priorities)), {}),
  requester: z.email(),
});
export type WebhookSource = z.infer<typeof webhookSourceSchema>;

/** At most `maxFailures` failed sign-ins per fixed window of `windowMinutes`. */
const failureLimitSchema = z.object({
  maxFailures: positiveWhole,
  windowMinutes,
});
export type FailureLimit = z.infer<typeof failureLimitSchema>;

/**
 * The console's token sign-in throttle: per client (its source address, an IPv6 client by its
 * /64) against guessing, and over all clients together against guessing from many addresses. The
 * overall window is kept short: whoever trips it locks every agent out only until it ends.
 */
const signInThrottleSchema = z.object({ perClient: failureLimitSchema, overall: failureLimitSchema }).check(
  z.refine((t) => t.overall.maxFailures >= t.perClient.maxFailures, {
    path: ['overall', 'maxFailures'],
    message: 'must be at least perClient.maxFailures',
  }),
);
export type SignInThrottle = z.infer<typeof signInThrottleSchema>;

/** At most `maxRequests` requests per fixed window of `windowMinutes`. */
const requestLimitSchema = z.object({
  maxRequests: positiveWhole,
  windowMinutes,
});

/**
 * The customer portal's sign-in: how many sign-in mails one address and one client may ask for
 * per window (each request sends a mail, so these count requests, not failures), and how many
 * codes one attempt takes before it ends. A policy file that predates the portal gets these.
 */
const portalSignInSchema = z._default(
  z.object({
    perAddress: requestLimitSchema,
    perClient: requestLimitSchema,
    codeTries: z.int().check(z.minimum(1), z.maximum(10)),
  }),
  {
    perAddress: { maxRequests: 5, windowMinutes: 15 },
    perClient: { maxRequests: 20, windowMinutes: 15 },
    codeTries: 5,
  },
);
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

const outboxRetrySchema = z._default(
  z
    .object({
      retryForHours: z.number().check(z.positive(), z.maximum(30 * 24)),
      maxBackoffMinutes: windowMinutes,
    })
    .check(
      z.refine((retry) => retry.maxBackoffMinutes <= retry.retryForHours * 60, {
        path: ['maxBackoffMinutes'],
        message: 'the longest wait must fit in the retry window',
      }),
    ),
  mtaOutboxRetry,
);
export type OutboxRetry = z.infer<typeof outboxRetrySchema>;

/** A team of agents: the queue tickets are routed to, and the mailbox told of what lands there. */
const teamSchema = z.object({
  id: policyId,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The team's shared address, told of tickets put in its queue by routing or by someone else. */
  mailbox: z.optional(z.email()),
});
export type Team = z.infer<typeof teamSchema>;

/**
 * An agent of the desk. In AWS the agent signs in with their Cognito account (matched by e-mail)
 * and their teams are Cognito groups of these ids; locally each agent has a token of their own.
 */
const agentSchema = z.object({
  id: policyId,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  email: z.email(),
  teams: z._default(z.array(z.string()), []),
});
export type Agent = z.infer<typeof agentSchema>;

/**
 * Which team a new ticket goes to: the first rule whose conditions all hold (a rule without
 * conditions catches the rest). `category` matches once an agent has classified the ticket.
 */
const routingRuleSchema = z.object({
  teamId: z.string(),
  customerId: z.optional(z.string()),
  kind: z.optional(z.enum(ticketKinds)),
  category: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
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

const fileRulesSchema = z._default(
  z.object({
    maxBytes: positiveWhole.check(z.maximum(MAX_UPLOAD_BYTES)),
    maxFiles: positiveWhole.check(z.maximum(100)),
    allowedTypes: z.array(z.enum(recognisedTypes)).check(z.minLength(1)),
  }),
  defaultFileRules,
);

/** How the desk signs its mails and pages: its name and the number customers call. */
const deskIdentitySchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  phone: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
});
export type DeskIdentity = z.infer<typeof deskIdentitySchema>;

/** A date-holidays rule whose leading month-day (and year) is a real date: `13-45` would roll over. */
const holidayRule = z.string().check(
  z.minLength(1),
  z.maxLength(100),
  z.refine((rule) => {
    const date = /^(?:(\d{4})-)?(\d{2})-(\d{2})\b/.exec(rule);
    if (!date) return true;
    const [year, month, day] = [Number(date[1] ?? 2000), Number(date[2]), Number(date[3])];
    return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  }, 'not a date'),
);

/**
 * The days the desk is closed: the public holidays of a country (and state) as date-holidays names
 * them, plus the provider's own closing days as date-holidays rules (`easter -2` Good Friday, `05-05`,
 * `05-05 every 5 years since 1945`, `2027-12-31`). The runtime reads only `calendar`, every closed
 * date compiled from these at build time (workflows/policy/holiday-compiler.ts); a policy without
 * one, or with one compiled from other rules, is refused rather than run without holidays.
 */
const holidaysSchema = z.nullable(
  z
    .object({
      country: z.string().check(z.length(2)),
      state: z.optional(z.string()),
      closingDays: z._default(z.array(holidayRule), []),
      calendar: z.optional(
        z.object({
          compiledFrom: z.string(),
          firstYear: z.int(),
          lastYear: z.int(),
          dates: z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
        }),
      ),
    })
    .check(
      z.superRefine((holidays, ctx) => {
        const message = calendarProblem(holidays);
        if (message) ctx.addIssue({ code: 'custom', path: ['calendar'], message });
      }),
    ),
);

export const policySchema = z
  .object({
    /** A policy file that predates it signs as `Servicedesk`, without a phone number. */
    desk: z._default(deskIdentitySchema, { name: 'Servicedesk' }),
    businessHours: z.object({
      timeZone: nonEmpty,
      /** ISO weekdays, 1 = Monday. */
      weekdays: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1)),
      opens: hhmm,
      closes: hhmm,
      holidays: holidaysSchema,
    }),
    sla: z.object({
      targets: z.object({ P1: slaTargetSchema, P2: slaTargetSchema, P3: slaTargetSchema, P4: slaTargetSchema }),
      /** Share of a target after which the ticket is at risk and the duty manager is warned. */
      warningFraction: z.number().check(z.gt(0), z.lt(1)),
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
      onSiteHourlyCents: positiveWhole,
      remoteHourlyCents: positiveWhole,
    }),
    catalog: z.array(catalogItemSchema).check(z.minLength(1)),
    vendors: z.array(vendorSchema),
    customers: z.array(customerSchema),
    intake: z.object({
      /** The desk's own addresses: mail from these is a loop, never a ticket. */
      deskAddresses: z.array(z.email()).check(z.minLength(1)),
      /** Which address receives which kind of ticket (e.g. changes@ → change: an RFC in writing). */
      mailboxes: z.array(z.object({ address: z.email(), kind: z.enum(ticketKinds) })).check(z.minLength(1)),
      /** Backstop against mail loops: at most `max` messages from one sender per window. */
      senderRateLimit: z.object({ max: positiveWhole, perMinutes: positiveMinutes }),
      maxMailBytes: positiveWhole,
      maxWebhookBytes: positiveWhole,
      webhookSources: z.array(webhookSourceSchema),
    }),
    signInThrottle: signInThrottleSchema,
    portalSignIn: portalSignInSchema,
    /** A policy file that predates them has no teams, no named agents (one local agent) and no routing. */
    teams: z._default(z.array(teamSchema), []),
    agents: z._default(z.array(agentSchema), []),
    routing: z._default(z.array(routingRuleSchema), []),
    files: fileRulesSchema,
  })
  .check(
    z.superRefine((policy, ctx) => {
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
    }),
  );

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
