// A report month (`2026-11`) by name in the reader's language: "november 2026" / "November 2026",
// or short for a chart's axis: "nov 26" / "Nov 26". Read in UTC, so the month named is the month asked for.
import { MONTH_PATTERN } from '../billing/billing';
import type { Language } from '../policy/policy';

const monthPattern = new RegExp(MONTH_PATTERN);

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
  if (!monthPattern.test(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  const [year, m] = month.split('-').map(Number) as [number, number];
  return formatOf(language, style).format(Date.UTC(year, m - 1, 15));
}
