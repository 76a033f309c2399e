// A policy's fingerprint: a short digest of its content, stamped on every logged event so a replay
// (the service report) can step each event with the policy that was in force when it happened.
import { createHash } from 'node:crypto';
import type { Policy } from './policy';

/** The same JSON for the same content however its keys were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const fingerprints = new WeakMap<Policy, string>();

/** 16 hex digits of SHA-256 over the canonical JSON: computed once per loaded policy. */
export function policyFingerprint(policy: Policy): string {
  let fingerprint = fingerprints.get(policy);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(canonical(policy)).digest('hex').slice(0, 16);
    fingerprints.set(policy, fingerprint);
  }
  return fingerprint;
}

/** The policy as the archive keeps it (and a replay loads it back): its canonical JSON. */
export const policyText = (policy: Policy): string => canonical(policy);
