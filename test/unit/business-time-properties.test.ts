import fc from 'fast-check';
import { DateTime } from 'luxon';
import { createBusinessCalendar } from '../../workflows/lifecycle/business-time';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { referenceBusinessCalendar } from '../support/business-time-reference';

const zone = 'Europe/Amsterdam';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const hours = defaultPolicy.businessHours;
const from2025 = DateTime.fromObject({ year: 2025, month: 1, day: 1 }, { zone }).toMillis();
const to2038 = DateTime.fromObject({ year: 2038, month: 12, day: 31 }, { zone }).toMillis();

/** The clock changes of 2025–2038 in Amsterdam: the last Sundays of March and October, 01:00 UTC. */
const clockChanges = Array.from({ length: 14 }, (_, i) => 2025 + i).flatMap((year) =>
  [3, 10].map((month) => {
    const lastSunday = DateTime.fromObject({ year, month, day: 31 }, { zone: 'UTC' });
    return lastSunday
      .minus({ days: lastSunday.weekday % 7 })
      .set({ hour: 1 })
      .toMillis();
  }),
);

/** Any instant of those years (past the compiled calendar too), often within days of a clock change or holiday. */
const instant = fc.oneof(
  fc.integer({ min: from2025, max: to2038 }),
  fc
    .tuple(fc.constantFrom(...clockChanges), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
    .map(([change, offset]) => change + offset),
  fc
    .tuple(fc.constantFrom(...(hours.holidays?.calendar?.dates ?? [])), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
    .map(([date, offset]) => DateTime.fromISO(date, { zone }).toMillis() + offset),
);
/** From nothing to a few weeks of business time, to the millisecond or on whole minutes. */
const duration = fc.oneof(
  fc.integer({ min: -HOUR, max: 21 * DAY }),
  fc.integer({ min: 0, max: 200 * 60 }).map((minutes) => minutes * 60_000),
);

type Query =
  { op: 'add'; at: number; ms: number } | { op: 'between'; at: number; to: number } | { op: 'isOpen'; at: number };
const query: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), at: instant, ms: duration }),
  fc.tuple(instant, duration).map(([at, ms]): Query => ({ op: 'between', at, to: at + ms })),
  fc.record({ op: fc.constant('isOpen' as const), at: instant }),
);

const answer = (calendar: ReturnType<typeof referenceBusinessCalendar>, q: Query) =>
  q.op === 'add' ? calendar.add(q.at, q.ms) : q.op === 'between' ? calendar.between(q.at, q.to) : calendar.isOpen(q.at);

describe('business time, counted on cached days, agrees with counting each day in luxon', () => {
  it('gives the same add, between and isOpen for any instants and durations, across clock changes and holidays', () => {
    // One calendar for all runs: answers must not depend on which days earlier questions cached.
    const optimised = createBusinessCalendar(hours, () => {});
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 10 }), (queries) => {
        const reference = referenceBusinessCalendar(hours);
        for (const q of queries) expect(answer(optimised, q)).toBe(answer(reference, q));
      }),
      { numRuns: 200 },
    );
  });

  it('warns of the same first day past the compiled calendar', () => {
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 10 }), (queries) => {
        const said: string[] = [];
        const heard: string[] = [];
        const optimised = createBusinessCalendar(hours, (day) => said.push(day));
        const reference = referenceBusinessCalendar(hours, (day) => heard.push(day));
        for (const q of queries) {
          answer(optimised, q);
          answer(reference, q);
        }
        expect(said).toEqual(heard);
      }),
      { numRuns: 50 },
    );
  });
});
