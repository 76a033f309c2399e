// Build-only: compiles a policy's holiday rules (a country's public holidays plus the provider's own
// closing days) into its calendar of closed dates, with date-holidays. Run by `npm run holidays`,
// `npm start` and the CDK synth; never imported by a function (lint keeps date-holidays here), so no
// Lambda carries a calendar library, only the dates.
import Holidays from 'date-holidays';
import { holidaySource, type CompiledHolidayCalendar, type HolidayRules } from './holiday-calendar';
import { PolicyError } from './policy';

/**
 * The years a calendar covers: last year, so a ticket opened before New Year is still measured
 * right, to ten years ahead: a deployment keeps its calendar until it is rebuilt, and a timer may
 * look up to five years ahead for open hours, so a build has five years before any timer can reach
 * past its calendar (business-time.ts says so when one does).
 */
export function calendarYears(now: number): { firstYear: number; lastYear: number } {
  const year = new Date(now).getUTCFullYear();
  return { firstYear: year - 1, lastYear: year + 10 };
}

const refuse = (field: string, message: string) =>
  new PolicyError([{ path: `businessHours.holidays.${field}`, message }]);

/** Every public holiday of the country (and state) and every own closing day in the years given. */
export function compileHolidayCalendar(
  rules: HolidayRules,
  years: { firstYear: number; lastYear: number },
): CompiledHolidayCalendar {
  const names = new Holidays();
  if (!Object.hasOwn(names.getCountries() ?? {}, rules.country))
    throw refuse('country', `date-holidays knows no country ${rules.country}`);
  if (rules.state !== undefined && !Object.hasOwn(names.getStates(rules.country) ?? {}, rules.state))
    throw refuse('state', `date-holidays knows no state ${rules.state} of ${rules.country}`);
  const holidays = new Holidays(rules.country, rules.state ?? '');
  rules.closingDays.forEach((rule, i) => {
    // The provider's day is a closing day whatever the country calls it (Good Friday is a school
    // holiday in NL): the same rule replaces the country's entry.
    if (!holidays.setHoliday(rule, { name: rule, type: 'public' }))
      throw refuse(`closingDays.${i}`, `date-holidays cannot read the rule "${rule}"`);
  });
  const dates = new Set<string>();
  for (let year = years.firstYear; year <= years.lastYear; year++)
    for (const holiday of holidays.getHolidays(year))
      if (holiday.type === 'public' && holiday.date.startsWith(`${year}-`)) dates.add(holiday.date.slice(0, 10));
  return { compiledFrom: holidaySource(rules), ...years, dates: [...dates].sort() };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Raw policy data with its holiday calendar (re)compiled; data whose holidays are absent or
 * malformed is returned as it is, for loadPolicy to name what is wrong.
 */
export function withCompiledCalendar(raw: unknown, years: { firstYear: number; lastYear: number }): unknown {
  if (!isRecord(raw) || !isRecord(raw.businessHours) || !isRecord(raw.businessHours.holidays)) return raw;
  const { country, state, closingDays = [] } = raw.businessHours.holidays;
  if (typeof country !== 'string' || (state !== undefined && typeof state !== 'string')) return raw;
  if (!Array.isArray(closingDays) || !closingDays.every((rule) => typeof rule === 'string')) return raw;
  const calendar = compileHolidayCalendar({ country, state, closingDays }, years);
  const holidays = { ...raw.businessHours.holidays, closingDays, calendar };
  return { ...raw, businessHours: { ...raw.businessHours, holidays } };
}
