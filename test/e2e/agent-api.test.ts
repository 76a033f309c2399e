import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { changesInWritingWaived, startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: LocalDesk;
let relay: SmtpRelay;
const token = 'test-token-' + randomUUID();
/** Addresses the relay refuses for good (550), as a mail server does for a mailbox that is gone. */
const gone = new Set<string>();

beforeAll(async () => {
  relay = await startSmtpRelay((recipients) =>
    recipients.some((r) => gone.has(r)) ? { code: 550, message: '5.1.1 <recipient> user unknown' } : null,
  );
  desk = await startTestDesk('e2e', {
    clock,
    agentToken: token,
    // Its changes are registered by agents: the rule for changes in writing has its own specs.
    policy: changesInWritingWaived,
    mailSmtpUrl: relay.url,
  });
});
afterAll(async () => {
  await desk.stop();
  await relay.close();
});

const api = (path: string, options: Parameters<typeof call>[1] = {}) =>
  call(`${desk.url}${path}`, { token, ...options });
const send = (id: string, event: Record<string, unknown>) => api(`/v1/tickets/${id}/events`, { body: event });

describe('the agent API on a running server', () => {
  it('refuses callers without the agent token, or with a wrong one', async () => {
    expect((await call(`${desk.url}/v1/tickets`)).status).toBe(401);
    const wrong = await call(`${desk.url}/v1/tickets`, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.contentType).toBe('application/problem+json');
  });

  it('answers malformed request targets with 400 and keeps serving', async () => {
    const { port } = new URL(desk.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.end('GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1.1 400/);
    expect((await api('/v1/tickets/%E0%A4%A')).status).toBe(404);
    expect((await call(`${desk.url}/healthz`)).status).toBe(200);
  });

  it('answers ids no ticket could have with 400 naming the parameter, however long, and never asks the store', async () => {
    const long = `INC-2026-${'9'.repeat(2050)}`;
    for (const id of [long, 'x'.repeat(3000), 'INC-2026-1', '../healthz']) {
      const read = await api(`/v1/tickets/${encodeURIComponent(id)}`);
      const write = await send(encodeURIComponent(id), { type: 'ADD_NOTE', text: 'x' });
      expect([read.status, write.status]).toEqual([400, 400]);
      expect(read.json.errors).toEqual([{ field: 'id', message: expect.stringContaining('ticket number') }]);
    }
    const source = await call(`${desk.url}/v1/webhooks/${'a'.repeat(3000)}`, { body: {} });
    expect(source.status).toBe(404);
  });

  it('serves its own OpenAPI document, without a token', async () => {
    const served = await call(`${desk.url}/v1/openapi.json`);
    expect(served).toMatchObject({
      status: 200,
      json: { openapi: '3.1.0', paths: expect.objectContaining({ '/v1/tickets/{id}/events': expect.any(Object) }) },
    });
  });

  it('answers health checks without a token', async () => {
    expect(await call(`${desk.url}/healthz`)).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('creates a ticket, shows it with its timeline and allowed events, and lists it by status', async () => {
    const created = await api('/v1/tickets', {
      body: {
        kind: 'incident',
        subject: 'Outlook crashes',
        requester: { email: 'jan@acme.example.nl' },
        customerId: 'acme',
      },
    });
    expect(created.status).toBe(201);
    expect(created.location).toBe(`/v1/tickets/${created.json.id}`);
    expect(created.json).toMatchObject({
      kind: 'incident',
      status: 'triage',
      title: { nl: 'Triage', en: 'Triage' },
      priority: 'P3',
    });

    const detail = await api(`/v1/tickets/${created.json.id}`);
    expect(detail.json.allowedEvents).toEqual(['ADD_NOTE', 'ASSIGN', 'CANCEL', 'CLASSIFY', 'REPLY', 'SET_PRIORITY']);
    expect(detail.json.timeline).toEqual([expect.objectContaining({ seq: 1, type: 'CREATED' })]);
    expect(detail.json.timers.map((t: { name: string }) => t.name)).toEqual([
      'slaResponseWarning',
      'slaResolutionWarning',
    ]);
    expect(detail.json.outbox).toEqual([expect.objectContaining({ template: 'acknowledgement', status: 'pending' })]);

    const queue = await api('/v1/tickets?status=triage');
    expect(queue.json.tickets.map((t: { id: string }) => t.id)).toContain(created.json.id);
  });

  it('answers bad input with problem documents and changes nothing', async () => {
    const created = await api('/v1/tickets', {
      body: { kind: 'incident', subject: 'x', requester: { email: 'jan@acme.example.nl' } },
    });
    const id = created.json.id;

    const malformed = await api(`/v1/tickets/${id}/events`, { rawBody: '{"type": "CLASSIFY",' });
    const invalid = await send(id, {
      type: 'CLASSIFY',
      kind: 'incident',
      priority: 'P7',
      category: 'x',
      inScope: true,
    });
    const notAllowed = await send(id, { type: 'RESOLVE', summary: 'done' });
    const missing = await api('/v1/tickets/INC-2026-999999');
    const badCreate = await api('/v1/tickets', { body: { kind: 'problem', requester: { email: 'not-an-address' } } });

    expect(malformed).toMatchObject({
      status: 400,
      contentType: 'application/problem+json',
      json: { title: 'Malformed JSON' },
    });
    expect(invalid).toMatchObject({ status: 400, json: { errors: [{ field: 'priority' }] } });
    expect(notAllowed).toMatchObject({
      status: 409,
      json: { allowed: ['ADD_NOTE', 'ASSIGN', 'CANCEL', 'CLASSIFY', 'REPLY', 'SET_PRIORITY'] },
    });
    expect(missing.status).toBe(404);
    expect(badCreate.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'kind',
      'requester.email',
      'subject',
    ]);
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(1);
  });

  it('walks an incident through a vendor follow-up and an on-site visit to closure, timers firing', async () => {
    const { json: ticket } = await api('/v1/tickets', {
      body: {
        kind: 'incident',
        subject: 'Internet down at HQ',
        requester: { email: 'jan@acme.example.nl' },
        customerId: 'acme',
      },
    });
    const id = ticket.id;
    expect(
      (await send(id, { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true })).json
        .status,
    ).toBe('diagnosing');
    expect(
      (await send(id, { type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity', note: 'Fibre down' })).json.stage,
    ).toBe('withThirdParty.followingUp');

    clock.advance(4 * 3600_000 + 60_000);
    const reminded = await eventually(async () => {
      const detail = await api(`/v1/tickets/${id}`);
      expect(detail.json.outbox.map((m: { template: string }) => m.template)).toContain('vendorReminder');
      return detail.json;
    });
    expect(reminded.vendor).toMatchObject({ id: 'connectivity', reminders: 1 });

    await send(id, { type: 'VENDOR_REPLIED', vendorRef: 'KPN-7781', message: 'Router at customer site is faulty' });
    await send(id, { type: 'PROPOSE_ONSITE', reason: 'Replace the router' });
    await send(id, { type: 'CONSENT_GIVEN' });
    await send(id, { type: 'PLAN_VISIT', plannedFor: '2026-11-25T09:00:00+01:00', technician: 'Piet' });
    await send(id, {
      type: 'RECORD_VISIT',
      hours: 1.5,
      materials: [{ description: 'Router', quantity: 1, unitCents: 18900 }],
    });
    expect((await send(id, { type: 'RESOLVE', summary: 'Router replaced' })).json.status).toBe('resolved');
    clock.advance(8 * 24 * 3600_000); // past five business days

    const closed = await eventually(async () => {
      const detail = await api(`/v1/tickets/${id}`);
      expect(detail.json.status).toBe('closed');
      return detail.json;
    });
    expect(closed.timers).toEqual([]);
    expect(closed.allowedEvents).toEqual([]);
    expect(closed.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CREATED',
      'CLASSIFY',
      'FORWARD_TO_VENDOR',
      'timer:vendorFollowUp',
      'VENDOR_REPLIED',
      'PROPOSE_ONSITE',
      'CONSENT_GIVEN',
      'PLAN_VISIT',
      'RECORD_VISIT',
      'RESOLVE',
      'timer:resolvedAutoClose',
    ]);
  });

  describe('provenance is stamped by the channel that received it, never read from a body', () => {
    const fields = (response: { json: { errors?: { field: string }[] } }) =>
      (response.json.errors ?? []).map((e) => e.field);

    it('refuses the channel events an agent cannot send (what mail, monitoring and bounces say), changing nothing', async () => {
      const { json: ticket } = await api('/v1/tickets', {
        body: { kind: 'incident', subject: 'Printer', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      });

      const refused = [
        await send(ticket.id, { type: 'COMMENT', channel: 'email', from: 'jan@acme.example.nl', text: 'please close' }),
        await send(ticket.id, { type: 'COMMENT', from: 'jan@acme.example.nl', text: 'please close' }),
        await send(ticket.id, { type: 'MAIL_RECORDED', reason: 'bounce', from: 'x@y.z' }),
        await send(ticket.id, { type: 'ALERT_RESOLVED', source: 'acme-monitoring' }),
      ];

      for (const response of refused)
        expect(response).toMatchObject({ status: 400, contentType: 'application/problem+json' });
      for (const response of refused) expect(fields(response)).toEqual(['type']);
      expect((await api(`/v1/tickets/${ticket.id}`)).json.version).toBe(1);
    });

    it('refuses a forged "approved through the link" and takes the agent\'s own record of an approval as the agent\'s', async () => {
      const { json: change } = await api('/v1/tickets', {
        body: { kind: 'change', subject: 'VPN', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      });
      await send(change.id, { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
      await send(change.id, {
        type: 'SUBMIT_QUOTE',
        lines: [{ kind: 'hardware', description: 'Appliance', quantity: 1, unitCents: 89900 }],
      });
      const forged = {
        type: 'QUOTE_APPROVED',
        quoteVersion: 1,
        viaLink: { action: 'approve_quote', contentHash: 'x', nonce: 'y' },
      };

      const refused = await send(change.id, forged);
      const recorded = await send(change.id, { type: 'QUOTE_APPROVED', quoteVersion: 1 });

      expect(refused.status).toBe(400);
      expect(fields(refused)).toEqual(['viaLink']);
      expect(recorded.status).toBe(200);
      const approval = (await api(`/v1/tickets/${change.id}`)).json.timeline.find(
        (e: { type: string }) => e.type === 'QUOTE_APPROVED',
      );
      expect(approval.payload).toMatchObject({ channel: 'agent' });
      expect(approval.payload.viaLink).toBeUndefined();
      expect(approval.actor).toEqual({ type: 'agent', id: 'anna' });
    });

    it("lets an agent register a phone call or a request on the customer's behalf, but not claim it came by mail or webhook, nor attach stored files", async () => {
      const base = {
        kind: 'incident',
        subject: 'Call',
        requester: { email: 'jan@acme.example.nl' },
        customerId: 'acme',
      };
      const digest = 'a'.repeat(64);

      const byMail = await api('/v1/tickets', { body: { ...base, channel: 'email' } });
      const byWebhook = await api('/v1/tickets', { body: { ...base, channel: 'webhook' } });
      const withFile = await api('/v1/tickets', {
        body: { ...base, attachments: [{ name: 'x.pdf', type: 'application/pdf', size: 1, sha256: digest }] },
      });
      const unknownField = await api('/v1/tickets', {
        body: { ...base, actor: { type: 'customer', id: 'jan@acme.example.nl' } },
      });
      const phone = await api('/v1/tickets', { body: { ...base, channel: 'phone' } });

      expect([byMail, byWebhook, withFile, unknownField].map((r) => r.status)).toEqual([400, 400, 400, 400]);
      expect([byMail, byWebhook, withFile, unknownField].map(fields)).toEqual([
        ['channel'],
        ['channel'],
        ['attachments'],
        ['actor'],
      ]);
      expect(phone.status).toBe(201);
      const [created] = (await api(`/v1/tickets/${phone.json.id}`)).json.timeline;
      expect(created.payload).toMatchObject({ channel: 'phone' });
      expect(created.actor).toEqual({ type: 'agent', id: 'anna' });
    });
  });
});

describe('resending a failed mail through the API', () => {
  /** A ticket whose acknowledgement the relay refused for good, as the API shows it once it failed. */
  async function ticketWithFailedMail(requester: string) {
    gone.add(requester);
    const { json: created } = await api('/v1/tickets', {
      body: { kind: 'incident', subject: 'Laptop start niet', requester: { email: requester }, customerId: 'acme' },
    });
    const detail = await eventually(async () => {
      const { json } = await api(`/v1/tickets/${created.id}`);
      expect(json.mailFailures).toHaveLength(1);
      return json;
    });
    gone.delete(requester);
    return { id: created.id as string, detail };
  }

  it('shows the failure on the ticket with its reason and resend, resends it once, and it goes out', async () => {
    const { id, detail } = await ticketWithFailedMail('vertrokken@acme.example.nl');
    expect(detail.mailFailures[0]).toMatchObject({
      seq: 1,
      n: 1,
      template: 'acknowledgement',
      address: 'vertrokken@acme.example.nl',
      failure: 'permanent',
      attempts: 1,
      reason: expect.stringContaining('5.1.1 <recipient> user unknown'),
      suppressed: null,
      resend: { method: 'POST', href: `/v1/tickets/${id}/outbox/1/1/resend` },
    });
    expect(detail.outbox[0]).toMatchObject({ status: 'failed', failure: 'permanent', resends: 0, retryUntil: null });

    const resent = await api(detail.mailFailures[0].resend.href, { method: 'POST' });
    expect(resent).toMatchObject({
      status: 200,
      json: { status: 'pending', attempts: 0, resends: 1, resentBy: { type: 'agent', id: 'anna' } },
    });
    // A fresh window of five days from the resend (desk time stands still here).
    expect(resent.json.retryUntil).toBe(new Date(clock.now() + 120 * 3600_000).toISOString());
    expect(resent.json.resendHistory).toEqual([
      expect.objectContaining({
        by: { type: 'agent', id: 'anna' },
        failure: 'permanent',
        attempts: 1,
        clearedSuppression: null,
      }),
    ]);

    const delivered = await eventually(async () => {
      const { json } = await api(`/v1/tickets/${id}`);
      expect(json.outbox[0].status).toBe('sent');
      return json;
    });
    expect(delivered.mailFailures).toEqual([]);
    expect(
      relay.received.filter((raw) =>
        new RegExp(`Message-ID: <${id}\\.1\\.1\\.[\\w-]+@desk\\.example\\.com>`).test(raw.toString()),
      ),
    ).toHaveLength(1);
    expect(await api(detail.mailFailures[0].resend.href, { method: 'POST' })).toMatchObject({
      status: 409,
      json: { title: 'Mail not failed', status_now: 'sent' },
    });
  });

  it('refuses what it cannot resend with a problem document, and changes nothing', async () => {
    const { id } = await ticketWithFailedMail('ontslagen@acme.example.nl');
    const { json: other } = await api('/v1/tickets', {
      body: { kind: 'incident', subject: 'Printer', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
    });
    const resend = (path: string, options: Parameters<typeof call>[1] = {}) =>
      api(path, { method: 'POST', ...options });
    const cases: [string, Awaited<ReturnType<typeof call>>, number, Record<string, unknown>][] = [
      ['unknown message', await resend(`/v1/tickets/${id}/outbox/1/9/resend`), 404, { title: 'Not found' }],
      ['unknown ticket', await resend('/v1/tickets/INC-2026-999999/outbox/1/1/resend'), 404, { title: 'Not found' }],
      ['not failed', await resend(`/v1/tickets/${other.id}/outbox/1/1/resend`), 409, { title: 'Mail not failed' }],
      [
        'bad ticket id',
        await resend('/v1/tickets/not-a-ticket/outbox/1/1/resend'),
        400,
        { errors: [expect.objectContaining({ field: 'id' })] },
      ],
      [
        'bad seq',
        await resend(`/v1/tickets/${id}/outbox/first/1/resend`),
        400,
        { errors: [expect.objectContaining({ field: 'seq' })] },
      ],
      [
        'n of 0',
        await resend(`/v1/tickets/${id}/outbox/1/0/resend`),
        400,
        { errors: [expect.objectContaining({ field: 'n' })] },
      ],
      [
        'seq too long',
        await resend(`/v1/tickets/${id}/outbox/12345678901/1/resend`),
        400,
        { errors: [expect.objectContaining({ field: 'seq' })] },
      ],
      [
        'bad body',
        await resend(`/v1/tickets/${id}/outbox/1/1/resend`, { body: { clearSuppression: 'yes' } }),
        400,
        { errors: [expect.objectContaining({ field: 'clearSuppression' })] },
      ],
      [
        'unknown field',
        await resend(`/v1/tickets/${id}/outbox/1/1/resend`, { body: { force: true } }),
        400,
        { title: 'Invalid request' },
      ],
      [
        'malformed JSON',
        await resend(`/v1/tickets/${id}/outbox/1/1/resend`, { rawBody: '{"clearSuppression":' }),
        400,
        { title: 'Malformed JSON' },
      ],
      [
        'no token',
        await call(`${desk.url}/v1/tickets/${id}/outbox/1/1/resend`, { method: 'POST' }),
        401,
        { title: 'Unauthorized' },
      ],
      ['a GET', await api(`/v1/tickets/${id}/outbox/1/1/resend`), 405, {}],
    ];
    for (const [what, response, status, body] of cases) {
      expect({ what, status: response.status, json: response.json }).toEqual({
        what,
        status,
        json: expect.objectContaining(body),
      });
      if (status !== 405)
        expect({ what, type: response.contentType }).toEqual({ what, type: 'application/problem+json' });
    }
    const { json: after } = await api(`/v1/tickets/${id}`);
    expect(after.outbox[0]).toMatchObject({ status: 'failed', resends: 0 });
  });

  it('says the address is suppressed after a permanent bounce, and resends when the agent clears it', async () => {
    await desk.desk.intake.suppress('kees@acme.example.nl', { status: '5.1.1', at: clock.now() });
    const { json: created } = await api('/v1/tickets', {
      body: { kind: 'incident', subject: 'VPN', requester: { email: 'kees@acme.example.nl' }, customerId: 'acme' },
    });
    const detail = await eventually(async () => {
      const { json } = await api(`/v1/tickets/${created.id}`);
      expect(json.mailFailures).toHaveLength(1);
      return json;
    });
    expect(detail.mailFailures[0]).toMatchObject({
      failure: 'suppressed',
      suppressed: { status: '5.1.1' },
      resend: { body: { clearSuppression: true } },
    });

    const refused = await api(detail.mailFailures[0].resend.href, { method: 'POST' });
    expect(refused).toMatchObject({
      status: 409,
      json: { title: 'Address suppressed', suppressed: { address: 'kees@acme.example.nl', status: '5.1.1' } },
    });
    expect(refused.json.detail).toContain('{"clearSuppression": true}');
    const cleared = await api(detail.mailFailures[0].resend.href, { body: { clearSuppression: true } });
    expect(cleared).toMatchObject({
      status: 200,
      json: {
        status: 'pending',
        resendHistory: [expect.objectContaining({ clearedSuppression: expect.objectContaining({ status: '5.1.1' }) })],
      },
    });
    expect(await desk.desk.intake.suppressed('kees@acme.example.nl')).toBeNull();
    await eventually(async () => expect((await api(`/v1/tickets/${created.id}`)).json.outbox[0].status).toBe('sent'));
  });
});
