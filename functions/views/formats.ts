// How pages and mails write instants, durations, money and quantities: in the reader's language
// and the desk policy's time zone. The one place these formats live; amounts of a line always come
// from workflows/billing/money.ts, so a page never rounds differently from the total it shows.
import { euro, lineAmountCents } from '../../workflows/billing/money';
import type { Language } from '../../workflows/policy/policy';
import { localTime } from '../../workflows/time/zoned-time';

export interface Formats {
  language: Language;
  timeZone: string;
  /** An instant for customers: "24 november 2026 om 10:00" / "24 November 2026 at 10:00". */
  dateTime(ms: number): string;
  /** An instant for agents, with the zone named: "Tue 24 Nov 2026 10:00 CET"; '' when unknown. */
  stamp(ms: number | null | undefined): string;
  /** The instant as a machine reads it, for <time datetime>. */
  iso(ms: number): string;
  /** Euro cents the Dutch way in either language (as the mails' text writes them): € 1.154,00. */
  money(cents: number): string;
  /** A quantity with the language's decimal mark: 0,285 / 0.285. */
  quantity(value: number): string;
  /** Quantity × unit price as workflows/billing/money.ts computes it (half up, exact decimals). */
  lineAmount(quantity: number, unitCents: number): string;
}

const localeOf = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

export function formatsFor(language: Language, timeZone: string): Formats {
  const locale = localeOf(language);
  const long = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long', timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping: false });
  let stamp: ((ms: number) => string) | undefined; // made on first use: many pages show no stamp
  return {
    language,
    timeZone,
    dateTime: (ms) => long.format(new Date(ms)),
    stamp: (ms) => (typeof ms === 'number' ? (stamp ??= stampFormat(locale, timeZone))(ms) : ''),
    iso: (ms) => new Date(ms).toISOString(),
    money: euro,
    quantity: (value) => number.format(value),
    lineAmount: (quantity, unitCents) => euro(lineAmountCents(quantity, unitCents)),
  };
}

/**
 * "Tue 24 Nov 2026 10:00 CET" / "di 24 nov 2026 10:00 CET": the parts luxon's 'ccc d LLL yyyy HH:mm ZZZZ'
 * took from Intl, in its order, so stamps read as they always have: the stand-alone short weekday and
 * month, the unpadded day, a four-digit year, 24-hour time, and the zone's short name as Intl names it
 * beside a numeric date and time.
 */
function stampFormat(locale: string, timeZone: string): (ms: number) => string {
  const part = (options: Intl.DateTimeFormatOptions, type: Intl.DateTimeFormatPartTypes) => {
    const format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    return (ms: number) => format.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  };
  const weekday = part({ weekday: 'short' }, 'weekday');
  const month = part({ month: 'short' }, 'month');
  const zoneName = part(
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    },
    'timeZoneName',
  );
  const two = (n: number) => String(n).padStart(2, '0');
  return (ms) => {
    const t = localTime(ms, timeZone);
    const time = `${two(t.hour)}:${two(t.minute)}`;
    return `${weekday(ms)} ${t.day} ${month(ms)} ${String(t.year).padStart(4, '0')} ${time} ${zoneName(ms)}`;
  };
}

/** A duration in minutes, hours and days ("2 h 05 min", "3 d 4 h"). */
export function duration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  const m = minutes % 60;
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min`;
}

/**
 * A duration in hours and minutes only ("26 h 05 min", "45 min"): counted business time, where a
 * "day" would read as 24 hours that a business day never has.
 */
export function hoursAndMinutes(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** A phone number as written in the policy ("+31 20 123 4567"), as the tel: link a phone dials. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;
