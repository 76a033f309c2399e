// Dates, amounts and quantities as the mail's reader writes them: in their language, and times in
// the desk's own time zone (a visit at 09:00 means 09:00 in the office, wherever the server runs).
import type { Language, Policy } from '../policy/policy';

const locales = { nl: 'nl-NL', en: 'en-GB' } as const satisfies Record<Language, string>;

// Building an Intl formatter costs far more than using one: each is made once per language (and zone).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let made = formatters.get(key) as F | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

/** `dinsdag 1 december 2026 om 14:00` / `Tuesday 1 December 2026 at 14:00`. */
export function humanDateTime(iso: string | null | undefined, language: Language, policy: Policy): string {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return language === 'nl' ? '(nog niet bekend)' : '(not known yet)';
  const timeZone = policy.businessHours.timeZone;
  return formatter(
    `date:${language}:${timeZone}`,
    () => new Intl.DateTimeFormat(locales[language], { dateStyle: 'full', timeStyle: 'short', timeZone }),
  ).format(at);
}

/** `€ 1.154,50` / `€1,154.50`. */
export const moneyIn = (cents: number, language: Language): string =>
  formatter(
    `money:${language}`,
    () => new Intl.NumberFormat(locales[language], { style: 'currency', currency: 'EUR' }),
  ).format(cents / 100);

/** `1,5` / `1.5`. */
export const quantityIn = (quantity: number, language: Language): string =>
  formatter(
    `quantity:${language}`,
    () => new Intl.NumberFormat(locales[language], { maximumFractionDigits: 4 }),
  ).format(quantity);

/** The desk's opening hours from the policy's business hours: `ma t/m vr 08:30–17:30`. */
export function openingHours(policy: Policy, language: Language): string {
  const { weekdays, opens, closes } = policy.businessHours;
  // 5 January 2026 is a Monday: ISO weekday d falls on the (d-1)th day after it.
  const weekday = formatter(
    `weekday:${language}`,
    () => new Intl.DateTimeFormat(locales[language], { weekday: 'short', timeZone: 'UTC' }),
  );
  const dayName = (isoDay: number) => weekday.format(Date.UTC(2026, 0, 4 + isoDay)).replace(/\.$/, '');
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const through = language === 'nl' ? ' t/m ' : '–';
  const span =
    contiguous && days.length > 2
      ? `${dayName(days[0]!)}${through}${dayName(days.at(-1)!)}`
      : days.map(dayName).join(', ');
  return `${span} ${opens}–${closes}`;
}
