// Every word the service report shows, in Dutch and English: section and figure names, kinds,
// priorities, SLA outcomes, billing items, month names. Charts, pages and the PDF read them here,
// so a customer reads one vocabulary wherever the report reaches them.
import type { BillingItem } from '../../workflows/billing/billing';
import type { Language, Priority, TicketKind } from '../../workflows/policy/policy';

export type SlaOutcome = 'met' | 'breached' | 'open';
export type SlaClockName = 'response' | 'resolution';
export type VendorMeasure = 'handOffs' | 'reminders' | 'escalations';

export interface ReportLabels {
  language: Language;
  reportTitle: string;
  wholeDesk: string;
  customer: string;
  month: string;
  generatedAt: string;
  total: string;
  none: string;
  sections: {
    summary: string;
    tickets: string;
    sla: string;
    backlog: string;
    vendors: string;
    billing: string;
  };
  figures: {
    opened: string;
    closed: string;
    cancelled: string;
    openAtMonthEnd: string;
    resolved: string;
    reopened: string;
    reopenRate: string;
    onSiteVisits: string;
    onSiteHours: string;
    paused: string;
    pausedTime: string;
    byPriority: string;
    byCategory: string;
    unclassified: string;
    target: string;
    median: string;
    p90: string;
    businessHours: string;
    calendarTime: string;
    replies: string;
    remindersSent: string;
    ticketsReminded: string;
    vendor: string;
    kind: string;
    priority: string;
    category: string;
    item: string;
    rows: string;
    amount: string;
    reconciled: string;
    notReconciled: string;
    /** "(12 tickets)" after the billing total. */
    billedTickets: string;
  };
  /** Chart names (each chart's <title>), and what a chart says when it has nothing to draw. */
  charts: {
    tickets: string;
    sla: string;
    backlog: string;
    vendors: string;
    noVendors: string;
    ticketsAxis: string;
  };
  kinds: ReadonlyMap<TicketKind, string>;
  priorities: ReadonlyMap<Priority, string>;
  outcomes: ReadonlyMap<SlaOutcome, string>;
  clocks: ReadonlyMap<SlaClockName, string>;
  vendorMeasures: ReadonlyMap<VendorMeasure, string>;
  items: ReadonlyMap<BillingItem, string>;
}

const en: ReportLabels = {
  language: 'en',
  reportTitle: 'Service report',
  wholeDesk: 'Whole desk',
  customer: 'Customer',
  month: 'Month',
  generatedAt: 'Generated',
  total: 'Total',
  none: 'none',
  sections: {
    summary: 'Summary',
    tickets: 'Tickets opened and closed',
    sla: 'Service levels (SLA)',
    backlog: 'Backlog',
    vendors: 'Vendors',
    billing: 'Billing',
  },
  figures: {
    opened: 'Opened',
    closed: 'Closed',
    cancelled: 'Cancelled',
    openAtMonthEnd: 'Open at month end',
    resolved: 'Resolved',
    reopened: 'Reopened',
    reopenRate: 'Reopen rate',
    onSiteVisits: 'On-site visits',
    onSiteHours: 'On-site hours',
    paused: 'Waiting on the customer',
    pausedTime: 'Time waiting on the customer',
    byPriority: 'By priority',
    byCategory: 'By category',
    unclassified: 'Not classified',
    target: 'Target',
    median: 'Median',
    p90: '90th percentile',
    businessHours: 'business hours',
    calendarTime: 'calendar time',
    replies: 'Replies',
    remindersSent: 'Reminders sent',
    ticketsReminded: 'Tickets reminded',
    vendor: 'Vendor',
    kind: 'Kind',
    priority: 'Priority',
    category: 'Category',
    item: 'Item',
    rows: 'Lines',
    amount: 'Amount',
    reconciled: 'The billing export matches the report.',
    notReconciled: 'The billing export does not match the report:',
    billedTickets: 'tickets',
  },
  charts: {
    tickets: 'Tickets opened and closed by kind',
    sla: 'Response and resolution SLA per priority',
    backlog: 'Open tickets at each month end',
    vendors: 'Vendor hand-offs, reminders and escalations',
    noVendors: 'No vendor hand-offs this month',
    ticketsAxis: 'tickets',
  },
  kinds: new Map([
    ['incident', 'Incident'],
    ['service_request', 'Service request'],
    ['change', 'Change'],
  ]),
  priorities: new Map([
    ['P1', 'P1 (critical)'],
    ['P2', 'P2 (high)'],
    ['P3', 'P3 (normal)'],
    ['P4', 'P4 (low)'],
  ]),
  outcomes: new Map([
    ['met', 'Met'],
    ['breached', 'Breached'],
    ['open', 'Open'],
  ]),
  clocks: new Map([
    ['response', 'Response'],
    ['resolution', 'Resolution'],
  ]),
  vendorMeasures: new Map([
    ['handOffs', 'Hand-offs'],
    ['reminders', 'Reminders'],
    ['escalations', 'Escalations'],
  ]),
  items: new Map([
    ['onsite_visit', 'On-site visit'],
    ['material', 'Material'],
    ['hardware', 'Hardware'],
    ['licence', 'Licences'],
    ['labour', 'Labour'],
  ]),
};

const nl: ReportLabels = {
  language: 'nl',
  reportTitle: 'Servicerapport',
  wholeDesk: 'Hele servicedesk',
  customer: 'Klant',
  month: 'Maand',
  generatedAt: 'Opgesteld',
  total: 'Totaal',
  none: 'geen',
  sections: {
    summary: 'Samenvatting',
    tickets: 'Geopende en gesloten tickets',
    sla: 'Serviceniveaus (SLA)',
    backlog: 'Werkvoorraad',
    vendors: 'Leveranciers',
    billing: 'Facturatie',
  },
  figures: {
    opened: 'Geopend',
    closed: 'Gesloten',
    cancelled: 'Geannuleerd',
    openAtMonthEnd: 'Open aan het eind van de maand',
    resolved: 'Opgelost',
    reopened: 'Heropend',
    reopenRate: 'Heropeningspercentage',
    onSiteVisits: 'Bezoeken op locatie',
    onSiteHours: 'Uren op locatie',
    paused: 'Wachtend op de klant',
    pausedTime: 'Tijd wachtend op de klant',
    byPriority: 'Per prioriteit',
    byCategory: 'Per categorie',
    unclassified: 'Niet ingedeeld',
    target: 'Norm',
    median: 'Mediaan',
    p90: '90e percentiel',
    businessHours: 'kantooruren',
    calendarTime: 'kalendertijd',
    replies: 'Antwoorden',
    remindersSent: 'Herinneringen verstuurd',
    ticketsReminded: 'Tickets herinnerd',
    vendor: 'Leverancier',
    kind: 'Soort',
    priority: 'Prioriteit',
    category: 'Categorie',
    item: 'Post',
    rows: 'Regels',
    amount: 'Bedrag',
    reconciled: 'De facturatie-export klopt met het rapport.',
    notReconciled: 'De facturatie-export klopt niet met het rapport:',
    billedTickets: 'tickets',
  },
  charts: {
    tickets: 'Geopende en gesloten tickets per soort',
    sla: 'Reactie- en oplos-SLA per prioriteit',
    backlog: 'Open tickets aan het eind van elke maand',
    vendors: 'Overdrachten, herinneringen en escalaties per leverancier',
    noVendors: 'Deze maand geen overdrachten aan leveranciers',
    ticketsAxis: 'tickets',
  },
  kinds: new Map([
    ['incident', 'Verstoring'],
    ['service_request', 'Serviceverzoek'],
    ['change', 'Wijziging'],
  ]),
  priorities: new Map([
    ['P1', 'P1 (kritiek)'],
    ['P2', 'P2 (hoog)'],
    ['P3', 'P3 (normaal)'],
    ['P4', 'P4 (laag)'],
  ]),
  outcomes: new Map([
    ['met', 'Gehaald'],
    ['breached', 'Overschreden'],
    ['open', 'Open'],
  ]),
  clocks: new Map([
    ['response', 'Reactie'],
    ['resolution', 'Oplossing'],
  ]),
  vendorMeasures: new Map([
    ['handOffs', 'Overdrachten'],
    ['reminders', 'Herinneringen'],
    ['escalations', 'Escalaties'],
  ]),
  items: new Map([
    ['onsite_visit', 'Bezoek op locatie'],
    ['material', 'Materiaal'],
    ['hardware', 'Hardware'],
    ['licence', 'Licenties'],
    ['labour', 'Arbeid'],
  ]),
};

export const reportLabels = (language: Language): ReportLabels => (language === 'nl' ? nl : en);

/** A label from one of the maps; the key itself when a newer report names something this one does not know. */
export const labelOf = <K extends string>(map: ReadonlyMap<K, string>, key: K): string => map.get(key) ?? key;

const localeOf = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

/** A share as a percentage in the language's decimal mark: "12,5%" / "12.5%". */
export const percent = (share: number, language: Language): string =>
  new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 1 }).format(share);
