import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { compilePolicyFile } from '../../local/compile-policy';
import { createBusinessCalendar, HOLIDAY_CALENDAR_ENDED } from '../../workflows/lifecycle/business-time';
import { defaultHolidayCalendar } from '../../workflows/policy/default-holiday-calendar';
import { defaultHolidayRules } from '../../workflows/policy/default-holidays';
import { defaultPolicy, defaultPolicyData } from '../../workflows/policy/default-policy';
import { COMPILE_HOLIDAYS, type HolidayRules } from '../../workflows/policy/holiday-calendar';
import { calendarYears, compileHolidayCalendar } from '../../workflows/policy/holiday-compiler';
import { loadPolicy, PolicyError } from '../../workflows/policy/policy';

const zone = 'Europe/Amsterdam';
const at = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone }).toMillis();
const HOUR = 3600_000;
const june2026 = at('2026-06-01 12:00');

/** The built-in policy with other holidays, compiled for the years given. */
function policyClosedOn(rules: HolidayRules, years = { firstYear: 2025, lastYear: 2027 }) {
  const calendar = compileHolidayCalendar(rules, years);
  return loadPolicy({
    ...defaultPolicyData,
    businessHours: { ...defaultPolicyData.businessHours, holidays: { ...rules, calendar } },
  });
}

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof PolicyError) return error.issues;
    throw error;
  }
  throw new Error('not refused');
};

describe('the built-in holiday calendar (generated at build time)', () => {
  it(`is what \`${COMPILE_HOLIDAYS}\` compiles from the built-in rules (run it when this fails)`, () => {
    const { firstYear, lastYear } = defaultHolidayCalendar;
    const fresh = compileHolidayCalendar(defaultHolidayRules, { firstYear, lastYear });
    const stale = JSON.stringify(fresh) !== JSON.stringify(defaultHolidayCalendar);
    expect(stale ? `stale: run ${COMPILE_HOLIDAYS}` : 'fresh').toBe('fresh');
  });

  it('closes the desk on a date from the compiled list: Ascension Day, Thursday 14 May 2026', () => {
    const calendar = createBusinessCalendar(defaultPolicy.businessHours);

    expect(defaultHolidayCalendar.dates).toContain('2026-05-14');
    expect(calendar.isOpen(at('2026-05-14 10:00'))).toBe(false);
    expect(calendar.add(at('2026-05-13 17:00'), HOUR)).toBe(at('2026-05-15 09:00'));
  });

  it('covers last year to ten years ahead of the year it is compiled in', () => {
    expect(calendarYears(june2026)).toEqual({ firstYear: 2025, lastYear: 2036 });
  });
});

describe("the provider's own closing days", () => {
  it('Good Friday is a closing day of the provider when its policy says so, though not a Dutch public holiday', () => {
    const withGoodFriday = createBusinessCalendar(
      policyClosedOn({ country: 'NL', closingDays: ['easter -2'] }).businessHours,
    );
    const dutchOnly = createBusinessCalendar(policyClosedOn({ country: 'NL', closingDays: [] }).businessHours);
    const maundyThursday = at('2026-04-02 17:00');

    // Good Friday 3 April 2026, Easter Monday 6 April: open again on Tuesday.
    expect(withGoodFriday.add(maundyThursday, HOUR)).toBe(at('2026-04-07 09:00'));
    expect(dutchOnly.add(maundyThursday, HOUR)).toBe(at('2026-04-03 09:00'));
  });

  it('closes on Liberation Day in lustrum years only when the rule says every 5 years since 1945', () => {
    const calendar = createBusinessCalendar(
      policyClosedOn({ country: 'NL', closingDays: ['05-05 every 5 years since 1945'] }).businessHours,
    );

    expect(calendar.isOpen(at('2025-05-05 10:00'))).toBe(false);
    expect(calendar.isOpen(at('2026-05-05 10:00'))).toBe(true);
  });

  it('closes on a one-off date', () => {
    const calendar = createBusinessCalendar(
      policyClosedOn({ country: 'NL', closingDays: ['2026-12-31'] }).businessHours,
    );

    expect(calendar.isOpen(at('2026-12-31 10:00'))).toBe(false);
    expect(calendar.isOpen(at('2026-12-30 10:00'))).toBe(true);
  });

  it('refuses a rule date-holidays cannot read, naming the rule', () => {
    const issues = refusal(() => policyClosedOn({ country: 'NL', closingDays: ['05-05', 'the day after payday'] }));

    expect(issues).toEqual([
      {
        path: 'businessHours.holidays.closingDays.1',
        message: 'date-holidays cannot read the rule "the day after payday"',
      },
    ]);
  });

  it('refuses a date that does not exist rather than let it roll over into the next month', () => {
    const issues = refusal(() =>
      loadPolicy({
        ...defaultPolicyData,
        businessHours: {
          ...defaultPolicyData.businessHours,
          holidays: { ...defaultHolidayRules, closingDays: ['02-30'] },
        },
      }),
    );

    expect(issues).toEqual(
      expect.arrayContaining([{ path: 'businessHours.holidays.closingDays.0', message: 'not a date' }]),
    );
  });

  it('refuses a country date-holidays does not know, rather than compile no holidays', () => {
    expect(refusal(() => policyClosedOn({ country: 'XX', closingDays: [] }))).toEqual([
      { path: 'businessHours.holidays.country', message: 'date-holidays knows no country XX' },
    ]);
  });
});

describe('a policy file and its calendar', () => {
  const folder = mkdtempSync(join(tmpdir(), 'holidays-'));
  const withHolidays = (holidays: object) => ({
    ...defaultPolicyData,
    businessHours: { ...defaultPolicyData.businessHours, holidays },
  });

  it('is refused at load without a compiled calendar, never run as if there were no holidays', () => {
    const issues = refusal(() => loadPolicy(withHolidays({ country: 'NL' })));

    expect(issues).toEqual([
      {
        path: 'businessHours.holidays.calendar',
        message: expect.stringContaining(`${COMPILE_HOLIDAYS} -- --policy FILE`),
      },
    ]);
  });

  it('is refused with a calendar compiled from other rules (a closing day added without compiling)', () => {
    const issues = refusal(() =>
      loadPolicy(withHolidays({ country: 'NL', closingDays: ['easter -2'], calendar: defaultHolidayCalendar })),
    );

    expect(issues).toEqual([
      { path: 'businessHours.holidays.calendar', message: expect.stringContaining('compiled from other rules') },
    ]);
  });

  it('is compiled for the synth and npm start, and the compiled file loads as a Lambda loads policy.json', () => {
    const file = join(folder, 'policy.json');
    const out = join(folder, 'policy.compiled.json');
    writeFileSync(file, JSON.stringify(withHolidays({ country: 'NL', closingDays: ['easter -2'] })));

    compilePolicyFile(file, out, june2026);
    const shipped = loadPolicy(JSON.parse(readFileSync(out, 'utf8')));

    expect(shipped.businessHours.holidays?.calendar).toMatchObject({ firstYear: 2025, lastYear: 2036 });
    expect(shipped.businessHours.holidays?.calendar?.dates).toEqual(
      expect.arrayContaining(['2026-04-03', '2036-12-25']),
    );
  });

  it('without holidays needs no calendar', () => {
    const policy = loadPolicy(withHolidays(null as unknown as object));

    expect(createBusinessCalendar(policy.businessHours).isOpen(at('2026-12-25 10:00'))).toBe(true);
  });
});

describe('beyond the calendar', () => {
  const lastYear2026 = policyClosedOn(defaultHolidayRules, { firstYear: 2026, lastYear: 2026 }).businessHours;

  it("counts a day past the calendar's last year by its weekday, and says so once", () => {
    const said: unknown[] = [];
    const calendar = createBusinessCalendar(lastYear2026, (day, years) => said.push({ day, years }));

    // New Year's Day 2027 is past the calendar: counted as the Friday it is, and said.
    const due = calendar.add(at('2026-12-31 17:00'), HOUR);
    calendar.add(at('2026-12-31 17:00'), 20 * HOUR);

    expect(due).toBe(at('2027-01-01 09:00'));
    expect(said).toEqual([{ day: '2027-01-01', years: { firstYear: 2026, lastYear: 2026 } }]);
  });

  it('says it as a warning line in the log a metric filter can alarm on', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      createBusinessCalendar(lastYear2026).between(at('2025-12-31 09:00'), at('2025-12-31 10:00'));

      const line = JSON.parse(String(warn.mock.calls[0]?.[0])) as Record<string, string>;
      expect(line).toMatchObject({ level: 'WARN', message: HOLIDAY_CALENDAR_ENDED, day: '2025-12-31' });
      expect(line.fix).toContain(COMPILE_HOLIDAYS);
    } finally {
      warn.mockRestore();
    }
  });
});
