// Lambda: delivers the outbox through SES. The table stream brings each new message at once; a
// schedule sweeps the pending-outbox index for retries that backed off. A record whose delivery
// could not even be attempted (DynamoDB trouble) is reported back so the stream retries it,
// bisecting the batch, and sends it to the dead-letter queue after the last retry.
import { s3Client } from '../aws/s3';
import { sesV2Client } from '../aws/sesv2';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { deskFromEnv } from '../desk';
import { logger, withLambdaContext } from '../desk-logger';
import { outboxDispatcherFor, type OutboxDispatcher } from './delivery-attempts';
import { createSesMailer } from './ses-mailer';
import { createS3BlobStore } from '../store/s3-blob-store';

const isStream = (event: DynamoDBStreamEvent | ScheduledEvent): event is DynamoDBStreamEvent =>
  Array.isArray((event as DynamoDBStreamEvent).Records);

export function makeDispatchOutboxHandler(dispatcher: OutboxDispatcher) {
  return async (event: DynamoDBStreamEvent | ScheduledEvent): Promise<DynamoDBBatchResponse | { sent: number }> => {
    // The sweep: retries that backed off, and anything the stream missed for five minutes.
    if (!isStream(event)) return { sent: await dispatcher.dispatchDue(100, { graceMs: 5 * 60_000 }) };
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const keys = record.dynamodb?.Keys;
      const pk = keys?.pk?.S;
      const sk = keys?.sk?.S;
      if (!pk || !sk?.startsWith('OUTBOX#')) continue;
      try {
        await dispatcher.deliver({ pk, sk });
      } catch (error) {
        // Reported back so the stream retries it (bisecting), and said here so a person can see why.
        logger.error('could not deliver an outbox message; the stream will retry', { pk, sk, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      }
    }
    return { batchItemFailures };
  };
}

export const handler = withLambdaContext(
  makeDispatchOutboxHandler(
    outboxDispatcherFor(
      // The files a vendor forward carries are read from the mail bucket the intake kept them in.
      deskFromEnv({ blobStore: createS3BlobStore(s3Client(), process.env.MAIL_BUCKET ?? '') }),
      createSesMailer(sesV2Client(), { configurationSet: process.env.SES_CONFIGURATION_SET }),
    ),
  ),
);
