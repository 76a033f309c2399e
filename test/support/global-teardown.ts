import type { RunningDynamoDb } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__dynamo as RunningDynamoDb | undefined)?.stop();
}
