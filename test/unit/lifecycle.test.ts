import { defaultPolicy } from '../../workflows/policy/default-policy';
import { ChartVersionError, planEvent } from '../../workflows/lifecycle/ticket-engine';
import { amsterdam, customer, ticketDriver, vendor } from '../support/ticket-driver';

const classifyIncident = { kind: 'incident', priority: 'P3', category: 'network', inScope: true };

describe('registration and triage', () => {
  it('acknowledges a new ticket and waits in triage with the SLA clocks running', () => {
    const t = ticketDriver();
    expect(t.stage).toBe('triage');
    expect(t.sent('acknowledgement')).toHaveLength(1);
    expect(t.timerNames()).toEqual(['slaResponseWarning', 'slaResolutionWarning']);
  });

  it('meets the response target when an agent classifies the ticket', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    expect(t.stage).toBe('diagnosing');
    expect(t.slaRegion('response')).toBe('"met"');
    expect(t.context.sla.response.metAt).toBe(t.now);
    expect(t.timerNames()).toEqual(['slaResolutionWarning']);
  });

  it('keeps the customer named at registration when the classification names none', () => {
    const t = ticketDriver();
    const registeredFor = t.context.customerId;
    t.send('CLASSIFY', classifyIncident);
    expect(registeredFor).not.toBeNull();
    expect(t.context.customerId).toBe(registeredFor);
  });

  it('tells the customer why when the request is out of scope, and can turn it into billable work', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', { ...classifyIncident, inScope: false, scopeNote: 'Installing new software is not covered' });
    expect(t.stage).toBe('outOfScope');
    expect(t.sent('outOfScope')).toHaveLength(1);
    t.send('START_QUOTE');
    expect(t.stage).toBe('quoting');
  });

  it('sends a standard catalog request straight to scheduling, without a quote', () => {
    const t = ticketDriver({ kind: 'service_request' });
    t.send('CLASSIFY', {
      kind: 'service_request',
      priority: 'P4',
      category: 'accounts',
      catalogItemId: 'mailbox-create',
      inScope: true,
    });
    expect(t.stage).toBe('scheduled');
    expect(t.sent('quoteForApproval')).toHaveLength(0);
  });

  it('asks for a quote for anything outside the standard catalog', () => {
    const t = ticketDriver({ kind: 'service_request' });
    t.send('CLASSIFY', {
      kind: 'service_request',
      priority: 'P4',
      category: 'hardware',
      catalogItemId: 'other',
      inScope: true,
    });
    expect(t.stage).toBe('quoting');
  });
});

describe('SLA clocks', () => {
  it('does not count cancelling an untouched ticket as the desk responding', () => {
    const t = ticketDriver();
    t.send('CANCEL', { reason: 'sent by mistake' });
    expect(t.context.sla.response.metAt).toBeNull();
  });

  it('warns the duty manager once, however often the priority changes afterwards', () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.waitFor('slaResponseWarning');
    t.send('SET_PRIORITY', { priority: 'P3', reason: 'same again' });
    t.send('SET_PRIORITY', { priority: 'P4', reason: 'lower' });
    expect(t.sent('slaResponseWarning')).toHaveLength(1);
  });

  it('warns when a higher priority puts the ticket past the warning point at once', () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', classifyIncident);
    t.passTime(amsterdam('2026-11-24 12:20'));
    t.send('SET_PRIORITY', { priority: 'P1', reason: 'whole floor down' });
    // 3 h 20 min used of P1's 4 h: past 75 %, not yet breached.
    expect(t.slaRegion('resolution')).toBe('{"running":"atRisk"}');
    expect(t.sent('slaResolutionWarning')).toHaveLength(1);
  });

  it('measures time already used under the priority it ran under', () => {
    const calendarP1 = {
      ...defaultPolicy,
      sla: {
        ...defaultPolicy.sla,
        targets: {
          ...defaultPolicy.sla.targets,
          P1: { responseMinutes: 30, resolutionMinutes: 240, clock: 'calendar' as const },
        },
      },
    };
    const t = ticketDriver({ policy: calendarP1, at: amsterdam('2026-11-20 17:00') });
    t.send('CLASSIFY', classifyIncident);
    t.setNow(amsterdam('2026-11-23 08:45'));
    t.send('SET_PRIORITY', { priority: 'P1', reason: 'escalated by the customer' });
    // P3 business time until the change: Friday 17:00–17:30 and Monday 08:30–08:45. Measured
    // with P1's calendar clock it would be the whole weekend.
    expect(t.context.sla.resolution.elapsedMs).toBe(45 * 60_000);
    expect(t.slaRegion('resolution')).toBe('{"running":"onTrack"}');
  });
  it('warns the duty manager at the warning fraction and escalates on breach', () => {
    const t = ticketDriver({ priority: 'P1', at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', { ...classifyIncident, priority: 'P1' });
    expect(t.waitFor('slaResolutionWarning')).toEqual(['slaResolutionWarning']);
    expect(t.now).toBe(amsterdam('2026-11-24 12:00'));
    expect(t.sent('slaResolutionWarning')[0]?.to).toBe('dutyManager');
    t.waitFor('slaResolutionBreach');
    expect(t.now).toBe(amsterdam('2026-11-24 13:00'));
    expect(t.slaRegion('resolution')).toBe('"breached"');
    expect(t.sent('slaResolutionBreach')).toHaveLength(1);
  });

  it('does not count time spent waiting on the customer', () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', { ...classifyIncident, priority: 'P2' });
    t.passTime(amsterdam('2026-11-24 10:00'));
    t.send('REQUEST_INFO', { question: 'Which VPN client version?' });
    expect(t.slaRegion('resolution')).toBe('"paused"');
    expect(t.timerNames()).not.toContain('slaResolutionWarning');
    t.passTime(amsterdam('2026-11-25 15:00'));
    t.send('CUSTOMER_REPLIED', { message: 'Version 5.1' }, customer);
    expect(t.context.sla.resolution.elapsedMs).toBe(3600_000);
    // P2: 8 h target, warning at 6 h; 1 h used → 5 business hours from 15:00 Wednesday (2.5 h + 2.5 h).
    expect(t.dueOf('slaResolutionWarning')).toBe(amsterdam('2026-11-26 11:00'));
  });

  it('re-evaluates the clock when the priority changes', () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', classifyIncident);
    t.passTime(amsterdam('2026-11-24 13:30'));
    t.send('SET_PRIORITY', { priority: 'P1', reason: 'whole office down' });
    // 4.5 h used of a 4 h P1 target: breached at once.
    expect(t.slaRegion('resolution')).toBe('"breached"');
    expect(t.sent('slaResolutionBreach')).toHaveLength(1);
  });
});

describe('waiting on the customer', () => {
  it('reminds the customer at the policy interval and closes the ticket after the last reminder goes unanswered', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('REQUEST_INFO', { question: 'Can you send a screenshot?' });
    expect(t.sent('informationRequest')).toHaveLength(1);
    t.waitFor('customerReminder');
    t.waitFor('customerReminder');
    expect(t.sent('informationReminder')).toHaveLength(2);
    t.waitFor('customerReminder');
    expect(t.stage).toBe('closed');
    expect(t.sent('autoClosedNoResponse')).toHaveLength(1);
    expect(t.head.timers).toEqual([]);
    expect(t.head.snapshot.status).toBe('done');
  });

  it('goes back to diagnosis when the customer answers', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('REQUEST_INFO', { question: 'Can you send a screenshot?' });
    t.send('CUSTOMER_REPLIED', { message: 'attached' }, customer);
    expect(t.stage).toBe('diagnosing');
    expect(t.timerNames()).not.toContain('customerReminder');
  });
});

describe('third-party follow-up', () => {
  it("escalates after the vendor's third unanswered reminder", () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', { ...classifyIncident, priority: 'P4' });
    t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity', note: 'Line down since 08:00' });
    expect(t.sent('vendorForward')[0]?.to).toBe('vendor');
    // The connectivity vendor: follow up every 4 business hours, at most 3 reminders.
    expect(t.dueOf('vendorFollowUp')).toBe(amsterdam('2026-11-24 13:00'));
    t.waitFor('vendorFollowUp');
    t.waitFor('vendorFollowUp');
    t.waitFor('vendorFollowUp');
    expect(t.sent('vendorReminder')).toHaveLength(3);
    expect(t.sent('vendorEscalation')).toHaveLength(0);
    t.waitFor('vendorFollowUp');
    expect(t.stage).toBe('withThirdParty.escalated');
    expect(t.sent('vendorEscalation')).toEqual([expect.objectContaining({ to: 'vendorEscalation' })]);
    expect(t.timerNames()).not.toContain('vendorFollowUp');
  });

  it("records the vendor's reply and reference and goes back to diagnosis", () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('FORWARD_TO_VENDOR', { vendorId: 'connectivity' });
    t.waitFor('vendorFollowUp');
    t.send('VENDOR_REPLIED', { vendorRef: 'KPN-123', message: 'Fixed at the exchange' }, vendor);
    expect(t.stage).toBe('diagnosing');
    expect(t.context.vendor).toMatchObject({ id: 'connectivity', ref: 'KPN-123', reminders: 1 });
  });

  it('refuses a ticket written by a chart version it has no migration for', () => {
    const t = ticketDriver();
    const stale = { ...t.head, chartVersion: 0 };
    expect(() =>
      planEvent(
        t.machine,
        t.policy,
        stale,
        { type: 'ADD_NOTE', text: 'x' },
        { actor: customer, channel: 'agent' },
        t.now,
        { nonce: 'n' },
      ),
    ).toThrow(ChartVersionError);
  });

  it('says of a field of the wrong type only that, not also what its length should be', () => {
    const t = ticketDriver();

    const reply = t.send('REPLY', { message: 'Hi', cc: 'piet.de.vries@acme.example.nl' });
    const quote = t.send('SUBMIT_QUOTE', { lines: 'one router and two hours of configuration work, please' });

    expect(reply).toEqual({
      ok: false,
      reason: 'invalid',
      issues: [{ field: 'cc', message: 'Invalid input: expected array, received string' }],
    });
    expect(quote).toMatchObject({ ok: false, issues: [{ field: 'lines', message: expect.stringMatching(/array/) }] });
    expect(quote.ok === false && quote.reason === 'invalid' && quote.issues).toHaveLength(1);
  });

  it('refuses a vendor outside the registry', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    const result = t.send('FORWARD_TO_VENDOR', { vendorId: 'some-shop' });
    expect(result).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'vendorId' }] });
    expect(t.stage).toBe('diagnosing');
  });
});

describe('on-site escalation', () => {
  it('asks consent, plans the visit, records hours and materials, resolves and closes on confirmation', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('PROPOSE_ONSITE', { reason: 'Switch needs replacing' });
    expect(t.stage).toBe('onSite.awaitingConsent.waiting');
    expect(t.sent('onSiteConsentRequest')).toHaveLength(1);
    expect(t.send('PLAN_VISIT', { plannedFor: '2026-11-26T09:00:00+01:00', technician: 'Piet' })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
    t.send('CONSENT_GIVEN', {}, customer);
    t.send('PLAN_VISIT', { plannedFor: '2026-11-26T09:00:00+01:00', technician: 'Piet' });
    expect(t.stage).toBe('onSite.visitPlanned');
    t.send('RECORD_VISIT', { hours: 2.5, materials: [{ description: 'Switch 24p', quantity: 1, unitCents: 23900 }] });
    // Billed afterwards at the on-site rate in force: 2.5 h × €95.00 + €239.00 of materials.
    expect(t.context.visits).toEqual([
      expect.objectContaining({
        technician: 'Piet',
        hours: 2.5,
        recordedAt: t.now,
        hourlyRateCents: 9500,
        amountCents: 47650,
      }),
    ]);
    t.send('RESOLVE', { summary: 'Switch replaced' });
    expect(t.stage).toBe('resolved');
    expect(t.sent('completion')).toHaveLength(1);
    t.send('CONFIRM_RESOLUTION', {}, customer);
    expect(t.stage).toBe('closed');
    expect(t.head.timers).toEqual([]);
  });

  it('falls back to remote diagnosis when consent never comes', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('PROPOSE_ONSITE', { reason: 'Switch needs replacing' });
    t.waitFor('consentReminder');
    t.waitFor('consentReminder');
    t.waitFor('consentReminder');
    expect(t.sent('onSiteConsentReminder')).toHaveLength(2);
    expect(t.sent('onSiteConsentExpired')).toHaveLength(1);
    expect(t.stage).toBe('diagnosing');
  });

  it('refuses hours that are not in quarter hours', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('PROPOSE_ONSITE', { reason: 'x' });
    t.send('CONSENT_GIVEN', {}, customer);
    t.send('PLAN_VISIT', { plannedFor: '2026-11-26T09:00:00+01:00', technician: 'Piet' });
    expect(t.send('RECORD_VISIT', { hours: 1.1 })).toMatchObject({
      ok: false,
      reason: 'invalid',
      issues: [{ field: 'hours' }],
    });
  });
});

describe('quotes and approval', () => {
  const quote = {
    lines: [
      { kind: 'hardware', description: 'Laptop', quantity: 1, unitCents: 129900 },
      { kind: 'labour', description: 'Installation', quantity: 2, unitCents: 8500 },
    ],
  };

  it('totals a quote in exact cents, so the total the customer approves is the sum of its lines', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    // 1.005 × 100 cents is 100.5 cents, rounded half up; floating point makes it 100.4999… → 100.
    t.send('SUBMIT_QUOTE', {
      lines: [{ kind: 'licence', description: 'Licence, pro rata', quantity: 1.005, unitCents: 100 }],
    });
    expect(t.context.quote).toMatchObject({ totalCents: 101 });
  });

  it('waits for approval of the current quote and implements after it', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    t.send('SUBMIT_QUOTE', quote);
    expect(t.stage).toBe('awaitingApproval.waiting');
    expect(t.context.quote).toMatchObject({ version: 1, totalCents: 146900 });
    expect(t.slaRegion('resolution')).toBe('"paused"');
    t.send('REVISE_QUOTE');
    t.send('SUBMIT_QUOTE', quote);
    expect(t.send('QUOTE_APPROVED', { quoteVersion: 1 }, customer)).toMatchObject({ ok: false, reason: 'not-allowed' });
    t.send('QUOTE_APPROVED', { quoteVersion: 2 }, customer);
    expect(t.stage).toBe('scheduled');
    expect(t.context.quote).toMatchObject({ version: 2, approvedBy: customer });
    t.send('START_WORK');
    t.send('RESOLVE', { summary: 'Laptop delivered' });
    expect(t.stage).toBe('resolved');
  });

  it('goes back to the work, not the quote, when the customer answers a question asked during implementation', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    t.send('SUBMIT_QUOTE', quote);
    t.send('QUOTE_APPROVED', { quoteVersion: 1 }, customer);
    t.send('START_WORK');
    t.send('REQUEST_INFO', { question: 'Which floor?' });
    t.send('CUSTOMER_REPLIED', { message: 'Second' }, customer);
    expect(t.stage).toBe('implementing');
  });

  it('keeps billable work on an out-of-scope incident on the quote path when the customer answers', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', { ...classifyIncident, inScope: false });
    t.send('START_QUOTE');
    t.send('REQUEST_INFO', { question: 'How many workstations?' });
    t.send('CUSTOMER_REPLIED', { message: 'Eight' }, customer);
    expect(t.stage).toBe('quoting');
  });

  it('goes back to the quote when the customer answers a question asked while quoting', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    t.send('REQUEST_INFO', { question: 'How many licences?' });
    t.send('CUSTOMER_REPLIED', { message: 'Twelve' }, customer);
    expect(t.stage).toBe('quoting');
  });

  it('reminds about an unanswered quote and cancels it on expiry', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    t.send('SUBMIT_QUOTE', quote);
    t.waitFor('approvalReminder');
    t.waitFor('approvalReminder');
    t.waitFor('approvalReminder');
    expect(t.sent('quoteReminder')).toHaveLength(2);
    expect(t.sent('quoteExpired')).toHaveLength(1);
    expect(t.stage).toBe('cancelled');
    expect(t.head.timers).toEqual([]);
  });

  it('cancels when the customer declines', () => {
    const t = ticketDriver({ kind: 'change' });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'workplace', inScope: true });
    t.send('SUBMIT_QUOTE', quote);
    t.send('QUOTE_DECLINED', { quoteVersion: 1, reason: 'too expensive' }, customer);
    expect(t.stage).toBe('cancelled');
  });
});

describe('resolution', () => {
  it('closes itself when the customer does not answer within five business days', () => {
    const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
    t.send('CLASSIFY', classifyIncident);
    t.send('RESOLVE', { summary: 'Restarted the service' });
    expect(t.dueOf('resolvedAutoClose')).toBe(amsterdam('2026-12-01 09:00'));
    t.waitFor('resolvedAutoClose');
    expect(t.stage).toBe('closed');
    expect(t.sent('autoClosedAfterResolution')).toHaveLength(1);
  });

  it('goes back to work when the customer reopens, with the SLA clock running again', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', classifyIncident);
    t.send('RESOLVE', { summary: 'Restarted the service' });
    expect(t.slaRegion('resolution')).toBe('"paused"');
    t.send('REOPEN', { reason: 'It is down again' }, customer);
    expect(t.stage).toBe('diagnosing');
    expect(t.context.reopened).toBe(1);
    expect(t.slaRegion('resolution')).toContain('running');
  });

  it('sends a ticket that a monitoring all-clear resolved before anyone classified it back to triage on reopening', () => {
    const t = ticketDriver();
    t.send(
      'ALERT_RESOLVED',
      { source: 'acme-monitoring', summary: 'disk space back to normal' },
      { type: 'system', id: 'acme-monitoring' },
    );
    expect(t.stage).toBe('resolved');
    t.send('REOPEN', { reason: 'it is full again' }, customer);
    expect(t.stage).toBe('triage');
    expect(t.slaRegion('response')).toContain('running');
  });

  it('refuses everything once a ticket is closed', () => {
    const t = ticketDriver();
    t.send('CANCEL', { reason: 'duplicate of INC-2026-000002' });
    expect(t.stage).toBe('cancelled');
    expect(t.send('ADD_NOTE', { text: 'late note' })).toMatchObject({ ok: false, reason: 'not-allowed', allowed: [] });
  });
});
