// Resends a failed outgoing message: back to pending with a fresh retry window, the resend
// recorded on the message (who, when, how often, the failure it answered), and the address's
// suppression cleared (stamped with who and when) in the same transaction when the agent chose to. The write is conditional
// on the message still being failed, so two agents resending at once resend it once.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import { decideResend, type ResendRefusal } from '../../workflows/mail/resend-rules';
import type { Actor } from '../../workflows/lifecycle/ticket-events';
import type { Clock } from '../clock';
import type { Desk } from '../desk';
import { suppressionKey, type IntakeStore } from '../intake/intake-store';
import { RetriesExhaustedError } from '../lifecycle/ticket-service';
import { OUTBOX_PENDING, outboxKey } from '../lifecycle/ticket-store';

export type ResendResult =
  { ok: true; message: StoredOutboxMessage } | { ok: false; reason: 'not-found' } | ResendRefusal;

export interface OutboxResendDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  intake: Pick<IntakeStore, 'suppressed'>;
  clock: Clock;
}

const RESEND =
  [
    'SET #status = :pending, outboxQueue = :queue, nextAttemptAt = :now, retryFrom = :now, attempts = :zero',
    'resends = if_not_exists(resends, :zero) + :one, resentAt = :now, resentBy = :by',
    'resendHistory = list_append(if_not_exists(resendHistory, :none), :record)',
  ].join(', ') + ' REMOVE failure, failedAt, lastError';

export function createOutboxResend({ client, tableName, intake, clock }: OutboxResendDeps) {
  const read = async (key: { pk: string; sk: string }) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item as StoredOutboxMessage | undefined;
  };

  return {
    async resend(
      ticketId: string,
      ref: { seq: number; n: number },
      by: Actor,
      options: { clearSuppression: boolean },
    ): Promise<ResendResult> {
      const key = outboxKey(ticketId, ref);
      // A transaction that lost a race to another writer of the message is decided again from a fresh read.
      for (let attempt = 0; ; attempt++) {
        const message = await read(key);
        if (!message) return { ok: false, reason: 'not-found' };
        const suppression = await intake.suppressed(message.address);
        const now = clock.now();
        const decision = decideResend(message, suppression, {
          by,
          at: now,
          clearSuppression: options.clearSuppression,
        });
        if (!decision.ok) return decision;
        const update = {
          TableName: tableName,
          Key: key,
          UpdateExpression: RESEND,
          ConditionExpression: '#status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':failed': 'failed',
            ':queue': OUTBOX_PENDING,
            ':now': now,
            ':zero': 0,
            ':one': 1,
            ':by': by,
            ':none': [],
            ':record': [decision.record],
          },
        };
        // Clears exactly the suppression the decision saw (kept, stamped with who cleared it and
        // when): a newer bounce meanwhile fails the condition and is decided again.
        const clear = suppression && {
          TableName: tableName,
          Key: suppressionKey(message.address),
          UpdateExpression: 'SET clearedAt = :now, clearedBy = :by',
          ConditionExpression: '#at = :seen AND attribute_not_exists(clearedAt)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':seen': suppression.at, ':now': now, ':by': by },
        };
        try {
          await client.send(
            new TransactWriteCommand({ TransactItems: [{ Update: update }, ...(clear ? [{ Update: clear }] : [])] }),
          );
          return { ok: true, message: (await read(key))! };
        } catch (error) {
          const codes =
            error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((r) => r.Code) : [];
          const lostRace = codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict');
          if (!lostRace) throw error;
          if (attempt >= 4) throw new RetriesExhaustedError(ticketId);
        }
      }
    },
  };
}

export type OutboxResend = ReturnType<typeof createOutboxResend>;

export const outboxResendFor = (desk: Desk): OutboxResend =>
  createOutboxResend({ ...desk.table, intake: desk.intake, clock: desk.clock });
