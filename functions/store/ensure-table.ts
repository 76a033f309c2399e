// Creates the table and its indexes when absent, and adds an index a newer desk defines to a table
// an older one created (local runtime and tests; CDK owns it in AWS).
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from './table-schema';

const INDEX_WAIT_MS = 120_000;

export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'existed' | 'indexes added'> {
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const definition = tableDefinition(tableName);
  if (!existing) {
    await client.send(new CreateTableCommand(definition));
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
    return 'created';
  }
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = (definition.GlobalSecondaryIndexes ?? []).filter((i) => !present.has(i.IndexName));
  // DynamoDB adds one index per update, and fills it from the items already there.
  for (const index of missing) {
    const names = new Set(index.KeySchema!.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions!.filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await untilIndexActive(client, tableName, index.IndexName!);
  }
  return missing.length ? 'indexes added' : 'existed';
}

async function untilIndexActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
    if (index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`index ${indexName} of table ${tableName} is not active after ${INDEX_WAIT_MS / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
