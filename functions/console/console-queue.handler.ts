// GET /console — the agents' queue: open tickets by state group, SLA standing and failed mail
// marked, filtered by customer, kind and priority (plain GET form), each group sorted by SLA urgency.
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { isoDate, localTime } from '../../workflows/time/zoned-time';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { htmlResponse } from './console-pages';
import { queuePage } from './console-queue-page';
import { buildQueue, ownerOfTab, parseQueueFilter, parseQueueTab } from './console-queue-view';

/** Per status, at most this many (newest change first); the queue shows open work, not history. */
const PER_STATUS = 200;
/** The most recent failed mails read to mark tickets (keys only; closed tickets' ones are not shown). */
const FAILED_MAILS = 1000;
/** Per team queue of a tab, at most this many (newest change first). */
const PER_TEAM = 200;

export function makeConsoleQueueHandler(desk: Desk) {
  const open = lifecycleStatuses(desk.machine)
    .filter((s) => !s.final)
    .map((s) => s.status);
  return consoleEndpoint(desk, async ({ event, agent: me, chrome }) => {
    const query = event.queryStringParameters ?? {};
    const { filter, ignored } = parseQueueFilter(query, desk.policy);
    const tab = parseQueueTab(query);
    const [lists, failedMails] = await Promise.all([
      tab === 'open'
        ? Promise.all(open.map((status) => desk.store.listByStatus(status, PER_STATUS)))
        : Promise.all(me.teams.map((t) => desk.store.listTeamQueue(t, ownerOfTab(tab, me.id), PER_TEAM))),
      desk.store.failedMailTickets(FAILED_MAILS),
    ]);
    const now = desk.clock.now();
    const groups = buildQueue(desk.machine, lists.flat(), filter, desk.policy, now, failedMails);
    const month = isoDate(localTime(now, desk.policy.businessHours.timeZone)).slice(0, 7);
    return htmlResponse(
      200,
      queuePage({
        groups,
        filter,
        tab,
        teams: me.teams,
        ignored,
        policy: desk.policy,
        machine: desk.machine,
        now,
        month,
        chrome,
      }),
    );
  });
}

export const handler = makeConsoleQueueHandler(deskInAws());
