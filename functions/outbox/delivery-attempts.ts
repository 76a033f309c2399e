// Delivers the outbox: every pending message at least once, marked sent exactly once (a write
// conditional on it still being pending). A transient failure (relay down, 4xx, throttling) is
// tried again for the policy's retry window since the message was written or resent, with capped
// backoff; a permanent one (5xx, a suppressed address) fails at once. A failed message joins the
// failed-mail queue the console marks, and is logged once at error level (the alarm counts those).
import { batchGetAll } from '../store/batch-get';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { logger as deskLogger } from '../desk-logger';
import { retryWindowStart, type MailFailure, type StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import { afterTransientFailure } from '../../workflows/mail/outbox-retry';
import type { DeskIdentity, OutboxRetry } from '../../workflows/policy/policy';
import { threadItem } from '../intake/intake-store';
import type { BlobStore } from '../store/blob-store';
import type { AttachmentRef } from '../../workflows/lifecycle/ticket-events';
import type { Clock } from '../clock';
import type { Desk } from '../desk';
import { MAIL_FAILED_LOG } from './mail-failed-log';
import { mailHtml } from './mail-html';
import { PermanentMailError, type Mailer } from './mailer';
import { indexNames } from '../store/table-schema';
import { OUTBOX_FAILED, OUTBOX_PENDING } from '../lifecycle/ticket-store';

export interface DispatcherOptions {
  /** Addresses that bounced permanently get no more mail. */
  suppressed?: (address: string) => Promise<{ status: string } | null>;
  client: DynamoDBDocumentClient;
  tableName: string;
  mailer: Mailer;
  clock: Clock;
  /** How long transient failures are retried, and the longest wait between tries (policy.outbox). */
  retry: OutboxRetry;
  /** A Powertools Logger in AWS; the local runtime reports through its own log. */
  logger?: OutboxLog;
  /** Where the files a mail carries are kept (the intake's attachment store); without it, none are attached. */
  attachments?: BlobStore;
  /** Who the mails' HTML part says they are from (policy.desk); without it, `Servicedesk`. */
  desk?: DeskIdentity;
}

/** Files beyond this many bytes in all stay out of one mail (the text still names them). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface OutboxLog {
  error(message: string, details: Record<string, unknown>): void;
  info(message: string, details: Record<string, unknown>): void;
}

type Key = { pk: string; sk: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function createOutboxDispatcher(options: DispatcherOptions) {
  const { client, tableName, mailer, clock, retry } = options;
  const logger = options.logger ?? deskLogger;

  /** Settles a pending message once; `alongside` items (thread index entries) are written in the same transaction. */
  const settle = async (
    key: { pk: string; sk: string },
    update: string,
    values: Record<string, unknown>,
    alongside: Record<string, unknown>[] = [],
  ) => {
    const settlement = {
      TableName: tableName,
      Key: key,
      UpdateExpression: update,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ...values },
    };
    try {
      if (alongside.length === 0) await client.send(new UpdateCommand(settlement));
      else
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: settlement },
              ...alongside.map((Item) => ({ Put: { TableName: tableName, Item } })),
            ],
          }),
        );
      return true;
    } catch (error) {
      // Another dispatcher settled it first: the message counts once.
      if (error instanceof ConditionalCheckFailedException) return false;
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      throw error;
    }
  };

  /** Marks the message failed for good, onto the failed-mail queue (keyed by when it failed); only the dispatcher that settles it logs. */
  async function fail(
    key: Key,
    message: StoredOutboxMessage,
    failure: MailFailure,
    reason: string,
    attempts: number,
  ): Promise<'failed' | 'skipped'> {
    const now = clock.now();
    const won = await settle(
      key,
      'SET #status = :failed, failure = :failure, attempts = :attempts, lastError = :error, failedAt = :now, outboxQueue = :queue, nextAttemptAt = :now',
      {
        ':failed': 'failed',
        ':failure': failure,
        ':attempts': attempts,
        ':error': reason,
        ':now': now,
        ':queue': OUTBOX_FAILED,
      },
    );
    if (!won) return 'skipped';
    const { ticketId, seq, n, template } = message;
    logger.error(MAIL_FAILED_LOG, { ticketId, seq, n, template, failure, attempts, reason });
    return 'failed';
  }

  /**
   * The ids recipients know the referenced mails by: a transport that replaced our Message-ID
   * (SES) is answered under its own, which the settlement stored beside ours.
   */
  async function knownAs(ids: string[]): Promise<Map<string, string[]>> {
    const aliases = new Map<string, string[]>();
    // Keyed as the thread index keys them (a long id by its digest), read back by that key.
    const idOfKey = new Map([...new Set(ids)].slice(0, 100).map((id) => [threadItem(id, '').pk, id] as const));
    const keys = [...idOfKey.keys()].map((pk) => ({ pk, sk: 'MSGID' }));
    if (keys.length === 0) return aliases;
    for (const item of await batchGetAll({ client, tableName }, keys, { projection: 'pk, aliases' })) {
      const known = Array.isArray(item.aliases) ? (item.aliases as string[]) : [];
      const id = idOfKey.get(String(item.pk));
      if (id && known.length) aliases.set(id, known);
    }
    return aliases;
  }

  async function threading(message: StoredOutboxMessage) {
    const references = message.references ?? [];
    if (!message.inReplyTo && references.length === 0) return {};
    const aliases = await knownAs([...references, ...(message.inReplyTo ? [message.inReplyTo] : [])]);
    const withAliases = (id: string) => [id, ...(aliases.get(id) ?? [])];
    return {
      ...(message.inReplyTo ? { inReplyTo: withAliases(message.inReplyTo).join(' ') } : {}),
      ...(references.length ? { references: references.flatMap(withAliases) } : {}),
    };
  }

  /** The stored files a message carries, as long as they are kept and fit in one mail. */
  async function filesOf(refs: AttachmentRef[] = []) {
    const files = [];
    let total = 0;
    for (const ref of refs) {
      if (total + ref.size > MAX_FILE_BYTES) continue;
      const content = await options.attachments?.get(`attachments/${ref.sha256}`);
      if (!content) continue;
      total += content.byteLength;
      files.push({
        filename: ref.name || ref.sha256.slice(0, 12),
        contentType: ref.type || 'application/octet-stream',
        content,
      });
    }
    return files;
  }

  /** Sends one message if it is still pending; what became of it. */
  async function deliver(key: Key): Promise<'sent' | 'skipped' | 'failed' | 'retry-later'> {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (!Item || Item.status !== 'pending') return 'skipped';
    const message = Item as StoredOutboxMessage;
    const tried = Number(message.attempts ?? 0);
    const bounced = await options.suppressed?.(String(message.address));
    if (bounced)
      return fail(
        key,
        message,
        'suppressed',
        `not sent: ${message.address} bounced permanently (${bounced.status})`,
        tried,
      );
    // Items written before the HTML part moved to the shell carry no language: the desk's own, Dutch.
    const language = message.language ?? 'nl';
    try {
      // A copy to an address that bounced for good is dropped; the message still goes to the rest.
      const cc = [];
      for (const address of message.cc ?? []) if (!(await options.suppressed?.(address))) cc.push(address);
      const files = await filesOf(message.attachments);
      const sent = await mailer.send({
        from: message.from,
        to: message.address,
        ...(cc.length ? { cc } : {}),
        subject: message.subject,
        text: message.text,
        html: mailHtml({ ...message, language }, options.desk),
        messageId: message.messageId,
        ...(await threading(message)),
        ...(files.length ? { files } : {}),
        ...(message.personal ? { personal: true } : {}),
      });
      // Replies quote the id the transport gave the message: index it like ours, with the settlement,
      // and keep it beside ours so later mails in the thread reference what the recipient has.
      // A mail of no ticket (the portal's sign-in mail, under its own pk) starts no thread to index.
      const alsoKnownAs = message.ticketId ? (sent?.alsoKnownAs ?? []) : [];
      const ticketId = String(message.ticketId);
      const aliases = alsoKnownAs.length
        ? [
            ...alsoKnownAs.map((id) => threadItem(id, ticketId)),
            { ...threadItem(message.messageId, ticketId), aliases: alsoKnownAs },
          ]
        : [];
      return (await settle(
        key,
        'SET #status = :sent, sentAt = :now, attempts = attempts + :one REMOVE outboxQueue',
        { ':sent': 'sent', ':now': clock.now(), ':one': 1 },
        aliases,
      ))
        ? 'sent'
        : 'skipped';
    } catch (error) {
      const attempts = tried + 1;
      const reason = errorText(error);
      if (error instanceof PermanentMailError) return fail(key, message, 'permanent', reason, attempts);
      const next = afterTransientFailure(retry, {
        windowStart: retryWindowStart(message),
        failures: attempts,
        now: clock.now(),
      });
      if (next.kind === 'give-up') {
        return fail(
          key,
          message,
          'expired',
          `gave up after retrying for ${retry.retryForHours} h (${attempts} attempts); last error: ${reason}`,
          attempts,
        );
      }
      await settle(key, 'SET attempts = :attempts, lastError = :error, nextAttemptAt = :next', {
        ':attempts': attempts,
        ':error': reason,
        ':next': next.at,
      });
      const { ticketId, seq, n } = message;
      logger.info('outgoing mail deferred', {
        ticketId,
        seq,
        n,
        attempts,
        nextAttemptAt: new Date(next.at).toISOString(),
        reason,
      });
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
        new QueryCommand({
          TableName: tableName,
          IndexName: indexNames.byPendingOutbox,
          KeyConditionExpression: 'outboxQueue = :q AND nextAttemptAt <= :now',
          ExpressionAttributeValues: { ':q': OUTBOX_PENDING, ':now': clock.now() - (options.graceMs ?? 0) },
          Limit: limit,
        }),
      );
      let sent = 0;
      for (const keys of Items) if ((await deliver({ pk: String(keys.pk), sk: String(keys.sk) })) === 'sent') sent++;
      return sent;
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

/** The outbox as the desk's table holds it, delivered by the given mailer under the desk's retry policy. */
export function outboxDispatcherFor(
  desk: Desk,
  mailer: Mailer,
  logger?: DispatcherOptions['logger'],
): OutboxDispatcher {
  const suppressed = (address: string) => desk.intake.suppressed(address);
  return createOutboxDispatcher({
    ...desk.table,
    mailer,
    clock: desk.clock,
    retry: desk.policy.outbox,
    desk: desk.policy.desk,
    logger,
    suppressed,
    attachments: desk.blobs,
  });
}
