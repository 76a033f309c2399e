// BatchGetItem of any number of keys: 100 a request, and what the table left unprocessed
// (throttling) asked again with a growing wait, so a caller never silently misses an item.
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, NativeAttributeValue>;

export interface BatchGetTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export async function batchGetAll(
  table: BatchGetTable,
  keys: { pk: string; sk: string }[],
  read: { projection?: string; names?: Record<string, string>; consistent?: boolean } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Item[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      const result: BatchGetCommandOutput = await table.client.send(
        new BatchGetCommand({
          RequestItems: {
            [table.tableName]: {
              Keys: pending,
              ...(read.projection && { ProjectionExpression: read.projection }),
              ...(read.names && { ExpressionAttributeNames: read.names }),
              ...(read.consistent && { ConsistentRead: true }),
            },
          },
        }),
      );
      found.push(...(result.Responses?.[table.tableName] ?? []));
      pending = result.UnprocessedKeys?.[table.tableName]?.Keys;
    }
  }
  return found;
}
