// Feeds the intake journal to the transport-free intakes again — at start, before the desk listens,
// and after DynamoDB Local was restarted under it — so whatever the store lost of what the desk
// acknowledged comes back. Idempotency keys make an entry the store kept a duplicate.
import type { EmailIntake } from '../functions/intake/intake-email';
import type { IntakeJournal } from '../functions/intake/intake-journal';
import type { WebhookIntake } from '../functions/intake/intake-webhook';
import { isStoreUnavailable } from '../functions/store/store-unavailable';
import { findWebhookSource, type Policy } from '../workflows/policy/policy';

export interface ReplayResult {
  /** Entries the store now holds for certain (newly or already). */
  replayed: string[];
  /** Of those, entries the store had lost and now holds again. */
  restored: number;
  /** Entries that could not be taken in: kept, and tried again at the next replay. */
  failed: string[];
}

/** Replays every entry, oldest first. An unreachable store stops the replay (it is tried again when the store is back). */
export async function replayJournal(
  journal: IntakeJournal,
  desk: { email: EmailIntake; webhooks: WebhookIntake; policy: Policy },
  log: (line: string) => void,
): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: [], restored: 0, failed: [] };
  for (const entry of await journal.entries()) {
    try {
      if (entry.kind === 'email') {
        const outcome = await desk.email.receive(entry.raw, { recipients: entry.recipients });
        if (outcome.outcome !== 'duplicate') result.restored++;
      } else {
        const source = findWebhookSource(desk.policy, entry.sourceId);
        if (!source) {
          log(`journal: ${entry.id} is a delivery from ${entry.sourceId}, no longer a webhook source; kept`);
          result.failed.push(entry.id);
          continue;
        }
        const outcome = await desk.webhooks.receive(source, entry.deliveryKey, JSON.parse(entry.body));
        if (!outcome.ok) {
          log(`journal: ${entry.id}, a delivery from ${entry.sourceId}, is refused now (the policy changed?); kept`);
          result.failed.push(entry.id);
          continue;
        }
        if (outcome.outcome !== 'duplicate') result.restored++;
      }
      result.replayed.push(entry.id);
    } catch (error) {
      if (isStoreUnavailable(error)) throw error;
      log(`journal: ${entry.id} could not be taken in again (${(error as Error).message}); kept`);
      result.failed.push(entry.id);
    }
  }
  if (result.restored > 0)
    log(`journal: ${result.restored} acknowledged intake(s) the store had lost were taken in again`);
  return result;
}
