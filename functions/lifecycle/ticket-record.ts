// One ticket as it stands, read for an agent (the API's detail and the console's page alike): its
// head, its log and outbox cut at the head's version (a commit landing meanwhile is not
// half-shown), and the suppressions in force for the addresses of its failed mail.
import type { Desk } from '../desk';
import { TicketNotFoundError } from './ticket-store';

export async function readTicketRecord(desk: Desk, id: string) {
  const head = await desk.store.getHead(id);
  if (!head) throw new TicketNotFoundError(id);
  const [events, outbox] = await Promise.all([
    desk.store.listEvents(id, head.version),
    desk.store.listOutbox(id, head.version),
  ]);
  const suppressions = await desk.intake.suppressedAmong(
    outbox.filter((m) => m.status === 'failed').map((m) => m.address),
  );
  return { head, events, outbox, suppressions };
}
