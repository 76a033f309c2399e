// The local desk as the end-to-end specs run it: in memory on the run's shared DynamoDB Local, on
// free ports, with its own table, the spec's clock and agent token, and a quick poll loop.
import { randomUUID } from 'node:crypto';
import { startLocalDesk, type LocalDesk, type LocalDeskOptions } from '../../local/desk-runtime';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { endpoint } from './test-table';

export const startTestDesk = (
  name: string,
  options: Pick<LocalDeskOptions, 'clock' | 'agentToken'> & Partial<LocalDeskOptions>,
): Promise<LocalDesk> =>
  startLocalDesk({
    dataDir: null,
    port: 0,
    smtpPort: 0,
    dynamoEndpoint: endpoint(),
    tableName: `${name}-${randomUUID()}`,
    pollIntervalMs: 20,
    ...options,
  });

/**
 * The default policy with every customer's changes taken as they are registered (`changesInWriting:
 * false`): for specs about quotes and links on a change an agent registers, not about the writing.
 */
export const changesInWritingWaived: Policy = {
  ...defaultPolicy,
  customers: defaultPolicy.customers.map((c) => ({ ...c, changesInWriting: false })),
};
