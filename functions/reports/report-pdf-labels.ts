// The words of the service report's PDF in the customer's language (nl, en): fixed keys, so a
// missing translation is a type error rather than a blank on the customer's page.
import type { BillingItem } from '../../workflows/billing/billing';
import type { Language, TicketKind } from '../../workflows/policy/policy';

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

const nl: ReportPdfLabels = {
  locale: 'nl-NL',
  title: (month) => `Servicerapport ${month}`,
  wholeDesk: 'Alle klanten',
  customer: 'Klant',
  period: 'Periode',
  timeZone: 'Tijdzone',
  generated: 'Opgesteld',
  page: (n, of) => `Pagina ${n} van ${of}`,
  yes: 'ja',
  no: 'nee',
  none: '–',

  tickets: 'Tickets',
  opened: 'Geopend',
  closed: 'Gesloten',
  cancelled: 'Geannuleerd',
  byKind: 'Per soort',
  byPriority: 'Per prioriteit',
  byCategory: 'Per categorie',
  kind: 'Soort',
  priority: 'Prioriteit',
  category: 'Categorie',
  unclassified: 'Niet geclassificeerd',
  total: 'Totaal',
  kinds: new Map<TicketKind, string>([
    ['incident', 'Storing'],
    ['service_request', 'Serviceverzoek'],
    ['change', 'Wijziging'],
  ]),

  sla: 'Servicenormen (SLA)',
  response: 'Reactietijd',
  resolution: 'Oplostijd',
  target: 'Norm',
  met: 'Gehaald',
  breached: 'Overschreden',
  open: 'Lopend',
  median: 'Mediaan',
  p90: '90e percentiel',
  businessHours: 'kantooruren',
  calendarTime: 'kalendertijd',
  timesNote: 'Tijden in uren:minuten; een norm in kantooruren telt alleen kantooruren.',

  waiting: 'Wachten op de klant',
  waitingTickets: 'Tickets in afwachting van uw reactie',
  waitingTotal: 'Totale wachttijd',

  backlog: 'Openstaande tickets',
  backlogAtEnd: 'Open aan het einde van de maand',
  backlogTrend: 'Open aan het einde van elke maand',

  vendors: 'Leveranciers',
  vendor: 'Leverancier',
  handOffs: 'Doorgezet',
  replies: 'Beantwoord',
  medianReply: 'Mediaan antwoord',
  reminders: 'Herinneringen',
  escalations: 'Escalaties',
  noVendors: 'Deze maand is niets doorgezet naar een leverancier.',

  reopens: 'Heropende tickets',
  resolved: 'Opgelost',
  reopened: 'Heropend',
  reopenRate: 'Heropeningspercentage',

  onSite: 'Bezoeken op locatie',
  visits: 'Bezoeken',
  hours: 'Uren',

  billing: 'Facturatie',
  item: 'Post',
  rows: 'Regels',
  amount: 'Bedrag',
  items: new Map<BillingItem, string>([
    ['onsite_visit', 'Bezoek op locatie'],
    ['material', 'Materiaal'],
    ['hardware', 'Hardware'],
    ['licence', 'Licenties'],
    ['labour', 'Arbeid'],
  ]),
  reconciled: 'Sluit aan op de rapportcijfers',
  reconcileIssues: 'Verschillen',
  noBilling: 'Deze maand is niets gefactureerd.',
};

const en: ReportPdfLabels = {
  locale: 'en-GB',
  title: (month) => `Service report ${month}`,
  wholeDesk: 'All customers',
  customer: 'Customer',
  period: 'Period',
  timeZone: 'Time zone',
  generated: 'Prepared',
  page: (n, of) => `Page ${n} of ${of}`,
  yes: 'yes',
  no: 'no',
  none: '–',

  tickets: 'Tickets',
  opened: 'Opened',
  closed: 'Closed',
  cancelled: 'Cancelled',
  byKind: 'By kind',
  byPriority: 'By priority',
  byCategory: 'By category',
  kind: 'Kind',
  priority: 'Priority',
  category: 'Category',
  unclassified: 'Unclassified',
  total: 'Total',
  kinds: new Map<TicketKind, string>([
    ['incident', 'Incident'],
    ['service_request', 'Service request'],
    ['change', 'Change'],
  ]),

  sla: 'Service levels (SLA)',
  response: 'Response',
  resolution: 'Resolution',
  target: 'Target',
  met: 'Met',
  breached: 'Breached',
  open: 'Running',
  median: 'Median',
  p90: '90th percentile',
  businessHours: 'business hours',
  calendarTime: 'calendar time',
  timesNote: 'Times in hours:minutes; a target in business hours counts business hours only.',

  waiting: 'Waiting on you',
  waitingTickets: 'Tickets waiting for your reply',
  waitingTotal: 'Total waiting time',

  backlog: 'Open tickets',
  backlogAtEnd: 'Open at month end',
  backlogTrend: 'Open at each month end',

  vendors: 'Vendors',
  vendor: 'Vendor',
  handOffs: 'Handed off',
  replies: 'Answered',
  medianReply: 'Median reply',
  reminders: 'Reminders',
  escalations: 'Escalations',
  noVendors: 'Nothing was handed off to a vendor this month.',

  reopens: 'Reopened tickets',
  resolved: 'Resolved',
  reopened: 'Reopened',
  reopenRate: 'Reopen rate',

  onSite: 'On-site visits',
  visits: 'Visits',
  hours: 'Hours',

  billing: 'Billing',
  item: 'Item',
  rows: 'Lines',
  amount: 'Amount',
  items: new Map<BillingItem, string>([
    ['onsite_visit', 'On-site visit'],
    ['material', 'Material'],
    ['hardware', 'Hardware'],
    ['licence', 'Licences'],
    ['labour', 'Labour'],
  ]),
  reconciled: 'Agrees with the report’s figures',
  reconcileIssues: 'Differences',
  noBilling: 'Nothing was billed this month.',
};

const labels = new Map<Language, ReportPdfLabels>([
  ['nl', nl],
  ['en', en],
]);

/** The PDF's words in one language; an unknown language is a caller's mistake, said plainly. */
export function reportPdfLabels(language: Language): ReportPdfLabels {
  const found = labels.get(language);
  if (!found) throw new RangeError(`no report labels for language ${JSON.stringify(language)}`);
  return found;
}
