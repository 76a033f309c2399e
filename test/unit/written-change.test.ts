// The service description's rule for changes, as the engine keeps it: a change that did not come
// in writing is neither quoted nor scheduled until the customer confirms it in writing.
import { defaultPolicy } from '../../workflows/policy/default-policy';
import type { Policy } from '../../workflows/policy/policy';
import { linkContent, linkEvent, staleReason } from '../../workflows/links/link-rules';
import { contentHashOf, type LinkClaims } from '../../workflows/links/link-token';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { Decision } from '../../workflows/lifecycle/ticket-engine';
import type { Origin } from '../../workflows/lifecycle/ticket-events';
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';
import { agent, customer, ticketDriver } from '../support/ticket-driver';

const classifyAsChange = { kind: 'change', priority: 'P4', category: 'workplace', inScope: true };
const quoteLines = { lines: [{ kind: 'labour', description: 'Configure the VPN', quantity: 4, unitCents: 9500 }] };

/** A change an agent took from a phone call, for Acme (whose policy asks changes in writing unless told otherwise). */
const phoneChange = (policy: Policy = defaultPolicy) =>
  ticketDriver({
    kind: 'change',
    policy,
    opening: { channel: 'phone', actor: agent, description: 'A VPN for the Utrecht office, 20 users' },
  });

/** The origin the link handler stamps: the customer, through their link, with the hash of what it showed. */
const confirmationLink = (t: ReturnType<typeof ticketDriver>): Origin => ({
  actor: customer,
  channel: 'link',
  link: {
    action: 'confirm_in_writing',
    contentHash: contentHashOf(linkContent('confirm_in_writing', t.context, t.policy).content),
    nonce: 'nonce-writing',
  },
});

const refusedWith = (decision: Decision) => {
  if (decision.ok) throw new Error('expected a refusal');
  return decision;
};

describe('Een verzoek tot het doorvoeren van gewenste wijziging wordt schriftelijk ingediend', () => {
  it('holds a change registered by phone from quoting and scheduling until the customer confirms it in writing', () => {
    const t = phoneChange();

    t.send('CLASSIFY', classifyAsChange);
    const quote = refusedWith(t.send('SUBMIT_QUOTE', quoteLines));
    const schedule = refusedWith(t.send('SCHEDULE_WORK', { plannedFor: '2026-11-30T09:00:00+01:00' }));

    expect(t.stage).toBe('awaitingWrittenConfirmation');
    expect(t.context.inWriting).toBeNull();
    for (const refusal of [quote, schedule]) {
      expect(refusal.reason).toBe('not-allowed');
      expect(refusal).toMatchObject({ stage: 'awaitingWrittenConfirmation' });
      if (refusal.reason === 'not-allowed') expect(refusal.allowed).toEqual(expect.arrayContaining(['CANCEL']));
      if (refusal.reason === 'not-allowed') expect(refusal.allowed).not.toContain('SUBMIT_QUOTE');
    }

    expect(t.send('CHANGE_CONFIRMED_IN_WRITING', {}, confirmationLink(t)).ok).toBe(true);
    expect(t.stage).toBe('quoting');
    expect(t.send('SUBMIT_QUOTE', quoteLines).ok).toBe(true);
    expect(t.stage).toBe('awaitingApproval.waiting');
  });

  it('mails the requester what was registered, its subject and description, with the link to confirm it', () => {
    const t = phoneChange();

    t.send('CLASSIFY', classifyAsChange);

    const [mail] = t.sent('changeConfirmationRequest');
    expect(mail).toMatchObject({ to: 'requester', address: 'jan@acme.example.nl', language: 'nl' });
    expect(mail!.subject).toBe('[INC-2026-000001] Bevestig uw wijzigingsverzoek schriftelijk: Mail server unreachable');
    expect(mail!.text).toContain('A VPN for the Utrecht office, 20 users');
    expect(mail!.text).toContain('schriftelijk');
  });

  it('waits on the customer: the SLA pauses while the confirmation is outstanding', () => {
    const t = phoneChange();

    t.send('CLASSIFY', classifyAsChange);

    expect(t.slaRegion('resolution')).toBe('"paused"');
  });

  it('records the confirmation with the hash of exactly what the customer confirmed', () => {
    const t = phoneChange();
    t.send('CLASSIFY', classifyAsChange);
    const origin = confirmationLink(t);

    t.send('CHANGE_CONFIRMED_IN_WRITING', {}, origin);

    const hash = writtenChangeHash({
      id: 'INC-2026-000001',
      subject: 'Mail server unreachable',
      description: 'A VPN for the Utrecht office, 20 users',
    });
    expect(origin.link!.contentHash).toBe(hash);
    expect(t.log.at(-1)!.event).toMatchObject({
      type: 'CHANGE_CONFIRMED_IN_WRITING',
      channel: 'link',
      viaLink: { action: 'confirm_in_writing', contentHash: hash },
    });
    expect(t.context.inWriting).toEqual({ by: customer.id, at: t.now, via: 'link', contentHash: hash });
  });

  it('refuses a confirmation of other content than was registered', () => {
    const t = phoneChange();
    t.send('CLASSIFY', classifyAsChange);
    const forged: Origin = {
      ...confirmationLink(t),
      link: { action: 'confirm_in_writing', contentHash: 'x', nonce: 'n' },
    };

    const refusal = refusedWith(t.send('CHANGE_CONFIRMED_IN_WRITING', {}, forged));

    expect(refusal).toMatchObject({ reason: 'not-allowed', stage: 'awaitingWrittenConfirmation' });
    expect(t.context.inWriting).toBeNull();
  });

  it('refuses a stale link after the subject changed: it confirms what the customer saw, not what stands now', () => {
    const t = phoneChange();
    t.send('CLASSIFY', classifyAsChange);
    const { ref, content } = linkContent('confirm_in_writing', t.context, t.policy);
    const claims = {
      ticketId: t.context.id,
      action: 'confirm_in_writing',
      ref,
      contentHash: contentHashOf(content),
    } as LinkClaims;
    const allowed = allowedEvents(t.machine, t.head.snapshot);

    const asMailed = staleReason(claims, t.context, t.policy, allowed);
    const afterEdit = staleReason(claims, { ...t.context, subject: 'A VPN for two offices' }, t.policy, allowed);

    expect(linkEvent(claims)).toEqual({ type: 'CHANGE_CONFIRMED_IN_WRITING' });
    expect(asMailed).toBeNull();
    expect(afterEdit).toBe('changed');
  });

  it("counts the customer's reply by mail as writing, but not an answer an agent records from a phone call", () => {
    const t = phoneChange();
    t.send('CLASSIFY', classifyAsChange);

    t.send('CUSTOMER_REPLIED', { message: 'Yes, he said so on the phone' });
    const afterPhone = t.stage;
    t.send('CUSTOMER_REPLIED', { message: 'Yes, that is what we need.' }, { actor: customer, channel: 'email' });

    expect(afterPhone).toBe('awaitingWrittenConfirmation');
    expect(t.stage).toBe('quoting');
    expect(t.context.inWriting).toEqual({ by: customer.id, at: t.now, via: 'email' });
  });

  it('never takes an agent’s word for the confirmation', () => {
    const t = phoneChange();
    t.send('CLASSIFY', classifyAsChange);

    const refusal = refusedWith(t.send('CHANGE_CONFIRMED_IN_WRITING', {}));

    expect(refusal.reason).toBe('invalid');
    expect(t.stage).toBe('awaitingWrittenConfirmation');
  });

  it.each([
    ['mail', { channel: 'email' as const, actor: customer }],
    ['a webhook', { channel: 'webhook' as const, actor: { type: 'system' as const, id: 'webhook:acme-monitoring' } }],
    ['the portal', { channel: 'portal' as const, actor: customer }],
  ])('leaves a change that came by %s unaffected: it is in writing from the start', (_how, opening) => {
    const t = ticketDriver({ kind: 'change', opening });

    t.send('CLASSIFY', classifyAsChange);

    expect(t.context.inWriting).toMatchObject({ via: opening.channel, by: opening.actor.id });
    expect(t.stage).toBe('quoting');
    expect(t.sent('changeConfirmationRequest')).toEqual([]);
  });

  it('holds an incident reported by phone that an agent reclassifies as a change, and one quoted from out of scope', () => {
    const reclassified = ticketDriver({ opening: { channel: 'phone', actor: agent } });
    const outOfScope = phoneChange();

    reclassified.send('CLASSIFY', classifyAsChange);
    outOfScope.send('CLASSIFY', { ...classifyAsChange, inScope: false });
    outOfScope.send('START_QUOTE');

    expect(reclassified.stage).toBe('awaitingWrittenConfirmation');
    expect(outOfScope.stage).toBe('awaitingWrittenConfirmation');
  });

  it('leaves incidents and service requests registered by phone alone', () => {
    const incident = ticketDriver({ opening: { channel: 'phone', actor: agent } });
    const request = ticketDriver({ kind: 'service_request', opening: { channel: 'phone', actor: agent } });

    incident.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'network', inScope: true });
    request.send('CLASSIFY', { ...classifyAsChange, kind: 'service_request', catalogItemId: 'other' });

    expect(incident.stage).toBe('diagnosing');
    expect(request.stage).toBe('quoting');
  });

  it('is off for a customer whose policy says changesInWriting: false, and on for the others', () => {
    const policy: Policy = {
      ...defaultPolicy,
      customers: defaultPolicy.customers.map((c) => (c.id === 'acme' ? { ...c, changesInWriting: false } : c)),
    };
    const acme = phoneChange(policy);
    const globex = ticketDriver({
      kind: 'change',
      policy,
      opening: { channel: 'phone', actor: agent, customerId: 'globex', language: 'en' },
    });

    acme.send('CLASSIFY', classifyAsChange);
    globex.send('CLASSIFY', classifyAsChange);

    expect(acme.stage).toBe('quoting');
    expect(globex.stage).toBe('awaitingWrittenConfirmation');
    expect(globex.sent('changeConfirmationRequest')[0]!.subject).toContain('Please confirm your request for change');
  });
});
