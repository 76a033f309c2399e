// The straightforward business calendar, a luxon DateTime per local day: what the optimised one
// (workflows/lifecycle/business-time.ts) must agree with, instant for instant; and the bench's baseline.
import { DateTime } from 'luxon';
import type { BusinessCalendar, PastCalendar } from '../../workflows/lifecycle/business-time';
import type { Policy } from '../../workflows/policy/policy';

const MAX_DAYS_SEARCHED = 366 * 5;

export function referenceBusinessCalendar(
  hours: Policy['businessHours'],
  onPastCalendar: PastCalendar = () => {},
): Omit<BusinessCalendar, 'measure'> {
  const zone = hours.timeZone;
  const [openH, openM] = hours.opens.split(':').map(Number) as [number, number];
  const [closeH, closeM] = hours.closes.split(':').map(Number) as [number, number];
  const weekdays = new Set(hours.weekdays);
  const calendar = hours.holidays?.calendar;
  const closed = new Set(calendar?.dates);
  let pastCalendarSaid = false;

  const isHoliday = (day: DateTime): boolean => {
    if (!calendar) return false;
    const date = day.toISODate() ?? '';
    if (day.year < calendar.firstYear || day.year > calendar.lastYear) {
      if (!pastCalendarSaid) onPastCalendar(date, { firstYear: calendar.firstYear, lastYear: calendar.lastYear });
      pastCalendarSaid = true;
      return false;
    }
    return closed.has(date);
  };

  const windowOf = (day: DateTime): { open: number; close: number } | null => {
    if (!weekdays.has(day.weekday) || isHoliday(day)) return null;
    const open = day.set({ hour: openH, minute: openM, second: 0, millisecond: 0 }).toMillis();
    const close = day.set({ hour: closeH, minute: closeM, second: 0, millisecond: 0 }).toMillis();
    return { open, close };
  };

  const startOfNextDay = (day: DateTime) => day.startOf('day').plus({ days: 1 });

  const add = (start: number, ms: number): number => {
    if (ms <= 0) return start;
    let remaining = ms;
    let t = start;
    let day: DateTime = DateTime.fromMillis(start, { zone });
    for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
      const window = windowOf(day);
      if (window) {
        if (t < window.open) t = window.open;
        if (t < window.close) {
          const available = window.close - t;
          if (remaining <= available) return t + remaining;
          remaining -= available;
        }
      }
      day = startOfNextDay(day);
      t = day.toMillis();
    }
    throw new Error('business calendar has no open hours within five years');
  };

  const between = (from: number, to: number): number => {
    if (to <= from) return 0;
    let total = 0;
    for (
      let day: DateTime = DateTime.fromMillis(from, { zone }).startOf('day');
      day.toMillis() < to;
      day = startOfNextDay(day)
    ) {
      const window = windowOf(day);
      if (window) total += Math.max(0, Math.min(window.close, to) - Math.max(window.open, from));
    }
    return total;
  };

  const isOpen = (at: number): boolean => {
    const window = windowOf(DateTime.fromMillis(at, { zone }));
    return window !== null && at >= window.open && at < window.close;
  };

  return { add, between, isOpen };
}
