// A policy file made ready to run: its holiday calendar compiled in and the whole validated, written
// as JSON. `npm start --policy`, the CDK synth (which ships the result as policy.json) and
// `npm run holidays -- --policy` use it; build time only, as it carries date-holidays.
import { readFileSync, writeFileSync } from 'node:fs';
import { calendarYears, withCompiledCalendar } from '../workflows/policy/holiday-compiler';
import { loadPolicy, type Policy } from '../workflows/policy/policy';
import { defaultPolicyData } from '../workflows/policy/default-policy';

/** The policy in a file with its calendar compiled for the years around `now`; refused as loadPolicy refuses. */
export function compiledPolicyData(path: string, now: number): { raw: unknown; policy: Policy } {
  return compiledPolicy(JSON.parse(readFileSync(path, 'utf8')), now);
}

/** Policy data (a file's, or the built-in) with its calendar compiled afresh for the years around `now`. */
export function compiledPolicy(data: unknown, now: number): { raw: unknown; policy: Policy } {
  const raw = withCompiledCalendar(data, calendarYears(now));
  return { raw, policy: loadPolicy(raw) };
}

/**
 * Writes the compiled policy to `out` (what a Lambda loads as /var/task/policy.json): a policy
 * file's, or without one the built-in policy, so a deployment's calendar always reaches ten years
 * past its synth, whenever the committed built-in calendar was generated.
 */
export function compilePolicyFile(path: string | undefined, out: string, now: number): Policy {
  const { raw, policy } = path ? compiledPolicyData(path, now) : compiledPolicy(defaultPolicyData, now);
  writeFileSync(out, `${JSON.stringify(raw, null, 2)}\n`);
  return policy;
}
