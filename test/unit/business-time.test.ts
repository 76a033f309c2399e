import { DateTime } from 'luxon';
import { createBusinessCalendar } from '../../workflows/lifecycle/business-time';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { createLifecycleRules } from '../../workflows/lifecycle/lifecycle-rules';

const calendar = createBusinessCalendar(defaultPolicy.businessHours);
const rules = createLifecycleRules(defaultPolicy);
const at = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Europe/Amsterdam' }).toMillis();
const HOUR = 3600_000;

describe('business hours (Mon–Fri 08:30–17:30 Europe/Amsterdam, Dutch public holidays)', () => {
  it('adds time within one working day', () => {
    expect(calendar.add(at('2026-11-24 09:00'), 2 * HOUR)).toBe(at('2026-11-24 11:00'));
  });

  it('starts counting at opening time when a ticket arrives before it', () => {
    expect(calendar.add(at('2026-11-24 07:00'), HOUR)).toBe(at('2026-11-24 09:30'));
  });

  it('carries what is left at closing time over the weekend to Monday morning', () => {
    expect(calendar.add(at('2026-11-20 17:00'), 4 * HOUR)).toBe(at('2026-11-23 12:00'));
  });

  it('skips Dutch public holidays: Christmas 2026 falls on a Friday', () => {
    expect(calendar.add(at('2026-12-24 17:00'), HOUR)).toBe(at('2026-12-28 09:00'));
  });

  it("skips King's Day (Monday 27 April 2026)", () => {
    expect(calendar.add(at('2026-04-24 17:30'), HOUR)).toBe(at('2026-04-28 09:30'));
  });

  it('measures only open hours between two instants, across the autumn clock change', () => {
    expect(calendar.between(at('2026-10-23 17:00'), at('2026-10-26 09:30'))).toBe(1.5 * HOUR);
  });

  it('counts nothing between two instants outside opening hours', () => {
    expect(calendar.between(at('2026-11-21 10:00'), at('2026-11-22 16:00'))).toBe(0);
  });

  it('knows when the desk is open', () => {
    expect(calendar.isOpen(at('2026-11-24 08:29'))).toBe(false);
    expect(calendar.isOpen(at('2026-11-24 08:30'))).toBe(true);
    expect(calendar.isOpen(at('2026-11-28 12:00'))).toBe(false);
  });

  it('adding then measuring gives back the same business time', () => {
    const start = at('2026-11-19 15:10');
    const end = calendar.add(start, 13 * HOUR + 17 * 60_000);
    expect(calendar.between(start, end)).toBe(13 * HOUR + 17 * 60_000);
  });
});

describe('SLA clocks read the policy', () => {
  it('does not breach a P3 ticket logged Friday 17:00 on Saturday: its response is due Monday noon', () => {
    const friday = at('2026-11-20 17:00');
    const clock = { elapsedMs: 0, runningSince: friday };
    const delay = rules.slaDelay(clock, 'P3', 'response', 1, friday);
    expect(friday + delay).toBe(at('2026-11-23 12:00'));
    expect(friday + delay).toBeGreaterThan(at('2026-11-22 23:59'));
  });

  it('counts paused time out: only running stretches add up', () => {
    const clock = { elapsedMs: 2 * HOUR, runningSince: null };
    expect(rules.slaUsedMs(clock, 'P2', at('2026-11-30 12:00'))).toBe(2 * HOUR);
  });

  it('uses wall-clock time for a priority the policy puts on the calendar clock', () => {
    const policy = {
      ...defaultPolicy,
      sla: {
        ...defaultPolicy.sla,
        targets: {
          ...defaultPolicy.sla.targets,
          P1: { responseMinutes: 15, resolutionMinutes: 240, clock: 'calendar' as const },
        },
      },
    };
    const saturday = at('2026-11-21 03:00');
    const delay = createLifecycleRules(policy).slaDelay(
      { elapsedMs: 0, runningSince: saturday },
      'P1',
      'resolution',
      1,
      saturday,
    );
    expect(delay).toBe(4 * HOUR);
  });
});
