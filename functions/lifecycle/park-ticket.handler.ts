// Step Functions task (waitForTaskToken): parks the ticket's execution until its next timer,
// storing its token and context on the head for the stream's wake-up. If the ticket moved past
// the version the execution routed on, it answers its own token at once instead.
import { SFNClient } from '@aws-sdk/client-sfn';
import { deskFromEnv, type Desk } from '../desk';
import { withLambdaContext } from '../desk-logger';
import { parkContextOf, routingFacts, wakeExecution, type ExecutionPosition } from './lifecycle-driver';
import { TicketNotFoundError } from './ticket-store';

export interface ParkInput extends ExecutionPosition {
  ticketId: string;
  version: number;
  taskToken: string;
}

export function makeParkTicketHandler(desk: Desk, sfn: SFNClient) {
  return async (input: ParkInput): Promise<{ parked: boolean }> => {
    const context = parkContextOf(input, desk.clock.now());
    if (await desk.store.park(input.ticketId, input.version, input.taskToken, context)) return { parked: true };
    const head = await desk.store.getHead(input.ticketId);
    if (!head) throw new TicketNotFoundError(input.ticketId);
    await wakeExecution(sfn, input.taskToken, routingFacts(head, desk.clock.now(), context));
    return { parked: false };
  };
}

export const handler = withLambdaContext(makeParkTicketHandler(deskFromEnv(), new SFNClient({})));
