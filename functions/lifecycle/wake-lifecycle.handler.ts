// Lambda on the table stream: wakes a ticket's parked lifecycle execution when a commit took its
// park token off the head (a change the parked task routes on: a new status, a new next timer).
// SendTaskSuccess carries the next input, built from the stream's images: no table read. A token
// the execution already moved on from is done with; any other failure goes back to the stream,
// which retries (bisecting) and then dead-letters it, and the alarm on that queue pages a person.
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger, withLambdaContext } from '../desk-logger';
import { routingFacts, wakeExecution } from './lifecycle-driver';
import { parkedChange } from './parked-change';

export function makeWakeLifecycleHandler(sfn: SFNClient, now: () => number) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const change = parkedChange(record);
      if (!change) continue;
      try {
        await wakeExecution(sfn, change.taskToken, routingFacts(change.head, now(), change.context));
      } catch (error) {
        // Waking twice is harmless (the second answer finds the task done): later records go on.
        logger.error('could not wake the ticket lifecycle; the stream will retry', {
          ticketId: change.head.id,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      }
    }
    return { batchItemFailures };
  };
}

export const handler = withLambdaContext(makeWakeLifecycleHandler(new SFNClient({}), Date.now));
