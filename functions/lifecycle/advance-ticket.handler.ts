// Step Functions task: a parked ticket's next timer fell due (or its execution's deadline came) —
// fire every due timer through the engine and hand back what the execution goes on with.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { withLambdaContext } from '../desk-logger';
import { parkContextOf, routingFacts, type ExecutionPosition, type RoutingFacts } from './lifecycle-driver';

export function makeAdvanceTicketHandler(desk: Desk) {
  return async (input: { ticketId: string } & ExecutionPosition): Promise<RoutingFacts> => {
    await desk.ready();
    // The head the last commit wrote is the head as it stands: no second read to route on it.
    const { head } = await desk.service.fireDue(input.ticketId);
    const now = desk.clock.now();
    return routingFacts(head, now, parkContextOf(input, now));
  };
}

export const handler = withLambdaContext(makeAdvanceTicketHandler(deskInAws()));
