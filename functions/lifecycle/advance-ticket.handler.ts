// Step Functions task: a parked ticket's next timer fell due — fire every due timer through the
// engine and hand back what the state machine routes on.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { withLambdaContext } from '../desk-logger';
import { routingFacts, type RoutingFacts } from './lifecycle-driver';
import { TicketNotFoundError } from './ticket-store';

export function makeAdvanceTicketHandler(desk: Desk) {
  return async (input: { ticketId: string }): Promise<RoutingFacts> => {
    await desk.ready();
    await desk.service.advance(input.ticketId);
    const head = await desk.store.getHead(input.ticketId);
    if (!head) throw new TicketNotFoundError(input.ticketId);
    return routingFacts(head, desk.clock.now());
  };
}

export const handler = withLambdaContext(makeAdvanceTicketHandler(deskInAws()));
