// The policy that matches the provider's service description (shared/domain): business hours,
// SLA targets per priority, the standard service-request catalog, the vendors it may forward to.
// Data only: a function given a policy file never pays for validating this one (default-policy.ts).
import { defaultHolidayCalendar } from './default-holiday-calendar';
import { defaultHolidayRules } from './default-holidays';
import { mtaOutboxRetry } from './policy';

const standard = (group: string, nl: string, en: string, verbs: ('create' | 'modify' | 'delete')[]) =>
  verbs.map((verb) => ({
    id: `${group}-${verb}`,
    title: {
      nl: `${nl} ${{ create: 'aanmaken', modify: 'wijzigen', delete: 'verwijderen' }[verb]}`,
      en: `${{ create: 'Create', modify: 'Modify', delete: 'Delete' }[verb]} ${en}`,
    },
    standard: true,
  }));

const hours = (h: number) => h * 60;

export const defaultPolicyData = {
  desk: { name: 'Servicedesk', phone: '+31 20 123 4567' },
  businessHours: {
    timeZone: 'Europe/Amsterdam',
    weekdays: [1, 2, 3, 4, 5],
    opens: '08:30',
    closes: '17:30',
    // The rules and the calendar `npm run holidays` compiled from them (loadPolicy refuses a stale one).
    holidays: { ...defaultHolidayRules, calendar: defaultHolidayCalendar },
  },
  sla: {
    targets: {
      P1: { responseMinutes: 30, resolutionMinutes: hours(4), clock: 'business' },
      P2: { responseMinutes: hours(1), resolutionMinutes: hours(8), clock: 'business' },
      P3: { responseMinutes: hours(4), resolutionMinutes: hours(3 * 9), clock: 'business' },
      P4: { responseMinutes: hours(8), resolutionMinutes: hours(5 * 9), clock: 'business' },
    },
    warningFraction: 0.75,
    defaultPriority: 'P3',
  },
  customerReminders: { intervalMinutes: hours(2 * 9), maxReminders: 2, clock: 'business' },
  approvalReminders: { intervalMinutes: hours(3 * 9), maxReminders: 2, clock: 'business' },
  consentReminders: { intervalMinutes: hours(9), maxReminders: 2, clock: 'business' },
  resolvedAutoClose: { afterMinutes: hours(5 * 9), clock: 'business' },
  dutyManager: { name: 'Duty manager', email: 'duty-manager@desk.example.com' },
  // Retry outgoing mail like an MTA: five days, waits capped at an hour (see mtaOutboxRetry).
  outbox: mtaOutboxRetry,
  rates: { currency: 'EUR', onSiteHourlyCents: 9500, remoteHourlyCents: 8500 },
  catalog: [
    ...standard('user', 'Gebruiker', 'user', ['create', 'modify', 'delete']),
    ...standard('mailbox', 'Mailbox', 'mailbox', ['create', 'modify', 'delete']),
    ...standard('directory-rights', 'Directory(rechten)', 'directory rights', ['create', 'modify']),
    ...standard('ad-group', 'Active Directory-groep', 'Active Directory group', ['create', 'modify']),
    ...standard('ad-membership', 'Active Directory-lidmaatschap', 'Active Directory group membership', [
      'create',
      'modify',
    ]),
    ...standard('share', 'Share', 'share', ['create', 'modify', 'delete']),
    ...standard('printer-queue', 'Printerwachtrij', 'printer queue', ['create', 'modify', 'delete']),
    {
      id: 'other',
      title: { nl: 'Overige werkzaamheden (nacalculatie)', en: 'Other work (billed on actual hours)' },
      standard: false,
    },
  ],
  vendors: [
    {
      id: 'connectivity',
      name: 'Connectivity provider',
      contact: 'support@isp.example.net',
      followUpIntervalMinutes: hours(4),
      maxReminders: 3,
      clock: 'business',
      escalationContact: 'duty-manager@desk.example.com',
      mailDomains: ['isp.example.net'],
      // Their helpdesk answers as "[Ticket#2026113010000123] …".
      ticketRefPattern: 'Ticket#(\\d{8,20})',
    },
    {
      id: 'hardware',
      name: 'Hardware supplier',
      contact: 'service@hardware.example.net',
      followUpIntervalMinutes: hours(9),
      maxReminders: 3,
      clock: 'business',
      escalationContact: 'duty-manager@desk.example.com',
      ticketRefPattern: 'RMA-(\\d{5,10})',
    },
    {
      id: 'business-software',
      name: 'Business software vendor',
      contact: 'helpdesk@software.example.net',
      followUpIntervalMinutes: hours(9),
      maxReminders: 2,
      clock: 'business',
      escalationContact: 'duty-manager@desk.example.com',
    },
    {
      id: 'printing',
      name: 'Printer leasing partner',
      contact: 'storing@print.example.net',
      followUpIntervalMinutes: hours(6),
      maxReminders: 3,
      clock: 'business',
      escalationContact: 'duty-manager@desk.example.com',
    },
  ],
  // First line takes incidents and requests; changes go to the change team (they arrive in writing
  // at changes@). Two agents, one in each, so a desk can be tried with both. First line works from
  // its queue (a mail per new incident would be noise and a mail's cost each); the change team,
  // which sees a change now and then, is told at its mailbox.
  teams: [
    { id: 'service-desk', name: 'Service desk' },
    { id: 'changes', name: 'Change team', mailbox: 'change-team@desk.example.com' },
  ],
  agents: [
    { id: 'anna', name: 'Anna de Vries', email: 'anna@desk.example.com', teams: ['service-desk'] },
    { id: 'bram', name: 'Bram Jansen', email: 'bram@desk.example.com', teams: ['changes'] },
  ],
  routing: [{ kind: 'change', teamId: 'changes' }, { teamId: 'service-desk' }],
  customers: [
    {
      id: 'acme',
      name: 'Acme BV',
      mailDomains: ['acme.example.nl'],
      language: 'nl',
      site: 'Stationsplein 1, 3511 ED Utrecht',
      // Its IT manager sees all of Acme's tickets in the portal and receives the monthly service report.
      keyContacts: ['it-manager@acme.example.nl'],
    },
    {
      id: 'globex',
      name: 'Globex Ltd',
      mailDomains: ['globex.example.com'],
      language: 'en',
      site: 'Keizersgracht 100, 1015 CV Amsterdam',
    },
  ],
  intake: {
    deskAddresses: ['servicedesk@desk.example.com', 'changes@desk.example.com', 'noreply@desk.example.com'],
    mailboxes: [
      { address: 'servicedesk@desk.example.com', kind: 'incident' },
      { address: 'changes@desk.example.com', kind: 'change' },
    ],
    senderRateLimit: { max: 30, perMinutes: 10 },
    maxMailBytes: 25 * 1024 * 1024,
    maxWebhookBytes: 256 * 1024,
    webhookSources: [
      {
        id: 'acme-monitoring',
        auth: 'bearer',
        secretEnv: ['WEBHOOK_SECRET_ACME_MONITORING'],
        adapter: 'alertmanager',
        customerId: 'acme',
        defaultKind: 'incident',
        defaultPriority: 'P3',
        severityPriorities: { critical: 'P1', major: 'P2', warning: 'P3', info: 'P4' },
        requester: 'monitoring@acme.example.nl',
      },
      {
        id: 'globex-portal',
        auth: 'standard-webhooks',
        secretEnv: ['WEBHOOK_SECRET_GLOBEX_PORTAL', 'WEBHOOK_SECRET_GLOBEX_PORTAL_PREVIOUS'],
        adapter: 'generic',
        customerId: 'globex',
        defaultKind: 'incident',
        defaultPriority: 'P3',
        severityPriorities: {},
        requester: 'portal@globex.example.com',
      },
    ],
  },
  // Five wrong agent tokens from one address pause it for the rest of the quarter hour; thirty from
  // anywhere pause token sign-in for the rest of the minute only, so no one locks agents out for long.
  signInThrottle: {
    perClient: { maxFailures: 5, windowMinutes: 15 },
    overall: { maxFailures: 30, windowMinutes: 1 },
  },
};
