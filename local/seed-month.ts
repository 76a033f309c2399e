// Fills a month with tickets that lived through it: each ticket a scenario (seed-scenarios.ts) on a
// timeline of its own (seed-timeline.ts), driven by the desk's own engine and store, many at a time.
// Deterministic for a seed: the same month, tickets and seed give the same mix and the same times.
import type { Desk } from '../functions/desk';
import type { BusinessCalendar } from '../workflows/lifecycle/business-time';
import { rulesFor } from '../workflows/lifecycle/sla-standing';
import type { Customer } from '../workflows/policy/policy';
import { MONTH_PATTERN, monthRange } from '../workflows/billing/billing';
import { rotation, type Scenario } from './seed-scenarios';
import { seededRandom } from './seeded-random';
import { MonthEnded, seedingStore, TicketTimeline, type Tally } from './seed-timeline';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface SeedOptions {
  /** YYYY-MM, in the desk's time zone. */
  month: string;
  tickets: number;
  seed: number;
  /** Tickets driven at once, each on its own timeline (32 by default, the timer poller's concurrency). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeededTicket {
  /** The plan's place in the rotation order (0 is the first ticket planned). */
  index: number;
  scenario: string;
  id: string;
  kind: string;
  priority: string;
  status: string;
  stage: string;
  createdAt: number;
}

export interface SeedSummary {
  month: string;
  monthStart: number;
  monthEnd: number;
  tickets: SeededTicket[];
  events: number;
  /** Events committed, by logged type (`timer:<name>` for timers). */
  eventsByType: [string, number][];
  timersFired: number;
  elapsedMs: number;
}

/** Whether a text names a month the way the reports take it (YYYY-MM). */
export const isMonth = (text: string): boolean => new RegExp(MONTH_PATTERN).test(text);

/** The latest instant from which `businessMs` of business time still lies before `end`. */
function businessBefore(calendar: BusinessCalendar, end: number, businessMs: number): number {
  let from = end;
  while (calendar.between(from, end) < businessMs) from -= DAY_MS;
  return from;
}

const people = ['Jan Bakker', 'Sanne Visser', 'Pieter Smit', 'Emma de Boer', 'Alice Cooper', 'Tom Hughes'];

function requesterOf(customer: Customer, n: number) {
  const name = people[n % people.length]!;
  const domain = customer.mailDomains[0] ?? `${customer.id}.example.com`;
  return { name, email: `${name.toLowerCase().replace(/ /g, '.')}@${domain}` };
}

interface Plan {
  index: number;
  scenario: Scenario;
  customer: Customer;
  start: number;
}

/** Each ticket's scenario, customer and arrival: the rotation in order, every customer in turn. */
function plansOf(desk: Desk, options: SeedOptions, calendar: BusinessCalendar, bounds: { start: number; end: number }) {
  const customers = desk.policy.customers;
  if (customers.length === 0) throw new Error('the policy has no customers to seed tickets for');
  const monthBusiness = calendar.between(bounds.start, bounds.end);
  return Array.from({ length: options.tickets }, (_, index): Plan => {
    const scenario = rotation[index % rotation.length]!;
    const lap = Math.floor(index / rotation.length);
    const rng = seededRandom(options.seed, index, 1);
    const arrivalIn = (from: number, to: number) =>
      calendar.add(from, rng.int(1, Math.max(1, calendar.between(from, to))));
    let start: number;
    if (scenario.arrival === 'previous-month') {
      start = arrivalIn(businessBefore(calendar, bounds.start, 3 * 9 * HOUR_MS), bounds.start - HOUR_MS);
    } else if (scenario.arrival === 'month-end') {
      start = arrivalIn(businessBefore(calendar, bounds.end, 1.5 * 9 * HOUR_MS), bounds.end - 2 * HOUR_MS);
    } else {
      const room = Math.max(HOUR_MS, monthBusiness - scenario.spanDays * 9 * HOUR_MS);
      start = calendar.add(bounds.start, rng.int(1, room));
    }
    return { index, scenario, customer: customers[(index + lap) % customers.length]!, start };
  }).sort((a, b) => a.start - b.start || a.index - b.index);
}

export async function seedMonth(desk: Desk, options: SeedOptions): Promise<SeedSummary> {
  const began = Date.now();
  const zone = desk.policy.businessHours.timeZone;
  if (!isMonth(options.month)) throw new Error(`a month is YYYY-MM (e.g. 2026-11), not "${options.month}"`);
  const { from: start, to: end } = monthRange(options.month, zone);
  const bounds = { start, end };
  if (!Number.isInteger(options.tickets) || options.tickets < 0) throw new Error('tickets is a whole number');
  const calendar = rulesFor(desk.policy).calendar;
  const tally: Tally = { byType: new Map() };
  const env = { desk, store: seedingStore(desk.store), calendar, monthEnd: bounds.end, tally };
  const plans = plansOf(desk, options, calendar, bounds);
  const seeded: SeededTicket[] = [];

  // Tickets are numbered as they are opened: each opens after the one planned before it, so the
  // numbers follow the month's order even with many tickets living at once.
  let opened: Promise<void> = Promise.resolve();
  const turns = plans.map(() => {
    const before = opened;
    let done = () => {};
    opened = new Promise<void>((resolve) => (done = resolve));
    return { before, done };
  });

  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < plans.length && failure === null) {
      const i = next++;
      const plan = plans[i]!;
      const rng = seededRandom(options.seed, plan.index, 2);
      const t = new TicketTimeline(
        env,
        rng,
        plan.customer,
        requesterOf(plan.customer, plan.index),
        plan.start,
        turns[i]!,
      );
      try {
        await plan.scenario.run(t, plan.scenario.priority);
      } catch (error) {
        if (!(error instanceof MonthEnded)) {
          failure ??= error;
          turns[i]!.done();
          throw error;
        }
      }
      await t.release();
      const head = t.head;
      seeded.push({
        index: plan.index,
        scenario: plan.scenario.name,
        id: head.id,
        kind: head.kind,
        priority: head.priority,
        status: head.status,
        stage: head.stage,
        createdAt: head.createdAt,
      });
      options.onProgress?.(seeded.length, plans.length);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? 32, plans.length) }, worker);
  await Promise.all(workers);

  const eventsByType = [...tally.byType].sort((a, b) => a[0].localeCompare(b[0]));
  return {
    month: options.month,
    monthStart: bounds.start,
    monthEnd: bounds.end,
    tickets: seeded.sort((a, b) => a.index - b.index),
    events: eventsByType.reduce((sum, [, n]) => sum + n, 0),
    eventsByType,
    timersFired: eventsByType.filter(([type]) => type.startsWith('timer:')).reduce((sum, [, n]) => sum + n, 0),
    elapsedMs: Date.now() - began,
  };
}
