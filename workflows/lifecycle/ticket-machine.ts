// The ticket lifecycle statechart: the single source of truth for states, events, timers and the
// notifications the desk owes. Two parallel regions: the work itself, and the SLA clocks.
import { and, assertEvent, assign, raise, setup } from 'xstate';
import type { Policy, Priority, TicketKind, Language } from '../policy/policy';
import { findCatalogItem, findVendor } from '../policy/policy';
import { createLifecycleRules, type SlaClock } from './lifecycle-rules';
import { assignmentOf, type Assignment, type AssignmentStamp } from './assignment';
import {
  changeAwaitsWriting,
  confirmsRegisteredContent,
  inWritingAtRegistration,
  inWritingOf,
  isWrittenByCustomer,
  type InWriting,
} from './written-change';
import { lineAmountCents } from '../billing/money';
import type { TemplateName } from '../mail/notification-templates';
import type {
  Actor,
  AttachmentRef,
  CreateTicket,
  DomainEvent,
  MailProvenance,
  Material,
  QuoteLine,
} from './ticket-events';

/** Bump when a change to the chart could strand a stored snapshot; ship a migration with it. */
export const CHART_VERSION = 1;

/**
 * `vendorEscalation`: the registry's escalation contact of the ticket's vendor; `assignee` and
 * `team`: the owning agent and the team's mailbox, mailed only when the assignment tells them.
 */
export type Recipient = 'requester' | 'vendor' | 'vendorEscalation' | 'dutyManager' | 'assignee' | 'team';

export interface Notification {
  template: TemplateName;
  to: Recipient;
}

export interface Visit {
  plannedFor: string;
  technician: string;
  hours?: number;
  materials?: Material[];
  report?: string;
  recordedAt?: number;
  /** The billing record: on-site work is billed afterwards at the rate in force on the day. */
  hourlyRateCents?: number;
  amountCents?: number;
}

export interface Quote {
  version: number;
  lines: QuoteLine[];
  totalCents: number;
  submittedAt: number;
  approvedAt?: number;
  approvedBy?: Actor;
}

export interface TicketContext {
  id: string;
  kind: TicketKind;
  priority: Priority;
  subject: string;
  requester: { email: string; name?: string };
  customerId: string | null;
  language: Language;
  createdAt: number;
  category: string | null;
  catalogItemId: string | null;
  inScope: boolean | null;
  /** Reminders sent in the current wait for the customer (information, approval, consent). */
  reminders: number;
  vendor: { id: string; ref: string | null; reminders: number; escalated: boolean } | null;
  quote: Quote | null;
  visits: Visit[];
  plannedFor: string | null;
  /** When implementation began: a reopened change goes back to the work, not the quote. */
  workStartedAt: number | null;
  /** The stage a wait on the customer interrupted, to resume when they answer. */
  returnTo: 'diagnosing' | 'quoting' | 'implementing';
  resolvedAt: number | null;
  /** What was done, as the resolution said: shown to the customer who confirms it. */
  resolution: string | null;
  /**
   * What the mails repeat in the words people wrote. Absent on snapshots written before they
   * existed: the report as it came in, the files the customer sent, who else was on their mail,
   * the last question put to the customer and why on-site support was proposed.
   */
  description?: string;
  attachments?: AttachmentRef[];
  cc?: string[];
  question?: string | null;
  onSiteReason?: string | null;
  reopened: number;
  notes: number;
  /** Actual hours recorded on approved work (RECORD_HOURS); absent on snapshots written before it existed. */
  hoursWorked?: number;
  /** Who owns the ticket and which team's queue it is in (absent on snapshots written before it existed). */
  assignment?: Assignment | null;
  /**
   * How the request came to be in writing (its channel, or the customer's confirmation); null while
   * it is not. Absent on snapshots written before the rule: those are left as they were.
   */
  inWriting?: InWriting | null;
  sla: {
    response: SlaClock & { breachedAt: number | null; metAt: number | null; warnedAt: number | null };
    resolution: SlaClock & { breachedAt: number | null; warnedAt: number | null };
  };
}

export interface TicketInput extends CreateTicket {
  id: string;
  at: number;
  actor: Actor;
  /** The mail that opened the ticket, when one did. */
  mail?: MailProvenance;
  /** The quarantine record an agent released that mail from, when they did. */
  releasedFrom?: string;
  /** The team routing put the ticket in, stamped by the engine. */
  assigned?: AssignmentStamp;
}

type InternalEvent =
  | { type: 'PAUSE_SLA'; at: number }
  | { type: 'RESUME_SLA'; at: number }
  | { type: 'STOP_SLA'; at: number }
  | { type: 'RESPONDED'; at: number }
  | { type: 'SLA_RECALCULATE'; at: number };

export type MachineEvent = DomainEvent | InternalEvent;

/** Internal events are raised by the chart itself; nobody outside may send them. */
export const internalEventTypes: ReadonlySet<string> = new Set<InternalEvent['type']>([
  'PAUSE_SLA',
  'RESUME_SLA',
  'STOP_SLA',
  'RESPONDED',
  'SLA_RECALCULATE',
]);

/** The instant an event happened: stamped by the engine on every event, carried by raised ones. */
export function eventTime(event: unknown): number {
  const e = event as { at?: unknown; input?: { at?: unknown } };
  if (typeof e.at === 'number') return e.at;
  if (typeof e.input?.at === 'number') return e.input.at;
  return 0;
}

const notify = (template: TemplateName, to: Recipient = 'requester') => ({
  type: 'notify' as const,
  params: { template, to },
});
const title = (nl: string, en: string) => ({ title: { nl, en } });
/** What classifying does wherever it leads; a team it re-routes to is told. */
const classified = [
  'foldSlaClocks',
  'classify',
  'responded',
  'recalculateSla',
  notify('queuedForTeam', 'team'),
] as const;

/** The queue groups agents work by; each open top-level state says in its `meta` which it is in. */
export const queueGroupIds = [
  'new',
  'in-hand',
  'waiting-on-customer',
  'with-third-party',
  'on-site',
  'awaiting-approval',
  'resolved',
] as const;
export type QueueGroupId = (typeof queueGroupIds)[number];

export function createTicketMachine(policy: Policy) {
  const rules = createLifecycleRules(policy);
  const slaDelay =
    (clock: 'response' | 'resolution', fraction: number) =>
    ({ context, event }: { context: TicketContext; event: unknown }) =>
      rules.slaDelay(context.sla[clock], context.priority, clock, fraction, eventTime(event));
  const slaUsedFraction = (context: TicketContext, event: unknown) =>
    rules.slaUsedMs(context.sla.resolution, context.priority, eventTime(event)) /
    rules.slaTargetMs(context.priority, 'resolution');
  const vendorOf = (context: TicketContext) => (context.vendor ? findVendor(policy, context.vendor.id) : undefined);

  /**
   * One SLA clock as a region: running (evaluating → on track → at risk, warning the duty manager
   * once and escalating on breach), paused while the desk waits on the customer, stopped when the
   * ticket ends. Response and resolution differ only in their names and the response's `met`.
   */
  const slaClockRegion = <C extends 'response' | 'resolution'>(
    clock: C,
    meta: ReturnType<typeof title>,
    extra: { on?: Record<string, unknown>; states?: Record<string, unknown> } = {},
  ) => {
    const Name = (clock === 'response' ? 'Response' : 'Resolution') as C extends 'response' ? 'Response' : 'Resolution';
    const breach = {
      target: `#ticket.sla.${clock}.breached`,
      actions: [`mark${Name}Breached`, notify(`sla${Name}Breach`, 'dutyManager')],
    } as const;
    const warn = [`mark${Name}Warned`, notify(`sla${Name}Warning`, 'dutyManager')] as const;
    return {
      meta,
      initial: 'running',
      states: {
        running: {
          meta: title('Loopt', 'Running'),
          entry: `start${Name}Clock`,
          exit: `stop${Name}Clock`,
          initial: 'evaluating',
          states: {
            // Re-entered after a pause or a priority change: pick up where the clock stands.
            evaluating: {
              meta: title('Bepalen', 'Evaluating'),
              always: [
                { guard: `${clock}Breached`, ...breach },
                { guard: and([`${clock}AtRisk`, `${clock}NotWarned`] as never), target: 'atRisk', actions: warn },
                { guard: `${clock}AtRisk`, target: 'atRisk' },
                { target: 'onTrack' },
              ],
            },
            onTrack: {
              meta: title('Op schema', 'On track'),
              after: { [`sla${Name}Warning`]: { target: 'atRisk', actions: warn } },
            },
            atRisk: {
              meta: title('Dreigt te verlopen', 'At risk'),
              after: { [`sla${Name}Breach`]: breach },
            },
          },
          on: { ...extra.on, PAUSE_SLA: 'paused', SLA_RECALCULATE: { target: 'running', reenter: true } },
        },
        paused: {
          meta: title('Gepauzeerd (wacht op klant)', 'Paused (waiting on customer)'),
          on: { RESUME_SLA: 'running' },
        },
        ...extra.states,
        breached: { meta: title('Overschreden', 'Breached') },
        stopped: { meta: title('Gestopt', 'Stopped'), type: 'final' as const },
      },
      on: { STOP_SLA: '.stopped' },
      // Its guard, action and delay names are built from the clock's name, which the setup's
      // literal types cannot follow; the path tests run every one of them against the setup.
    } as never;
  };

  return setup({
    types: {} as { context: TicketContext; events: MachineEvent; input: TicketInput },
    actions: {
      // Effects are data: the engine turns each into an outbox item in the same transaction.
      notify: () => {},
      countReminder: assign({ reminders: ({ context }) => context.reminders + 1 }),
      resetReminders: assign({ reminders: 0 }),
      classify: assign(({ context, event }) => {
        assertEvent(event, 'CLASSIFY');
        const e = event;
        return {
          kind: e.kind,
          priority: e.priority,
          category: e.category,
          customerId: e.customerId ?? context.customerId,
          catalogItemId: e.catalogItemId ?? null,
          inScope: e.inScope,
          // A team routing chose follows the classification (the engine stamps the new one).
          assignment: e.assigned ? assignmentOf(e.assigned) : (context.assignment ?? null),
        };
      }),
      setPriority: assign({
        priority: ({ event }) => {
          assertEvent(event, 'SET_PRIORITY');
          return event.priority;
        },
      }),
      // Time used so far is measured under the priority it ran under, before a new one applies.
      foldSlaClocks: assign({
        sla: ({ context, event }) => {
          const now = eventTime(event);
          const fold = <C extends SlaClock>(clock: C): C =>
            clock.runningSince === null
              ? clock
              : { ...clock, elapsedMs: rules.slaUsedMs(clock, context.priority, now), runningSince: now };
          return { response: fold(context.sla.response), resolution: fold(context.sla.resolution) };
        },
      }),
      returnToDiagnosis: assign({ returnTo: 'diagnosing' as const }),
      returnToQuoting: assign({ returnTo: 'quoting' as const }),
      returnToImplementation: assign({ returnTo: 'implementing' as const }),
      markResponseWarned: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          response: { ...context.sla.response, warnedAt: eventTime(event) },
        }),
      }),
      markResolutionWarned: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          resolution: { ...context.sla.resolution, warnedAt: eventTime(event) },
        }),
      }),
      countNote: assign({ notes: ({ context }) => context.notes + 1 }),
      recordQuestion: assign({
        question: ({ event }) => {
          assertEvent(event, 'REQUEST_INFO');
          return event.question;
        },
      }),
      recordOnSiteReason: assign({
        onSiteReason: ({ event }) => {
          assertEvent(event, 'PROPOSE_ONSITE');
          return event.reason;
        },
      }),
      // Files a customer sends later go with the ones they opened the ticket with (a vendor gets them all).
      keepAttachments: assign({
        attachments: ({ context, event }) => {
          assertEvent(event, ['COMMENT', 'CUSTOMER_REPLIED', 'REOPEN']);
          const known = context.attachments ?? [];
          // Events logged before mail carried files have none; replay must still take them.
          const sent = (event.attachments as AttachmentRef[] | undefined) ?? [];
          const fresh = sent.filter((a) => !known.some((k) => k.sha256 === a.sha256));
          return [...known, ...fresh].slice(0, 100);
        },
      }),
      recordAssignment: assign({
        assignment: ({ context, event }) => {
          assertEvent(event, 'ASSIGN');
          return event.assigned ? assignmentOf(event.assigned) : (context.assignment ?? null);
        },
      }),
      recordInWriting: assign({
        inWriting: ({ event }) => {
          assertEvent(event, ['CHANGE_CONFIRMED_IN_WRITING', 'CUSTOMER_REPLIED']);
          return inWritingOf(event);
        },
      }),
      addHoursWorked: assign({
        hoursWorked: ({ context, event }) => {
          assertEvent(event, 'RECORD_HOURS');
          return (context.hoursWorked ?? 0) + event.hours;
        },
      }),
      assignVendor: assign({
        vendor: ({ event }) => {
          assertEvent(event, 'FORWARD_TO_VENDOR');
          return { id: event.vendorId, ref: null, reminders: 0, escalated: false };
        },
      }),
      countVendorReminder: assign({
        vendor: ({ context }) => context.vendor && { ...context.vendor, reminders: context.vendor.reminders + 1 },
      }),
      markVendorEscalated: assign({
        vendor: ({ context }) => context.vendor && { ...context.vendor, escalated: true },
      }),
      recordVendorReply: assign({
        vendor: ({ context, event }) => {
          assertEvent(event, 'VENDOR_REPLIED');
          return context.vendor && { ...context.vendor, ref: event.vendorRef ?? context.vendor.ref };
        },
      }),
      planVisit: assign({
        visits: ({ context, event }) => {
          assertEvent(event, 'PLAN_VISIT');
          const e = event;
          const last = context.visits.at(-1);
          const open = last && last.recordedAt === undefined;
          const visit = { plannedFor: e.plannedFor, technician: e.technician };
          return open ? [...context.visits.slice(0, -1), visit] : [...context.visits, visit];
        },
      }),
      recordVisit: assign({
        visits: ({ context, event }) => {
          assertEvent(event, 'RECORD_VISIT');
          const e = event;
          const last = context.visits.at(-1);
          if (!last) return context.visits;
          // The rate in force when the work was done, stamped on the event: replay never re-prices it.
          const hourlyRateCents = e.hourlyRateCents ?? policy.rates.onSiteHourlyCents;
          const amountCents =
            lineAmountCents(e.hours, hourlyRateCents) +
            e.materials.reduce((sum, m) => sum + lineAmountCents(m.quantity, m.unitCents), 0);
          return [
            ...context.visits.slice(0, -1),
            {
              ...last,
              hours: e.hours,
              materials: e.materials,
              report: e.report,
              recordedAt: e.at,
              hourlyRateCents,
              amountCents,
            },
          ];
        },
      }),
      recordQuote: assign({
        quote: ({ context, event }) => {
          assertEvent(event, 'SUBMIT_QUOTE');
          const e = event;
          const totalCents = e.lines.reduce((sum, l) => sum + lineAmountCents(l.quantity, l.unitCents), 0);
          return { version: (context.quote?.version ?? 0) + 1, lines: e.lines, totalCents, submittedAt: e.at };
        },
      }),
      recordApproval: assign({
        quote: ({ context, event }) => {
          assertEvent(event, 'QUOTE_APPROVED');
          return context.quote && { ...context.quote, approvedAt: event.at, approvedBy: event.actor };
        },
      }),
      schedule: assign({
        plannedFor: ({ event }) => {
          assertEvent(event, 'SCHEDULE_WORK');
          return event.plannedFor;
        },
      }),
      markWorkStarted: assign({ workStartedAt: ({ event }) => eventTime(event) }),
      markResolved: assign({
        resolvedAt: ({ event }) => eventTime(event),
        // Entered on a resolution or a monitoring tool's all-clear; each says what was done.
        resolution: ({ event }) => {
          assertEvent(event, ['RESOLVE', 'ALERT_RESOLVED']);
          return event.summary ?? null;
        },
      }),
      countReopen: assign({ reopened: ({ context }) => context.reopened + 1, resolvedAt: null }),
      startResponseClock: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          response: { ...context.sla.response, runningSince: eventTime(event) },
        }),
      }),
      stopResponseClock: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          response: {
            ...context.sla.response,
            elapsedMs: rules.slaUsedMs(context.sla.response, context.priority, eventTime(event)),
            runningSince: null,
          },
        }),
      }),
      markResponded: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          response: { ...context.sla.response, metAt: eventTime(event) },
        }),
      }),
      markResponseBreached: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          response: { ...context.sla.response, breachedAt: eventTime(event) },
        }),
      }),
      startResolutionClock: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          resolution: { ...context.sla.resolution, runningSince: eventTime(event) },
        }),
      }),
      stopResolutionClock: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          resolution: {
            ...context.sla.resolution,
            elapsedMs: rules.slaUsedMs(context.sla.resolution, context.priority, eventTime(event)),
            runningSince: null,
          },
        }),
      }),
      markResolutionBreached: assign({
        sla: ({ context, event }) => ({
          ...context.sla,
          resolution: { ...context.sla.resolution, breachedAt: eventTime(event) },
        }),
      }),
      pauseSla: raise(({ event }) => ({ type: 'PAUSE_SLA' as const, at: eventTime(event) })),
      resumeSla: raise(({ event }) => ({ type: 'RESUME_SLA' as const, at: eventTime(event) })),
      stopSla: raise(({ event }) => ({ type: 'STOP_SLA' as const, at: eventTime(event) })),
      responded: raise(({ event }) => ({ type: 'RESPONDED' as const, at: eventTime(event) })),
      recalculateSla: raise(({ event }) => ({ type: 'SLA_RECALCULATE' as const, at: eventTime(event) })),
    },
    guards: {
      outOfScope: ({ event }) => {
        assertEvent(event, 'CLASSIFY');
        return event.inScope === false;
      },
      classifiedAsIncident: ({ event }) => {
        assertEvent(event, 'CLASSIFY');
        return event.kind === 'incident';
      },
      classifiedAsStandardRequest: ({ event }) => {
        assertEvent(event, 'CLASSIFY');
        const e = event;
        return (
          e.kind === 'service_request' &&
          !!e.catalogItemId &&
          findCatalogItem(policy, e.catalogItemId)?.standard === true
        );
      },
      // A change an agent registered (or reclassified) waits for the customer's writing, unless the policy waives it.
      changeAwaitsWriting: ({ context, event }) => {
        assertEvent(event, ['CLASSIFY', 'START_QUOTE']);
        const classifying = event.type === 'CLASSIFY';
        return changeAwaitsWriting(policy, {
          kind: classifying ? event.kind : context.kind,
          customerId: (classifying ? event.customerId : undefined) ?? context.customerId,
          inWriting: context.inWriting,
        });
      },
      confirmsRegisteredContent: ({ context, event }) => {
        assertEvent(event, 'CHANGE_CONFIRMED_IN_WRITING');
        return confirmsRegisteredContent(context, event);
      },
      writtenByCustomer: ({ event }) => {
        assertEvent(event, 'CUSTOMER_REPLIED');
        return isWrittenByCustomer(event);
      },
      isIncident: ({ context }) => context.kind === 'incident',
      workStarted: ({ context }) => context.workStartedAt !== null,
      classified: ({ context }) => context.category !== null,
      returnsToQuoting: ({ context }) => context.returnTo === 'quoting',
      returnsToImplementation: ({ context }) => context.returnTo === 'implementing',
      responseAtRisk: ({ context, event }) =>
        rules.slaUsedMs(context.sla.response, context.priority, eventTime(event)) >=
        rules.slaTargetMs(context.priority, 'response') * policy.sla.warningFraction,
      responseBreached: ({ context, event }) =>
        rules.slaUsedMs(context.sla.response, context.priority, eventTime(event)) >=
        rules.slaTargetMs(context.priority, 'response'),
      responseNotWarned: ({ context }) => context.sla.response.warnedAt === null,
      resolutionNotWarned: ({ context }) => context.sla.resolution.warnedAt === null,
      customerRemindersLeft: ({ context }) => context.reminders < policy.customerReminders.maxReminders,
      approvalRemindersLeft: ({ context }) => context.reminders < policy.approvalReminders.maxReminders,
      consentRemindersLeft: ({ context }) => context.reminders < policy.consentReminders.maxReminders,
      vendorRemindersLeft: ({ context }) => (context.vendor?.reminders ?? 0) < (vendorOf(context)?.maxReminders ?? 0),
      quoteIsCurrent: ({ context, event }) => {
        assertEvent(event, ['QUOTE_APPROVED', 'QUOTE_DECLINED']);
        return context.quote?.version === event.quoteVersion;
      },
      resolutionBreached: ({ context, event }) => slaUsedFraction(context, event) >= 1,
      resolutionAtRisk: ({ context, event }) => slaUsedFraction(context, event) >= policy.sla.warningFraction,
    },
    delays: {
      customerReminder: ({ event }) => rules.reminderDelay(eventTime(event), policy.customerReminders),
      approvalReminder: ({ event }) => rules.reminderDelay(eventTime(event), policy.approvalReminders),
      consentReminder: ({ event }) => rules.reminderDelay(eventTime(event), policy.consentReminders),
      vendorFollowUp: ({ context, event }) => {
        const vendor = vendorOf(context);
        return vendor ? rules.delayUntil(eventTime(event), vendor.followUpIntervalMinutes * 60_000, vendor.clock) : 0;
      },
      resolvedAutoClose: ({ event }) =>
        rules.delayUntil(
          eventTime(event),
          policy.resolvedAutoClose.afterMinutes * 60_000,
          policy.resolvedAutoClose.clock,
        ),
      slaResponseWarning: slaDelay('response', policy.sla.warningFraction),
      slaResponseBreach: slaDelay('response', 1),
      slaResolutionWarning: slaDelay('resolution', policy.sla.warningFraction),
      slaResolutionBreach: slaDelay('resolution', 1),
    },
  }).createMachine({
    id: 'ticket',
    type: 'parallel',
    context: ({ input }) => ({
      id: input.id,
      kind: input.kind,
      priority: input.priority ?? policy.sla.defaultPriority,
      subject: input.subject,
      requester: input.requester,
      customerId: input.customerId ?? null,
      language: input.language ?? policy.customers.find((c) => c.id === input.customerId)?.language ?? 'nl',
      createdAt: input.at,
      category: null,
      catalogItemId: null,
      inScope: null,
      reminders: 0,
      vendor: null,
      quote: null,
      visits: [],
      plannedFor: null,
      workStartedAt: null,
      returnTo: 'diagnosing',
      resolvedAt: null,
      resolution: null,
      description: input.description ?? '',
      attachments: input.attachments ?? [],
      cc: input.mail?.cc ?? [],
      question: null,
      onSiteReason: null,
      reopened: 0,
      notes: 0,
      hoursWorked: 0,
      assignment: input.assigned ? assignmentOf(input.assigned) : null,
      inWriting: inWritingAtRegistration(input),
      sla: {
        response: { elapsedMs: 0, runningSince: null, breachedAt: null, metAt: null, warnedAt: null },
        resolution: { elapsedMs: 0, runningSince: null, breachedAt: null, warnedAt: null },
      },
    }),
    on: {
      ADD_NOTE: { actions: 'countNote' },
      // The agent writes the customer: the ticket stays where it is; writing is the desk's response.
      REPLY: { actions: ['responded', notify('agentReply')] },
      COMMENT: { actions: ['countNote', 'keepAttachments'] },
      MAIL_RECORDED: { actions: 'countNote' },
      // A monitoring tool's all-clear is only a note once the desk has taken the work in hand.
      ALERT_RESOLVED: { actions: 'countNote' },
      SET_PRIORITY: { actions: ['foldSlaClocks', 'setPriority', 'recalculateSla'] },
      // Owner and team (assignment.ts decides them and whom they tell; the engine mails only those).
      ASSIGN: { actions: ['recordAssignment', notify('assignedToYou', 'assignee'), notify('queuedForTeam', 'team')] },
    },
    states: {
      lifecycle: {
        initial: 'registered',
        meta: title('Behandeling', 'Handling'),
        states: {
          registered: {
            meta: { ...title('Geregistreerd', 'Registered'), queue: 'new' },
            entry: [notify('acknowledgement'), notify('queuedForTeam', 'team')],
            always: 'triage',
          },
          triage: {
            meta: { ...title('Triage', 'Triage'), queue: 'new' },
            on: {
              // Classifying is the desk's response; cancelling or an all-clear is not.
              CLASSIFY: [
                { guard: 'outOfScope', target: 'outOfScope', actions: classified },
                { guard: 'classifiedAsIncident', target: 'diagnosing', actions: classified },
                { guard: 'classifiedAsStandardRequest', target: 'scheduled', actions: classified },
                { guard: 'changeAwaitsWriting', target: 'awaitingWrittenConfirmation', actions: classified },
                { target: 'quoting', actions: classified },
              ],
              ALERT_RESOLVED: 'resolved',
              CANCEL: 'cancelled',
            },
          },
          outOfScope: {
            meta: { ...title('Buiten de dienstverlening', 'Out of scope'), queue: 'in-hand' },
            entry: notify('outOfScope'),
            on: {
              START_QUOTE: [{ guard: 'changeAwaitsWriting', target: 'awaitingWrittenConfirmation' }, 'quoting'],
              CANCEL: 'cancelled',
            },
          },
          // "Een verzoek tot het doorvoeren van gewenste wijziging wordt schriftelijk ingediend": a
          // change that did not come in writing is neither quoted nor scheduled until the customer
          // confirms what was registered, by the mailed link (or the portal) or by mail.
          awaitingWrittenConfirmation: {
            meta: {
              ...title('Wacht op schriftelijke bevestiging', 'Waiting for written confirmation'),
              queue: 'waiting-on-customer',
            },
            entry: [notify('changeConfirmationRequest'), 'pauseSla'],
            exit: 'resumeSla',
            on: {
              CHANGE_CONFIRMED_IN_WRITING: {
                guard: 'confirmsRegisteredContent',
                target: 'quoting',
                actions: 'recordInWriting',
              },
              // Their mail is writing; what an agent records from a phone call is kept, and still waits.
              CUSTOMER_REPLIED: [
                { guard: 'writtenByCustomer', target: 'quoting', actions: ['keepAttachments', 'recordInWriting'] },
                { actions: 'keepAttachments' },
              ],
              CANCEL: 'cancelled',
            },
          },
          diagnosing: {
            meta: { ...title('Diagnose op afstand', 'Remote diagnosis'), queue: 'in-hand' },
            on: {
              REQUEST_INFO: { target: 'awaitingCustomer', actions: ['recordQuestion', 'returnToDiagnosis'] },
              FORWARD_TO_VENDOR: 'withThirdParty',
              PROPOSE_ONSITE: { target: 'onSite', actions: 'recordOnSiteReason' },
              RESOLVE: 'resolved',
              ALERT_RESOLVED: 'resolved',
              CANCEL: 'cancelled',
            },
          },
          awaitingCustomer: {
            meta: { ...title('Wacht op klant', 'Waiting on customer'), queue: 'waiting-on-customer' },
            entry: ['resetReminders', notify('informationRequest'), 'pauseSla'],
            exit: 'resumeSla',
            initial: 'waiting',
            states: {
              waiting: {
                meta: title('Wacht op antwoord', 'Waiting for an answer'),
                after: {
                  customerReminder: [
                    {
                      guard: 'customerRemindersLeft',
                      target: 'waiting',
                      reenter: true,
                      actions: ['countReminder', notify('informationReminder')],
                    },
                    { target: '#ticket.lifecycle.closed', actions: notify('autoClosedNoResponse') },
                  ],
                },
              },
            },
            on: {
              CUSTOMER_REPLIED: [
                { guard: 'returnsToQuoting', target: 'quoting', actions: 'keepAttachments' },
                { guard: 'returnsToImplementation', target: 'implementing', actions: 'keepAttachments' },
                { target: 'diagnosing', actions: 'keepAttachments' },
              ],
              CANCEL: 'cancelled',
            },
          },
          withThirdParty: {
            meta: { ...title('Bij derde partij', 'With third party'), queue: 'with-third-party' },
            entry: ['assignVendor', notify('vendorForward', 'vendor')],
            initial: 'followingUp',
            states: {
              followingUp: {
                meta: title('Opvolging leverancier', 'Following up the vendor'),
                after: {
                  vendorFollowUp: [
                    {
                      guard: 'vendorRemindersLeft',
                      target: 'followingUp',
                      reenter: true,
                      actions: ['countVendorReminder', notify('vendorReminder', 'vendor')],
                    },
                    {
                      target: 'escalated',
                      actions: ['markVendorEscalated', notify('vendorEscalation', 'vendorEscalation')],
                    },
                  ],
                },
              },
              escalated: { meta: title('Geëscaleerd naar dienstdoende manager', 'Escalated to the duty manager') },
            },
            on: {
              VENDOR_REPLIED: { target: 'diagnosing', actions: ['recordVendorReply', notify('progressUpdate')] },
              RESOLVE: 'resolved',
              CANCEL: 'cancelled',
            },
          },
          onSite: {
            meta: { ...title('Ondersteuning op locatie', 'On-site support'), queue: 'on-site' },
            initial: 'awaitingConsent',
            states: {
              awaitingConsent: {
                meta: title('Wacht op akkoord klant', 'Waiting for customer consent'),
                entry: ['resetReminders', notify('onSiteConsentRequest'), 'pauseSla'],
                exit: 'resumeSla',
                initial: 'waiting',
                states: {
                  waiting: {
                    meta: title('Wacht op akkoord', 'Waiting for consent'),
                    after: {
                      consentReminder: [
                        {
                          guard: 'consentRemindersLeft',
                          target: 'waiting',
                          reenter: true,
                          actions: ['countReminder', notify('onSiteConsentReminder')],
                        },
                        { target: '#ticket.lifecycle.diagnosing', actions: notify('onSiteConsentExpired') },
                      ],
                    },
                  },
                },
                on: { CONSENT_GIVEN: 'scheduling', CONSENT_DECLINED: '#ticket.lifecycle.diagnosing' },
              },
              scheduling: {
                meta: title('Bezoek inplannen', 'Scheduling the visit'),
                on: { PLAN_VISIT: { target: 'visitPlanned', actions: 'planVisit' } },
              },
              visitPlanned: {
                meta: title('Bezoek gepland', 'Visit planned'),
                entry: notify('visitPlanned'),
                on: {
                  PLAN_VISIT: { target: 'visitPlanned', reenter: true, actions: 'planVisit' },
                  RECORD_VISIT: { target: 'visitDone', actions: 'recordVisit' },
                },
              },
              visitDone: {
                meta: title('Bezoek uitgevoerd', 'Visit done'),
                on: {
                  PLAN_VISIT: { target: 'visitPlanned', actions: 'planVisit' },
                  RESOLVE: '#ticket.lifecycle.resolved',
                },
              },
            },
            on: { CANCEL: 'cancelled' },
          },
          quoting: {
            meta: { ...title('Offerte opstellen', 'Preparing the quote'), queue: 'in-hand' },
            on: {
              SUBMIT_QUOTE: { target: 'awaitingApproval', actions: 'recordQuote' },
              REQUEST_INFO: { target: 'awaitingCustomer', actions: ['recordQuestion', 'returnToQuoting'] },
              CANCEL: 'cancelled',
            },
          },
          awaitingApproval: {
            meta: { ...title('Wacht op akkoord offerte', 'Waiting for quote approval'), queue: 'awaiting-approval' },
            entry: ['resetReminders', notify('quoteForApproval'), 'pauseSla'],
            exit: 'resumeSla',
            initial: 'waiting',
            states: {
              waiting: {
                meta: title('Wacht op akkoord', 'Waiting for approval'),
                after: {
                  approvalReminder: [
                    {
                      guard: 'approvalRemindersLeft',
                      target: 'waiting',
                      reenter: true,
                      actions: ['countReminder', notify('quoteReminder')],
                    },
                    { target: '#ticket.lifecycle.cancelled', actions: notify('quoteExpired') },
                  ],
                },
              },
            },
            on: {
              QUOTE_APPROVED: { guard: 'quoteIsCurrent', target: 'scheduled', actions: 'recordApproval' },
              QUOTE_DECLINED: { guard: 'quoteIsCurrent', target: 'cancelled' },
              REVISE_QUOTE: 'quoting',
              CANCEL: 'cancelled',
            },
          },
          scheduled: {
            meta: { ...title('Ingepland', 'Scheduled'), queue: 'in-hand' },
            on: {
              SCHEDULE_WORK: { actions: ['schedule', notify('workScheduled')] },
              START_WORK: { target: 'implementing', actions: 'markWorkStarted' },
              CANCEL: 'cancelled',
            },
          },
          implementing: {
            meta: { ...title('In uitvoering', 'Implementing'), queue: 'in-hand' },
            // Hours are the event log's record (stamped with the rate in force); billing reads them there.
            on: {
              RECORD_HOURS: { actions: 'addHoursWorked' },
              RESOLVE: 'resolved',
              REQUEST_INFO: { target: 'awaitingCustomer', actions: ['recordQuestion', 'returnToImplementation'] },
              CANCEL: 'cancelled',
            },
          },
          resolved: {
            meta: { ...title('Opgelost', 'Resolved'), queue: 'resolved' },
            entry: ['markResolved', notify('completion'), 'pauseSla'],
            exit: 'resumeSla',
            after: { resolvedAutoClose: { target: 'closed', actions: notify('autoClosedAfterResolution') } },
            on: {
              CONFIRM_RESOLUTION: 'closed',
              // Back to the work that was done: implementation if there was any, diagnosis for a
              // classified incident, and triage for a ticket nobody had classified yet.
              REOPEN: [
                { guard: 'workStarted', target: 'implementing', actions: ['countReopen', 'keepAttachments'] },
                {
                  guard: and(['isIncident', 'classified']),
                  target: 'diagnosing',
                  actions: ['countReopen', 'keepAttachments'],
                },
                { target: 'triage', actions: ['countReopen', 'keepAttachments'] },
              ],
            },
          },
          closed: {
            meta: title('Gesloten', 'Closed'),
            type: 'final',
            entry: ['stopSla', notify('closure')],
          },
          cancelled: {
            meta: title('Geannuleerd', 'Cancelled'),
            type: 'final',
            entry: ['stopSla', notify('cancellation')],
          },
        },
      },
      sla: {
        meta: title('SLA', 'SLA'),
        type: 'parallel',
        states: {
          response: slaClockRegion('response', title('Reactietijd', 'Response time'), {
            // The desk's response stops this clock for good: met.
            on: { RESPONDED: { target: 'met', actions: 'markResponded' } },
            states: { met: { meta: title('Gehaald', 'Met') } },
          }),
          resolution: slaClockRegion('resolution', title('Oplostijd', 'Resolution time')),
        },
      },
    },
  });
}

export type TicketMachine = ReturnType<typeof createTicketMachine>;
