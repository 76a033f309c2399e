// The table stream as an event source: inserts whose keys match a prefix, in batches, bisected on
// error, retried, with batch item failures and a dead-letter queue for what outlasts the retries.
import { Duration, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export function tableStream(scope: Stack, table: dynamodb.Table) {
  const streamFailures = new sqs.Queue(scope, 'StreamFailures', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const fromStream = (prefix: { sk: unknown }) =>
    new DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      bisectBatchOnError: true,
      retryAttempts: 8,
      maxRecordAge: Duration.days(1),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(streamFailures),
      filters: [
        lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { Keys: prefix } }),
      ],
    });

  return { streamFailures, fromStream };
}
