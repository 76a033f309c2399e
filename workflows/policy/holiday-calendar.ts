// The compiled holiday calendar as the runtime sees it: which rules it was compiled from, the years
// it covers and its closed dates; and whether a policy's calendar may be trusted. Pure (no calendar
// library): the compiling is done at build time by holiday-compiler.ts.

/** What a policy says about holidays, as far as the calendar is concerned. */
export interface HolidayRules {
  country: string;
  state?: string;
  closingDays: string[];
}

export interface CompiledHolidayCalendar {
  /** The rules it was compiled from (holidaySource), so a calendar left behind by an edit is refused. */
  compiledFrom: string;
  firstYear: number;
  lastYear: number;
  /** Every closed date (ISO, local to the country) from 1 January of firstYear to 31 December of lastYear. */
  dates: string[];
}

/** The command that compiles a policy's calendar (npm start and cdk synth run it themselves). */
export const COMPILE_HOLIDAYS = 'npm run holidays';

/** The rules as one string, the calendar's record of what it was compiled from. */
export const holidaySource = (rules: HolidayRules) =>
  JSON.stringify([rules.country, rules.state ?? null, rules.closingDays]);

/** Why a policy's calendar cannot be used (none, stale, or not what it says), or null when it can. */
export function calendarProblem(holidays: HolidayRules & { calendar?: CompiledHolidayCalendar }): string | null {
  const { calendar } = holidays;
  if (!calendar)
    return `no compiled holiday calendar: compile the policy with \`${COMPILE_HOLIDAYS} -- --policy FILE\` (npm start and cdk synth compile it themselves)`;
  if (calendar.compiledFrom !== holidaySource(holidays))
    return `the holiday calendar was compiled from other rules (${calendar.compiledFrom}): recompile with \`${COMPILE_HOLIDAYS}\``;
  if (calendar.lastYear < calendar.firstYear) return 'the holiday calendar ends before it begins';
  const outside = calendar.dates.find(
    (date) => Number(date.slice(0, 4)) < calendar.firstYear || Number(date.slice(0, 4)) > calendar.lastYear,
  );
  if (outside) return `the holiday calendar's date ${outside} is outside its years`;
  return null;
}
