// The lifecycles a seeded month is made of: each a script of what agents, customers and vendors do
// and how much business time passes between, so the desk's own timers (SLA warnings and breaches,
// reminders, escalations, auto-closes) fire where the real desk's would. The rotation lists them in
// the order tickets take them: any thirty tickets cover every kind, priority and outcome.
import type { Priority, TicketKind } from '../workflows/policy/policy';
import { isoWithOffset } from '../workflows/time/zoned-time';
import type { TicketTimeline } from './seed-timeline';

const HOUR = 60;
const DAY = 9 * HOUR;

/** When in the month a scenario's ticket arrives. */
export type Arrival =
  /** Early enough to live its whole span within the month. */
  | 'month'
  /** In the last business days before the month: still open when it begins. */
  | 'previous-month'
  /** In the month's last business day and a half: still open at its end. */
  | 'month-end';

export interface Scenario {
  name: string;
  kind: TicketKind;
  priority: Priority;
  arrival: Arrival;
  /** Business days the script needs, at most. */
  spanDays: number;
  run(t: TicketTimeline, priority: Priority): Promise<void>;
}

const incidentSubjects = [
  ['VPN drops every few minutes', 'Since this morning the VPN connection drops every few minutes.', 'network'],
  ['Laptop does not start', 'The laptop shows a black screen after the logo.', 'workplace'],
  ['Mail stuck in outbox', 'Messages stay in the outbox and are never sent.', 'e-mail'],
  ['Printer on 2nd floor jams', 'The printer on the second floor jams on every job.', 'printing'],
  ['Accounting package crashes', 'The accounting package closes when we open the ledger.', 'software'],
  ['Cannot log in', 'My password is refused after the change last week.', 'accounts'],
] as const;

type Subject = (typeof incidentSubjects)[number];

const subjectOf = (t: TicketTimeline, category?: Subject[2]): Subject =>
  (category && incidentSubjects.find((s) => s[2] === category)) || t.rng.pick(incidentSubjects);

const sla = (t: TicketTimeline, priority: Priority) => {
  const target = t.policy.sla.targets[priority];
  return { response: target.responseMinutes, resolution: target.resolutionMinutes };
};

/** Opens an incident through a channel the customer might use. */
async function openIncident(
  t: TicketTimeline,
  subject: Subject,
  via?: 'mail' | 'portal' | 'phone',
  priority?: Priority,
) {
  const how = via ?? t.rng.pick(['mail', 'mail', 'portal', 'phone'] as const);
  const ticket = { kind: 'incident' as const, subject: subject[0], description: subject[1] };
  if (how === 'mail') await t.openByMail(ticket);
  else if (how === 'portal') await t.openByPortal(ticket);
  // An agent taking the call gives it its priority there and then (mail and the portal leave the default).
  else await t.openByPhone({ ...ticket, ...(priority ? { priority } : {}) });
}

async function classifyIncident(t: TicketTimeline, priority: Priority, subject: Subject) {
  await t.byAgent({ type: 'CLASSIFY', kind: 'incident', priority, category: subject[2], inScope: true });
}

/** Opened through the customer's usual channel, classified after `responseFraction` of the response target. */
async function takeIn(t: TicketTimeline, priority: Priority, subject: Subject, responseFraction: number) {
  await openIncident(t, subject);
  await t.after(sla(t, priority).response * responseFraction);
  await classifyIncident(t, priority, subject);
}

/** The customer confirms the resolution by the mailed link, or lets the desk close it by itself. */
async function confirmOrAutoClose(t: TicketTimeline) {
  if (t.rng.chance(0.6)) {
    await t.after(t.rng.between(0.5, 2 * DAY));
    await t.clickLink(t.head.kind === 'change' ? 'confirm_change' : 'confirm_resolution');
  } else await t.after(t.policy.resolvedAutoClose.afterMinutes + HOUR);
}

const resolve = (t: TicketTimeline, summary: string) => t.byAgent({ type: 'RESOLVE', summary });

/** Responded to and resolved within the priority's targets. */
const inTime = (via?: 'mail' | 'portal' | 'phone') => async (t: TicketTimeline, priority: Priority) => {
  const target = sla(t, priority);
  const subject = subjectOf(t);
  await openIncident(t, subject, via, priority);
  const respondAfter = target.response * t.rng.between(0.1, 0.5);
  await t.after(respondAfter);
  await classifyIncident(t, priority, subject);
  await t.byAgent({ type: 'ASSIGN', agentId: t.agentId });
  if (t.rng.chance(0.5)) await t.byAgent({ type: 'ADD_NOTE', text: 'Checked the logs; looking into it.' });
  await t.after((target.resolution - respondAfter) * t.rng.between(0.2, 0.6));
  await resolve(t, 'Fixed remotely.');
  await confirmOrAutoClose(t);
};

/** Nobody responded in time: the response SLA's warning and breach fire before the desk does. */
const lateResponse = async (t: TicketTimeline, priority: Priority) => {
  const target = sla(t, priority);
  const subject = subjectOf(t);
  // Registered from a call at its priority, so the response clock runs against that target.
  await openIncident(t, subject, 'phone', priority);
  await t.after(target.response * t.rng.between(1.2, 1.8));
  await classifyIncident(t, priority, subject);
  await t.after(Math.min(target.resolution * 0.3, 2 * DAY));
  await resolve(t, 'Restored after the late pick-up.');
  await confirmOrAutoClose(t);
};

/** Responded to in time, but the work ran past the resolution target. */
const lateResolution = async (t: TicketTimeline, priority: Priority) => {
  const target = sla(t, priority);
  const subject = subjectOf(t);
  await openIncident(t, subject);
  await t.after(target.response * 0.3);
  await classifyIncident(t, priority, subject);
  await t.after(target.resolution * 0.5);
  await t.byAgent({ type: 'REPLY', message: 'We are still working on it; thank you for your patience.' });
  await t.after(target.resolution * t.rng.between(0.7, 0.9));
  await resolve(t, 'Resolved after a longer search.');
  await confirmOrAutoClose(t);
};

/** The desk asks the customer, who answers by mail or in the portal, after `reminders` reminders. */
const waitsOnCustomer = (reminders: number) => async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t);
  await takeIn(t, priority, subject, 0.4);
  await t.byAgent({ type: 'REQUEST_INFO', question: 'Which version is installed, and when did it start?' });
  await t.after(t.policy.customerReminders.intervalMinutes * (reminders + t.rng.between(0.2, 0.8)));
  const answer = { type: 'CUSTOMER_REPLIED', message: 'Version 4.2; it started on Monday.' };
  if (t.rng.chance(0.5)) await t.byCustomerMail(answer);
  else await t.byPortal(answer);
  await t.after(t.rng.between(1, 4) * HOUR);
  await resolve(t, 'Updated to 4.3, which fixes it.');
  await confirmOrAutoClose(t);
};

/** The customer never answers: the reminders run out and the desk closes the ticket. */
const customerSilent = async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t);
  await takeIn(t, priority, subject, 0.4);
  await t.byAgent({ type: 'REQUEST_INFO', question: 'Could you send a screenshot of the message?' });
  const cycle = t.policy.customerReminders;
  await t.after(cycle.intervalMinutes * (cycle.maxReminders + 1) + HOUR);
};

/** Handed to a vendor, followed up at its interval, answered before the reminders run out. */
const vendorAnswers = (vendorId: string) => async (t: TicketTimeline, priority: Priority) => {
  const vendor = t.policy.vendors.find((v) => v.id === vendorId)!;
  const subject = subjectOf(t, vendorId === 'printing' ? 'printing' : 'network');
  await takeIn(t, priority, subject, 0.3);
  await t.byAgent({ type: 'FORWARD_TO_VENDOR', vendorId, note: 'Please look at the line on your side.' });
  const reminders = t.rng.int(1, Math.max(1, vendor.maxReminders - 1));
  await t.after(vendor.followUpIntervalMinutes * (reminders + t.rng.between(0.2, 0.8)));
  await t.byVendorMail({
    type: 'VENDOR_REPLIED',
    vendorRef: String(t.rng.int(10_000_000, 99_999_999)),
    message: 'Fixed on our side.',
  });
  await t.after(t.rng.between(0.5, 3) * HOUR);
  await resolve(t, 'The vendor fixed it; checked with the customer.');
  await confirmOrAutoClose(t);
};

/** The vendor stays silent past its last reminder: escalated; they answer late, or not this month. */
const vendorEscalated = (vendorId: string, answersLate: boolean) => async (t: TicketTimeline, priority: Priority) => {
  const vendor = t.policy.vendors.find((v) => v.id === vendorId)!;
  const subject = subjectOf(t, 'workplace');
  await takeIn(t, priority, subject, 0.3);
  await t.byAgent({ type: 'FORWARD_TO_VENDOR', vendorId, note: 'Replacement part needed under warranty.' });
  await t.after(vendor.followUpIntervalMinutes * (vendor.maxReminders + 1) + HOUR);
  if (!answersLate) await t.untilMonthEnd();
  await t.after(t.rng.between(1, 2) * DAY);
  await t.byVendorMail({
    type: 'VENDOR_REPLIED',
    vendorRef: String(t.rng.int(10_000, 99_999)),
    message: 'Part shipped.',
  });
  await t.after(DAY);
  await resolve(t, 'Part replaced.');
  await confirmOrAutoClose(t);
};

/** On-site support: consent by link (sometimes after a reminder), a planned visit, hours and materials recorded. */
const onSite = async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t, 'workplace');
  await takeIn(t, priority, subject, 0.3);
  await t.byAgent({ type: 'PROPOSE_ONSITE', reason: 'The machine needs a technician at the desk.' });
  const consent = t.policy.consentReminders.intervalMinutes;
  await t.after(t.rng.chance(0.5) ? consent * 1.3 : consent * 0.3);
  await t.clickLink('consent_onsite');
  await t.after(HOUR);
  const visit = calendarAdd(t, t.now(), t.rng.int(1, 2) * DAY);
  await t.byAgent({ type: 'PLAN_VISIT', plannedFor: isoWithOffset(visit, t.zone), technician: 'Kees Technician' });
  await t.until(visit + t.rng.int(0, 30) * 60_000);
  const hours = t.rng.int(2, 12) / 4;
  await t.after(hours * HOUR);
  await t.byAgent({
    type: 'RECORD_VISIT',
    hours,
    materials: t.rng.chance(0.6) ? [{ description: 'SSD 512 GB', quantity: 1, unitCents: 8900 }] : [],
    report: 'Replaced the drive and restored the profile.',
  });
  await t.after(0.5 * HOUR);
  await resolve(t, 'Repaired on site.');
  await confirmOrAutoClose(t);
};

/** Business time on from an instant, whole minutes. */
const calendarAdd = (t: TicketTimeline, from: number, minutes: number) => {
  const at = t.calendar.add(from, minutes * 60_000);
  return at - (at % 60_000);
};

/** The customer declines the visit: back to remote diagnosis, solved from there. */
const onSiteDeclined = async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t, 'workplace');
  await takeIn(t, priority, subject, 0.3);
  await t.byAgent({ type: 'PROPOSE_ONSITE', reason: 'A technician could look at it on site.' });
  await t.after(t.rng.between(1, 4) * HOUR);
  await t.clickLink('decline_onsite');
  await t.after(t.rng.between(1, 3) * HOUR);
  await resolve(t, 'Talked the customer through it on the phone.');
  await confirmOrAutoClose(t);
};

/** Resolved, reopened by the customer's mail, resolved again and confirmed. */
const reopened = async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t);
  await takeIn(t, priority, subject, 0.3);
  await t.after(sla(t, priority).resolution * 0.2);
  await resolve(t, 'Cleared the cache.');
  await t.after(t.rng.between(2, 12) * HOUR);
  await t.byCustomerMail({ type: 'REOPEN', reason: 'It happens again since this morning.' });
  await t.after(t.rng.between(1, 3) * HOUR);
  await resolve(t, 'Replaced the profile; it holds now.');
  await t.after(t.rng.between(1, 4) * HOUR);
  await t.clickLink('confirm_resolution');
};

/** A duplicate the desk cancels from triage. */
const cancelled = async (t: TicketTimeline) => {
  await openIncident(t, subjectOf(t), 'mail');
  await t.after(t.rng.between(5, 20));
  await t.byAgent({ type: 'CANCEL', reason: 'Duplicate of an earlier report.' });
};

/** Arrives in the month's last hours: classified, still being diagnosed when the month ends. */
const stillOpen = async (t: TicketTimeline, priority: Priority) => {
  const subject = subjectOf(t);
  await takeIn(t, priority, subject, 0.5);
  await t.untilMonthEnd();
};

/** A standard catalog request from the portal: scheduled, done and confirmed. */
const standardRequest = async (t: TicketTimeline, priority: Priority) => {
  const item = t.rng.pick(t.policy.catalog.filter((c) => c.standard));
  await t.openByPortal({ kind: 'service_request', subject: item.title.en, description: 'For our new colleague.' });
  await t.after(sla(t, priority).response * 0.4);
  await t.byAgent({
    type: 'CLASSIFY',
    kind: 'service_request',
    priority,
    category: 'accounts',
    catalogItemId: item.id,
    inScope: true,
  });
  const workAt = calendarAdd(t, t.now(), t.rng.between(1, 6) * HOUR);
  await t.byAgent({ type: 'SCHEDULE_WORK', plannedFor: isoWithOffset(workAt, t.zone) });
  await t.until(workAt);
  await t.byAgent({ type: 'START_WORK' });
  await t.after(t.rng.between(0.5, 2) * HOUR);
  await resolve(t, `${item.title.en}: done.`);
  await confirmOrAutoClose(t);
};

const labour = (hours: number) => ({ kind: 'labour' as const, description: 'Work', quantity: hours, unitCents: 8500 });

/** Quoted work: submitted, answered by link (`approve`) or declined, then done with hours recorded. */
async function quotedWork(t: TicketTimeline, approve: boolean, remind: boolean) {
  const lines = [
    { kind: 'hardware' as const, description: 'Switch, 24 ports', quantity: 1, unitCents: 42_000 },
    labour(t.rng.int(2, 8)),
  ];
  await t.byAgent({ type: 'SUBMIT_QUOTE', lines });
  const cycle = t.policy.approvalReminders.intervalMinutes;
  await t.after(remind ? cycle * 1.2 : t.rng.between(2, 8) * HOUR);
  if (!approve) return t.clickLink('decline_quote');
  await t.clickLink('approve_quote');
  const workAt = calendarAdd(t, t.now(), t.rng.between(1, 3) * DAY);
  await t.byAgent({ type: 'SCHEDULE_WORK', plannedFor: isoWithOffset(workAt, t.zone) });
  await t.until(workAt);
  await t.byAgent({ type: 'START_WORK' });
  const hours = t.rng.int(4, 24) / 4;
  await t.after(hours * HOUR);
  await t.byAgent({ type: 'RECORD_HOURS', hours, description: 'Installed and configured.' });
  await t.after(0.5 * HOUR);
  await resolve(t, 'Installed and handed over.');
  await confirmOrAutoClose(t);
}

/** Non-standard work ("other"): quoted, approved, done on actual hours. */
const quotedRequest = async (t: TicketTimeline, priority: Priority) => {
  await t.openByMail({
    kind: 'service_request',
    subject: 'Extra network point in the meeting room',
    description: 'Two ports, please.',
  });
  await t.after(sla(t, priority).response * 0.4);
  await t.byAgent({
    type: 'CLASSIFY',
    kind: 'service_request',
    priority,
    category: 'network',
    catalogItemId: 'other',
    inScope: true,
  });
  await t.after(t.rng.between(1, 4) * HOUR);
  await quotedWork(t, true, false);
};

/** A change mailed to the change mailbox (so in writing): quoted, approved after a reminder, done. */
const changeInWriting = (remind: boolean) => async (t: TicketTimeline, priority: Priority) => {
  await t.openByMail({
    kind: 'change',
    subject: 'Move the file server to the new rack',
    description: 'Planned for after hours.',
  });
  await t.after(sla(t, priority).response * 0.4);
  await t.byAgent({ type: 'CLASSIFY', kind: 'change', priority, category: 'network', inScope: true });
  await t.after(t.rng.between(2, 6) * HOUR);
  await quotedWork(t, true, remind);
};

/** A change taken by phone: confirmed in writing by link, quoted, and the quote declined. */
const changeDeclined = async (t: TicketTimeline, priority: Priority) => {
  await t.openByPhone({
    kind: 'change',
    subject: 'New firewall rules for the webshop',
    description: 'Open 8443 to the shop server.',
  });
  await t.after(sla(t, priority).response * 0.4);
  await t.byAgent({ type: 'CLASSIFY', kind: 'change', priority, category: 'network', inScope: true });
  await t.after(t.rng.between(1, 6) * HOUR);
  await t.clickLink('confirm_in_writing');
  await t.after(t.rng.between(2, 6) * HOUR);
  await quotedWork(t, false, false);
};

/** A change quoted at the month's end: awaiting approval when it ends. */
const changeAwaitingApproval = async (t: TicketTimeline, priority: Priority) => {
  await t.openByMail({ kind: 'change', subject: 'Upgrade the mail server', description: 'To the supported version.' });
  await t.after(sla(t, priority).response * 0.3);
  await t.byAgent({ type: 'CLASSIFY', kind: 'change', priority, category: 'e-mail', inScope: true });
  await t.after(HOUR);
  await t.byAgent({ type: 'SUBMIT_QUOTE', lines: [labour(6)] });
  await t.untilMonthEnd();
};

const scenario = (
  name: string,
  kind: TicketKind,
  priority: Priority,
  run: Scenario['run'],
  spanDays: number,
  arrival: Arrival = 'month',
): Scenario => ({ name, kind, priority, run, spanDays, arrival });

/** The order tickets take scenarios in, round and round. */
export const rotation: readonly Scenario[] = [
  scenario('incident in time', 'incident', 'P2', inTime('mail'), 9),
  scenario('waits on the customer, answered after a reminder', 'incident', 'P3', waitsOnCustomer(1), 12),
  scenario('late response', 'incident', 'P1', lateResponse, 8),
  scenario('vendor answers after reminders', 'incident', 'P2', vendorAnswers('connectivity'), 10),
  scenario('on-site visit', 'incident', 'P4', onSite, 12),
  scenario('standard request', 'service_request', 'P4', standardRequest, 9),
  scenario('change quoted, approved after a reminder', 'change', 'P3', changeInWriting(true), 16),
  scenario('reopened', 'incident', 'P3', reopened, 8),
  scenario('late resolution', 'incident', 'P2', lateResolution, 9),
  scenario('vendor escalated, never answers', 'incident', 'P3', vendorEscalated('hardware', false), 6),
  scenario('still open at month end', 'incident', 'P3', stillOpen, 1, 'month-end'),
  scenario('quoted request', 'service_request', 'P3', quotedRequest, 12),
  scenario('change confirmed in writing, quote declined', 'change', 'P3', changeDeclined, 4),
  scenario('cancelled duplicate', 'incident', 'P4', cancelled, 1),
  scenario('vendor escalated, answers late', 'incident', 'P3', vendorEscalated('hardware', true), 14, 'previous-month'),
  scenario('change from the month before', 'change', 'P3', changeInWriting(true), 16, 'previous-month'),
  scenario('incident in time', 'incident', 'P1', inTime(), 8),
  scenario('incident in time', 'incident', 'P4', inTime(), 12),
  scenario('customer never answers', 'incident', 'P3', customerSilent, 8),
  scenario('on-site visit declined', 'incident', 'P3', onSiteDeclined, 9),
  scenario('incident in time', 'incident', 'P3', inTime('portal'), 11),
  scenario('vendor answers after reminders', 'incident', 'P4', vendorAnswers('printing'), 11),
  scenario('change awaiting approval', 'change', 'P3', changeAwaitingApproval, 1, 'month-end'),
  scenario('incident in time', 'incident', 'P2', inTime('phone'), 9),
];
