// What the console's ticket page shows, read in one place for the page (GET) and for a refused
// form shown again (POST): the head, its log and outbox cut at the head's version, the events the
// statechart allows now, and the suppressions in force for addresses of failed mail.
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { Desk } from '../desk';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import type { TicketPageInput } from './console-ticket-page';

export type TicketPageData = Pick<
  TicketPageInput,
  'head' | 'events' | 'outbox' | 'suppressions' | 'allowed' | 'machine' | 'policy' | 'now'
>;

export async function ticketPageData(desk: Desk, id: string): Promise<TicketPageData> {
  const head = await desk.store.getHead(id);
  if (!head) throw new TicketNotFoundError(id);
  // Cut the log and outbox at the head's version: a commit landing meanwhile is not half-shown.
  const [events, outbox] = await Promise.all([
    desk.store.listEvents(id, head.version),
    desk.store.listOutbox(id, head.version),
  ]);
  const suppressions = await desk.intake.suppressedAmong(
    outbox.filter((m) => m.status === 'failed').map((m) => m.address),
  );
  return {
    head,
    events,
    outbox,
    suppressions,
    allowed: allowedEvents(desk.machine, head.snapshot, 'agent'),
    machine: desk.machine,
    policy: desk.policy,
    now: desk.clock.now(),
  };
}
