import {
  publicTimeline,
  portalAccess,
  portalScope,
  visibleTickets,
  hiddenEventTypes,
  isPublicEventType,
} from '../../workflows/portal/portal-visibility';
import { decidePortalAction, offeredActions, portalContentHash } from '../../workflows/portal/portal-actions';
import { catalogGroups, decidePortalRequest } from '../../workflows/portal/portal-requests';
import { contentHashOf } from '../../workflows/links/link-token';
import { linkContent } from '../../workflows/links/link-rules';
import { ticketEventTypes } from '../../workflows/lifecycle/ticket-events';
import { parseCreateTicket } from '../../workflows/lifecycle/ticket-events';
import { agent, customer, ticketDriver } from '../support/ticket-driver';
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';
import {
  incidentAwaitingConsent,
  keyContact,
  mailsOf,
  portalAllowed,
  portalPolicy,
  quotedChange,
  resolvedIncident,
  secrets,
} from '../support/portal-tickets';

const who = { address: 'jan@acme.example.nl', sessionRef: 'sess-ref-1' };

describe('which tickets a signed-in customer sees', () => {
  const own = { requester: { email: 'Jan@Acme.example.nl' }, customerId: 'acme' };
  const colleague = { requester: { email: 'piet@acme.example.nl' }, customerId: 'acme' };
  const other = { requester: { email: 'ann@globex.example.com' }, customerId: 'globex' };

  it('shows a requester their own tickets, whatever the case of the address', () => {
    expect(portalAccess(portalPolicy, 'jan@acme.example.nl', own)).toBe('own');
    expect(portalAccess(portalPolicy, 'jan@acme.example.nl', colleague)).toBeNull();
  });

  it("shows a key contact all of their organisation's tickets and no other customer's", () => {
    expect(visibleTickets(portalPolicy, 'boss@acme.example.nl', [own, colleague, other])).toEqual([own, colleague]);
    expect(portalScope(portalPolicy, 'BOSS@acme.example.nl')).toEqual({
      requester: 'boss@acme.example.nl',
      customerIds: ['acme'],
    });
  });

  it('never shows a ticket of another customer to someone with an address at their domain', () => {
    expect(portalAccess(portalPolicy, 'jan@acme.example.nl', other)).toBeNull();
    expect(portalAccess(portalPolicy, keyContact, { ...other, customerId: null })).toBeNull();
  });

  it("never reaches past the viewer's own organisation, even as another customer's key contact", () => {
    const both = {
      ...portalPolicy,
      customers: portalPolicy.customers.map((c) => (c.id === 'globex' ? { ...c, keyContacts: [keyContact] } : c)),
    };
    expect(portalAccess(both, keyContact, other)).toBeNull();
    expect(portalAccess(both, keyContact, colleague)).toBe('key-contact');
  });

  it('never shows a requester a ticket an agent registered for another customer in their name', () => {
    expect(portalAccess(portalPolicy, 'jan@acme.example.nl', { ...own, customerId: 'globex' })).toBeNull();
    expect(portalAccess(portalPolicy, 'jan@acme.example.nl', { ...own, customerId: null })).toBeNull();
  });
});

describe("a ticket's public timeline", () => {
  it('never carries an internal note, a vendor’s words, a scope note or a priority reason', () => {
    const tickets = [quotedChange(), resolvedIncident()];

    const shown = tickets.map((t) => JSON.stringify(publicTimeline(t.log, mailsOf(t)))).join('\n');

    for (const secret of Object.values(secrets)) expect(shown).not.toContain(secret);
    expect(shown).not.toContain('someone@else.example.com');
    expect(shown).not.toContain('connectivity');
  });

  it("shows the customer's words, the desk's replies and questions, the quotes with their totals and the mails sent", () => {
    const t = quotedChange();

    const kinds = publicTimeline(t.log, mailsOf(t)).map((e) => e.kind);
    const quotes = publicTimeline(t.log).filter((e) => e.kind === 'quote');

    expect(kinds).toEqual(
      expect.arrayContaining(['opened', 'desk-reply', 'question', 'customer-message', 'quote', 'mail']),
    );
    expect(quotes).toMatchObject([
      { version: 1, totalCents: 89900 },
      { version: 2, totalCents: 96900, lines: [{ description: 'VPN appliance' }, { amountCents: 17000 }] },
    ]);
    expect(quotes.at(-1)).toMatchObject({ totalCents: t.context.quote?.totalCents });
  });

  it('shows visits planned and recorded without the report, and the resolution summary', () => {
    const entries = publicTimeline(resolvedIncident().log);

    expect(entries.find((e) => e.kind === 'visit-planned')).toMatchObject({ technician: 'Piet' });
    expect(entries.find((e) => e.kind === 'visit-recorded')).toEqual(
      expect.objectContaining({ hours: 1.5, materials: [{ description: 'Switch', quantity: 1 }] }),
    );
    expect(entries.find((e) => e.kind === 'resolved')).toMatchObject({
      summary: 'Switch replaced',
      status: 'resolved',
    });
  });

  it('says a hidden event moved the ticket only as its new status', () => {
    const entries = publicTimeline(incidentAwaitingConsent().log);

    const forwarded = entries.find((e) => e.status === 'withThirdParty');

    expect(forwarded).toEqual({
      seq: forwarded?.seq,
      at: forwarded?.at,
      by: { type: 'desk' },
      status: 'withThirdParty',
      kind: 'status',
    });
  });

  it('has decided on every event type: shown, or hidden on purpose', () => {
    const undecided = ticketEventTypes.filter((type) => !isPublicEventType(type) && !hiddenEventTypes.has(type));

    expect(undecided).toEqual([]);
  });
});

describe('what a customer does from the portal', () => {
  it('offers the answers the chart allows through the portal, each with the hash the signed links use', () => {
    const t = quotedChange();

    const offered = offeredActions(portalAllowed(t), t.context, portalPolicy);

    expect(offered.map((o) => o.action)).toEqual(['reply', 'approve_quote', 'decline_quote']);
    expect(offered[1]?.contentHash).toBe(contentHashOf(linkContent('approve_quote', t.context, portalPolicy).content));
  });

  it('approves the quote that was shown, stamping its hash and the session', () => {
    const t = quotedChange();
    const contentHash = portalContentHash('approve_quote', t.context, portalPolicy);

    const decided = decidePortalAction(
      { action: 'approve_quote', contentHash },
      { context: t.context, allowed: portalAllowed(t) },
      portalPolicy,
      who,
    );

    expect(decided).toEqual({
      ok: true,
      event: { type: 'QUOTE_APPROVED', quoteVersion: 2 },
      origin: { channel: 'portal', portal: { contentHash, sessionRef: 'sess-ref-1' } },
    });
    if (!decided.ok) return;
    expect(t.send(decided.event.type, decided.event, { actor: customer, ...decided.origin }).ok).toBe(true);
    expect(t.stage).toBe('scheduled');
    expect(t.log.at(-1)?.event).toMatchObject({ channel: 'portal', viaPortal: { contentHash } });
  });

  it('confirms a change registered by phone in writing, bound to the subject and description shown', () => {
    const t = ticketDriver({
      kind: 'change',
      policy: portalPolicy,
      opening: { description: 'Port 443 open to the VPN', channel: 'phone', actor: agent },
    });
    t.send('CLASSIFY', { kind: 'change', priority: 'P4', category: 'network', inScope: true });
    expect(t.stage).toBe('awaitingWrittenConfirmation');
    const contentHash = portalContentHash('confirm_in_writing', t.context, portalPolicy);
    expect(contentHash).toBe(writtenChangeHash(t.context));

    const decided = decidePortalAction(
      { action: 'confirm_in_writing', contentHash },
      { context: t.context, allowed: portalAllowed(t) },
      portalPolicy,
      who,
    );

    expect(decided).toMatchObject({ ok: true, event: { type: 'CHANGE_CONFIRMED_IN_WRITING' } });
    if (!decided.ok) return;
    expect(t.send(decided.event.type, decided.event, { actor: customer, ...decided.origin }).ok).toBe(true);
    expect(t.stage).toBe('quoting');
    expect(t.context.inWriting).toMatchObject({ by: customer.id, via: 'portal', contentHash });
  });

  it('refuses an answer to a quote that was revised since the page showed it', () => {
    const t = quotedChange();
    const shown = portalContentHash('approve_quote', t.context, portalPolicy);
    t.send('REVISE_QUOTE');
    t.send('SUBMIT_QUOTE', { lines: [{ kind: 'labour', description: 'More work', quantity: 9, unitCents: 8500 }] });

    const decided = decidePortalAction(
      { action: 'approve_quote', contentHash: shown },
      { context: t.context, allowed: portalAllowed(t) },
      portalPolicy,
      who,
    );

    expect(decided).toEqual({ ok: false, reason: 'changed' });
  });

  it('refuses an action the ticket does not take now, naming those it does', () => {
    const t = incidentAwaitingConsent();
    const contentHash = portalContentHash('confirm_resolution', t.context, portalPolicy);

    const decided = decidePortalAction(
      { action: 'confirm_resolution', contentHash },
      { context: t.context, allowed: portalAllowed(t) },
      portalPolicy,
      who,
    );

    expect(decided).toEqual({
      ok: false,
      reason: 'not-allowed',
      allowed: ['reply', 'consent_onsite', 'decline_onsite'],
    });
  });

  it('turns a reply into a comment while the ticket does not wait for one, files left to the receiving side', () => {
    const t = incidentAwaitingConsent();

    const decided = decidePortalAction(
      { action: 'reply', message: ' See the photo ', attachments: [{ sha256: 'f'.repeat(64) }] },
      { context: t.context, allowed: portalAllowed(t) },
      portalPolicy,
      who,
    );

    expect(decided).toEqual({
      ok: true,
      event: { type: 'COMMENT', from: who.address, text: 'See the photo', attachments: [] },
      origin: { channel: 'portal', portal: { sessionRef: 'sess-ref-1' } },
    });
  });

  it('reopens a resolution with the customer’s reason, and refuses an unknown action', () => {
    const t = resolvedIncident();
    const contentHash = portalContentHash('reopen', t.context, portalPolicy);
    const ticket = { context: t.context, allowed: portalAllowed(t) };

    const reopened = decidePortalAction(
      { action: 'reopen', contentHash, reason: 'Still broken' },
      ticket,
      portalPolicy,
      who,
    );
    const unknown = decidePortalAction({ action: 'CANCEL' }, ticket, portalPolicy, who);

    expect(reopened).toMatchObject({ ok: true, event: { type: 'REOPEN', reason: 'Still broken', attachments: [] } });
    expect(unknown).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'action' }] });
  });
});

describe('opening a ticket from the portal', () => {
  const jan = { email: 'jan@acme.example.nl', name: 'Jan', customerId: 'acme', language: 'nl' as const };

  it('opens an incident as the signed-in requester, for the session’s customer, in writing', () => {
    const decided = decidePortalRequest(
      { kind: 'incident', subject: 'Printer jams', description: 'Every page', customerId: 'globex' },
      jan,
      portalPolicy,
    );

    expect(decided).toMatchObject({
      ok: true,
      value: {
        kind: 'incident',
        subject: 'Printer jams',
        requester: { email: jan.email },
        customerId: 'acme',
        channel: 'portal',
      },
    });
    expect(decided.ok && parseCreateTicket(decided.value, portalPolicy, 'portal')).toMatchObject({
      ok: true,
      value: { channel: 'portal' },
    });
  });

  it('names a catalog item and its terms (included, or billable on actual hours) in the customer’s language', () => {
    const included = decidePortalRequest(
      { kind: 'service_request', catalogItemId: 'mailbox-create' },
      jan,
      portalPolicy,
    );
    const billable = decidePortalRequest(
      { kind: 'service_request', catalogItemId: 'other', subject: 'A new laptop' },
      { ...jan, language: 'en' },
      portalPolicy,
    );

    expect(included).toMatchObject({
      ok: true,
      value: { subject: 'Mailbox aanmaken', description: expect.stringContaining('Inbegrepen in de dienstverlening') },
    });
    expect(billable).toMatchObject({
      ok: true,
      value: { subject: 'A new laptop', description: expect.stringContaining('Billable on actual hours') },
    });
    expect(catalogGroups(portalPolicy).billable.map((c) => c.id)).toContain('other');
  });

  it('takes a change with an optional desired date, and says which fields are wrong', () => {
    const change = decidePortalRequest(
      { kind: 'change', subject: 'VPN', description: 'Add a VPN', desiredDate: '2026-12-01' },
      jan,
      portalPolicy,
    );
    const wrong = decidePortalRequest(
      { kind: 'change', subject: '', description: 'x', desiredDate: 'soon' },
      jan,
      portalPolicy,
    );
    const unknownItem = decidePortalRequest({ kind: 'service_request', catalogItemId: 'nope' }, jan, portalPolicy);

    expect(change).toMatchObject({
      ok: true,
      value: { kind: 'change', description: 'Gewenste datum: 2026-12-01\n\nAdd a VPN' },
    });
    expect(wrong.ok === false && wrong.issues.map((i) => i.field).sort()).toEqual(['desiredDate', 'subject']);
    expect(unknownItem).toMatchObject({ ok: false, issues: [{ field: 'catalogItemId' }] });
  });
});
