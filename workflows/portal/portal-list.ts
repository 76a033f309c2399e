// The portal home's list, pure: which of the tickets read from the indexes a signed-in customer
// may see (their own as requester, all of their organisation's for a key contact, never another
// customer's), newest created first, each with its state's title and its priority's SLA targets.
import type { HistoryEntry } from '../lifecycle/ticket-history';
import { lifecycleStatuses, stateTitle, type Title } from '../lifecycle/state-titles';
import type { TicketMachine } from '../lifecycle/ticket-machine';
import type { ClockKind, Policy } from '../policy/policy';

/** A ticket as the indexes give it, with the customer it belongs to (read from its head). */
export type ListedTicket = HistoryEntry & { customerId: string | null };

export interface PortalRow {
  id: string;
  subject: string;
  title: Title;
  open: boolean;
  createdAt: number;
  priority: string;
  /** The policy's targets for the ticket's priority; null for a priority the policy does not have. */
  targets: { responseMinutes: number; resolutionMinutes: number; clock: ClockKind } | null;
}

export function portalRows(
  machine: TicketMachine,
  policy: Policy,
  customerId: string,
  tickets: readonly ListedTicket[],
): PortalRow[] {
  const final = new Set(
    lifecycleStatuses(machine)
      .filter((s) => s.final)
      .map((s) => s.status),
  );
  const targets = new Map(Object.entries(policy.sla.targets));
  const seen = new Set<string>();
  return tickets
    .filter((t) => t.customerId === customerId && !seen.has(t.id) && seen.add(t.id))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .map((t) => {
      const target = targets.get(String(t.priority));
      return {
        id: t.id,
        subject: t.subject,
        title: stateTitle(machine, t.stage),
        open: !final.has(t.status),
        createdAt: t.createdAt,
        priority: String(t.priority),
        targets: target
          ? {
              responseMinutes: target.responseMinutes,
              resolutionMinutes: target.resolutionMinutes,
              clock: target.clock,
            }
          : null,
      };
    });
}
