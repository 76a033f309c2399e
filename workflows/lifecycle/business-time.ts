// Business-time arithmetic: adding and measuring time that only runs while the desk is open
// (its weekdays and hours in its time zone, minus the closed dates of the policy's compiled holiday
// calendar). Pure: instants in, instants out; no calendar library, only the dates. Each local day's
// bounds and open window are worked out once in the zone (zoned-time.ts), then counted on in plain
// milliseconds.
import { COMPILE_HOLIDAYS } from '../policy/holiday-calendar';
import type { ClockKind, Policy } from '../policy/policy';
import { instantAt, isoDate, isTimeZone, localTime, startOfDay, type LocalReading } from '../time/zoned-time';

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
const DAY = 86_400_000;
/** Days remembered per calendar before it starts afresh: years of tickets, a few hundred kB. */
const MAX_DAYS_CACHED = 8192;

/** One local day of the desk's zone: where it starts and ends (DST days are 23 or 25 hours long). */
interface LocalDay {
  /** The local date as days since 1970-01-01: what the cache is keyed by. */
  key: number;
  start: number;
  next: number;
  /** Its local date and weekday. */
  local: LocalReading;
  /** Its open window, or null on a closed day; worked out when first asked for. */
  window?: { open: number; close: number } | null;
}

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

  // A zone's days only change with its rules, so each is computed once: the zone's local
  // midnights and opening instants (DST included), and the counting loops below stay in millis.
  const days = new Map<number, LocalDay>();
  let offsetGuess = 0;

  const dayInZone = (at: number): LocalDay => {
    const start = startOfDay(at, zone);
    const local = localTime(start, zone);
    const key = Date.UTC(local.year, local.month - 1, local.day) / DAY;
    const day: LocalDay = {
      key,
      start,
      next: instantAt({ year: local.year, month: local.month, day: local.day + 1 }, zone),
      local,
    };
    if (days.size >= MAX_DAYS_CACHED) days.clear();
    days.set(day.key, day);
    // The local midnight's wall time less its instant: the offset the next lookup guesses with.
    offsetGuess = key * DAY - start;
    return day;
  };

  /** The local day containing `at`: found by its date from the last offset seen, then checked. */
  const dayAt = (at: number): LocalDay => {
    let key = Math.floor((at + offsetGuess) / DAY);
    for (let i = 0; i < 3; i++) {
      const day = days.get(key);
      if (!day) break;
      if (at < day.start) key--;
      else if (at >= day.next) key++;
      else return day;
    }
    return dayInZone(at);
  };

  /** The open window of a local day, or null on a closed day. */
  const windowOf = (day: LocalDay): { open: number; close: number } | null => {
    if (day.window !== undefined) return day.window;
    const { local } = day;
    const date = { year: local.year, month: local.month, day: local.day };
    day.window =
      !weekdays.has(local.weekday) || isHoliday(local)
        ? null
        : {
            open: instantAt({ ...date, hour: openH, minute: openM }, zone),
            close: instantAt({ ...date, hour: closeH, minute: closeM }, zone),
          };
    return day.window;
  };

  const add = (start: number, ms: number): number => {
    if (ms <= 0) return start;
    let remaining = ms;
    let t = start;
    let day = dayAt(start);
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
      t = day.next;
      day = dayAt(t);
    }
    throw new Error('business calendar has no open hours within five years');
  };

  const between = (from: number, to: number): number => {
    if (to <= from) return 0;
    let total = 0;
    for (let day = dayAt(from); day.start < to; day = dayAt(day.next)) {
      const window = windowOf(day);
      if (window) total += Math.max(0, Math.min(window.close, to) - Math.max(window.open, from));
    }
    return total;
  };

  const isOpen = (at: number): boolean => {
    const window = windowOf(dayAt(at));
    return window !== null && at >= window.open && at < window.close;
  };

  const business: TimeMeasure = { add, between };
  return { add, between, isOpen, measure: (kind) => (kind === 'business' ? business : calendarTime) };
}
