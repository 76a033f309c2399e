// An agent discards a quarantined record with their reason, once; the record and its raw message
// stay. Apart from the email intake (intake-email.ts), which releases, so the discard handler
// carries no MIME parser: discarding reads no mail.
import type { Refusal } from '../../workflows/lifecycle/ticket-engine';
import type { Actor } from '../../workflows/lifecycle/ticket-events';
import { multiLine } from '../../workflows/intake/user-text';
import type { Clock } from '../clock';
import type { Discarded, IntakeStore, QuarantineRecord } from './intake-store';

/** What was done with a record before: released (where) or discarded (why). */
export type Settlement = Pick<QuarantineRecord, 'released' | 'discarded'>;

export type AlreadySettled = { ok: false; reason: 'already-settled'; settled: Settlement };

export type DiscardOutcome =
  { ok: true; discarded: Discarded } | { ok: false; reason: 'not-found' } | AlreadySettled | Refusal;

export const MAX_DISCARD_REASON = 2000;

export const settledOf = (record: QuarantineRecord): Settlement | null =>
  record.released ? { released: record.released } : record.discarded ? { discarded: record.discarded } : null;

export const invalidField = (field: string, message: string): Refusal => ({
  ok: false,
  reason: 'invalid',
  issues: [{ field, message }],
});

export function createQuarantineDiscard({ intake, clock }: { intake: IntakeStore; clock: Clock }) {
  return async function discard(quarantineId: string, reason: string, agent: Actor): Promise<DiscardOutcome> {
    const record = await intake.quarantineRecord(quarantineId);
    if (!record) return { ok: false, reason: 'not-found' };
    const settled = settledOf(record);
    if (settled) return { ok: false, reason: 'already-settled', settled };
    const why = multiLine(reason).trim();
    if (!why) return invalidField('reason', 'say why it is discarded');
    if (why.length > MAX_DISCARD_REASON) return invalidField('reason', `at most ${MAX_DISCARD_REASON} characters`);
    const discarded: Discarded = { by: agent.id, at: clock.now(), reason: why };
    if (await intake.discardQuarantine(record, discarded)) return { ok: true, discarded };
    const now = await intake.quarantineRecord(quarantineId);
    return { ok: false, reason: 'already-settled', settled: (now && settledOf(now)) ?? {} };
  };
}

export type QuarantineDiscard = ReturnType<typeof createQuarantineDiscard>;
