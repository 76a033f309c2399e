// The desk's state on AWS: the single table of the data model (docs/architecture.md), its key
// schema and indexes from the same definition the local desk creates on DynamoDB Local.
import { RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { tableDefinition } from '../functions/store/table-schema';

const attributeType = (type: string | undefined) =>
  type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING;

/**
 * Encrypted at rest under a key DynamoDB owns: the AWS managed key (aws/dynamodb) would add a KMS
 * request each time a function's new container opens the table, and audit nothing the desk reads.
 */
export const TABLE_ENCRYPTION: dynamodb.TableEncryption = dynamodb.TableEncryption.DEFAULT;

export function deskTable(scope: Stack): dynamodb.Table {
  const definition = tableDefinition('servicedesk');
  const attribute = (name: string) => ({
    name,
    type: attributeType(definition.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType),
  });

  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: attribute('pk'),
    sortKey: attribute('sk'),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // Link nonces and rate counters expire on their own.
    timeToLiveAttribute: 'expiresAt',
    // Both images: the wake-up of a parked execution reads the old head's park token and the new
    // head's routing facts from the record, with no table read (and its event filter needs them);
    // the other consumers go by the keys and read the item they need, consistently.
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    encryption: TABLE_ENCRYPTION,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    const [hash, range] = index.KeySchema!;
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName!,
      partitionKey: attribute(hash!.AttributeName!),
      sortKey: range ? attribute(range.AttributeName!) : undefined,
      projectionType:
        index.Projection?.ProjectionType === 'ALL'
          ? dynamodb.ProjectionType.ALL
          : index.Projection?.ProjectionType === 'INCLUDE'
            ? dynamodb.ProjectionType.INCLUDE
            : dynamodb.ProjectionType.KEYS_ONLY,
      nonKeyAttributes: index.Projection?.NonKeyAttributes,
    });
  }

  return table;
}
