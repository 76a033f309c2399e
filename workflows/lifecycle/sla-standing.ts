// Where a ticket stands against its SLA at an instant, pure: per clock (response, resolution) the
// counted time used and left, when it falls due if it keeps running, and whether it is breached or
// at risk; plus one urgency key to sort a queue by. Read from the stored snapshot and the policy.
import { createLifecycleRules, type LifecycleRules } from './lifecycle-rules';
import type { Policy, Priority } from '../policy/policy';
import type { PersistedTicket } from './ticket-step';

export type SlaMark = 'breached' | 'at-risk' | null;
export type SlaClockName = 'response' | 'resolution';

export interface ClockStanding {
  clock: SlaClockName;
  state: 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  /** Counted time (business or calendar, as the priority's target says). */
  targetMs: number;
  usedMs: number;
  remainingMs: number;
  /** The wall-clock instant the target is reached if the clock keeps running; null unless it runs. */
  dueAt: number | null;
  breachedAt: number | null;
  mark: SlaMark;
}

export interface SlaStanding {
  response: ClockStanding;
  resolution: ClockStanding;
  /** The worse mark of the two clocks. */
  mark: SlaMark;
  /** Smaller is more urgent: breached first (longest breached first), then running by due time, then paused. */
  urgency: number;
}

// The rules hold a business calendar (public holidays included): build it once per policy.
const rulesByPolicy = new WeakMap<Policy, LifecycleRules>();
export function rulesFor(policy: Policy): LifecycleRules {
  return rulesByPolicy.get(policy) ?? rulesByPolicy.set(policy, createLifecycleRules(policy)).get(policy)!;
}

const BREACHED = -1e15;
const PAUSED = 1e15;
const NOT_RUNNING = Number.MAX_SAFE_INTEGER;

/** Where a clock's region of the chart stands in a snapshot's value (`atRisk` is running, with a warning sent). */
export function clockRegion(value: unknown, clock: SlaClockName): ClockStanding['state'] | 'atRisk' {
  const region = (value as { sla?: Record<string, unknown> }).sla?.[clock];
  if (region === 'paused' || region === 'met' || region === 'breached' || region === 'stopped') return region;
  return (region as { running?: string } | undefined)?.running === 'atRisk' ? 'atRisk' : 'running';
}

export function slaStanding(
  rules: LifecycleRules,
  policy: Policy,
  snapshot: PersistedTicket,
  now: number,
): SlaStanding {
  const { context, value } = snapshot;
  const priority = context.priority as Priority;
  const standing = (clock: SlaClockName): ClockStanding => {
    const stored = context.sla[clock];
    const raw = clockRegion(value, clock);
    const targetMs = rules.slaTargetMs(priority, clock);
    const usedMs = rules.slaUsedMs(stored, priority, now);
    const remainingMs = targetMs - usedMs;
    const running = (raw === 'running' || raw === 'atRisk') && stored.runningSince !== null;
    const state: ClockStanding['state'] = raw === 'atRisk' ? 'running' : raw;
    const breached = state === 'breached' || stored.breachedAt !== null || (running && remainingMs <= 0);
    const atRisk = running && (raw === 'atRisk' || usedMs >= targetMs * policy.sla.warningFraction);
    return {
      clock,
      state: breached ? 'breached' : state,
      targetMs,
      usedMs,
      remainingMs,
      dueAt: running ? now + rules.delayUntil(now, Math.max(0, remainingMs), policy.sla.targets[priority].clock) : null,
      breachedAt: stored.breachedAt ?? (breached ? now : null),
      mark: breached ? 'breached' : atRisk ? 'at-risk' : null,
    };
  };
  const response = standing('response');
  const resolution = standing('resolution');
  const urgencyOf = (c: ClockStanding) => {
    if (c.state === 'breached') return BREACHED + (c.breachedAt ?? now) / 1000;
    if (c.dueAt !== null) return c.dueAt - now;
    if (c.state === 'paused') return PAUSED + c.remainingMs;
    return NOT_RUNNING;
  };
  const marks = [response.mark, resolution.mark];
  return {
    response,
    resolution,
    mark: marks.includes('breached') ? 'breached' : marks.includes('at-risk') ? 'at-risk' : null,
    urgency: Math.min(urgencyOf(response), urgencyOf(resolution)),
  };
}
