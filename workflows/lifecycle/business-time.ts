// Business-time arithmetic: adding and measuring time that only runs while the desk is open
// (its weekdays and hours in its time zone, minus public holidays). Pure: instants in, instants out.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { ClockKind, Policy } from '../policy/policy';

export interface TimeMeasure {
  /** The instant `ms` of counted time after `start`. */
  add(start: number, ms: number): number;
  /** Counted time between two instants (0 when `to` is not after `from`). */
  between(from: number, to: number): number;
}

export interface BusinessCalendar extends TimeMeasure {
  isOpen(at: number): boolean;
  measure(kind: ClockKind): TimeMeasure;
}

const MAX_DAYS_SEARCHED = 366 * 5;

export const calendarTime: TimeMeasure = {
  add: (start, ms) => start + ms,
  between: (from, to) => Math.max(0, to - from),
};

export function createBusinessCalendar(hours: Policy['businessHours']): BusinessCalendar {
  const zone = hours.timeZone;
  if (!DateTime.now().setZone(zone).isValid) throw new Error(`unknown time zone ${zone}`);
  const [openH, openM] = hours.opens.split(':').map(Number) as [number, number];
  const [closeH, closeM] = hours.closes.split(':').map(Number) as [number, number];
  const weekdays = new Set(hours.weekdays);
  const holidayCalendar = hours.holidays ? new Holidays(hours.holidays.country, hours.holidays.state ?? '') : null;
  const holidaysByYear = new Map<number, Set<string>>();

  const isHoliday = (day: DateTime): boolean => {
    if (!holidayCalendar) return false;
    let dates = holidaysByYear.get(day.year);
    if (!dates) {
      dates = new Set(
        holidayCalendar
          .getHolidays(day.year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      holidaysByYear.set(day.year, dates);
    }
    return dates.has(day.toISODate() ?? '');
  };

  /** The open window of the local day containing `at`, or null on a closed day. */
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

  const business: TimeMeasure = { add, between };
  return { add, between, isOpen, measure: (kind) => (kind === 'business' ? business : calendarTime) };
}
