// Starts the one DynamoDB Local every integration test in this run shares (each test file uses a
// table of its own).
import { startDynamoDbLocal } from '../../local/dynamodb-local';

export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as Record<string, unknown>).__dynamo = dynamo;
}
