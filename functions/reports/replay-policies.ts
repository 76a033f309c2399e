// The policies a replay steps a month's events with: today's, and every older one the events name
// by fingerprint, read back from the policy archive (kept across warm invocations). A policy the
// archive lacks or that no longer loads is replayed with today's, and the report lists what it used.
import { policyFingerprint } from '../../workflows/policy/policy-fingerprint';
import { loadPolicy } from '../../workflows/policy/policy';
import type { LoggedEvent } from '../../workflows/lifecycle/ticket-engine';
import { replayPolicy, type PolicyFor, type ReplayPolicy } from '../../workflows/reports/ticket-replay';
import type { Desk } from '../desk';

const known = new Map<string, ReplayPolicy>();

export async function replayPoliciesFor(desk: Desk, logs: Iterable<LoggedEvent[]>): Promise<PolicyFor> {
  const currentFingerprint = policyFingerprint(desk.policy);
  const current = known.get(currentFingerprint) ?? replayPolicy(currentFingerprint, desk.policy, desk.machine);
  known.set(currentFingerprint, current);
  const wanted = new Set<string>();
  for (const events of logs)
    for (const event of events) if (event.policy && !known.has(event.policy)) wanted.add(event.policy);
  if (wanted.size) {
    for (const [fingerprint, text] of await desk.policies.read([...wanted])) {
      try {
        known.set(fingerprint, replayPolicy(fingerprint, loadPolicy(JSON.parse(text))));
      } catch {
        // A policy today's schema no longer reads: its events are stepped with today's.
      }
    }
  }
  return (fingerprint) => (fingerprint === undefined ? current : (known.get(fingerprint) ?? current));
}
