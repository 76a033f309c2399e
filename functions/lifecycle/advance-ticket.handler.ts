// Step Functions task: a parked ticket's next timer fell due — fire every due timer through the
// engine and hand back what the state machine routes on.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { withLambdaContext } from '../desk-logger';
import { routingFacts, type RoutingFacts } from './lifecycle-driver';

export function makeAdvanceTicketHandler(desk: Desk) {
  return async (input: { ticketId: string }): Promise<RoutingFacts> => {
    await desk.ready();
    // The head the last commit wrote is the head as it stands: no second read to route on it.
    const { head } = await desk.service.fireDue(input.ticketId);
    return routingFacts(head, desk.clock.now());
  };
}

export const handler = withLambdaContext(makeAdvanceTicketHandler(deskInAws()));
