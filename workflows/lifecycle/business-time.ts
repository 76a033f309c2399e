// Business-time arithmetic: adding and measuring time that only runs while the desk is open
// (its weekdays and hours in its time zone, minus the closed dates of the policy's compiled holiday
// calendar). Pure: instants in, instants out; no calendar library, only the dates.
import { COMPILE_HOLIDAYS } from '../policy/holiday-calendar';
import type { ClockKind, Policy } from '../policy/policy';
import {
  instantAt,
  isoDate,
  isTimeZone,
  localTime,
  startOfDay,
  startOfNextDay,
  type LocalReading,
} from '../time/zoned-time';

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

/** The log line's message when a day outside the compiled calendar is counted (a metric filter can alarm on it). */
export const HOLIDAY_CALENDAR_ENDED = 'holiday calendar ended';

/** Told of a day outside the calendar's years, which counts as a working day when its weekday is one. */
export type PastCalendar = (day: string, calendar: { firstYear: number; lastYear: number }) => void;

/** Said once per calendar, as a warning line in the function's log. */
const warnPastCalendar: PastCalendar = (day, calendar) =>
  console.warn(
    JSON.stringify({
      level: 'WARN',
      message: HOLIDAY_CALENDAR_ENDED,
      day,
      calendarYears: `${calendar.firstYear}-${calendar.lastYear}`,
      fix: `counted without holidays: recompile the holiday calendar (${COMPILE_HOLIDAYS}) and deploy`,
    }),
  );

export const calendarTime: TimeMeasure = {
  add: (start, ms) => start + ms,
  between: (from, to) => Math.max(0, to - from),
};

export function createBusinessCalendar(
  hours: Policy['businessHours'],
  onPastCalendar: PastCalendar = warnPastCalendar,
): BusinessCalendar {
  const zone = hours.timeZone;
  if (!isTimeZone(zone)) throw new Error(`unknown time zone ${zone}`);
  const [openH, openM] = hours.opens.split(':').map(Number) as [number, number];
  const [closeH, closeM] = hours.closes.split(':').map(Number) as [number, number];
  const weekdays = new Set(hours.weekdays);
  // loadPolicy refuses holidays without a compiled calendar, so `calendar` is there whenever holidays are.
  const calendar = hours.holidays?.calendar;
  const closed = new Set(calendar?.dates);
  let pastCalendarSaid = false;

  const isHoliday = (day: LocalReading): boolean => {
    if (!calendar) return false;
    const date = isoDate(day);
    if (day.year < calendar.firstYear || day.year > calendar.lastYear) {
      if (!pastCalendarSaid) onPastCalendar(date, { firstYear: calendar.firstYear, lastYear: calendar.lastYear });
      pastCalendarSaid = true;
      return false;
    }
    return closed.has(date);
  };

  /** The open window of the local day containing `at`, or null on a closed day. */
  const windowOf = (at: number): { open: number; close: number } | null => {
    const day = localTime(at, zone);
    if (!weekdays.has(day.weekday) || isHoliday(day)) return null;
    const open = instantAt({ ...day, hour: openH, minute: openM, second: 0, millisecond: 0 }, zone);
    const close = instantAt({ ...day, hour: closeH, minute: closeM, second: 0, millisecond: 0 }, zone);
    return { open, close };
  };

  const add = (start: number, ms: number): number => {
    if (ms <= 0) return start;
    let remaining = ms;
    let t = start;
    let day = start;
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
      day = startOfNextDay(day, zone);
      t = day;
    }
    throw new Error('business calendar has no open hours within five years');
  };

  const between = (from: number, to: number): number => {
    if (to <= from) return 0;
    let total = 0;
    for (let day = startOfDay(from, zone); day < to; day = startOfNextDay(day, zone)) {
      const window = windowOf(day);
      if (window) total += Math.max(0, Math.min(window.close, to) - Math.max(window.open, from));
    }
    return total;
  };

  const isOpen = (at: number): boolean => {
    const window = windowOf(at);
    return window !== null && at >= window.open && at < window.close;
  };

  const business: TimeMeasure = { add, between };
  return { add, between, isOpen, measure: (kind) => (kind === 'business' ? business : calendarTime) };
}
