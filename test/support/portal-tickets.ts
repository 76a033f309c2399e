// Tickets as the portal shows them, driven through the pure engine: a change with every public
// and private kind of event (a note, a vendor's words, a classification's scope note) on its log,
// and a policy where Acme has a key contact.
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import { publicTimeline, type SentMail } from '../../workflows/portal/portal-visibility';
import { offeredActions } from '../../workflows/portal/portal-actions';
import { portalTicketPage } from '../../functions/portal/portal-ticket-page';
import { portalRequestPage } from '../../functions/portal/portal-request-page';
import { customer, ticketDriver, vendor } from './ticket-driver';

export const keyContact = 'Boss@Acme.example.nl';
export const portalPolicy: Policy = {
  ...defaultPolicy,
  customers: defaultPolicy.customers.map((c) => (c.id === 'acme' ? { ...c, keyContacts: [keyContact] } : c)),
};

export const secrets = {
  note: 'SECRET-NOTE the customer is difficult',
  vendor: 'VENDOR-WORDS line card swapped at exchange',
  vendorNote: 'FORWARD-NOTE please hurry, they pay late',
  scope: 'SCOPE-NOTE borderline, let it go this time',
  priority: 'PRIORITY-REASON the boss called',
  report: 'VISIT-REPORT cabling was a mess',
};

/** An incident a vendor worked on, now waiting for the customer's consent to a visit. */
export function incidentAwaitingConsent() {
  const t = ticketDriver({ policy: portalPolicy });
  t.send('ADD_NOTE', { text: secrets.note });
  t.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'network', inScope: true });
  t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity', note: secrets.vendorNote });
  t.send('VENDOR_REPLIED', { vendorRef: 'KPN-1', message: secrets.vendor }, vendor);
  t.send('PROPOSE_ONSITE', { reason: 'The switch needs replacing' });
  return t;
}

/** An incident resolved after a visit, waiting for the customer to confirm or reopen. */
export function resolvedIncident() {
  const t = incidentAwaitingConsent();
  t.send('CONSENT_GIVEN', {}, customer);
  t.send('PLAN_VISIT', { plannedFor: '2026-11-26T10:00:00+01:00', technician: 'Piet' });
  t.send('RECORD_VISIT', {
    hours: 1.5,
    materials: [{ description: 'Switch', quantity: 1, unitCents: 12000 }],
    report: secrets.report,
  });
  t.send('RESOLVE', { summary: 'Switch replaced' });
  return t;
}

/** A change waiting for approval of its second quote, its log holding every kind of event. */
export function quotedChange() {
  const t = ticketDriver({ kind: 'change', policy: portalPolicy, opening: { description: 'Please add a VPN' } });
  t.send('ADD_NOTE', { text: secrets.note });
  t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'network', inScope: true, scopeNote: secrets.scope });
  t.send('SET_PRIORITY', { priority: 'P3', reason: secrets.priority });
  t.send('REPLY', { message: 'We are looking into it', cc: ['someone@else.example.com'] });
  t.send('REQUEST_INFO', { question: 'Which office?' });
  t.send('CUSTOMER_REPLIED', { message: 'Utrecht' }, customer);
  t.send('SUBMIT_QUOTE', {
    lines: [{ kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 }],
  });
  t.send('REVISE_QUOTE');
  t.send('SUBMIT_QUOTE', {
    lines: [
      { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 79900 },
      { kind: 'labour', description: 'Configuration', quantity: 2, unitCents: 8500 },
    ],
  });
  return t;
}

export type Driven = ReturnType<typeof ticketDriver>;

/** The mails a driven ticket sent, as the outbox keeps them. */
export const mailsOf = (t: Driven): SentMail[] =>
  t.outbox.map((m) => ({
    seq: m.seq,
    n: m.n,
    to: m.to,
    address: m.address,
    subject: m.subject,
    createdAt: m.createdAt,
  }));

export const portalAllowed = (t: Driven) => allowedEvents(t.machine, t.head.snapshot, 'portal');

/** A driven ticket's portal page, as the portal's handler will render it. */
export function pageOf(t: Driven, language: 'nl' | 'en' = 'nl') {
  return portalTicketPage({
    language,
    policy: t.policy,
    machine: t.machine,
    head: t.head,
    entries: publicTimeline(t.log, mailsOf(t)),
    offered: offeredActions(portalAllowed(t), t.context, t.policy),
    csrf: 'csrf-token-1',
    actionPath: `/portal/tickets/${t.head.id}/actions`,
  });
}

export const requestPageOf = (language: 'nl' | 'en' = 'nl') =>
  portalRequestPage({ language, policy: portalPolicy, csrf: 'csrf-token-1', actionPath: '/portal/requests' });
