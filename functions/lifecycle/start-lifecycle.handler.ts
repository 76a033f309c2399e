// Lambda on the table stream: a new ticket gets its lifecycle execution, named after the ticket
// id. Starting from the stream rather than from the API means a ticket created by any channel
// gets one even if the creating Lambda died right after its commit; a second start of the same
// name is a no-op, so redelivered records are harmless.
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deskFromEnv, type Desk } from '../desk';
import { logger, withLambdaContext } from '../desk-logger';
import { executionName, firstExecutionInput } from './lifecycle-driver';

export function makeStartLifecycleHandler(desk: Desk, sfn: SFNClient, stateMachineArn: string) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const keys = record.dynamodb?.Keys;
      if (record.eventName !== 'INSERT' || keys?.sk?.S !== 'HEAD' || !keys.pk?.S?.startsWith('TICKET#')) continue;
      const ticketId = keys.pk.S.slice('TICKET#'.length);
      try {
        const head = await desk.store.getHead(ticketId);
        if (!head) continue;
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: executionName(ticketId, 0),
            input: JSON.stringify(firstExecutionInput(head, desk.clock.now())),
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'ExecutionAlreadyExists') continue;
        // Reported back so the stream retries it (bisecting), and said here so a person can see why.
        logger.error('could not start the ticket lifecycle; the stream will retry', {
          ticketId,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      }
    }
    return { batchItemFailures };
  };
}

export const handler = withLambdaContext(
  makeStartLifecycleHandler(deskFromEnv(), new SFNClient({}), process.env.STATE_MACHINE_ARN ?? ''),
);
