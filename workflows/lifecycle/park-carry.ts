// Whether a commit leaves the ticket's parked lifecycle execution parked. The execution waits in
// the task of the ticket's status until its next timer; a commit that changes neither (a note, a
// reply, an assignment) gives it nothing to do, so the new head keeps the park token and its
// context and nobody wakes it. Any other commit drops the token, and the table stream wakes the
// execution (functions/lifecycle/wake-lifecycle.handler.ts).

/** What the parked execution left beside its token: its counters and when it must hand over. */
export interface ParkContext {
  /** Park/advance cycles of the execution so far. */
  cycle: number;
  /** 0 for the execution named after the ticket, n for its n-th continuation. */
  generation: number;
  /** When the execution hands over to a new one (epoch ms), well inside Step Functions' one year. */
  deadline: number;
}

/** The park fields of a head: the waiting execution's task token and context, if one is parked. */
export interface Parked {
  parkToken?: string;
  parkContext?: ParkContext;
}

/** What the parked execution waits on: the wait task (the status) and its timeout (the next timer). */
export interface ParkedOn {
  status: string;
  nextDueAt: number | null;
  /** A final status ends the execution: it must be woken to end. */
  final: boolean;
}

/** The park fields the next head carries over from the previous one: all, or none. */
export function parkCarriedOver(previous: (Omit<ParkedOn, 'final'> & Parked) | null, next: ParkedOn): Parked {
  if (!previous?.parkToken) return {};
  const unchanged = previous.status === next.status && previous.nextDueAt === next.nextDueAt && !next.final;
  if (!unchanged) return {};
  return { parkToken: previous.parkToken, ...(previous.parkContext ? { parkContext: previous.parkContext } : {}) };
}
