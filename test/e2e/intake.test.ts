import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';
import { mailFixture } from '../support/mail-fixtures';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `intake-${randomUUID()}`;
const portalSecret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
const previousPortalSecret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
const monitoringToken = `monitoring-${randomUUID()}`;
let desk: LocalDesk;

beforeAll(async () => {
  desk = await startTestDesk('intake', {
    clock,
    agentToken: token,
    secrets: {
      WEBHOOK_SECRET_GLOBEX_PORTAL: portalSecret,
      WEBHOOK_SECRET_GLOBEX_PORTAL_PREVIOUS: previousPortalSecret,
      WEBHOOK_SECRET_ACME_MONITORING: monitoringToken,
    },
  });
});
afterAll(async () => desk.stop());

const ticket = async (id: string) => (await call(`${desk.url}/v1/tickets/${id}`, { token })).json;

describe('mail over a real SMTP session', () => {
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });

  it('opens a ticket with an acknowledgement owed, threads the reply, and records the auto-reply without looping', async () => {
    const sent = await transport().sendMail({
      from: '"Jan de Vries" <jan@acme.example.nl>',
      to: 'servicedesk@desk.example.com',
      subject: 'Scanner op kantoor Utrecht werkt niet',
      text: 'De scanner geeft een papierstoring maar er zit geen papier vast.',
      messageId: '<smtp-e2e-1@acme.example.nl>',
    });
    expect(sent.accepted).toEqual(['servicedesk@desk.example.com']);
    const queue = (await call(`${desk.url}/v1/tickets?status=triage`, { token })).json.tickets;
    const created = queue.find((t: { subject: string }) => t.subject === 'Scanner op kantoor Utrecht werkt niet');
    expect(created).toMatchObject({ customerId: 'acme', requester: { email: 'jan@acme.example.nl' } });
    // Routing put it in the service desk's queue, whose mailbox is told.
    expect((await ticket(created.id)).outbox).toEqual([
      expect.objectContaining({ template: 'acknowledgement', to: 'requester' }),
      expect.objectContaining({ template: 'queuedForTeam', to: 'team', address: 'servicedesk-team@desk.example.com' }),
    ]);
    // The acknowledgement reaches the local mailbox, tagged with the ticket.
    const mailbox = await eventually(async () => {
      const page = await (await fetch(`${desk.url}/dev/mailbox`)).text();
      expect(page).toContain(`[${created.id}] Uw melding is ontvangen: Scanner op kantoor Utrecht werkt niet`);
      return page;
    });
    expect(mailbox).toContain('jan@acme.example.nl');

    await transport().sendMail({
      from: 'jan@acme.example.nl',
      to: 'servicedesk@desk.example.com',
      subject: `Re: [${created.id}] Scanner op kantoor Utrecht werkt niet`,
      text: 'Het model is een Canon DR-C240.',
      inReplyTo: '<smtp-e2e-1@acme.example.nl>',
      references: ['<smtp-e2e-1@acme.example.nl>'],
    });
    await transport().sendMail({
      envelope: { from: 'jan@acme.example.nl', to: ['servicedesk@desk.example.com'] },
      raw: mailFixture('out-of-office.eml', { TICKET: created.id, IN_REPLY_TO: 'smtp-e2e-1@acme.example.nl' }),
    });

    const detail = await ticket(created.id);
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'COMMENT', 'MAIL_RECORDED']);
    // Nothing more than the opening's own two (the acknowledgement and the team's notice): no loop.
    expect(detail.outbox).toHaveLength(2);
  });

  it('quarantines mail from an unknown sender and lists it for agents', async () => {
    await transport().sendMail({
      from: 'someone@unknown.example.org',
      to: 'servicedesk@desk.example.com',
      subject: 'Offerte printers',
      text: 'Interesse?',
    });
    const { json } = await call(`${desk.url}/v1/quarantine`, { token });
    expect(json.quarantine[0]).toMatchObject({
      reason: 'unknown-sender',
      from: 'someone@unknown.example.org',
      subject: 'Offerte printers',
    });
  });
});

describe('webhooks', () => {
  const portal = (body: string, headers: Record<string, string>) =>
    fetch(`${desk.url}/v1/webhooks/globex-portal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const signed = (secret: string, id: string, body: string, at = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  });

  it('opens a ticket from a delivery signed as a Standard Webhooks sender would, once per delivery id', async () => {
    const body = JSON.stringify({
      title: 'Portal: password reset fails',
      description: 'Users get error 500',
      priority: 'P2',
    });
    const first = await portal(body, signed(portalSecret, 'msg_portal_1', body));
    const again = await portal(body, signed(portalSecret, 'msg_portal_1', body));
    const firstJson = (await first.json()) as { ticketId: string };
    expect(first.status).toBe(202);
    expect(firstJson).toMatchObject({ outcome: 'created', ticketId: expect.stringMatching(/^INC-2026-/) });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ ticketId: firstJson.ticketId, outcome: 'duplicate' });
    expect(await ticket(firstJson.ticketId)).toMatchObject({
      customerId: 'globex',
      priority: 'P2',
      subject: 'Portal: password reset fails',
    });
  });

  it('accepts the previous key during rotation, and several signatures in one header', async () => {
    const body = JSON.stringify({ title: 'Rotated key' });
    const old = signed(previousPortalSecret, 'msg_portal_2', body);
    const both = { ...signed(portalSecret, 'msg_portal_3', body) };
    both['webhook-signature'] =
      `${new Webhook(previousPortalSecret).sign('msg_portal_3', new Date(Number(both['webhook-timestamp']) * 1000), body)} v1,bm90LXRoaXMtb25l`;
    expect((await portal(body, old)).status).toBe(202);
    expect((await portal(body, both)).status).toBe(202);
  });

  it('refuses unsigned, badly signed, stale and future deliveries with 401, changing nothing', async () => {
    const body = JSON.stringify({ title: 'Should never exist' });
    const before = (await call(`${desk.url}/v1/tickets`, { token })).json.tickets.length;
    const tampered = signed(portalSecret, 'msg_bad_1', body);
    const responses = await Promise.all([
      portal(body, {}),
      portal(body.replace('never', 'ever'), tampered),
      portal(body, signed(portalSecret, 'msg_bad_2', body, new Date(Date.now() - 6 * 60_000))),
      portal(body, signed(portalSecret, 'msg_bad_3', body, new Date(Date.now() + 6 * 60_000))),
      portal(body, signed('whsec_' + Buffer.from('wrong').toString('base64'), 'msg_bad_4', body)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(responses[0]!.headers.get('content-type')).toBe('application/problem+json');
    expect((await call(`${desk.url}/v1/tickets`, { token })).json.tickets.length).toBe(before);
  });

  it('names each bad field with 400 and refuses a body over the size limit with 413', async () => {
    const bad = JSON.stringify({ title: '', priority: 'P9', colour: 'red' });
    const invalid = await portal(bad, signed(portalSecret, 'msg_invalid', bad));
    const problem = (await invalid.json()) as { errors: unknown[] };
    expect(invalid.status).toBe(400);
    expect(problem.errors.length).toBeGreaterThan(0);
    const huge = JSON.stringify({ title: 'x', description: 'y'.repeat(300 * 1024) });
    expect((await portal(huge, signed(portalSecret, 'msg_huge', huge))).status).toBe(413);
    const notJson = '{"title": ';
    expect((await portal(notJson, signed(portalSecret, 'msg_notjson', notJson))).status).toBe(400);
  });

  it('refuses a delivery that is not JSON with 415 before reading it, changing nothing', async () => {
    const before = (await call(`${desk.url}/v1/tickets`, { token })).json.tickets.length;
    const form = 'title=Not+JSON';
    const json = JSON.stringify({ title: 'Sent as text' });
    const untyped = (body: string, headers: Record<string, string>) =>
      fetch(`${desk.url}/v1/webhooks/globex-portal`, { method: 'POST', headers, body: new TextEncoder().encode(body) });

    const responses = await Promise.all([
      portal(form, { ...signed(portalSecret, 'msg_form', form), 'content-type': 'application/x-www-form-urlencoded' }),
      portal(json, { ...signed(portalSecret, 'msg_text', json), 'content-type': 'text/plain; charset=utf-8' }),
      untyped(json, signed(portalSecret, 'msg_untyped', json)),
      portal(json, { ...signed(portalSecret, 'msg_jsonish', json), 'content-type': 'application/jsonp' }),
    ]);

    expect(responses.map((r) => r.status)).toEqual([415, 415, 415, 415]);
    expect(responses.map((r) => r.headers.get('content-type'))).toEqual(Array(4).fill('application/problem+json'));
    expect(await responses[0]!.json()).toMatchObject({
      title: 'Unsupported media type',
      status: 415,
      detail: expect.stringContaining('application/x-www-form-urlencoded'),
    });
    expect((await call(`${desk.url}/v1/tickets`, { token })).json.tickets.length).toBe(before);
  });

  it('takes a delivery typed as JSON with parameters or as a +json type', async () => {
    const body = JSON.stringify({ title: 'Typed as a CloudEvent' });
    const typed = await portal(body, {
      ...signed(portalSecret, 'msg_cloudevent', body),
      'content-type': 'application/cloudevents+json; charset=utf-8',
    });
    const withCharset = await portal(body, {
      ...signed(portalSecret, 'msg_charset', body),
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect([typed.status, withCharset.status]).toEqual([202, 202]);
  });

  it('opens one incident for an Alertmanager group firing, updates it on a repeat, and resolves it when the group resolves', async () => {
    const alert = (status: 'firing' | 'resolved', endsAt = '0001-01-01T00:00:00Z') => ({
      status,
      labels: { alertname: 'DiskFull', instance: 'fs01.acme.local:9100', severity: 'critical' },
      annotations: { summary: 'Disk /data is 97% full' },
      startsAt: '2026-11-24T08:55:00Z',
      endsAt,
      generatorURL: 'http://prometheus.acme.local/graph',
      fingerprint: 'c2a1b3d4e5f60718',
    });
    const notification = (status: 'firing' | 'resolved') => ({
      version: '4',
      groupKey: '{}/{severity="critical"}:{alertname="DiskFull"}',
      truncatedAlerts: 0,
      status,
      receiver: 'servicedesk',
      groupLabels: { alertname: 'DiskFull' },
      commonLabels: { alertname: 'DiskFull', instance: 'fs01.acme.local:9100', severity: 'critical' },
      commonAnnotations: { summary: 'Disk /data is 97% full' },
      externalURL: 'http://alertmanager.acme.local',
      alerts: [alert(status, status === 'resolved' ? '2026-11-24T09:40:00Z' : undefined)],
    });
    const send = (body: unknown, auth = monitoringToken) =>
      fetch(`${desk.url}/v1/webhooks/acme-monitoring`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
        body: JSON.stringify(body),
      });

    expect((await send(notification('firing'), 'wrong-token')).status).toBe(401);
    const firing = (await (await send(notification('firing'))).json()) as { ticketId: string };
    const repeat = await (
      await send({
        ...notification('firing'),
        alerts: [{ ...alert('firing'), annotations: { summary: 'Disk /data is 99% full' } }],
      })
    ).json();
    const resolved = await (await send(notification('resolved'))).json();

    expect(firing).toMatchObject({ outcome: 'created' });
    expect(repeat).toEqual({ outcome: 'updated', ticketId: firing.ticketId });
    expect(resolved).toEqual({ outcome: 'updated', ticketId: firing.ticketId });
    const incident = await ticket(firing.ticketId);
    expect(incident).toMatchObject({
      kind: 'incident',
      priority: 'P1',
      customerId: 'acme',
      stage: 'resolved',
      subject: 'DiskFull on fs01.acme.local:9100: Disk /data is 97% full',
    });
    expect(incident.timeline.map((e: { type: string }) => e.type)).toEqual(['CREATED', 'COMMENT', 'ALERT_RESOLVED']);
  });
});
