// The local Step Functions harness (local/local-lifecycle.ts) on a fresh table of the test run's
// DynamoDB Local.
import { runLocalLifecycle } from '../../local/local-lifecycle';
import { createTestTable } from './test-table';

export async function localLifecycle(options: { maxCycles?: number } = {}) {
  const { client, tableName } = await createTestTable();
  return runLocalLifecycle({ client, tableName, ...options });
}
