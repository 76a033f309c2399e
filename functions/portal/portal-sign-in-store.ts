// The portal's items in the table (all under `PORTAL#`, table-schema.ts): a sign-in request's one
// transaction (a request on the address's and on the client's throttle counter, each only while
// under its limit, the attempt with its code's digest, and its mail as an outbox item the desk's
// dispatcher sends, or for an address of no customer an unsent placeholder, so both answers cost
// the same writes); a code's try, counted before the code is compared, so parallel guesses get no
// more tries than one after the other; the redemption that claims the attempt (single use) in the
// same transaction as the session it starts; and the sessions, read consistently, revoked at sign-out.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { retryAfterSeconds, type ThrottleWindow } from '../../workflows/console/sign-in-throttle';
import type { SignInAttempt } from '../../workflows/portal/portal-sign-in';
import { portalItemPrefixes } from '../store/table-schema';
import type { PortalSession } from './portal-session';

export type RequestClaim =
  | { ok: true }
  | { ok: false; reason: 'address-limit' | 'client-limit'; retryAfterSeconds: number }
  | { ok: false; reason: 'busy' };

export interface StoredPortalSession {
  email: string;
  customerId: string;
  expiresAtMs: number;
  revokedAt: number | null;
}

/** The sign-in mail's outbox item: the fields the dispatcher reads, under the attempt's own key. */
export interface PortalMailItem {
  address: string;
  from: string;
  subject: string;
  text: string;
  letter: unknown;
  language: string;
  messageId: string;
  createdAt: number;
  /** When DynamoDB may remove it (s): after the outbox's retry window, with room to spare. */
  expiresAt: number;
}

const attemptKey = (id: string) => ({ pk: `${portalItemPrefixes.attempt}${id}`, sk: 'ATTEMPT' });
const sessionKey = (sid: string) => ({ pk: `${portalItemPrefixes.session}${sid}`, sk: 'SESSION' });
/** A sign-in mail sits where the dispatcher looks (`OUTBOX#…`), as the only message of its partition. */
export const portalMailKey = (attempt: string) => ({
  pk: `${portalItemPrefixes.mail}${attempt}`,
  sk: 'OUTBOX#0000000000#000',
});
const counterKey = (w: ThrottleWindow) => ({
  pk: `${portalItemPrefixes.throttle}${w.scope}#${w.index}`,
  sk: 'THROTTLE',
});
const seconds = (ms: number) => Math.ceil(ms / 1000);

const RACE_RETRIES = 3;
const cancelCodes = (error: TransactionCanceledException) => (error.CancellationReasons ?? []).map((r) => r.Code);

const attemptOf = (item: Record<string, NativeAttributeValue>): SignInAttempt => ({
  id: String(item.attemptId),
  email: String(item.email),
  customerId: typeof item.customerId === 'string' ? item.customerId : null,
  codeDigest: String(item.codeDigest),
  codeTries: Number(item.codeTries ?? 0),
  expiresAtMs: Number(item.expiresAtMs),
  usedAt: typeof item.usedAt === 'number' ? item.usedAt : null,
});

export function createPortalSignInStore(client: DynamoDBDocumentClient, tableName: string) {
  const count = (window: ThrottleWindow) => ({
    Update: {
      TableName: tableName,
      Key: counterKey(window),
      UpdateExpression: 'ADD requests :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
      ExpressionAttributeValues: {
        ':one': 1,
        ':limit': window.limit,
        ':expires': seconds(2 * window.endsAt - window.startsAt),
      },
    },
  });

  return {
    /** Counts the request and keeps the attempt and its mail (or the placeholder), all or nothing. */
    async request(
      attempt: SignInAttempt,
      windows: { address: ThrottleWindow; client: ThrottleWindow },
      mail: PortalMailItem | null,
      now: number,
    ): Promise<RequestClaim> {
      const expiresAt = seconds(attempt.expiresAtMs) + 3600;
      const attemptItem = {
        ...attemptKey(attempt.id),
        entity: 'portal-attempt',
        attemptId: attempt.id,
        email: attempt.email,
        ...(attempt.customerId ? { customerId: attempt.customerId } : {}),
        codeDigest: attempt.codeDigest,
        codeTries: 0,
        createdAt: now,
        expiresAtMs: attempt.expiresAtMs,
        expiresAt,
      };
      const mailItem = mail
        ? {
            ...portalMailKey(attempt.id),
            entity: 'outbox',
            template: 'portal-sign-in',
            to: 'requester',
            status: 'pending',
            attempts: 0,
            outboxQueue: 'PENDING',
            nextAttemptAt: mail.createdAt,
            seq: 0,
            n: 0,
            ...mail,
          }
        : {
            pk: `${portalItemPrefixes.mail}${attempt.id}`,
            sk: 'NOMAIL',
            entity: 'portal-no-mail',
            createdAt: now,
            expiresAt,
          };
      for (let round = 0; round < RACE_RETRIES; round++) {
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                count(windows.address),
                count(windows.client),
                { Put: { TableName: tableName, Item: attemptItem, ConditionExpression: 'attribute_not_exists(pk)' } },
                { Put: { TableName: tableName, Item: mailItem } },
              ],
            }),
          );
          return { ok: true };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const [address, byClient] = cancelCodes(error);
          if (address === 'ConditionalCheckFailed')
            return { ok: false, reason: 'address-limit', retryAfterSeconds: retryAfterSeconds(windows.address, now) };
          if (byClient === 'ConditionalCheckFailed')
            return { ok: false, reason: 'client-limit', retryAfterSeconds: retryAfterSeconds(windows.client, now) };
          if (!cancelCodes(error).includes('TransactionConflict')) throw error;
        }
      }
      return { ok: false, reason: 'busy' };
    },

    async findAttempt(id: string): Promise<SignInAttempt | null> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: attemptKey(id), ConsistentRead: true }),
      );
      return Item ? attemptOf(Item) : null;
    },

    /** Takes one of the attempt's code tries; the attempt as it is now, or null when none is left (or it is used, or over). */
    async takeCodeTry(id: string, maxTries: number, now: number): Promise<SignInAttempt | null> {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: attemptKey(id),
            UpdateExpression: 'ADD codeTries :one',
            ConditionExpression:
              'attribute_exists(pk) AND codeTries < :max AND attribute_not_exists(usedAt) AND expiresAtMs > :now',
            ExpressionAttributeValues: { ':one': 1, ':max': maxTries, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? attemptOf(Attributes) : null;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return null;
        throw error;
      }
    },

    /**
     * Claims the attempt (once, before it expires, for its own address; by link only while it has
     * code tries left) and starts the session in the same transaction; false when it was claimed
     * or ended first.
     */
    async redeem(
      attempt: SignInAttempt,
      session: PortalSession,
      customerId: string,
      now: number,
      viaLink: { maxTries: number } | null,
    ): Promise<boolean> {
      const claim = {
        Update: {
          TableName: tableName,
          Key: attemptKey(attempt.id),
          UpdateExpression: 'SET usedAt = :now, sessionId = :sid',
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAtMs > :now AND email = :email${viaLink ? ' AND codeTries < :max' : ''}`,
          ExpressionAttributeValues: {
            ':now': now,
            ':sid': session.sid,
            ':email': attempt.email,
            ...(viaLink ? { ':max': viaLink.maxTries } : {}),
          },
        },
      };
      const item = {
        ...sessionKey(session.sid),
        entity: 'portal-session',
        email: session.email,
        customerId,
        attemptId: attempt.id,
        issuedAt: session.issuedAt,
        expiresAtMs: session.expiresAt,
        expiresAt: seconds(session.expiresAt),
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              claim,
              { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException && cancelCodes(error)[0] === 'ConditionalCheckFailed')
          return false;
        throw error;
      }
    },

    async findSession(sid: string): Promise<StoredPortalSession | null> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: sessionKey(sid), ConsistentRead: true }),
      );
      // Only the portal's own session items count (the key prefix says so; the entity says it again).
      if (!Item || Item.entity !== 'portal-session') return null;
      return {
        email: String(Item.email),
        customerId: String(Item.customerId),
        expiresAtMs: Number(Item.expiresAtMs),
        revokedAt: typeof Item.revokedAt === 'number' ? Item.revokedAt : null,
      };
    },

    /** Signs the session out; one that is already gone stays gone. */
    async revokeSession(sid: string, at: number): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(sid),
            UpdateExpression: 'SET revokedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}

export type PortalSignInStore = ReturnType<typeof createPortalSignInStore>;
