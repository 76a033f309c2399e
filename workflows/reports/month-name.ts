// A report month (`2026-11`) by name in the reader's language: "november 2026" / "November 2026",
// or short for a chart's axis: "nov 26" / "Nov 26". Read in UTC, so the month named is the month asked for.
import type { Language } from '../policy/policy';

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (language: Language, style: 'long' | 'short') => {
  const key = `${language}:${style}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'long' ? { month: 'long', year: 'numeric' } : { month: 'short', year: '2-digit' };
    format = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { ...options, timeZone: 'UTC' });
    formats.set(key, format);
  }
  return format;
};

/** The month's name; a string that names no month is refused (a RangeError), never shown as it came. */
export function monthName(month: string, language: Language, style: 'long' | 'short' = 'long'): string {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return formatOf(language, style).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
}
