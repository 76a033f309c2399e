// The table stream as an event source: records of one shape (inserts whose keys match a prefix;
// heads whose park token a commit took off), in batches, bisected on error, retried, with batch
// item failures and a dead-letter queue for what outlasts the retries.
import { Duration, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { STREAM_RETRY_ATTEMPTS } from './stream-delivery';

export function tableStream(scope: Stack, table: dynamodb.Table) {
  const streamFailures = new sqs.Queue(scope, 'StreamFailures', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const source = (filter: Record<string, unknown>) =>
    new DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      bisectBatchOnError: true,
      retryAttempts: STREAM_RETRY_ATTEMPTS,
      maxRecordAge: Duration.days(1),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(streamFailures),
      filters: [filter],
    });
  const fromStream = (prefix: { sk: unknown }) =>
    source(
      lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { Keys: prefix } }),
    );
  /**
   * A commit that took the park token off a ticket head: the parked execution has something to
   * route on (functions/lifecycle/parked-change.ts reads the same rule). A park storing its token,
   * and a commit carrying it over, pass no record: nobody is invoked.
   */
  const parkTokenTaken = () =>
    source(
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.isEqual('MODIFY'),
        dynamodb: {
          Keys: { sk: { S: lambda.FilterRule.isEqual('HEAD') } },
          OldImage: { parkToken: { S: lambda.FilterRule.exists() } },
          NewImage: { parkToken: { S: lambda.FilterRule.notExists() } },
        },
      }),
    );

  return { streamFailures, fromStream, parkTokenTaken };
}
