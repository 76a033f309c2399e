// The service report on DynamoDB Local over a month the seed drove through real lifecycles: the API,
// the console page with its charts and followed figures, the printable page, the PDF and the mail to
// the key contacts through the outbox — with figures recounted from the stored events and heads.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { manualClock } from '../../functions/clock';
import { csrfTokenFor, issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { createDesk, LINK_VALIDITY_SECONDS, type Desk } from '../../functions/desk';
import { makeBillingExportHandler } from '../../functions/billing/billing-export.handler';
import { makeServiceReportHandler } from '../../functions/reports/service-report.handler';
import { makeConsoleReportsHandler } from '../../functions/reports/console-reports.handler';
import { makeConsoleReportPdfHandler } from '../../functions/reports/console-report-pdf.handler';
import { makeConsoleReportMailHandler } from '../../functions/reports/console-report-mail.handler';
import { reportItemPrefixes } from '../../functions/store/table-schema';
import { seedMonth } from '../../local/seed-month';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { ServiceReport } from '../../workflows/reports/service-report';
import { consoleEvent, invoke } from '../support/console-requests';
import { HANDLER_AGENT_TOKEN, handlerLinkKeys } from '../support/handler-desk';
import { createTestTable } from '../support/test-table';
import { amsterdam } from '../support/ticket-driver';

const bearer = { authorization: `Bearer ${HANDLER_AGENT_TOKEN}` };
const MONTH_START = amsterdam('2026-11-01 00:00');
const MONTH_END = amsterdam('2026-12-01 00:00');
const inMonth = (at: number) => at >= MONTH_START && at < MONTH_END;

let desk: Desk;
let cookies: string[];
let csrf: string;
const stored = new Map<string, { head: TicketHead; events: LoggedEvent[] }>();

async function api(query: Record<string, string>, headers: Record<string, string> = bearer) {
  const response = await invoke(
    makeServiceReportHandler(desk),
    consoleEvent('GET', '/v1/reports/service', { query, headers }),
  );
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

beforeAll(async () => {
  const clock = manualClock(amsterdam('2026-12-02 09:00'));
  // The seed's customers click their links days after they were mailed: links as long-lived as the desk's.
  const { client, tableName } = await createTestTable();
  desk = createDesk({
    client,
    tableName,
    clock,
    agentToken: HANDLER_AGENT_TOKEN,
    links: { keys: handlerLinkKeys, baseUrl: 'https://desk.example.com', validitySeconds: LINK_VALIDITY_SECONDS },
  });
  const summary = await seedMonth(desk, { month: '2026-11', tickets: 40, seed: 11 });
  for (const { id } of summary.tickets) {
    const head = (await desk.store.getHead(id))!;
    stored.set(id, { head, events: await desk.store.listEvents(id) });
  }
  const keys = sessionKeysFrom({ agentToken: HANDLER_AGENT_TOKEN, linkKeys: handlerLinkKeys })!;
  const { token, session } = issueSession(keys, 'anna', 'token', Date.now());
  await createConsoleSessionStore(desk.table.client, desk.table.tableName).create(session);
  cookies = [`${SESSION_COOKIE}=${token}`];
  csrf = csrfTokenFor(keys, session);
}, 180_000);

describe('the service report API', () => {
  let report: ServiceReport;
  beforeAll(async () => {
    const { status, body } = await api({ month: '2026-11' });
    expect(status).toBe(200);
    report = body;
  });

  it('counts the tickets opened in the month, as the stored logs recount them', () => {
    const opened = [...stored]
      .filter(([, t]) => inMonth(t.events[0]!.at))
      .map(([id]) => id)
      .sort();

    expect(report.opened.total.tickets).toEqual(opened);
    expect(report.opened.byPriority.reduce((n, p) => n + p.figure.count, 0)).toBe(report.opened.total.count);
    expect(report.opened.byKind.reduce((n, p) => n + p.figure.count, 0)).toBe(report.opened.total.count);
  });

  it('splits every SLA clock into met, breached and open, as the stored heads record them', () => {
    for (const clock of ['response', 'resolution'] as const) {
      for (const { figures } of report.sla[clock])
        expect(figures.met.count + figures.breached.count + figures.open.count).toBe(figures.total.count);
      const breached = report.sla[clock].flatMap((p) => p.figures.breached.tickets).sort();
      const recorded = [...stored]
        .filter(([, t]) => {
          const at = t.head.snapshot.context.sla[clock].breachedAt;
          return at !== null && inMonth(at);
        })
        .map(([id]) => id)
        .sort();
      expect(breached).toEqual(recorded);
    }
    expect(report.sla.response.some((p) => p.figures.breached.count > 0)).toBe(true);
  });

  it('finds the vendor hand-offs, their reminders and the on-site hours the logs hold', () => {
    const reminders = [...stored.values()].flatMap((t) =>
      t.events.filter((e) => e.type === 'timer:vendorFollowUp' && inMonth(e.at)),
    );
    const visits = [...stored.values()].flatMap((t) =>
      t.events.filter((e) => e.type === 'RECORD_VISIT' && inMonth(e.at)),
    );

    const sent = report.vendors.reduce((n, v) => n + v.reminders.sent, 0);
    const escalations = report.vendors.reduce((n, v) => n + v.escalations.count, 0);
    // Each follow-up the vendor's timer fired either reminded the vendor or, after the last reminder, escalated.
    expect(sent + escalations).toBe(reminders.length);
    expect(sent).toBeGreaterThan(0);
    expect(report.onSite.made).toBe(visits.length);
    expect(report.onSite.hours).toBe(visits.reduce((h, e) => h + Number(e.event.hours), 0));
  });

  it("reconciles with the billing export's totals", async () => {
    const response = await invoke(
      makeBillingExportHandler(desk),
      consoleEvent('GET', '/v1/billing', { query: { month: '2026-11' }, headers: bearer }),
    );
    const billing = JSON.parse(String(response.body));

    expect(report.billing.totalCents).toBe(billing.totalCents);
    expect(report.billing.rows).toBe(billing.rows.length);
    expect(report.billing.reconciled).toEqual({ ok: true, issues: [] });
  });

  it('names the policy its events were replayed with', () => {
    const fingerprints = new Set([...stored.values()].flatMap((t) => t.events.map((e) => e.policy)));
    expect(report.policies).toEqual([...fingerprints].sort());
  });

  it('gives zeros for a month without tickets', async () => {
    const { status, body } = await api({ month: '2025-02', customer: 'acme' });

    expect(status).toBe(200);
    expect(body.opened.total).toEqual({ count: 0, tickets: [] });
    expect(body.billing.totalCents).toBe(0);
    expect(body.backlog.trend).toHaveLength(12);
  });

  it.each([
    [{}, 'month'],
    [{ month: '2026-13' }, 'month'],
    [{ month: '26-11' }, 'month'],
    [{ month: '2026-11', customer: 'nobody' }, 'customer'],
  ])('refuses %j with a problem naming %s', async (query, field) => {
    const { status, body } = await api(query as Record<string, string>);

    expect(status).toBe(400);
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers agents only', async () => {
    expect((await api({ month: '2026-11' }, {})).status).toBe(401);
  });
});

describe('the service report in the console', () => {
  const page = (path: string, query: Record<string, string>) =>
    invoke(makeConsoleReportsHandler(desk), consoleEvent('GET', path, { cookies, query }));

  it('shows the charts as accessible SVG with the numbers beside them', async () => {
    const response = await page('/console/reports', { month: '2026-11', customer: 'acme' });
    const html = String(response.body);

    expect(response.statusCode).toBe(200);
    expect((html.match(/<svg[^>]*role="img"/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('<table');
    expect(html).toContain('figure=opened.total');
  });

  it('lists the tickets a followed figure counts', async () => {
    const { body: report } = await api({ month: '2026-11', customer: 'acme' });
    const response = await page('/console/reports', { month: '2026-11', customer: 'acme', figure: 'opened.total' });
    const html = String(response.body);

    for (const id of report.opened.total.tickets as string[]) expect(html).toContain(`/console/tickets/${id}`);
    const unknown = await page('/console/reports', { month: '2026-11', figure: 'opened.byKind.__proto__' });
    expect(unknown.statusCode).toBe(404);
  });

  it("prints the customer's report in the customer's language", async () => {
    const response = await page('/console/reports/print', { month: '2026-11', customer: 'globex' });

    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toMatch(/<html lang="en/);
    expect(String(response.body)).toContain('Globex Ltd');
  });

  it('refuses a malformed month with a page that says why', async () => {
    const response = await page('/console/reports', { month: 'next' });

    expect(response.statusCode).toBe(400);
    expect(String(response.body)).toContain('expected YYYY-MM');
  });

  it('downloads the PDF', async () => {
    const response = await invoke(
      makeConsoleReportPdfHandler(desk),
      consoleEvent('GET', '/console/reports/pdf', { cookies, query: { month: '2026-11', customer: 'acme' } }),
    );
    const pdf = Buffer.from(String(response.body), 'base64');

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/pdf');
    expect(String(response.headers?.['content-disposition'])).toContain('servicerapport-2026-11-acme.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('mails the report to the key contacts through the outbox, once, and records it', async () => {
    const mail = (form: Record<string, string>) =>
      invoke(makeConsoleReportMailHandler(desk), consoleEvent('POST', '/console/reports/mail', { cookies, form }));

    const sent = await mail({ csrf, month: '2026-11', customer: 'acme' });
    const again = await mail({ csrf, month: '2026-11', customer: 'acme' });
    const noContacts = await mail({ csrf, month: '2026-11', customer: 'globex' });

    expect(sent.statusCode).toBe(303);
    expect(again.statusCode).toBe(409);
    expect(String(again.body)).toContain('mailed before');
    expect(noContacts.statusCode).toBe(409);
    const { Items = [] } = await desk.table.client.send(
      new QueryCommand({
        TableName: desk.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${reportItemPrefixes.mailed}2026-11#acme` },
      }),
    );
    expect(Items).toHaveLength(1);
    const mailing = Items[0]!.mailing;
    expect(mailing).toMatchObject({ to: ['it-manager@acme.example.nl'], by: 'anna' });
    const { Item: outbox } = await desk.table.client.send(
      new GetCommand({
        TableName: desk.table.tableName,
        Key: { pk: `${reportItemPrefixes.mail}${mailing.digest}`, sk: 'OUTBOX#0000000000#000' },
      }),
    );
    expect(outbox).toMatchObject({ status: 'pending', address: 'it-manager@acme.example.nl', language: 'nl' });
    expect(outbox!.subject).toContain('Servicerapport november 2026');
    expect((await desk.blobs.get(`attachments/${mailing.pdf.sha256}`))?.subarray(0, 5).toString()).toBe('%PDF-');
    const shown = await page('/console/reports', { month: '2026-11', customer: 'acme' });
    expect(String(shown.body)).toContain('Mailed to the customer');
  });
});
