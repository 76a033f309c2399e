import fc from 'fast-check';
import {
  billingCsv,
  billingCsvColumns,
  billingExport,
  csvCell,
  parseBillingQuery,
  ticketRows,
  type BillableTicket,
  type BillingExport,
  type BillingRow,
} from '../../workflows/billing/billing';
import { lineAmountCents } from '../../workflows/billing/money';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { contentHashOf } from '../../workflows/links/link-token';
import { linkContent } from '../../workflows/links/link-rules';
import type { Decision } from '../../workflows/lifecycle/ticket-engine';
import type { Material, QuoteLine } from '../../workflows/lifecycle/ticket-events';
import { agent, amsterdam, customer, ticketDriver } from '../support/ticket-driver';

type Driver = ReturnType<typeof ticketDriver>;

const ok = (decision: Decision) => {
  if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision)}`);
};
const billable = (t: Driver): BillableTicket => ({ head: t.head, events: t.log });
const november = (tickets: BillableTicket[], customerId: string | null = null) =>
  billingExport(tickets, { month: '2026-11', customerId }, defaultPolicy);

/** The links the desk would mint as the ticket stands: bound to the content the customer is shown. */
const consentLink = (t: Driver) => ({
  action: 'consent_onsite',
  contentHash: contentHashOf(linkContent('consent_onsite', t.context, t.policy).content),
  nonce: 'nonce-consent',
});
const quoteLink = (t: Driver) => ({
  action: 'approve_quote',
  contentHash: contentHashOf(linkContent('approve_quote', t.context, t.policy).content),
  nonce: 'nonce-quote',
});

interface VisitPlan {
  hours: number;
  materials?: Material[];
  technician?: string;
  plannedFor?: string;
  recordedAt?: number;
}

/** An incident the customer agreed to have visited (through the consent link unless `byPhone`), with its visits recorded. */
function onSiteIncident(
  visits: VisitPlan[],
  options: { customerId?: string; byPhone?: boolean; consentHash?: string } = {},
) {
  const t = ticketDriver({ at: amsterdam('2026-11-24 09:00') });
  ok(
    t.send('CLASSIFY', {
      kind: 'incident',
      priority: 'P3',
      category: 'hardware',
      inScope: true,
      customerId: options.customerId ?? 'acme',
    }),
  );
  ok(t.send('PROPOSE_ONSITE', { reason: 'the disk has to be replaced' }));
  if (options.byPhone) ok(t.send('CONSENT_GIVEN', { note: 'agreed by phone' }, agent));
  else
    ok(
      t.send(
        'CONSENT_GIVEN',
        {},
        {
          actor: customer,
          channel: 'link',
          link: { ...consentLink(t), ...(options.consentHash ? { contentHash: options.consentHash } : {}) },
        },
      ),
    );
  for (const visit of visits) {
    ok(
      t.send('PLAN_VISIT', {
        plannedFor: visit.plannedFor ?? '2026-11-25T09:00:00+01:00',
        technician: visit.technician ?? 'Piet de Vries',
      }),
    );
    t.setNow(visit.recordedAt ?? amsterdam('2026-11-25 13:00'));
    ok(t.send('RECORD_VISIT', { hours: visit.hours, materials: visit.materials ?? [], report: 'replaced the disk' }));
  }
  return t;
}

/** A change whose quote went to a second version, approved by the customer through its link. */
function approvedChange(
  lines: QuoteLine[],
  options: { customerId?: string; resolvedAt?: number | null; approvalHash?: string; hoursWorked?: number[] } = {},
) {
  const t = ticketDriver({ kind: 'change', at: amsterdam('2026-11-24 09:00') });
  ok(
    t.send('CLASSIFY', {
      kind: 'change',
      priority: 'P4',
      category: 'network',
      inScope: true,
      customerId: options.customerId ?? 'acme',
    }),
  );
  ok(t.send('SUBMIT_QUOTE', { lines: [{ kind: 'hardware', description: 'First offer', quantity: 1, unitCents: 1 }] }));
  ok(t.send('REVISE_QUOTE', {}));
  ok(t.send('SUBMIT_QUOTE', { lines }));
  t.setNow(amsterdam('2026-11-24 15:00'));
  ok(
    t.send(
      'QUOTE_APPROVED',
      { quoteVersion: 2 },
      {
        actor: customer,
        channel: 'link',
        link: { ...quoteLink(t), ...(options.approvalHash ? { contentHash: options.approvalHash } : {}) },
      },
    ),
  );
  ok(t.send('START_WORK', {}));
  for (const hours of options.hoursWorked ?? []) ok(t.send('RECORD_HOURS', { hours, description: 'Configuration' }));
  if (options.resolvedAt !== null) {
    t.setNow(options.resolvedAt ?? amsterdam('2026-11-26 16:00'));
    ok(t.send('RESOLVE', { summary: 'second site connected' }));
  }
  return t;
}

const vpnQuote: QuoteLine[] = [
  { kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 },
  { kind: 'labour', description: 'Configuration', quantity: 3, unitCents: 8500 },
];

describe('on-site visits', () => {
  it('bill the hours at the rate stamped when the visit was recorded, dated the day of the visit, with the technician', () => {
    const t = onSiteIncident([{ hours: 2.5, technician: 'Piet de Vries', plannedFor: '2026-11-25T09:00:00+01:00' }]);

    const [visit] = november([billable(t)]).rows;

    expect(visit).toMatchObject({
      item: 'onsite_visit',
      ticketId: t.head.id,
      customerId: 'acme',
      customerName: 'Acme BV',
      date: '2026-11-25',
      technician: 'Piet de Vries',
      quantity: 2.5,
      unit: 'hour',
      unitCents: 9500,
      amountCents: 23750,
    });
  });

  it('bill each material used on a visit as its own row', () => {
    const t = onSiteIncident([
      {
        hours: 1,
        materials: [
          { description: 'Netwerkkabel 5 m', quantity: 2, unitCents: 1250 },
          { description: 'SSD 1 TB', quantity: 1, unitCents: 8999 },
        ],
      },
    ]);

    const rows = november([billable(t)]).rows;

    expect(rows.map((r) => [r.item, r.description, r.quantity, r.unitCents, r.amountCents])).toEqual([
      ['onsite_visit', 'On-site support', 1, 9500, 9500],
      ['material', 'Netwerkkabel 5 m', 2, 1250, 2500],
      ['material', 'SSD 1 TB', 1, 8999, 8999],
    ]);
  });

  it("carry the customer's consent as their approval: who, when, through which link, for the rate billed", () => {
    const t = onSiteIncident([{ hours: 1 }]);
    const consent = t.log.find((e) => e.type === 'CONSENT_GIVEN')!;
    const linkHash = (consent.event as { viaLink: { contentHash: string } }).viaLink.contentHash;

    const [visit] = november([billable(t)]).rows;

    expect(visit!.approval).toEqual({
      kind: 'onsite_consent',
      quoteVersion: null,
      approvedBy: customer,
      approvedAt: new Date(consent.at).toISOString(),
      link: { action: 'consent_onsite', nonce: 'nonce-consent', contentHash: linkHash, contentHashMatches: true },
    });
  });

  it('show a consent an agent recorded (by phone) without a link', () => {
    const [visit] = november([billable(onSiteIncident([{ hours: 1 }], { byPhone: true }))]).rows;

    expect(visit!.approval).toMatchObject({ kind: 'onsite_consent', approvedBy: agent, link: null });
  });

  it('flag a consent given for another rate than the one billed', () => {
    const otherRate = contentHashOf({ ticket: 'INC-2026-000001', hourlyRateCents: 7500, visits: 0 });

    const [visit] = november([billable(onSiteIncident([{ hours: 1 }], { consentHash: otherRate }))]).rows;

    expect(visit!.approval?.link?.contentHashMatches).toBe(false);
  });
});

describe('approved quotes for non-standard work', () => {
  it("bill the approved version's lines in the month the work was resolved, with who approved which version through which link", () => {
    const t = approvedChange(vpnQuote);
    const approved = t.log.find((e) => e.type === 'QUOTE_APPROVED')!;
    const linkHash = (approved.event as { viaLink: { contentHash: string } }).viaLink.contentHash;

    const rows = november([billable(t)]).rows;

    expect(rows.map((r) => [r.item, r.description, r.quantity, r.unit, r.unitCents, r.amountCents, r.date])).toEqual([
      ['hardware', 'VPN appliance', 1, 'each', 89900, 89900, '2026-11-26'],
      ['labour', 'Configuration', 3, 'hour', 8500, 25500, '2026-11-26'],
    ]);
    expect(rows[0]!.approval).toEqual({
      kind: 'quote',
      quoteVersion: 2,
      approvedBy: customer,
      approvedAt: new Date(approved.at).toISOString(),
      link: { action: 'approve_quote', nonce: 'nonce-quote', contentHash: linkHash, contentHashMatches: true },
    });
  });

  it("bill labour on the actual hours recorded, at the remote rate, in place of the quote's estimate", () => {
    const t = approvedChange(vpnQuote, { hoursWorked: [1.5, 1] });
    const rate = defaultPolicy.rates.remoteHourlyCents;

    const rows = november([billable(t)]).rows;

    expect(rows.map((r) => [r.item, r.description, r.quantity, r.unit, r.unitCents, r.amountCents])).toEqual([
      ['hardware', 'VPN appliance', 1, 'each', 89900, 89900],
      ['labour', 'Configuration (actual hours)', 1.5, 'hour', rate, 1.5 * rate],
      ['labour', 'Configuration (actual hours)', 1, 'hour', rate, rate],
    ]);
    expect(rows.every((r) => r.approval?.kind === 'quote')).toBe(true);
  });

  it('bill nothing while the approved work is not resolved, and nothing for work cancelled before it was', () => {
    const unfinished = approvedChange(vpnQuote, { resolvedAt: null });
    const cancelled = approvedChange(vpnQuote, { resolvedAt: null });
    ok(cancelled.send('CANCEL', { reason: 'customer withdrew' }));

    expect(november([billable(unfinished), billable(cancelled)]).rows).toEqual([]);
  });

  it('flag an approval whose link bound other content than the quote billed', () => {
    const [line] = november([billable(approvedChange(vpnQuote, { approvalHash: 'not-the-quote-billed' }))]).rows;

    expect(line!.approval?.link?.contentHashMatches).toBe(false);
  });
});

describe('standard catalog service requests', () => {
  it('bill nothing: they are part of the service', () => {
    const t = ticketDriver({ kind: 'service_request' });
    ok(
      t.send('CLASSIFY', {
        kind: 'service_request',
        priority: 'P4',
        category: 'accounts',
        catalogItemId: 'mailbox-create',
        inScope: true,
      }),
    );
    ok(t.send('START_WORK', {}));
    ok(t.send('RESOLVE', { summary: 'mailbox created' }));

    expect(ticketRows(billable(t), defaultPolicy)).toEqual([]);
  });

  it('never bill labour, even when a quote for one listed hours: only its hardware and licences', () => {
    const t = ticketDriver({ kind: 'service_request' });
    ok(
      t.send('CLASSIFY', {
        kind: 'service_request',
        priority: 'P4',
        category: 'accounts',
        catalogItemId: 'user-create',
        inScope: false,
      }),
    );
    ok(t.send('START_QUOTE', {}));
    ok(
      t.send('SUBMIT_QUOTE', {
        lines: [
          { kind: 'labour', description: 'Create the user', quantity: 1, unitCents: 8500 },
          { kind: 'licence', description: 'Office licence', quantity: 1, unitCents: 1250 },
        ],
      }),
    );
    ok(t.send('QUOTE_APPROVED', { quoteVersion: 1 }, customer));
    ok(t.send('START_WORK', {}));
    ok(t.send('RESOLVE', { summary: 'user created' }));

    expect(ticketRows(billable(t), defaultPolicy).map((r) => r.item)).toEqual(['licence']);
  });
});

describe("the month is the desk's, in Amsterdam", () => {
  it('puts a visit recorded at 00:30 on 1 December in December, though it is still November in UTC', () => {
    const lateNight = Date.parse('2026-11-30T23:30:00Z');
    const t = onSiteIncident([{ hours: 1, recordedAt: lateNight, plannedFor: '2026-11-30T20:00:00+01:00' }]);

    expect(november([billable(t)]).rows).toEqual([]);
    expect(
      billingExport([billable(t)], { month: '2026-12', customerId: null }, defaultPolicy).rows.map((r) => [
        r.date,
        r.billedAt,
      ]),
    ).toEqual([['2026-11-30', '2026-11-30T23:30:00.000Z']]);
  });

  it("reports the month as instants: from its first moment to the next month's", () => {
    expect(november([])).toMatchObject({
      month: '2026-11',
      timeZone: 'Europe/Amsterdam',
      from: '2026-10-31T23:00:00.000Z',
      to: '2026-11-30T23:00:00.000Z',
      rows: [],
      totals: [],
      totalCents: 0,
    });
  });

  it('lists one customer only when one is asked for', () => {
    const tickets = [
      billable(onSiteIncident([{ hours: 1 }], { customerId: 'acme' })),
      billable(onSiteIncident([{ hours: 2 }], { customerId: 'globex' })),
    ];

    expect(november(tickets, 'globex').totals).toEqual([
      { customerId: 'globex', customerName: 'Globex Ltd', rows: 1, amountCents: 19000 },
    ]);
  });
});

describe('tickets without a customer', () => {
  it('are billed all the same, under "(no customer)" after every customer, so no billable work goes missing', () => {
    const unassigned = onSiteIncident([{ hours: 1 }]);
    const tickets = [
      { head: { ...unassigned.head, customerId: null }, events: unassigned.log },
      billable(onSiteIncident([{ hours: 2 }], { customerId: 'globex' })),
    ];

    expect(november(tickets).totals.map((t) => [t.customerId, t.customerName, t.amountCents])).toEqual([
      ['globex', 'Globex Ltd', 19000],
      [null, '(no customer)', 9500],
    ]);
  });
});

describe('amounts are whole euro cents, computed exactly', () => {
  it.each([
    [0.25, 9500, 2375],
    [2.5, 9500, 23750],
    [1.005, 100, 101],
    [0.5, 1, 1],
    [0.1, 3, 0],
    [1e-7, 100_000_000, 10],
    [10_000, 100_000_000, 1_000_000_000_000],
  ])('%p × %p cents is %p cents (half a cent rounds up)', (quantity, unitCents, cents) => {
    expect(lineAmountCents(quantity, unitCents)).toBe(cents);
  });

  const quantity = fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 1000);
  const unitCents = fc.integer({ min: 0, max: 100_000_000 });
  const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
  const customerId = fc.constantFrom('acme', 'globex');
  const visit = fc.record({
    hours: fc.integer({ min: 1, max: 96 }).map((quarters) => quarters / 4),
    materials: fc.array(fc.record({ description: text, quantity, unitCents }), { maxLength: 3 }),
  });
  const ticket = fc.oneof(
    fc.record({
      kind: fc.constant('incident' as const),
      customerId,
      visits: fc.array(visit, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('change' as const),
      customerId,
      lines: fc.array(
        fc.record({
          kind: fc.constantFrom('hardware' as const, 'licence' as const, 'labour' as const),
          description: text,
          quantity,
          unitCents,
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );

  it("add up: each customer's total is the sum of its rows, the total the sum of all, every amount whole cents — in JSON and CSV alike", () => {
    fc.assert(
      fc.property(fc.array(ticket, { minLength: 1, maxLength: 3 }), (plans) => {
        const tickets = plans.map((plan) =>
          billable(
            plan.kind === 'incident'
              ? onSiteIncident(plan.visits, { customerId: plan.customerId })
              : approvedChange(plan.lines, { customerId: plan.customerId }),
          ),
        );

        const billing = november(tickets);

        const sum = (rows: BillingRow[]) => rows.reduce((total, row) => total + row.amountCents, 0);
        expect(billing.rows.every((row) => Number.isSafeInteger(row.amountCents) && row.amountCents >= 0)).toBe(true);
        expect(billing.totalCents).toBe(sum(billing.rows));
        for (const total of billing.totals)
          expect(total.amountCents).toBe(sum(billing.rows.filter((r) => r.customerId === total.customerId)));
        expect(billing.rows).toHaveLength(
          plans.reduce(
            (n, plan) =>
              n +
              (plan.kind === 'incident'
                ? plan.visits.reduce((v, visit) => v + 1 + visit.materials.length, 0)
                : plan.lines.length),
            0,
          ),
        );
        const csv = csvRecords(billingCsv(billing));
        for (const total of csv.filter((r) => r.item === 'customer_total')) {
          expect(Number(total.amount_cents)).toBe(
            csv
              .filter((r) => r.customer_id === total.customer_id && !r.item!.endsWith('total'))
              .reduce((n, r) => n + Number(r.amount_cents), 0),
          );
        }
        expect(Number(csv.find((r) => r.item === 'total')!.amount_cents)).toBe(billing.totalCents);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the CSV', () => {
  const row = (overrides: Partial<BillingRow>): BillingRow => ({
    customerId: 'acme',
    customerName: 'Acme BV',
    ticketId: 'INC-2026-000001',
    ticketKind: 'incident',
    item: 'material',
    date: '2026-11-25',
    billedAt: '2026-11-25T12:00:00.000Z',
    description: 'Cable',
    technician: 'Piet',
    quantity: 1,
    unit: 'each',
    unitCents: 100,
    amountCents: 100,
    approval: null,
    ...overrides,
  });
  const exportOf = (rows: BillingRow[]): BillingExport => ({
    month: '2026-11',
    timeZone: 'Europe/Amsterdam',
    currency: 'EUR',
    customerId: null,
    from: '',
    to: '',
    rows,
    totals: [
      {
        customerId: 'acme',
        customerName: 'Acme BV',
        rows: rows.length,
        amountCents: rows.reduce((n, r) => n + r.amountCents, 0),
      },
    ],
    totalCents: rows.reduce((n, r) => n + r.amountCents, 0),
  });

  it('is RFC 4180: a header, CRLF after every record, and commas, quotes and line breaks kept inside quoted fields', () => {
    const tricky = 'Kabel, "CAT6"\r\nen stekker';

    const text = billingCsv(exportOf([row({ description: tricky })]));

    expect(text.startsWith(`${billingCsvColumns.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"Kabel, ""CAT6""\r\nen stekker"');
    expect(csvRecords(text)[0]!.description).toBe(tricky);
  });

  it.each(['=HYPERLINK("http://evil.example")', '+31 20 123', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'])(
    'never lets a cell starting like a formula run: %j',
    (description) => {
      const text = billingCsv(exportOf([row({ description })]));

      expect(csvRecords(text)[0]!.description).toBe(`'${description}`);
    },
  );

  it('leaves ordinary cells as they are', () => {
    expect([csvCell('Acme BV'), csvCell(2.5), csvCell(null), csvCell(true)]).toEqual(['Acme BV', '2.5', '', 'true']);
  });

  it('closes each customer with a customer_total line and the export with a total line', () => {
    const records = csvRecords(billingCsv(exportOf([row({ amountCents: 100 }), row({ amountCents: 250 })])));

    expect(records.map((r) => [r.customer_id, r.item, r.amount_cents])).toEqual([
      ['acme', 'material', '100'],
      ['acme', 'material', '250'],
      ['acme', 'customer_total', '350'],
      ['', 'total', '350'],
    ]);
  });
});

describe('the query', () => {
  it.each([
    [{}, 'month'],
    [{ month: '2026-13' }, 'month'],
    [{ month: '11-2026' }, 'month'],
    [{ month: '2026-11', customer: 'initech' }, 'customer'],
    [{ month: '2026-11', format: 'xlsx' }, 'format'],
  ])('refuses %j naming the field %s', (params, field) => {
    const parsed = parseBillingQuery(params, defaultPolicy);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.field)).toEqual([field]);
  });

  it('takes an empty customer as every customer', () => {
    expect(parseBillingQuery({ month: '2026-11', customer: '' }, defaultPolicy)).toEqual({
      ok: true,
      value: { month: '2026-11', customerId: null, format: null },
    });
  });
});

/** Reads RFC 4180 text back into records keyed by the header's column names. */
function csvRecords(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  const [header, ...rows] = records;
  return rows.map((values) => Object.fromEntries(header!.map((column, i) => [column, values[i] ?? ''])));
}
