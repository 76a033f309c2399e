// The words of the service report's PDF in the customer's language (nl, en): fixed keys, so a
// missing translation is a type error rather than a blank on the customer's page. The report's
// vocabulary (figures, kinds, outcomes, billing items) is report-labels.ts's, the same as the
// printable page and the charts; only what a paper report says besides is kept here.
import type { BillingItem } from '../../workflows/billing/billing';
import type { Language, TicketKind } from '../../workflows/policy/policy';
import { reportLabels, type ReportLabels } from './report-labels';

export interface ReportPdfLabels {
  /** The BCP 47 tag the PDF's /Lang and the number and date formats use. */
  locale: string;
  title: (month: string) => string;
  wholeDesk: string;
  customer: string;
  period: string;
  timeZone: string;
  generated: string;
  page: (n: number, of: number) => string;
  yes: string;
  no: string;
  none: string;

  tickets: string;
  opened: string;
  closed: string;
  cancelled: string;
  byKind: string;
  byPriority: string;
  byCategory: string;
  kind: string;
  priority: string;
  category: string;
  unclassified: string;
  total: string;
  kinds: ReadonlyMap<TicketKind, string>;

  sla: string;
  response: string;
  resolution: string;
  target: string;
  met: string;
  breached: string;
  open: string;
  median: string;
  p90: string;
  businessHours: string;
  calendarTime: string;
  timesNote: string;

  waiting: string;
  waitingTickets: string;
  waitingTotal: string;

  backlog: string;
  backlogAtEnd: string;
  backlogTrend: string;

  vendors: string;
  vendor: string;
  handOffs: string;
  replies: string;
  medianReply: string;
  reminders: string;
  escalations: string;
  noVendors: string;

  reopens: string;
  resolved: string;
  reopened: string;
  reopenRate: string;

  onSite: string;
  visits: string;
  hours: string;

  billing: string;
  item: string;
  rows: string;
  amount: string;
  items: ReadonlyMap<BillingItem, string>;
  reconciled: string;
  reconcileIssues: string;
  noBilling: string;
}

const nl: PdfWords = {
  locale: 'nl-NL',
  title: (month) => `Servicerapport ${month}`,
  wholeDesk: 'Alle klanten',
  period: 'Periode',
  timeZone: 'Tijdzone',
  generated: 'Opgesteld',
  page: (n, of) => `Pagina ${n} van ${of}`,
  yes: 'ja',
  no: 'nee',
  none: '–',

  tickets: 'Tickets',
  byKind: 'Per soort',

  timesNote: 'Tijden in uren:minuten; een norm in kantooruren telt alleen kantooruren.',

  waiting: 'Wachten op de klant',
  waitingTickets: 'Tickets in afwachting van uw reactie',
  waitingTotal: 'Totale wachttijd',

  backlog: 'Openstaande tickets',
  backlogAtEnd: 'Open aan het einde van de maand',
  backlogTrend: 'Open aan het einde van elke maand',

  handOffs: 'Doorgezet',
  replies: 'Beantwoord',
  medianReply: 'Mediaan antwoord',
  noVendors: 'Deze maand is niets doorgezet naar een leverancier.',

  reopens: 'Heropende tickets',

  onSite: 'Bezoeken op locatie',
  visits: 'Bezoeken',
  hours: 'Uren',

  reconciled: 'Sluit aan op de rapportcijfers',
  reconcileIssues: 'Verschillen',
  noBilling: 'Deze maand is niets gefactureerd.',
};

const en: PdfWords = {
  locale: 'en-GB',
  title: (month) => `Service report ${month}`,
  wholeDesk: 'All customers',
  period: 'Period',
  timeZone: 'Time zone',
  generated: 'Prepared',
  page: (n, of) => `Page ${n} of ${of}`,
  yes: 'yes',
  no: 'no',
  none: '–',

  tickets: 'Tickets',
  byKind: 'By kind',

  timesNote: 'Times in hours:minutes; a target in business hours counts business hours only.',

  waiting: 'Waiting on you',
  waitingTickets: 'Tickets waiting for your reply',
  waitingTotal: 'Total waiting time',

  backlog: 'Open tickets',
  backlogAtEnd: 'Open at month end',
  backlogTrend: 'Open at each month end',

  handOffs: 'Handed off',
  replies: 'Answered',
  medianReply: 'Median reply',
  noVendors: 'Nothing was handed off to a vendor this month.',

  reopens: 'Reopened tickets',

  onSite: 'On-site visits',
  visits: 'Visits',
  hours: 'Hours',

  reconciled: 'Agrees with the report’s figures',
  reconcileIssues: 'Differences',
  noBilling: 'Nothing was billed this month.',
};

/** The words the PDF shares with the report's other forms. */
type SharedWords = Pick<
  ReportPdfLabels,
  | 'customer'
  | 'opened'
  | 'closed'
  | 'cancelled'
  | 'byPriority'
  | 'byCategory'
  | 'kind'
  | 'priority'
  | 'category'
  | 'unclassified'
  | 'total'
  | 'kinds'
  | 'sla'
  | 'response'
  | 'resolution'
  | 'target'
  | 'met'
  | 'breached'
  | 'open'
  | 'median'
  | 'p90'
  | 'businessHours'
  | 'calendarTime'
  | 'vendors'
  | 'vendor'
  | 'reminders'
  | 'escalations'
  | 'resolved'
  | 'reopened'
  | 'reopenRate'
  | 'billing'
  | 'item'
  | 'rows'
  | 'amount'
  | 'items'
>;
type PdfWords = Omit<ReportPdfLabels, keyof SharedWords>;

function sharedWords(words: ReportLabels): SharedWords {
  const f = words.figures;
  return {
    customer: words.customer,
    opened: f.opened,
    closed: f.closed,
    cancelled: f.cancelled,
    byPriority: f.byPriority,
    byCategory: f.byCategory,
    kind: f.kind,
    priority: f.priority,
    category: f.category,
    unclassified: f.unclassified,
    total: words.total,
    kinds: words.kinds,
    sla: words.sections.sla,
    response: words.clocks.get('response')!,
    resolution: words.clocks.get('resolution')!,
    target: f.target,
    met: words.outcomes.get('met')!,
    breached: words.outcomes.get('breached')!,
    open: words.outcomes.get('open')!,
    median: f.median,
    p90: f.p90,
    businessHours: f.businessHours,
    calendarTime: f.calendarTime,
    vendors: words.sections.vendors,
    vendor: f.vendor,
    reminders: words.vendorMeasures.get('reminders')!,
    escalations: words.vendorMeasures.get('escalations')!,
    resolved: f.resolved,
    reopened: f.reopened,
    reopenRate: f.reopenRate,
    billing: words.sections.billing,
    item: f.item,
    rows: f.rows,
    amount: f.amount,
    items: words.items,
  };
}

const labels = new Map<Language, PdfWords>([
  ['nl', nl],
  ['en', en],
]);

/** The PDF's words in one language; an unknown language is a caller's mistake, said plainly. */
export function reportPdfLabels(language: Language): ReportPdfLabels {
  const found = labels.get(language);
  if (!found) throw new RangeError(`no report labels for language ${JSON.stringify(language)}`);
  return { ...sharedWords(reportLabels(language)), ...found };
}
