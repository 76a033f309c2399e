// The single table's key schema and indexes, shared by the local runtime, the tests and the CDK stack.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const DUE_SHARDS = 8;

export const indexNames = {
  byStatus: 'byStatus',
  byDueTime: 'byDueTime',
  byCustomer: 'byCustomer',
  /** A requester's tickets (`requesterKey`, the address lower-cased) and a customer's, newest created first. */
  byRequester: 'byRequester',
  /**
   * The teams' queues (sparse: open tickets only): `teamQueue` the team id or NONE, `assigneeOrder`
   * `<agent id or ~>#<updatedAt>` (ticket-store.ts teamQueueKeys).
   */
  byTeamQueue: 'byTeamQueue',
  /** The outbox's queues (`outboxQueue`): PENDING by next attempt, FAILED by when it failed. */
  byPendingOutbox: 'byPendingOutbox',
} as const;

/**
 * The console's own items, keyed by these partition-key prefixes: sessions, used sign-in form
 * nonces, sign-in throttle counters. The sign-in handlers may write these and nothing else (the
 * stack grants their writes on these leading keys only).
 */
export const consoleItemPrefixes = {
  session: 'SESSION#',
  loginNonce: 'LOGIN#',
  signInThrottle: 'THROTTLE#signin#',
} as const;

/**
 * The customer portal's own items, all under one partition-key prefix: sign-in attempts, throttle
 * counters, sessions and the sign-in mails' outbox items. The portal's sign-in handler may write
 * these and nothing else (the stack grants its writes on this leading key only).
 */
export const PORTAL_ITEM_PREFIX = 'PORTAL#';
export const portalItemPrefixes = {
  attempt: `${PORTAL_ITEM_PREFIX}ATTEMPT#`,
  throttle: `${PORTAL_ITEM_PREFIX}THROTTLE#`,
  session: `${PORTAL_ITEM_PREFIX}SESSION#`,
  mail: `${PORTAL_ITEM_PREFIX}MAIL#`,
} as const;

/**
 * The service reports' own items, under one partition-key prefix: the record of each report mailed
 * to a customer's key contacts, and that mail's outbox item. The report mail handler may write
 * these and nothing else (the stack grants its writes on this leading key only).
 */
export const REPORT_ITEM_PREFIX = 'REPORT#';
export const reportItemPrefixes = {
  mailed: `${REPORT_ITEM_PREFIX}MAILED#`,
  mail: `${REPORT_ITEM_PREFIX}MAIL#`,
} as const;

/** What a ticket's history lists of the others: enough for the line and its SLA outcome, not the whole head. */
export const historyAttributes = ['id', 'kind', 'subject', 'status', 'stage', 'priority', 'snapshot'];

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'updatedAt', AttributeType: 'N' },
      { AttributeName: 'dueShard', AttributeType: 'S' },
      { AttributeName: 'nextDueAt', AttributeType: 'N' },
      { AttributeName: 'customerId', AttributeType: 'S' },
      { AttributeName: 'requesterKey', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'N' },
      { AttributeName: 'outboxQueue', AttributeType: 'S' },
      { AttributeName: 'nextAttemptAt', AttributeType: 'N' },
      { AttributeName: 'teamQueue', AttributeType: 'S' },
      { AttributeName: 'assigneeOrder', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: indexNames.byStatus,
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'updatedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: indexNames.byDueTime,
        KeySchema: [
          { AttributeName: 'dueShard', KeyType: 'HASH' },
          { AttributeName: 'nextDueAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: indexNames.byPendingOutbox,
        KeySchema: [
          { AttributeName: 'outboxQueue', KeyType: 'HASH' },
          { AttributeName: 'nextAttemptAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: indexNames.byCustomer,
        KeySchema: [
          { AttributeName: 'customerId', KeyType: 'HASH' },
          { AttributeName: 'updatedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: indexNames.byRequester,
        KeySchema: [
          { AttributeName: 'requesterKey', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: historyAttributes },
      },
      {
        IndexName: indexNames.byTeamQueue,
        KeySchema: [
          { AttributeName: 'teamQueue', KeyType: 'HASH' },
          { AttributeName: 'assigneeOrder', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
