// The console's sessions as items in the table (`SESSION#<sid>`): written when an agent signs in,
// read with a consistent read on every console request, marked revoked at sign-out (kept until
// DynamoDB's TTL removes it, so a refused cookie can be told "signed out" rather than "unknown").
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsoleSession, SignInMethod } from './console-session';
import { consoleItemPrefixes } from '../store/table-schema';

export interface StoredSession {
  agentId: string;
  via: SignInMethod;
  issuedAt: number;
  /** ms; the item's TTL attribute `expiresAt` is the same instant in seconds. */
  expiresAtMs: number;
  revokedAt: number | null;
}

const key = (sid: string) => ({ pk: `${consoleItemPrefixes.session}${sid}`, sk: 'SESSION' });

export function createConsoleSessionStore(client: DynamoDBDocumentClient, tableName: string) {
  return {
    async create(session: ConsoleSession): Promise<void> {
      const item = {
        ...key(session.sid),
        entity: 'console-session',
        agentId: session.agentId,
        via: session.via,
        issuedAt: session.issuedAt,
        expiresAtMs: session.expiresAt,
        expiresAt: Math.ceil(session.expiresAt / 1000),
      };
      // A random 144-bit sid never collides; the condition makes sure a session is never overwritten.
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    },

    async find(sid: string): Promise<StoredSession | null> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(sid), ConsistentRead: true }));
      if (!Item) return null;
      return {
        agentId: String(Item.agentId),
        via: Item.via === 'cognito' ? 'cognito' : 'token',
        issuedAt: Number(Item.issuedAt),
        expiresAtMs: Math.min(Number(Item.expiresAtMs), Number(Item.expiresAt) * 1000),
        revokedAt: typeof Item.revokedAt === 'number' ? Item.revokedAt : null,
      };
    },

    /** Signs the session out; one that is already gone stays gone. */
    async revoke(sid: string, at: number): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(sid),
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

export type ConsoleSessionStore = ReturnType<typeof createConsoleSessionStore>;
