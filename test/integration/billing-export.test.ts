import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { makeBillingExportHandler } from '../../functions/billing/billing-export.handler';
import { createBillingSource } from '../../functions/billing/billing-source';
import { manualClock } from '../../functions/clock';
import { createDesk, LINK_VALIDITY_SECONDS, type Desk } from '../../functions/desk';
import { makeLinkActionHandler } from '../../functions/links/link-action.handler';
import { billingCsv, type BillingExport } from '../../workflows/billing/billing';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { amsterdam } from '../support/ticket-driver';
import { byAgent, createTestTable } from '../support/test-table';

const AGENT_TOKEN = 'billing-agent-token';
const keys = parseLinkKeys('billing-test:0123456789abcdef0123456789abcdef');
const jan = { email: 'jan@acme.example.nl', name: 'Jan' };
const vpnQuote = [
  { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 },
  { kind: 'labour', description: 'Configuration', quantity: 3, unitCents: 8500 },
];

/** An API Gateway v2 (HTTP API) request, as the local server and AWS hand it to a handler. */
function request(
  method: string,
  path: string,
  options: {
    query?: Record<string, string>;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query).toString(),
    headers: options.headers ?? {},
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
  };
}

type Http = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const call = (handler: Http, event: APIGatewayProxyEventV2) => handler(event, {} as Context);

let desk: Desk;
let exportBilling: Http;
const ids: Record<'onSite' | 'change' | 'standard' | 'globex' | 'december', string> = {
  onSite: '',
  change: '',
  standard: '',
  globex: '',
  december: '',
};
const clock = manualClock(amsterdam('2026-11-23 09:00'));

const billing = (
  query: Record<string, string>,
  headers: Record<string, string> = { authorization: `Bearer ${AGENT_TOKEN}` },
) => call(exportBilling, request('GET', '/v1/billing', { query, headers }));

async function open(raw: Record<string, unknown>): Promise<string> {
  const created = await desk.service.create(
    { subject: 'Billing test', requester: jan, customerId: 'acme', ...raw },
    byAgent,
  );
  if (!created.ok) throw new Error(`create refused: ${JSON.stringify(created)}`);
  return created.head.id;
}

async function send(id: string, event: Record<string, unknown>) {
  const applied = await desk.service.apply(id, event, byAgent);
  if (!applied.ok) throw new Error(`${String(event.type)} refused: ${JSON.stringify(applied)}`);
}

/** The customer clicks the link in the latest mail of this kind and confirms on its page. */
async function answerLatestMail(id: string, template: string) {
  const mail = (await desk.store.listOutbox(id)).filter((m) => m.template === template).at(-1);
  const token = /\/v1\/links\/([A-Za-z0-9_.-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no link in the ${template} mail of ${id}`);
  const response = await call(
    makeLinkActionHandler(desk),
    request('POST', `/v1/links/${token}`, { pathParameters: { token } }),
  );
  if (response.statusCode !== 200) throw new Error(`link answered ${response.statusCode}`);
}

async function onSiteVisit(
  id: string,
  customerId: string,
  visit: { technician: string; plannedFor: string; recordAt: number; hours: number; materials?: unknown[] },
  consent: 'link' | 'phone',
) {
  await send(id, {
    type: 'CLASSIFY',
    kind: 'incident',
    priority: 'P3',
    category: 'hardware',
    inScope: true,
    customerId,
  });
  await send(id, { type: 'PROPOSE_ONSITE', reason: 'the switch has to be replaced' });
  if (consent === 'link') await answerLatestMail(id, 'onSiteConsentRequest');
  else await send(id, { type: 'CONSENT_GIVEN', note: 'agreed by phone' });
  await send(id, { type: 'PLAN_VISIT', plannedFor: visit.plannedFor, technician: visit.technician });
  clock.set(visit.recordAt);
  await send(id, {
    type: 'RECORD_VISIT',
    hours: visit.hours,
    materials: visit.materials ?? [],
    report: 'switch replaced',
  });
}

beforeAll(async () => {
  const { client, tableName } = await createTestTable();
  desk = createDesk({
    client,
    tableName,
    clock,
    agentToken: AGENT_TOKEN,
    timeoutEarlyInMillis: 0,
    links: { keys, baseUrl: 'https://desk.example.com', validitySeconds: LINK_VALIDITY_SECONDS },
  });
  exportBilling = makeBillingExportHandler(desk, createBillingSource(client, tableName, desk.machine));

  // November at Acme: an on-site visit with materials, a change approved through its link, a standard request.
  ids.onSite = await open({ kind: 'incident', subject: 'Switch on floor 2 dead' });
  ids.change = await open({ kind: 'change', subject: 'Second site on the VPN' });
  ids.standard = await open({ kind: 'service_request', subject: 'Mailbox for a new colleague' });
  ids.globex = await open({
    kind: 'incident',
    subject: 'Printer offline',
    requester: { email: 'ann@globex.example.com' },
    customerId: 'globex',
  });
  ids.december = await open({ kind: 'incident', subject: 'Server room alarm' });

  // CLASSIFY names the customer again: the chart clears a customer that CLASSIFY leaves out.
  await send(ids.change, {
    type: 'CLASSIFY',
    kind: 'change',
    priority: 'P4',
    category: 'network',
    inScope: true,
    customerId: 'acme',
  });
  // An agent registered it: the customer confirms it in writing before it is quoted.
  await answerLatestMail(ids.change, 'changeConfirmationRequest');
  await send(ids.change, {
    type: 'SUBMIT_QUOTE',
    lines: [{ kind: 'hardware', description: 'Cheaper appliance', quantity: 1, unitCents: 49900 }],
  });
  await send(ids.change, { type: 'REVISE_QUOTE' });
  await send(ids.change, { type: 'SUBMIT_QUOTE', lines: vpnQuote });
  await answerLatestMail(ids.change, 'quoteForApproval');
  await send(ids.change, { type: 'START_WORK' });

  await send(ids.standard, {
    type: 'CLASSIFY',
    kind: 'service_request',
    priority: 'P4',
    category: 'accounts',
    catalogItemId: 'mailbox-create',
    inScope: true,
    customerId: 'acme',
  });
  await send(ids.standard, { type: 'START_WORK' });
  await send(ids.standard, { type: 'RESOLVE', summary: 'mailbox created' });

  await onSiteVisit(
    ids.onSite,
    'acme',
    {
      technician: 'Piet de Vries',
      plannedFor: '2026-11-24T09:00:00+01:00',
      recordAt: amsterdam('2026-11-24 12:30'),
      hours: 2.5,
      materials: [{ description: 'Netwerkkabel 5 m', quantity: 2, unitCents: 1250 }],
    },
    'link',
  );
  await send(ids.onSite, { type: 'RESOLVE', summary: 'switch replaced' });
  await onSiteVisit(
    ids.globex,
    'globex',
    { technician: 'Kees', plannedFor: '2026-11-25T10:00:00+01:00', recordAt: amsterdam('2026-11-25 11:00'), hours: 1 },
    'phone',
  );
  clock.set(amsterdam('2026-11-26 16:00'));
  await send(ids.change, { type: 'RESOLVE', summary: 'second site connected' });
  // Recorded at 00:30 on 1 December in Amsterdam, still 30 November in UTC: December's work.
  await onSiteVisit(
    ids.december,
    'acme',
    {
      technician: 'Piet de Vries',
      plannedFor: '2026-11-30T21:00:00+01:00',
      recordAt: Date.parse('2026-11-30T23:30:00Z'),
      hours: 1,
    },
    'phone',
  );
});

describe('GET /v1/billing', () => {
  it("lists November's billable work per customer, and the totals add up", async () => {
    const response = await billing({ month: '2026-11' });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    const body = JSON.parse(response.body!) as BillingExport;
    expect(body.rows.map((r) => [r.ticketId, r.item, r.amountCents])).toEqual([
      [ids.onSite, 'onsite_visit', 23750],
      [ids.onSite, 'material', 2500],
      [ids.change, 'hardware', 89900],
      [ids.change, 'labour', 25500],
      [ids.globex, 'onsite_visit', 9500],
    ]);
    expect(body.totals).toEqual([
      { customerId: 'acme', customerName: 'Acme BV', rows: 4, amountCents: 141650 },
      { customerId: 'globex', customerName: 'Globex Ltd', rows: 1, amountCents: 9500 },
    ]);
    expect(body.totalCents).toBe(body.rows.reduce((sum, r) => sum + r.amountCents, 0));
  });

  it('bills the visit on its day, with technician, hours and rate, under the consent the customer gave through the link', async () => {
    const consent = (await desk.store.listEvents(ids.onSite)).find((e) => e.type === 'CONSENT_GIVEN')!;

    const body = JSON.parse((await billing({ month: '2026-11' })).body!) as BillingExport;

    expect(body.rows.find((r) => r.ticketId === ids.onSite && r.item === 'onsite_visit')).toMatchObject({
      date: '2026-11-24',
      technician: 'Piet de Vries',
      quantity: 2.5,
      unit: 'hour',
      unitCents: 9500,
      amountCents: 23750,
      approval: {
        kind: 'onsite_consent',
        approvedBy: { type: 'customer', id: 'jan@acme.example.nl' },
        approvedAt: new Date(consent.at).toISOString(),
        link: { action: 'consent_onsite', contentHashMatches: true },
      },
    });
  });

  it('names who approved which quote version through which link, and that the link bound exactly the quote billed', async () => {
    const approved = (await desk.store.listEvents(ids.change)).find((e) => e.type === 'QUOTE_APPROVED')!;
    const viaLink = (approved.event as { viaLink: { nonce: string; contentHash: string } }).viaLink;

    const body = JSON.parse((await billing({ month: '2026-11' })).body!) as BillingExport;

    for (const row of body.rows.filter((r) => r.ticketId === ids.change)) {
      expect(row.approval).toEqual({
        kind: 'quote',
        quoteVersion: 2,
        approvedBy: { type: 'customer', id: 'jan@acme.example.nl' },
        approvedAt: new Date(approved.at).toISOString(),
        link: {
          action: 'approve_quote',
          nonce: viaLink.nonce,
          contentHash: viaLink.contentHash,
          contentHashMatches: true,
        },
      });
    }
  });

  it('bills nothing for a standard catalog request', async () => {
    const body = JSON.parse((await billing({ month: '2026-11' })).body!) as BillingExport;

    expect(body.rows.some((r) => r.ticketId === ids.standard)).toBe(false);
  });

  it('answers the same export as CSV for Accept: text/csv and for ?format=csv, closing each customer with its total', async () => {
    const json = JSON.parse((await billing({ month: '2026-11' })).body!) as BillingExport;

    const byAccept = await call(
      exportBilling,
      request('GET', '/v1/billing', {
        query: { month: '2026-11' },
        headers: { authorization: `Bearer ${AGENT_TOKEN}`, accept: 'text/csv' },
      }),
    );
    const byFormat = await billing({ month: '2026-11', format: 'csv' });

    expect(byAccept.headers?.['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(byAccept.headers?.['content-disposition']).toBe('attachment; filename="billing-2026-11.csv"');
    expect(byAccept.body).toBe(billingCsv(json));
    expect(byFormat.body).toBe(byAccept.body);
    // This month's texts hold no commas or quotes, so a plain split reads the records.
    const [header, ...lines] = byAccept
      .body!.trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    const records = lines.map((values) => Object.fromEntries(header!.map((column, i) => [column, values[i]!])));
    const itemsOf = (customer: string) =>
      records.filter((r) => r.customer_id === customer && !r.item!.endsWith('total'));
    for (const total of records.filter((r) => r.item === 'customer_total')) {
      expect(Number(total.amount_cents)).toBe(
        itemsOf(total.customer_id!).reduce((sum, r) => sum + Number(r.amount_cents), 0),
      );
    }
    expect(
      records.filter((r) => r.item!.endsWith('total')).map((r) => [r.customer_id, r.item, r.amount_cents]),
    ).toEqual([
      ['acme', 'customer_total', '141650'],
      ['globex', 'customer_total', '9500'],
      ['', 'total', '151150'],
    ]);
  });

  it.each([
    ['application/json', 'application/json'],
    ['*/*', 'application/json'],
    ['text/csv;q=0.5, application/json', 'application/json'],
    ['text/csv, */*;q=0.1', 'text/csv; charset=utf-8; header=present'],
  ])('answers Accept: %s with %s', async (accept, contentType) => {
    const response = await billing({ month: '2026-11' }, { authorization: `Bearer ${AGENT_TOKEN}`, accept });

    expect(response.headers?.['content-type']).toBe(contentType);
  });

  it('lists one customer when asked', async () => {
    const body = JSON.parse((await billing({ month: '2026-11', customer: 'globex' })).body!) as BillingExport;

    expect(body.rows.map((r) => r.ticketId)).toEqual([ids.globex]);
    expect(body.totals).toEqual([{ customerId: 'globex', customerName: 'Globex Ltd', rows: 1, amountCents: 9500 }]);
  });

  it("puts work recorded just after midnight on 1 December in Amsterdam in December's export", async () => {
    const body = JSON.parse((await billing({ month: '2026-12' })).body!) as BillingExport;

    expect(body.rows.map((r) => [r.ticketId, r.date, r.amountCents])).toEqual([[ids.december, '2026-11-30', 9500]]);
  });

  it('refuses a caller without the agent token: 401', async () => {
    const response = await billing({ month: '2026-11' }, {});

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });

  it.each([
    [{ month: '2026-13' }, 'month'],
    [{} as Record<string, string>, 'month'],
    [{ month: '2026-11', customer: 'initech' }, 'customer'],
  ])('refuses %j with a 400 problem naming the %s field', async (query, field) => {
    const response = await billing(query);

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body!)).toMatchObject({ status: 400, errors: [{ field }] });
  });
});
