// What the console's ticket page shows, read in one place for the page (GET) and for a refused
// form shown again (POST): the head, its log and outbox cut at the head's version, the events the
// statechart allows now, the suppressions in force for addresses of failed mail, and the
// requester's and customer's other tickets.
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { Desk } from '../desk';
import { readTicketRecord } from '../lifecycle/ticket-record';
import { readTicketHistory } from '../lifecycle/ticket-history';
import type { TicketPageInput } from './console-ticket-page';

export type TicketPageData = Pick<
  TicketPageInput,
  'head' | 'events' | 'outbox' | 'suppressions' | 'allowed' | 'history' | 'machine' | 'policy' | 'now'
>;

export async function ticketPageData(desk: Desk, id: string): Promise<TicketPageData> {
  const { head, events, outbox, suppressions } = await readTicketRecord(desk, id);
  const history = await readTicketHistory(desk, head);
  return {
    head,
    events,
    outbox,
    suppressions,
    allowed: allowedEvents(desk.machine, head.snapshot, 'agent'),
    history,
    machine: desk.machine,
    policy: desk.policy,
    now: desk.clock.now(),
  };
}
