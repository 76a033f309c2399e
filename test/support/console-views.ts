// The console's queue page rendered from driven tickets, as the queue handler renders it.
import { buildQueue } from '../../functions/console/console-queue-view';
import { queuePage } from '../../functions/console/console-queue-page';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { ticketDriver } from './ticket-driver';

export function queueOf(
  driver: ReturnType<typeof ticketDriver>,
  heads: TicketHead[] = [driver.head],
  failedMails: ReadonlyMap<string, number> = new Map(),
) {
  const filter = { customer: null, kind: null, priority: null };
  const groups = buildQueue(driver.machine, heads, filter, driver.policy, driver.now, failedMails);
  const html = queuePage({
    groups,
    filter,
    ignored: [],
    policy: driver.policy,
    machine: driver.machine,
    now: driver.now,
    month: '2026-11',
    chrome: { csrf: 'x', agentId: 'a' },
  });
  return { groups, rows: groups.flatMap((g) => g.rows), html };
}
