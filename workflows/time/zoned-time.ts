// Local dates and times in a named time zone (the desk policy's): an instant's local fields, a local
// date and time's instant, the local day's first instant, ISO text with an offset. No date library in
// the bundle: @date-fns/tz's tzOffset asks Intl for the zone's offset at an instant, and the calendar
// arithmetic is plain UTC arithmetic on the local fields.
//
// A local time the zone skips or repeats (its clocks jump) resolves as luxon resolved it:
// - skipped (spring forward): read in the offset before the jump, i.e. moved forward by the gap
//   (02:30 on the day Amsterdam jumps 02:00 → 03:00 is 03:30 CEST);
// - repeated (fall back): the earlier of the two instants (02:30 on the day Amsterdam goes back
//   03:00 → 02:00 is 02:30 CEST). Luxon took the one whose offset it guessed first, which is the
//   earlier whenever the guess was the daylight offset; this module always takes the earlier.
// The default policy's business hours (08:30-17:30) never fall in a skipped or repeated hour.
import { tzOffset } from '@date-fns/tz/tzOffset';

export interface LocalTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface LocalReading extends LocalTime {
  /** 1 (Monday) to 7 (Sunday), as the policy's weekdays count. */
  weekday: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Date.UTC without its reading of years 0-99 as 1900-1999; fields past their range roll over. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.setUTCHours(hour, minute, second, millisecond);
}

/** Whether Intl knows the zone (an IANA name such as Europe/Amsterdam, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at the instant, in ms (+3_600_000 for CET). */
const offsetAt = (ms: number, zone: string): number => Math.round(tzOffset(zone, new Date(ms)) * MINUTE);

/** The local fields of an instant in the zone. */
export function localTime(ms: number, zone: string): LocalReading {
  const d = new Date(ms + offsetAt(ms, zone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay() || 7,
  };
}

/**
 * The instant of a local date and time in the zone (the module's header says how a skipped or
 * repeated time resolves). Fields past their range roll over (day 32 is the
 * next month's first), so callers step days and months by adding to the field.
 */
export function instantAt(local: Partial<LocalTime> & Pick<LocalTime, 'year' | 'month' | 'day'>, zone: string): number {
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0 } = local;
  const wall = utc(year, month, day, hour, minute, second, millisecond);
  // The offsets a day either side are the two the zone could be on at this wall time (no zone
  // changes its clocks twice within two days); the larger offset is the earlier instant.
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  if (before === after) return wall - before;
  const larger = Math.max(before, after);
  const smaller = Math.min(before, after);
  return offsetAt(wall - larger, zone) === larger ? wall - larger : wall - smaller;
}

/** The first instant of the local day containing `ms`. */
export function startOfDay(ms: number, zone: string): number {
  const { year, month, day } = localTime(ms, zone);
  return instantAt({ year, month, day }, zone);
}

/** The first instant of the local day after the one containing `ms` (23 or 25 hours later across a clock change). */
export function startOfNextDay(ms: number, zone: string): number {
  const { year, month, day } = localTime(ms, zone);
  return instantAt({ year, month, day: day + 1 }, zone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date as YYYY-MM-DD. */
export const isoDate = ({ year, month, day }: Pick<LocalTime, 'year' | 'month' | 'day'>) =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The instant as ISO text in the zone's local time with its offset, whole seconds without a fraction: 2026-11-25T10:00:00+01:00. */
export function isoWithOffset(ms: number, zone: string): string {
  const t = localTime(ms, zone);
  const fraction = t.millisecond ? `.${pad(t.millisecond, 3)}` : '';
  const time = `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${fraction}`;
  return `${isoDate(t)}T${time}${offsetText(offsetAt(ms, zone) / MINUTE, zone)}`;
}

/** Luxon's writing: Z only for the zone named UTC itself, else ±HH:MM (Europe/London in winter is +00:00). */
function offsetText(minutes: number, zone: string): string {
  if (minutes === 0 && /^(utc|gmt)$/i.test(zone)) return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// The ISO 8601 forms the desk reads (as luxon's fromISO read them): a calendar date, optionally a
// time (hours, minutes, seconds, a fraction; colons optional) and an offset (Z, ±HH, ±HHMM, ±HH:MM).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,30}))?)?)?(?:(Z)|([+-]\d{2})(?::?(\d{2}))?)?)?$/;

type Fields = [number, number, number, number, number, number];
const daysIn = (year: number, month: number) => new Date(utc(year, month + 1, 0)).getUTCDate();

/**
 * ISO text as the instant it names: its own offset when it has one, else its local time in `zone`.
 * NaN when it is not an ISO date (and time) or names a date or time that does not exist (2026-02-30, 25:00).
 */
export function parseIsoInstant(text: string, zone: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as Fields;
  const millisecond = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const midnightAfter = hour === 24 && minute === 0 && second === 0 && millisecond === 0;
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    (hour <= 23 || midnightAfter) &&
    minute <= 59 &&
    second <= 59 &&
    Number(m[10] ?? 0) <= 59;
  if (!valid) return NaN;
  const wall = utc(year, month, day, hour, minute, second, millisecond);
  if (m[8]) return wall;
  if (m[9]) {
    const sign = m[9].startsWith('-') ? -1 : 1;
    return wall - sign * (Math.abs(Number(m[9])) * 60 + Number(m[10] ?? 0)) * MINUTE;
  }
  const local = { year, month, day, hour, minute, second, millisecond };
  return instantAt(local, zone);
}
