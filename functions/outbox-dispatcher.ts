// Delivers the outbox: every pending message at least once, marked sent exactly once (a write
// conditional on it still being pending). Transient failures retry with backoff; permanent ones
// are marked failed and show on the ticket.
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { threadItem } from './intake-store';
import type { Clock } from './clock';
import type { Desk } from './desk';
import { PermanentMailError, type Mailer } from './mailer';
import { indexNames } from './table-schema';
import { OUTBOX_PENDING } from './ticket-store';

export interface DispatcherOptions {
  /** Addresses that bounced permanently get no more mail. */
  suppressed?: (address: string) => Promise<{ status: string } | null>;
  client: DynamoDBDocumentClient;
  tableName: string;
  mailer: Mailer;
  clock: Clock;
  maxAttempts?: number;
  /** Wait before attempt n+1 after n failures. */
  backoffMs?: (attempts: number) => number;
}

const defaultBackoff = (attempts: number) => Math.min(3600_000, 30_000 * 2 ** (attempts - 1));

export function createOutboxDispatcher(options: DispatcherOptions) {
  const { client, tableName, mailer, clock } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffMs = options.backoffMs ?? defaultBackoff;

  /** Settles a pending message once; `alongside` items (thread index entries) are written in the same transaction. */
  const settle = async (key: { pk: string; sk: string }, update: string, values: Record<string, unknown>, alongside: Record<string, unknown>[] = []) => {
    const settlement = { TableName: tableName, Key: key, UpdateExpression: update, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending', ...values } };
    try {
      if (alongside.length === 0) await client.send(new UpdateCommand(settlement));
      else await client.send(new TransactWriteCommand({ TransactItems: [{ Update: settlement }, ...alongside.map((Item) => ({ Put: { TableName: tableName, Item } }))] }));
      return true;
    } catch (error) {
      // Another dispatcher settled it first: the message counts once.
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  };

  /** Sends one message if it is still pending; what became of it. */
  async function deliver(key: { pk: string; sk: string }): Promise<'sent' | 'skipped' | 'failed' | 'retry-later'> {
    const { Item: message } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (!message || message.status !== 'pending') return 'skipped';
    const bounced = await options.suppressed?.(String(message.address));
    if (bounced) {
      await settle(key, 'SET #status = :failed, lastError = :error, failedAt = :now REMOVE outboxQueue', { ':failed': 'failed', ':error': `not sent: ${message.address} bounced permanently (${bounced.status})`, ':now': clock.now() });
      return 'failed';
    }
    try {
      const sent = await mailer.send({ from: message.from, to: message.address, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
      // Replies quote the id the transport gave the message: index it like ours, with the settlement.
      const aliases = (sent?.alsoKnownAs ?? []).map((id) => threadItem(id, String(message.ticketId)));
      return (await settle(key, 'SET #status = :sent, sentAt = :now, attempts = attempts + :one REMOVE outboxQueue', { ':sent': 'sent', ':now': clock.now(), ':one': 1 }, aliases)) ? 'sent' : 'skipped';
    } catch (error) {
      const attempts = Number(message.attempts ?? 0) + 1;
      if (error instanceof PermanentMailError || attempts >= maxAttempts) {
        await settle(key, 'SET #status = :failed, attempts = :attempts, lastError = :error, failedAt = :now REMOVE outboxQueue', { ':failed': 'failed', ':attempts': attempts, ':error': (error as Error).message.slice(0, 500), ':now': clock.now() });
        return 'failed';
      }
      await settle(key, 'SET attempts = :attempts, lastError = :error, nextAttemptAt = :next', { ':attempts': attempts, ':error': (error as Error).message.slice(0, 500), ':next': clock.now() + backoffMs(attempts) });
      return 'retry-later';
    }
  }

  return {
    deliver,
    /**
     * One pass over the messages due now (first attempts and retries); returns how many were sent.
     * `graceMs` leaves messages due only that recently to whoever else delivers them (the stream in
     * AWS), so the sweep does not race it to a double send.
     */
    async dispatchDue(limit = 100, options: { graceMs?: number } = {}): Promise<number> {
      const { Items = [] } = await client.send(
        new QueryCommand({ TableName: tableName, IndexName: indexNames.byPendingOutbox, KeyConditionExpression: 'outboxQueue = :q AND nextAttemptAt <= :now', ExpressionAttributeValues: { ':q': OUTBOX_PENDING, ':now': clock.now() - (options.graceMs ?? 0) }, Limit: limit }),
      );
      let sent = 0;
      for (const keys of Items) if ((await deliver({ pk: String(keys.pk), sk: String(keys.sk) })) === 'sent') sent++;
      return sent;
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

/** The outbox as the desk's table holds it, delivered by the given mailer. */
export function outboxDispatcherFor(desk: Desk, mailer: Mailer): OutboxDispatcher {
  return createOutboxDispatcher({ ...desk.table, mailer, clock: desk.clock, suppressed: (address) => desk.intake.suppressed(address) });
}
