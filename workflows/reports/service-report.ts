// The month's service report as data: what the desk delivered to one customer (or to all), every
// figure with the tickets it counts, so a reader can go from a number to the events that made it.
// Computed by replaying the event log (report-replay.ts); presented by functions/reports/.
import type { BillingItem } from '../billing/billing';
import type { Language, Priority, TicketKind } from '../policy/policy';

/** A count and the tickets it counts (ids, sorted). */
export interface Figure {
  count: number;
  tickets: string[];
}

/** Durations of the clocks or waits a figure counts, in counted milliseconds. */
export interface Durations extends Figure {
  medianMs: number | null;
  p90Ms: number | null;
}

/** One SLA clock of one priority in the month: every clock decided in the month, or still open at its end. */
export interface ClockFigures {
  /** Whether the priority's target counts business hours or calendar time. */
  clock: 'business' | 'calendar';
  targetMs: number;
  /** Met in the month (response given, ticket resolved) within the target. */
  met: Figure;
  /** Breached in the month. */
  breached: Figure;
  /** Running or paused at month end, neither met nor breached yet. */
  open: Figure;
  /** met + breached + open. */
  total: Figure;
  /** The counted time the met clocks used (business time for a business clock). */
  time: Durations;
}

export interface Breakdown {
  total: Figure;
  byKind: { kind: TicketKind; figure: Figure }[];
  byPriority: { priority: Priority; figure: Figure }[];
  /** Categories as classified, in the policy's order; `null` for tickets nobody classified. */
  byCategory: { category: string | null; figure: Figure }[];
}

export interface VendorFigures {
  vendorId: string;
  name: string;
  /** Hand-offs to the vendor that began in the month. */
  handOffs: Figure;
  /** Hand-offs the vendor answered in the month, with the time it took (the vendor's clock). */
  replies: Durations;
  /** Follow-up reminders sent to the vendor in the month. */
  reminders: Figure & { sent: number };
  /** Hand-offs escalated to the vendor's escalation contact in the month. */
  escalations: Figure;
}

export interface BacklogPoint {
  month: string;
  /** Tickets open (neither closed nor cancelled) at that month's end. */
  open: Figure;
}

export interface BillingFigures {
  currency: 'EUR';
  totalCents: number;
  rows: number;
  byItem: { item: BillingItem; amountCents: number; rows: number }[];
  tickets: string[];
  /** The billing export's totals checked against the report's own figures. */
  reconciled: { ok: boolean; issues: string[] };
}

export interface ServiceReport {
  month: string;
  timeZone: string;
  /** The customer reported on; null for the whole desk. */
  customerId: string | null;
  customerName: string | null;
  /** The customer's language (the desk's first language for the whole desk). */
  language: Language;
  /** The month's first instant and the next month's, ISO with the desk's offset. */
  from: string;
  to: string;
  generatedAt: string;
  /** The policies the replay stepped events with (fingerprints), oldest first. */
  policies: string[];
  opened: Breakdown;
  /** Tickets closed in the month (confirmed, or closed by the desk's rules). */
  closed: Breakdown;
  cancelled: Figure;
  sla: {
    response: { priority: Priority; figures: ClockFigures }[];
    resolution: { priority: Priority; figures: ClockFigures }[];
  };
  /** Waiting on the customer (SLA paused, not yet resolved) in the month: counted time, per ticket. */
  paused: Durations & { totalMs: number };
  backlog: {
    atMonthEnd: Figure;
    /** Twelve month ends, oldest first, this month last. */
    trend: BacklogPoint[];
  };
  vendors: VendorFigures[];
  reopens: {
    /** Resolutions in the month. */
    resolved: Figure;
    /** Reopens in the month. */
    reopened: Figure;
    /** reopened / resolved; null when nothing was resolved. */
    rate: number | null;
  };
  onSite: {
    /** Tickets with a visit whose hours were recorded in the month. */
    visits: Figure;
    /** How many such visits (a ticket may have more than one). */
    made: number;
    hours: number;
  };
  billing: BillingFigures;
}
