// Human titles (nl, en) of the chart's states, read from each state's `meta`: pages, mails and
// the API never keep their own list.
import type { QueueGroupId, TicketMachine } from './ticket-machine';

export interface Title {
  nl: string;
  en: string;
}

/** Title of a lifecycle path such as `onSite.visitPlanned`, or of any region path under `ticket`. */
export function stateTitle(machine: TicketMachine, path: string, region = 'lifecycle'): Title {
  try {
    const node = machine.getStateNodeById(`ticket.${region}.${path}`);
    const title = (node.meta as { title?: Title } | undefined)?.title;
    if (title) return title;
  } catch {
    // An unknown path (e.g. written by an older chart) falls through to the raw name.
  }
  return { nl: path, en: path };
}

/**
 * Every top-level lifecycle state, in chart order: the statuses a queue can be filtered by, and
 * (open ones) the queue group each says in its `meta` it belongs to.
 */
export function lifecycleStatuses(
  machine: TicketMachine,
): { status: string; final: boolean; title: Title; queue: QueueGroupId | null }[] {
  const lifecycle = machine.getStateNodeById('ticket.lifecycle');
  return Object.values(lifecycle.states).map((node) => ({
    status: node.key,
    final: node.type === 'final',
    title: stateTitle(machine, node.key),
    queue: (node.meta as { queue?: QueueGroupId } | undefined)?.queue ?? null,
  }));
}
