// The local Step Functions harness (local/local-lifecycle.ts) on a fresh table of the test run's
// DynamoDB Local. Call stopLocalLifecycles after each test: an execution still parked holds a
// real timer (its wait task's timeout).
import { runLocalLifecycle, type LifecycleDefinition, type LocalLifecycleOptions } from '../../local/local-lifecycle';
import { createTestTable } from './test-table';

const started: { stop(): void }[] = [];

export async function localLifecycle(options: Omit<LocalLifecycleOptions, 'client' | 'tableName'> = {}) {
  const table = await createTestTable();
  const local = await runLocalLifecycle({ ...table, ...options });
  started.push(local);
  return { ...local, table };
}

export function stopLocalLifecycles() {
  for (const local of started.splice(0)) local.stop();
}

/**
 * The definition as a chart without this state would have generated it (an older chart, or one
 * that lost the state): no route to the status, no wait task for it.
 */
export const withoutStatus =
  (status: string) =>
  (definition: LifecycleDefinition): LifecycleDefinition => {
    const states = definition.States as Record<string, { Choices?: { StringEquals?: string; Next: string }[] }>;
    const route = states['Route by status']!;
    const rule = route.Choices!.find((c) => c.StringEquals === status);
    if (!rule) throw new Error(`the definition has no route for ${status}`);
    route.Choices = route.Choices!.filter((c) => c !== rule);
    delete states[rule.Next];
    return definition;
  };
