// Sample payloads for every domain event, shared by the generated-path and property tests.
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';

const HOUR = 3600_000;

/** The opening of the generated-path test's ticket: what a written confirmation's hash is of. */
const pathOpening = { id: 'INC-2026-000001', subject: 'path test', description: '' };

/**
 * Sample payloads per domain event; some events get several, to reach each guarded branch. Where a
 * guard reads who sent an event and how, a sample carries the stamp (`channel`, `actor`, `viaLink`)
 * as the engine would put it on the event; the engine's parser refuses those from a body.
 */
export const samplesAt = (T: number, opening = pathOpening): Record<string, Record<string, unknown>[]> => ({
  CLASSIFY: [
    { kind: 'incident', priority: 'P3', category: 'network', inScope: true },
    { kind: 'incident', priority: 'P3', category: 'network', inScope: false },
    { kind: 'service_request', priority: 'P4', category: 'accounts', catalogItemId: 'mailbox-create', inScope: true },
    { kind: 'service_request', priority: 'P4', category: 'hardware', catalogItemId: 'other', inScope: true },
    { kind: 'change', priority: 'P4', category: 'workplace', inScope: true },
    { kind: 'change', priority: 'P4', category: 'workplace', inScope: false },
  ],
  // Late priority changes push the re-evaluated SLA clock into at-risk and breached.
  SET_PRIORITY: [
    { priority: 'P1', reason: 'response at risk', at: T + 25 * 60_000 },
    { priority: 'P1', reason: 'at risk', at: T + 3.5 * HOUR },
    { priority: 'P1', reason: 'breached', at: T + 60 * 24 * HOUR },
  ],
  ADD_NOTE: [{ text: 'note' }],
  REPLY: [{ message: 'We are looking into it.', cc: [] }],
  RECORD_HOURS: [{ hours: 1.5, description: 'Configuration' }],
  REQUEST_INFO: [{ question: 'which version?' }],
  CUSTOMER_REPLIED: [
    { message: 'answer' },
    { message: 'Yes, that is the change', channel: 'email', actor: { type: 'customer', id: 'jan@acme.example.nl' } },
  ],
  FORWARD_TO_VENDOR: [{ vendorId: 'connectivity', note: '' }],
  VENDOR_REPLIED: [{ vendorRef: 'V-1', message: 'done' }],
  PROPOSE_ONSITE: [{ reason: 'hardware' }],
  CONSENT_GIVEN: [{}],
  CONSENT_DECLINED: [{ reason: 'no' }],
  PLAN_VISIT: [{ plannedFor: '2026-11-26T09:00:00+01:00', technician: 'Piet' }],
  RECORD_VISIT: [{ hours: 2, materials: [], report: '' }],
  START_QUOTE: [{}],
  SUBMIT_QUOTE: [{ lines: [{ kind: 'hardware', description: 'Laptop', quantity: 1, unitCents: 100000 }] }],
  QUOTE_APPROVED: [{ quoteVersion: 1 }],
  QUOTE_DECLINED: [{ quoteVersion: 1, reason: '' }],
  REVISE_QUOTE: [{}],
  SCHEDULE_WORK: [{ plannedFor: '2026-11-30T09:00:00+01:00' }],
  START_WORK: [{}],
  RESOLVE: [{ summary: 'fixed' }],
  CONFIRM_RESOLUTION: [{}],
  REOPEN: [{ reason: 'again' }],
  CANCEL: [{ reason: 'duplicate' }],
  COMMENT: [{ from: 'jan@acme.example.nl', text: 'more detail' }],
  ALERT_RESOLVED: [{ source: 'acme-monitoring', summary: 'resolved' }],
  MAIL_RECORDED: [{ reason: 'auto-replied', from: 'jan@acme.example.nl', subject: 'Out of office' }],
  CHANGE_CONFIRMED_IN_WRITING: [
    {
      channel: 'link',
      actor: { type: 'customer', id: 'jan@acme.example.nl' },
      viaLink: { action: 'confirm_in_writing', contentHash: writtenChangeHash(opening), nonce: 'sample' },
    },
  ],
  ASSIGN: [{ agentId: 'bram' }, { teamId: 'service-desk' }, { agentId: null }],
});
