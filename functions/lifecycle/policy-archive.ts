// Keeps every policy the desk has decided events under, by fingerprint, so a replay can step an
// old event with the policy in force when it happened: one conditional write per process before
// its first commit, and a batch read of the fingerprints a report meets that are not today's.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { policyFingerprint, policyText } from '../../workflows/policy/policy-fingerprint';
import type { Policy } from '../../workflows/policy/policy';
import { batchGetAll } from '../store/batch-get';

const policyKey = (fingerprint: string) => ({ pk: `POLICY#${fingerprint}`, sk: 'POLICY' });

export interface PolicyArchive {
  /** Keeps the policy unless it is kept already; a policy is never rewritten. */
  keep(policy: Policy, at: number): Promise<void>;
  /** The kept policies' texts (canonical JSON) by fingerprint; fingerprints nobody kept are left out. */
  read(fingerprints: string[]): Promise<Map<string, string>>;
}

export function createPolicyArchive(client: DynamoDBDocumentClient, tableName: string): PolicyArchive {
  return {
    async keep(policy, at) {
      const fingerprint = policyFingerprint(policy);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...policyKey(fingerprint), entity: 'policy', fingerprint, text: policyText(policy), keptAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async read(fingerprints) {
      const keys = [...new Set(fingerprints)].filter((f) => /^[0-9a-f]{16}$/.test(f)).map(policyKey);
      const items = await batchGetAll({ client, tableName }, keys);
      return new Map(items.map((item) => [String(item.fingerprint), String(item.text)]));
    },
  };
}

/** Keeps the policy once per process: the first commit waits for it, later ones do not (a failure is tried again). */
export function keepOnce(archive: PolicyArchive, policy: Policy, now: () => number): () => Promise<void> {
  let kept: Promise<void> | null = null;
  return () => {
    kept ??= archive.keep(policy, now()).catch((error: unknown) => {
      kept = null;
      throw error;
    });
    return kept;
  };
}
