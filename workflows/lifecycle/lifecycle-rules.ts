// The policy's rules as the statechart asks for them: how long until a reminder, an SLA warning or
// breach; whether reminders are left. The chart names these; their arithmetic lives here.
import { createBusinessCalendar, type BusinessCalendar, type TimeMeasure } from './business-time';
import type { ClockKind, Policy, Priority, ReminderCycle } from '../policy/policy';

const MINUTE = 60_000;

export interface SlaClock {
  /** Counted time before the current running stretch. */
  elapsedMs: number;
  /** When the current running stretch began; null while paused or stopped. */
  runningSince: number | null;
}

export interface LifecycleRules {
  calendar: BusinessCalendar;
  /** Wall-clock ms from `now` until `countedMs` of the given clock kind have passed. */
  delayUntil(now: number, countedMs: number, clock: ClockKind): number;
  reminderDelay(now: number, cycle: ReminderCycle): number;
  slaTargetMs(priority: Priority, target: 'response' | 'resolution'): number;
  slaMeasure(priority: Priority): TimeMeasure;
  /** Counted SLA time used so far, including the running stretch up to `now`. */
  slaUsedMs(clock: SlaClock, priority: Priority, now: number): number;
  /** Wall-clock ms until the clock has used `fraction` of its target (0 when already past). */
  slaDelay(
    clock: SlaClock,
    priority: Priority,
    target: 'response' | 'resolution',
    fraction: number,
    now: number,
  ): number;
}

export function createLifecycleRules(policy: Policy): LifecycleRules {
  const calendar = createBusinessCalendar(policy.businessHours);
  const delayUntil = (now: number, countedMs: number, clock: ClockKind) =>
    calendar.measure(clock).add(now, countedMs) - now;
  const slaMeasure = (priority: Priority) => calendar.measure(policy.sla.targets[priority].clock);
  const slaTargetMs = (priority: Priority, target: 'response' | 'resolution') =>
    (target === 'response'
      ? policy.sla.targets[priority].responseMinutes
      : policy.sla.targets[priority].resolutionMinutes) * MINUTE;
  const slaUsedMs = (clock: SlaClock, priority: Priority, now: number) =>
    clock.elapsedMs + (clock.runningSince === null ? 0 : slaMeasure(priority).between(clock.runningSince, now));

  return {
    calendar,
    delayUntil,
    reminderDelay: (now, cycle) => delayUntil(now, cycle.intervalMinutes * MINUTE, cycle.clock),
    slaTargetMs,
    slaMeasure,
    slaUsedMs,
    slaDelay(clock, priority, target, fraction, now) {
      const left = Math.max(0, Math.round(slaTargetMs(priority, target) * fraction) - slaUsedMs(clock, priority, now));
      return delayUntil(now, left, policy.sla.targets[priority].clock);
    },
  };
}
