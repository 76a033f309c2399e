// The intake's records in the ticket table: claims that make deliveries idempotent (webhook
// delivery ids, Message-IDs), thread indexes (Message-ID → ticket, a vendor's own ticket number →
// ticket), alert correlation, per-sender rate counters, and the quarantine of mail and payloads
// that could not be taken in — itself idempotent on the same claims, so a message sent again is
// one quarantine record.
import { createHash, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Suppression } from '../../workflows/mail/outbox-delivery';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';

export interface QuarantineRecord {
  id: string;
  at: number;
  channel: 'email' | 'webhook';
  reason: string;
  detail: string;
  from: string | null;
  subject: string | null;
  /** Where the original is kept (raw mail key), so nothing is ever lost. */
  rawKey: string | null;
  /** The ticket the mail claimed to belong to, when its sender was none of that ticket's parties. */
  ticketId?: string;
  /**
   * Set once an agent released it: onto a ticket as a comment, or `asNewTicket` as the ticket it
   * opened (claimed once, in that event's transaction).
   */
  released?: Released;
  /** Set once an agent discarded it, with their reason; the raw message stays kept. */
  discarded?: Discarded;
}

export interface Released {
  by: string;
  at: number;
  ticketId: string;
  asNewTicket?: true;
}
export interface Discarded {
  by: string;
  at: number;
  reason: string;
}

export type Item = Record<string, NativeAttributeValue>;

/**
 * A caller-supplied part of a key (a Message-ID, a delivery id, an address, an alert key) as the
 * store keeps it. DynamoDB refuses partition keys over 2 KB, so a longer part is kept by its
 * digest: the same input still finds the same item, and no input can make a write fail.
 */
export const MAX_KEY_PART_BYTES = 512;
export const keyPart = (value: string): string =>
  Buffer.byteLength(value) <= MAX_KEY_PART_BYTES ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;

/** What took a message in: the ticket it opened or joined, or the quarantine record that holds it. */
export type Claim = { ticketId: string } | { quarantineId: string };

/** A quarantine kept now, or the claim an earlier intake of the same message made. */
export type QuarantineResult = { kept: QuarantineRecord } | { duplicateOf: Claim };

const dedupPk = (channel: string, key: string) => `DEDUP#${channel}#${keyPart(key)}`;
const threadPk = (messageId: string) => `MSGID#${keyPart(messageId)}`;
const alertPk = (source: string, key: string) => `ALERT#${source}#${keyPart(key)}`;
const vendorRefPk = (vendorId: string, ref: string) => `VENDORREF#${keyPart(vendorId)}#${keyPart(ref)}`;

export const claimItem = (channel: string, key: string, ticketId: string, at: number): Item => ({
  pk: dedupPk(channel, key),
  sk: 'DEDUP',
  ticketId,
  at,
});
export const threadItem = (messageId: string, ticketId: string): Item => ({
  pk: threadPk(messageId),
  sk: 'MSGID',
  ticketId,
});
/** A vendor's own ticket number → our ticket, so their later mail carrying only it finds the ticket. */
export const vendorRefItem = (vendorId: string, ref: string, ticketId: string): Item => ({
  pk: vendorRefPk(vendorId, ref),
  sk: 'VENDORREF',
  ticketId,
});
/** A used customer link: its nonce, claimed in the transaction of the event it caused. */
export const linkUseItem = (
  nonce: string,
  use: { ticketId: string; action: string; at: number; expiresAt: number },
) => ({ pk: `LINK#${keyPart(nonce)}`, sk: 'LINK', ...use });

export const alertItem = (source: string, key: string, ticketId: string): Item => ({
  pk: alertPk(source, key),
  sk: 'ALERT',
  ticketId,
});

/** A quarantine record as the list keeps it, newest last in time order. */
export const quarantineItem = (record: QuarantineRecord): Item => ({
  pk: 'QUARANTINE',
  sk: `${String(record.at).padStart(15, '0')}#${record.id}`,
  entity: 'quarantine',
  ...record,
});
/**
 * The claim that lets a quarantined message be settled once: released onto a ticket, released as
 * a new one, or discarded — whichever comes first; the others are refused.
 */
export const releaseClaim = (
  quarantineId: string,
  settled: { ticketId: string } | { discarded: true },
  at: number,
): Item => ({
  pk: `RELEASE#${quarantineId}`,
  sk: 'RELEASE',
  ...settled,
  at,
});

/**
 * Where an address's suppression (after a permanent bounce) is kept; addresses compare case-blind.
 * A new bounce replaces the item; an agent's resend clears it by stamping `clearedAt`/`clearedBy`.
 */
export const suppressionKey = (address: string) => ({
  pk: `SUPPRESS#${keyPart(address.toLowerCase())}`,
  sk: 'SUPPRESS',
});

export function createIntakeStore(client: DynamoDBDocumentClient, tableName: string) {
  const get = async (pk: string, sk: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const suppressed = async (address: string): Promise<Suppression | null> => {
    const { pk, sk } = suppressionKey(address);
    const item = await get(pk, sk);
    return item && item.clearedAt === undefined ? { status: String(item.status), at: Number(item.at) } : null;
  };
  const claimOf = async (channel: string, key: string): Promise<Claim | null> => {
    const item = await get(dedupPk(channel, key), 'DEDUP');
    if (typeof item?.ticketId === 'string') return { ticketId: item.ticketId };
    if (typeof item?.quarantineId === 'string') return { quarantineId: item.quarantineId };
    return null;
  };
  return {
    async claimedBy(channel: string, key: string): Promise<string | null> {
      return ((await get(dedupPk(channel, key), 'DEDUP'))?.ticketId as string | undefined) ?? null;
    },
    claimOf,
    async ticketOfMessage(messageId: string): Promise<string | null> {
      return ((await get(threadPk(messageId), 'MSGID'))?.ticketId as string | undefined) ?? null;
    },
    async ticketOfVendorRef(vendorId: string, ref: string): Promise<string | null> {
      return ((await get(vendorRefPk(vendorId, ref), 'VENDORREF'))?.ticketId as string | undefined) ?? null;
    },
    async linkUse(nonce: string): Promise<{ ticketId: string; action: string; at: number } | null> {
      const item = await get(`LINK#${keyPart(nonce)}`, 'LINK');
      return item ? { ticketId: String(item.ticketId), action: String(item.action), at: Number(item.at) } : null;
    },
    /** A permanent bounce: no more mail to this address until an agent clears it. */
    async suppress(address: string, why: { status: string; at: number }): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...suppressionKey(address), address: address.toLowerCase().slice(0, 1000), ...why },
        }),
      );
    },
    /** The address's suppression in force; one an agent cleared (kept, with who and when) is none. */
    suppressed,
    /** The suppressions in force among these addresses, by address as given. */
    async suppressedAmong(addresses: string[]): Promise<Map<string, Suppression>> {
      const found = new Map<string, Suppression>();
      for (const address of new Set(addresses)) {
        const suppression = await suppressed(address);
        if (suppression) found.set(address, suppression);
      }
      return found;
    },
    async ticketOfAlert(source: string, key: string): Promise<string | null> {
      return ((await get(alertPk(source, key), 'ALERT'))?.ticketId as string | undefined) ?? null;
    },
    /** Counts one message from `sender` in the current window; returns the count so far. */
    async countFrom(sender: string, now: number, windowMinutes: number): Promise<number> {
      const windowMs = windowMinutes * 60_000;
      const window = Math.floor(now / windowMs);
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `RATE#${keyPart(sender)}#${window}`, sk: 'RATE' },
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':expires': Math.ceil(((window + 2) * windowMs) / 1000) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.count ?? 0);
    },
    /** Keeps a record; with a claim (channel and idempotency key), once per message, in one transaction with the claim. */
    async quarantine(
      record: Omit<QuarantineRecord, 'id'>,
      claim?: { channel: string; key: string },
    ): Promise<QuarantineResult> {
      const full = { ...record, id: randomUUID() };
      const item = quarantineItem(full);
      // The list is one partition in time order; a pointer finds a record by its id.
      const pointer = {
        Put: { TableName: tableName, Item: { pk: `QUARANTINE#${full.id}`, sk: 'QUARANTINE', listSk: item.sk } },
      };
      if (!claim) {
        await client.send(
          new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: item } }, pointer] }),
        );
        return { kept: full };
      }
      const claimItem = { pk: dedupPk(claim.channel, claim.key), sk: 'DEDUP', quarantineId: full.id, at: record.at };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: claimItem, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: item } },
              pointer,
            ],
          }),
        );
        return { kept: full };
      } catch (error) {
        const taken =
          error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        const earlier = taken ? await claimOf(claim.channel, claim.key) : null;
        if (earlier) return { duplicateOf: earlier };
        throw error;
      }
    },
    /**
     * Discards a record, once: the settling claim and the record's `discarded` in one transaction.
     * Nothing is deleted (the record and its raw message stay); false if it was settled before.
     */
    async discardQuarantine(record: QuarantineRecord, discarded: Discarded): Promise<boolean> {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: releaseClaim(record.id, { discarded: true }, discarded.at),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: tableName, Item: quarantineItem({ ...record, discarded }) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (
          error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
        )
          return false;
        throw error;
      }
    },
    /** One quarantine record by its id, or null. */
    async quarantineRecord(id: string): Promise<QuarantineRecord | null> {
      const pointer = await get(`QUARANTINE#${keyPart(id)}`, 'QUARANTINE');
      const item = typeof pointer?.listSk === 'string' ? await get('QUARANTINE', pointer.listSk) : undefined;
      if (!item) return null;
      const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
      return rest as QuarantineRecord;
    },
    async listQuarantine(limit: number): Promise<QuarantineRecord[]> {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'QUARANTINE' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ...rest }) => rest as QuarantineRecord);
    },
  };
}

export type IntakeStore = ReturnType<typeof createIntakeStore>;
