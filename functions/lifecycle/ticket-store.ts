// The ticket store on DynamoDB: reads heads, logs and queues, and writes each engine commit as one
// TransactWriteItems (head conditional on its version, log entry, outbox items, index attributes).
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { StoredOutboxMessage } from '../../workflows/mail/outbox-delivery';
import type { Commit, LoggedEvent, OutboxMessage, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { ParkContext } from '../../workflows/lifecycle/park-carry';
import { DUE_SHARDS, indexNames } from '../store/table-schema';
import { isTicketId } from '../../workflows/lifecycle/ticket-id';
import { addressKey } from '../../workflows/lifecycle/ticket-events';
import { threadItem, vendorRefItem } from '../intake/intake-store';
import { searchItems } from '../search/search-items';
import { batchGetAll } from '../store/batch-get';

export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} changed while the event was being applied`);
  }
}

/** A claim (delivery id, Message-ID) that another commit already made: the input is a duplicate. */
export class DuplicateClaimError extends Error {
  override readonly name = 'DuplicateClaimError';
  constructor(
    readonly claimKey: { pk: string; sk: string },
    /** The ticket the earlier claim names, as the failed condition returned it (no read needed). */
    readonly claimedBy?: string,
  ) {
    super(`already claimed: ${claimKey.pk}`);
  }
}

/** An index entry that may only replace what the decision saw: absent, or naming that ticket. */
export interface IndexSwap {
  item: Record<string, NativeAttributeValue>;
  /** The `ticketId` the entry held when the decision was made; null if there was none. */
  expectedTicketId: string | null;
}

/**
 * Items written with a commit: `claims` only if absent (idempotency), `swaps` only if unchanged
 * since the decision read them (correlation), `puts` as they are (indexes).
 */
export interface CommitExtras {
  claims?: Record<string, NativeAttributeValue>[];
  swaps?: IndexSwap[];
  puts?: Record<string, NativeAttributeValue>[];
}

/** An index entry changed between the decision and its commit: decide again from a fresh read. */
export class IndexConflictError extends Error {
  override readonly name = 'IndexConflictError';
  /** If it still conflicts after the caller's own retries, the sender may try again shortly. */
  readonly statusCode = 503;
  readonly expose = true;
  constructor(readonly key: { pk: string; sk: string }) {
    super(`index entry ${key.pk} changed while the event was being decided`);
  }
}

export class TicketNotFoundError extends Error {
  override readonly name = 'TicketNotFoundError';
  readonly statusCode = 404;
  readonly expose = true;
  constructor(readonly ticketId: string) {
    super(`no ticket ${ticketId}`);
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Pending outbox items carry this in `outboxQueue`, which puts them on the sparse outbox index. */
export const OUTBOX_PENDING = 'PENDING';
/** Failed ones carry this instead (sorted by when they failed), so the queue can mark their tickets. */
export const OUTBOX_FAILED = 'FAILED';
export const ticketPk = (id: string) => `TICKET#${id}`;
export const eventSk = (seq: number) => `EVENT#${pad(seq, 10)}`;
const outboxSk = (m: Pick<OutboxMessage, 'seq' | 'n'>) => `OUTBOX#${pad(m.seq, 10)}#${pad(m.n, 3)}`;
/** Where one outbox message of a ticket is stored (the key a stream record carries). */
export const outboxKey = (ticketId: string, m: Pick<OutboxMessage, 'seq' | 'n'>) => ({
  pk: ticketPk(ticketId),
  sk: outboxSk(m),
});

/** Spreads due tickets over a few index partitions so one hot partition never holds them all. */
export function dueShardOf(ticketId: string): string {
  let hash = 0;
  for (const ch of ticketId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `DUE#${hash % DUE_SHARDS}`;
}

/** How the requester index spells an address. */
export const requesterKeyOf = addressKey;

/** A head as the table stores it (and as the stream's images carry it). */
export function headItem(head: TicketHead): Record<string, NativeAttributeValue> {
  const item: Record<string, NativeAttributeValue> = { pk: ticketPk(head.id), sk: 'HEAD', entity: 'head', ...head };
  // Sparse indexes: a ticket with nothing due, or no customer yet, stays out of those indexes.
  if (head.nextDueAt === null) delete item.nextDueAt;
  else item.dueShard = dueShardOf(head.id);
  if (head.customerId === null) delete item.customerId;
  // The requester's history index: one address however it was capitalised.
  item.requesterKey = requesterKeyOf(head.requester.email);
  Object.assign(item, teamQueueKeys(head));
  return item;
}

/** The team-queue index's partition for a ticket in no team's queue. */
export const NO_TEAM = 'NONE';
/** Sorts after every agent id (lower-case letters, digits, dashes): the unowned part of a team's queue. */
export const UNASSIGNED = '~';

/**
 * The team-queue index (sparse: open tickets only, so closing takes a ticket off every queue and
 * off no history). Partition: the team, or NONE; sort key: the owner (or ~ for nobody), then the
 * last change, so a team's queue is its partition, one agent's work a `begins_with('<agent>#')`
 * and its unowned tickets a `begins_with('~#')`, each newest last. The head carries both, so a
 * reassignment moves it between queues in its own transaction.
 */
export function teamQueueKeys(head: TicketHead): { teamQueue?: string; assigneeOrder?: string } {
  if (head.snapshot.status !== 'active') return {};
  return {
    teamQueue: head.teamId ?? NO_TEAM,
    assigneeOrder: `${head.assigneeId ?? UNASSIGNED}#${pad(head.updatedAt, 15)}`,
  };
}

/** A head as stored (on the table or an index projecting it) back to the engine's shape. */
export function toHead(item: Record<string, NativeAttributeValue>): TicketHead {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    dueShard: _shard,
    requesterKey: _requester,
    teamQueue: _team,
    assigneeOrder: _order,
    ...rest
  } = item;
  return { nextDueAt: null, customerId: null, ...rest } as TicketHead;
}

/** A ticket's items of one kind (`EVENT#`, `OUTBOX#`), up to and including a version. */
function upTo(id: string, prefix: string, uptoSeq?: number): Omit<QueryCommandInput, 'TableName'> {
  const last = uptoSeq === undefined ? `${prefix}~` : `${prefix}${pad(uptoSeq, 10)}~`;
  return {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':pk': ticketPk(id), ':first': prefix, ':last': last },
    ConsistentRead: true,
  };
}

export interface TicketStore {
  /** One read of the table, for health checks: throws when the store does not answer. */
  ping(): Promise<void>;
  getHead(id: string): Promise<TicketHead | null>;
  /** Many heads in as few reads as the store allows (consistent); ids of no ticket are left out. */
  getHeads(ids: string[]): Promise<TicketHead[]>;
  commit(commit: Commit, extras?: CommitExtras): Promise<void>;
  /** The log, optionally only up to a version (to match a head read just before). */
  listEvents(id: string, uptoSeq?: number): Promise<LoggedEvent[]>;
  listOutbox(id: string, uptoSeq?: number): Promise<StoredOutboxMessage[]>;
  /** Tickets with mail that failed for good and was not resent, most recent failures first: how many each. */
  failedMailTickets(limit: number): Promise<Map<string, number>>;
  listByStatus(status: string, limit: number): Promise<TicketHead[]>;
  /**
   * Open tickets in a team's queue, most recently changed first: all of them, one agent's
   * (`assignee`), or those nobody owns (`assignee: null`).
   */
  listTeamQueue(teamId: string, assignee: string | null | undefined, limit: number): Promise<TicketHead[]>;
  dueTicketIds(now: number, limit: number): Promise<string[]>;
  nextNumber(counter: string): Promise<number>;
  /**
   * Parks a lifecycle execution on the head, only if the head is still at `version`: its token, and
   * the context the stream's wake-up builds its next input from (none: a definition without one).
   */
  park(id: string, version: number, taskToken: string, context?: ParkContext): Promise<boolean>;
}

export function createTicketStore(client: DynamoDBDocumentClient, tableName: string): TicketStore {
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>, limit = Infinity) => {
    const items: Record<string, NativeAttributeValue>[] = [];
    let ExclusiveStartKey: Record<string, NativeAttributeValue> | undefined;
    do {
      const page = await client.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return items.slice(0, limit);
  };

  return {
    async ping() {
      await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'HEALTHCHECK', sk: 'HEALTHCHECK' } }));
    },

    async getHead(id) {
      // Never a key the store would refuse: an id of no possible ticket names none.
      if (!isTicketId(id)) return null;
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: ticketPk(id), sk: 'HEAD' }, ConsistentRead: true }),
      );
      return Item ? toHead(Item) : null;
    },

    async getHeads(ids) {
      const keys = ids.filter(isTicketId).map((id) => ({ pk: ticketPk(id), sk: 'HEAD' }));
      return (await batchGetAll({ client, tableName }, keys, { consistent: true })).map(toHead);
    },

    async commit({ head, expectedVersion, expectedParkToken, event, outbox }, extras = {}) {
      const claims = extras.claims ?? [];
      const swaps = extras.swaps ?? [];
      const pk = ticketPk(head.id);
      // A vendor's ticket number this event recorded, so their later mail carrying only it finds the ticket
      // (however it came: by mail or from an agent). A commit holds no previous head: the event says it is new.
      const vendor = head.thirdParty;
      const vendorRefs =
        vendor?.ref && event.event.vendorRef === vendor.ref ? [vendorRefItem(vendor.id, vendor.ref, head.id)] : [];
      const headPut =
        expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : expectedParkToken === null
            ? {
                ConditionExpression: 'version = :expected AND attribute_not_exists(parkToken)',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }
            : {
                ConditionExpression: 'version = :expected AND parkToken = :parked',
                ExpressionAttributeValues: { ':expected': expectedVersion, ':parked': expectedParkToken },
              };
      // The event's words go in the room the transaction has left (search-items.ts).
      const fixed = [...(extras.puts ?? []), ...vendorRefs];
      const itemsSoFar = 2 + outbox.length * 2 + claims.length + swaps.length + fixed.length;
      const puts = [...fixed, ...searchItems({ head, event }, itemsSoFar)];
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: headItem(head), ...headPut } },
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: eventSk(event.seq), entity: 'event', ticketId: head.id, ...event },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...outbox.map((m) => ({
                Put: {
                  TableName: tableName,
                  Item: {
                    pk,
                    sk: outboxSk(m),
                    entity: 'outbox',
                    ticketId: head.id,
                    attempts: 0,
                    outboxQueue: OUTBOX_PENDING,
                    nextAttemptAt: m.createdAt,
                    ...m,
                  },
                },
              })),
              // Our own Message-IDs, so a reply to any mail the desk sent finds its ticket.
              ...outbox.map((m) => ({
                Put: { TableName: tableName, Item: threadItem(m.messageId, head.id) },
              })),
              ...claims.map((item) => ({
                Put: {
                  TableName: tableName,
                  Item: item,
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                },
              })),
              ...swaps.map(({ item, expectedTicketId }) => ({
                Put: {
                  TableName: tableName,
                  Item: item,
                  ...(expectedTicketId === null
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : {
                        ConditionExpression: 'attribute_not_exists(pk) OR ticketId = :seen',
                        ExpressionAttributeValues: { ':seen': expectedTicketId },
                      }),
                },
              })),
              ...puts.map((item) => ({ Put: { TableName: tableName, Item: item } })),
            ],
          }),
        );
      } catch (error) {
        // Only a lost race on this ticket is retryable; anything else is a real failure.
        if (error instanceof TransactionCanceledException) {
          const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
          const firstClaim = 2 + outbox.length + outbox.length;
          const claimed = claims.findIndex((_, i) => codes[firstClaim + i] === 'ConditionalCheckFailed');
          const swapped = swaps.findIndex((_, i) => codes[firstClaim + claims.length + i] === 'ConditionalCheckFailed');
          // A lost race on the head comes first: after a re-read the claim may still be ours to make.
          if (codes[0] !== 'ConditionalCheckFailed' && claimed >= 0) {
            const earlier = error.CancellationReasons?.[firstClaim + claimed]?.Item?.ticketId?.S;
            throw new DuplicateClaimError(
              { pk: String(claims[claimed]!.pk), sk: String(claims[claimed]!.sk) },
              earlier,
            );
          }
          if (codes[0] !== 'ConditionalCheckFailed' && swapped >= 0) {
            const { item } = swaps[swapped]!;
            throw new IndexConflictError({ pk: String(item.pk), sk: String(item.sk) });
          }
          if (codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict'))
            throw new VersionConflictError(head.id);
        }
        throw error;
      }
    },

    async listEvents(id, uptoSeq) {
      const items = await queryAll(upTo(id, 'EVENT#', uptoSeq));
      return items.map(({ pk: _pk, sk: _sk, entity: _entity, ticketId: _t, ...rest }) => rest as LoggedEvent);
    },

    async listOutbox(id, uptoSeq) {
      const items = await queryAll(upTo(id, 'OUTBOX#', uptoSeq));
      return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...rest }) => rest as StoredOutboxMessage);
    },

    async failedMailTickets(limit) {
      const items = await queryAll(
        {
          IndexName: indexNames.byPendingOutbox,
          KeyConditionExpression: 'outboxQueue = :failed',
          ExpressionAttributeValues: { ':failed': OUTBOX_FAILED },
          ScanIndexForward: false,
          Limit: Math.min(limit, 1000),
        },
        limit,
      );
      const counts = new Map<string, number>();
      for (const item of items) {
        // A failed mail of no ticket (the portal's sign-in mail) marks no ticket.
        if (!String(item.pk).startsWith('TICKET#')) continue;
        const id = String(item.pk).slice('TICKET#'.length);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },

    async listByStatus(status, limit) {
      const items = await queryAll(
        {
          IndexName: indexNames.byStatus,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status },
          ScanIndexForward: false,
          Limit: Math.min(limit, 100),
        },
        limit,
      );
      return items.map(toHead);
    },

    async listTeamQueue(teamId, assignee, limit) {
      const owner = assignee === undefined ? null : `${assignee ?? UNASSIGNED}#`;
      const items = await queryAll(
        {
          IndexName: indexNames.byTeamQueue,
          KeyConditionExpression: owner
            ? 'teamQueue = :team AND begins_with(assigneeOrder, :owner)'
            : 'teamQueue = :team',
          ExpressionAttributeValues: { ':team': teamId, ...(owner ? { ':owner': owner } : {}) },
          ScanIndexForward: false,
          Limit: Math.min(limit, 100),
        },
        limit,
      );
      // A whole team's partition is ordered by owner first: newest change first across owners.
      return items.map(toHead).sort((a, b) => b.updatedAt - a.updatedAt);
    },

    async dueTicketIds(now, limit) {
      const shards = Array.from({ length: DUE_SHARDS }, (_, i) => `DUE#${i}`);
      const perShard = await Promise.all(
        shards.map((shard) =>
          queryAll(
            {
              IndexName: indexNames.byDueTime,
              KeyConditionExpression: 'dueShard = :shard AND nextDueAt <= :now',
              ExpressionAttributeValues: { ':shard': shard, ':now': now },
            },
            limit,
          ),
        ),
      );
      return perShard
        .flat()
        .map((item) => String(item.pk).slice('TICKET#'.length))
        .slice(0, limit);
    },

    async park(id, version, taskToken, context) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: ticketPk(id), sk: 'HEAD' },
            UpdateExpression: context
              ? 'SET parkToken = :token, parkContext = :context'
              : 'SET parkToken = :token REMOVE parkContext',
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':token': taskToken,
              ':version': version,
              ...(context ? { ':context': context } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async nextNumber(counter) {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `COUNTER#${counter}`, sk: 'COUNTER' },
          UpdateExpression: 'ADD #value :one',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.value);
    },
  };
}
