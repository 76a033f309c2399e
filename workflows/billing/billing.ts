// The billing export ("nacalculatie"), pure: from ticket heads and their event logs to one month's
// billable rows (on-site visits, their materials, approved quote lines), totals per customer, and
// CSV text. Amounts are integer euro cents from exact decimal arithmetic. No clock, no I/O.
import { contentHashOf } from '../links/link-token';
import { consentLinkContent, quoteLinkContent } from '../links/link-rules';
import { lineAmountCents } from './money';
import { findCatalogItem, type Policy } from '../policy/policy';
import type { Actor, FieldIssue, Parsed } from '../lifecycle/ticket-events';
import type { LoggedEvent, TicketHead } from '../lifecycle/ticket-engine';
import type { TicketContext } from '../lifecycle/ticket-machine';
import { instantAt, isoDate, localTime, parseIsoInstant } from '../time/zoned-time';

/** What billing reads of a head: whose ticket it is, and the visits, quote and catalog item it holds. */
export type BillingHead = Pick<TicketHead, 'id' | 'kind' | 'customerId'> & {
  snapshot: { context: BillingContext };
};
type BillingContext = Pick<TicketContext, 'id' | 'kind' | 'catalogItemId' | 'visits' | 'quote'>;

export interface BillableTicket {
  head: BillingHead;
  /** The ticket's event log up to the head's version. */
  events: LoggedEvent[];
}

export type BillingItem = 'onsite_visit' | 'material' | 'hardware' | 'licence' | 'labour';

/** The signed link an answer came through, and whether the content it bound is what is billed. */
export interface LinkReference {
  action: string;
  nonce: string;
  contentHash: string;
  /** The hash of the billed content (quote lines and total; the hourly rate) equals the link's. */
  contentHashMatches: boolean;
}

/** Who agreed to the charge, to what, when, and how: the customer through a link, or an agent who recorded it. */
export interface ApprovalReference {
  kind: 'quote' | 'onsite_consent';
  quoteVersion: number | null;
  approvedBy: Actor;
  approvedAt: string;
  /** Null when an agent recorded the answer (given by phone or mail). */
  link: LinkReference | null;
}

export interface BillingRow {
  customerId: string | null;
  customerName: string;
  ticketId: string;
  ticketKind: string;
  item: BillingItem;
  /** The work's day in the desk's time zone: the visit's date, or the day the quoted work was resolved. */
  date: string;
  /** The instant that puts the row in its month: the visit recorded, the quoted work resolved. */
  billedAt: string;
  description: string;
  technician: string | null;
  quantity: number;
  unit: 'hour' | 'each';
  unitCents: number;
  amountCents: number;
  approval: ApprovalReference | null;
}

export interface CustomerTotal {
  customerId: string | null;
  customerName: string;
  rows: number;
  amountCents: number;
}

export interface BillingExport {
  month: string;
  timeZone: string;
  currency: 'EUR';
  /** The customer asked for; null for all customers. */
  customerId: string | null;
  from: string;
  to: string;
  rows: BillingRow[];
  totals: CustomerTotal[];
  totalCents: number;
}

export interface BillingQuery {
  month: string;
  customerId: string | null;
  format: 'csv' | 'json' | null;
}

const NO_CUSTOMER = '(no customer)';

/** A month as the query parameters spell it. */
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

/** Reads a month (`YYYY-MM`) and a customer of the policy (empty: every customer) from query parameters. */
export function monthQueryIssues(
  params: Record<string, string | undefined>,
  policy: Policy,
  purpose: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const month = params.month ?? '';
  if (!month) issues.push({ field: 'month', message: `required: the month ${purpose}, as YYYY-MM` });
  else if (!new RegExp(MONTH_PATTERN).test(month))
    issues.push({ field: 'month', message: 'expected YYYY-MM, e.g. 2026-11' });
  const customerId = params.customer || null;
  if (customerId !== null && !policy.customers.some((c) => c.id === customerId)) {
    issues.push({
      field: 'customer',
      message: `unknown customer; one of ${policy.customers.map((c) => c.id).join(', ')}`,
    });
  }
  return issues;
}

/** Reads the export's query parameters; an empty `customer=` means every customer. */
export function parseBillingQuery(params: Record<string, string | undefined>, policy: Policy): Parsed<BillingQuery> {
  const issues = monthQueryIssues(params, policy, 'to bill');
  const format = params.format || null;
  if (format !== null && format !== 'csv' && format !== 'json')
    issues.push({ field: 'format', message: 'one of csv, json' });
  if (issues.length) return { ok: false, reason: 'invalid', issues };
  const month = params.month!;
  const customerId = params.customer || null;
  return { ok: true, value: { month, customerId, format: format as BillingQuery['format'] } };
}

/** The month's first instant and the next month's, in the desk's time zone. */
export function monthRange(month: string, timeZone: string): { from: number; to: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const [year, m] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || m < 1 || m > 12) throw new RangeError(`not a month: ${month}`);
  return {
    from: instantAt({ year, month: m, day: 1 }, timeZone),
    to: instantAt({ year, month: m + 1, day: 1 }, timeZone),
  };
}

/** The desk's date of an ISO instant (a visit's `plannedFor`); null when it does not parse. */
function dateOf(text: string, timeZone: string): string | null {
  const at = parseIsoInstant(text, timeZone);
  return Number.isFinite(at) ? isoDate(localTime(at, timeZone)) : null;
}

/** Whether a head holds anything billable at all, so a reader can skip the logs of those that do not. */
export function hasBillableWork(head: { snapshot: { context: Pick<TicketContext, 'visits' | 'quote'> } }): boolean {
  const { visits, quote } = head.snapshot.context;
  return visits.some((v) => v.recordedAt !== undefined) || quote?.approvedAt !== undefined;
}

type Draft = Omit<BillingRow, 'customerId' | 'customerName' | 'ticketId' | 'ticketKind' | 'billedAt' | 'date'> & {
  billedAt: number;
  date: string | null;
};

interface ViaLink {
  action: string;
  contentHash: string;
  nonce: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function approvalOf(kind: ApprovalReference['kind'], logged: LoggedEvent, billedContent: unknown): ApprovalReference {
  const payload = logged.event as { quoteVersion?: number; viaLink?: ViaLink };
  const via = payload.viaLink;
  return {
    kind,
    quoteVersion: payload.quoteVersion ?? null,
    approvedBy: logged.actor,
    approvedAt: iso(logged.at),
    link: via
      ? {
          action: via.action,
          nonce: via.nonce,
          contentHash: via.contentHash,
          contentHashMatches: contentHashOf(billedContent) === via.contentHash,
        }
      : null,
  };
}

/** Each recorded visit at the rate stamped when it was recorded, and the materials used on it. */
function visitDrafts(context: BillingContext, events: LoggedEvent[], policy: Policy, timeZone: string): Draft[] {
  const recordings = events.filter((e) => e.type === 'RECORD_VISIT');
  const consents = events.filter((e) => e.type === 'CONSENT_GIVEN');
  // The chart records each RECORD_VISIT onto exactly one visit, in order: the n-th recorded visit is the n-th recording.
  return context.visits
    .filter((v) => v.recordedAt !== undefined)
    .flatMap((visit, n) => {
      const recording = recordings[n];
      const consent = consents.filter((c) => c.seq < (recording?.seq ?? Infinity)).at(-1);
      const rate = visit.hourlyRateCents ?? policy.rates.onSiteHourlyCents;
      // What the consent link bound: the ticket, the rate and the visits before it. Rebuilt with the
      // rate billed, so a matching hash shows the customer consented to exactly this rate.
      const visitsBefore = consent ? recordings.filter((r) => r.seq < consent.seq).length : 0;
      const consented = consentLinkContent(
        { id: context.id, visits: context.visits.slice(0, visitsBefore) },
        rate,
      ).content;
      const approval = consent ? approvalOf('onsite_consent', consent, consented) : null;
      const date = dateOf(visit.plannedFor, timeZone);
      const shared = { billedAt: visit.recordedAt!, date, technician: visit.technician, approval };
      return [
        {
          ...shared,
          item: 'onsite_visit' as const,
          description: 'On-site support',
          quantity: visit.hours ?? 0,
          unit: 'hour' as const,
          unitCents: rate,
          amountCents: lineAmountCents(visit.hours ?? 0, rate),
        },
        ...(visit.materials ?? []).map((m) => ({
          ...shared,
          item: 'material' as const,
          description: m.description,
          quantity: m.quantity,
          unit: 'each' as const,
          unitCents: m.unitCents,
          amountCents: lineAmountCents(m.quantity, m.unitCents),
        })),
      ];
    });
}

/** The approved quote's lines, billed afterwards: once its work is resolved (a cancelled job bills nothing). */
function quoteDrafts(context: BillingContext, events: LoggedEvent[], policy: Policy): Draft[] {
  const quote = context.quote;
  if (!quote || quote.approvedAt === undefined) return [];
  const approved = events
    .filter((e) => e.type === 'QUOTE_APPROVED' && (e.event as { quoteVersion?: number }).quoteVersion === quote.version)
    .at(-1);
  if (!approved) return [];
  const resolved = events.find((e) => e.type === 'RESOLVE' && e.seq > approved.seq);
  if (!resolved) return [];
  const approval = approvalOf('quote', approved, quoteLinkContent(context).content);
  const shared = { billedAt: resolved.at, date: null, technician: null, approval };
  // Work is billed on actual hours: recorded hours replace the quote's labour estimate.
  const worked = events.filter((e) => e.type === 'RECORD_HOURS' && e.seq > approved.seq && e.seq < resolved.seq);
  const quoted = quote.lines
    .filter((line) => !(worked.length > 0 && line.kind === 'labour'))
    .map((line) => ({
      ...shared,
      item: line.kind,
      description: line.description,
      quantity: line.quantity,
      unit: line.kind === 'labour' ? ('hour' as const) : ('each' as const),
      unitCents: line.unitCents,
      amountCents: lineAmountCents(line.quantity, line.unitCents),
    }));
  const actual = worked.map((e) => {
    const { hours, description, hourlyRateCents } = e.event as {
      hours: number;
      description: string;
      hourlyRateCents?: number;
    };
    const rate = hourlyRateCents ?? policy.rates.remoteHourlyCents;
    return {
      ...shared,
      item: 'labour' as const,
      description: `${description} (actual hours)`,
      quantity: hours,
      unit: 'hour' as const,
      unitCents: rate,
      amountCents: lineAmountCents(hours, rate),
    };
  });
  return [...quoted, ...actual];
}

/** A standard catalog request is part of the service: its labour is never charged. */
function isStandardRequest(context: BillingContext, policy: Policy): boolean {
  return (
    context.kind === 'service_request' &&
    context.catalogItemId !== null &&
    findCatalogItem(policy, context.catalogItemId)?.standard === true
  );
}

const labourItems: ReadonlySet<BillingItem> = new Set<BillingItem>(['onsite_visit', 'labour']);

/** Every billable row of one ticket, whatever its month. */
export function ticketRows({ head, events }: BillableTicket, policy: Policy): BillingRow[] {
  const context = head.snapshot.context;
  const timeZone = policy.businessHours.timeZone;
  const standard = isStandardRequest(context, policy);
  const customerName =
    head.customerId === null
      ? NO_CUSTOMER
      : (policy.customers.find((c) => c.id === head.customerId)?.name ?? head.customerId);
  return [...visitDrafts(context, events, policy, timeZone), ...quoteDrafts(context, events, policy)]
    .filter((draft) => !(standard && labourItems.has(draft.item)))
    .map(({ billedAt, date, ...draft }) => ({
      customerId: head.customerId,
      customerName,
      ticketId: head.id,
      ticketKind: head.kind,
      ...draft,
      date: date ?? isoDate(localTime(billedAt, timeZone)),
      billedAt: iso(billedAt),
    }));
}

/** One month's billing: the rows billed in it (for one customer or all), and the totals per customer. */
export function billingExport(
  tickets: BillableTicket[],
  query: Pick<BillingQuery, 'month' | 'customerId'>,
  policy: Policy,
): BillingExport {
  const timeZone = policy.businessHours.timeZone;
  const { from, to } = monthRange(query.month, timeZone);
  const inMonth = (row: BillingRow) => {
    const at = Date.parse(row.billedAt);
    return at >= from && at < to;
  };
  // Customers in id order, tickets without a customer last; within a customer by day, then ticket.
  // Code-unit order, not the locale's: the same export sorts the same on every machine.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const customerKey = (row: BillingRow) => row.customerId ?? '\uffff';
  const rows = tickets
    .flatMap((ticket) => ticketRows(ticket, policy))
    .filter((row) => inMonth(row) && (query.customerId === null || row.customerId === query.customerId))
    .sort((a, b) => order(customerKey(a), customerKey(b)) || order(a.date, b.date) || order(a.ticketId, b.ticketId));
  const totals = new Map<string | null, CustomerTotal>();
  for (const row of rows) {
    const total = totals.get(row.customerId) ?? {
      customerId: row.customerId,
      customerName: row.customerName,
      rows: 0,
      amountCents: 0,
    };
    totals.set(row.customerId, { ...total, rows: total.rows + 1, amountCents: total.amountCents + row.amountCents });
  }
  return {
    month: query.month,
    timeZone,
    currency: 'EUR',
    customerId: query.customerId,
    from: iso(from),
    to: iso(to),
    rows,
    totals: [...totals.values()],
    totalCents: rows.reduce((sum, row) => sum + row.amountCents, 0),
  };
}

export const billingCsvColumns = [
  'customer_id',
  'customer_name',
  'ticket_id',
  'ticket_kind',
  'item',
  'date',
  'billed_at',
  'description',
  'technician',
  'quantity',
  'unit',
  'unit_cents',
  'amount_cents',
  'approval',
  'quote_version',
  'approved_by',
  'approved_at',
  'link_action',
  'link_nonce',
  'content_hash',
  'content_hash_matches',
] as const;

type CsvRecord = Partial<Record<(typeof billingCsvColumns)[number], string | number | boolean | null>>;

/**
 * One RFC 4180 field. A cell a spreadsheet would read as a formula (= + - @, or a tab or CR that
 * hides one) gets a leading apostrophe, so a ticket's text can never run in the accountant's sheet.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rowRecord(row: BillingRow): CsvRecord {
  const { approval } = row;
  return {
    customer_id: row.customerId,
    customer_name: row.customerName,
    ticket_id: row.ticketId,
    ticket_kind: row.ticketKind,
    item: row.item,
    date: row.date,
    billed_at: row.billedAt,
    description: row.description,
    technician: row.technician,
    quantity: row.quantity,
    unit: row.unit,
    unit_cents: row.unitCents,
    amount_cents: row.amountCents,
    approval: approval?.kind,
    quote_version: approval?.quoteVersion,
    approved_by: approval && `${approval.approvedBy.type}:${approval.approvedBy.id}`,
    approved_at: approval?.approvedAt,
    link_action: approval?.link?.action,
    link_nonce: approval?.link?.nonce,
    content_hash: approval?.link?.contentHash,
    content_hash_matches: approval?.link?.contentHashMatches,
  };
}

/** The export as CSV: a header, the rows, a `customer_total` line per customer and a final `total` line. */
export function billingCsv(billing: BillingExport): string {
  const records: CsvRecord[] = [];
  for (const total of billing.totals) {
    records.push(...billing.rows.filter((r) => r.customerId === total.customerId).map(rowRecord));
    records.push({
      customer_id: total.customerId,
      customer_name: total.customerName,
      item: 'customer_total',
      amount_cents: total.amountCents,
    });
  }
  records.push({ item: 'total', amount_cents: billing.totalCents });
  const lines = [
    billingCsvColumns.join(','),
    ...records.map((record) => billingCsvColumns.map((column) => csvCell(record[column])).join(',')),
  ];
  return lines.map((line) => `${line}\r\n`).join('');
}
