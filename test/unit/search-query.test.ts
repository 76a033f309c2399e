import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { createTicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { decodeCursor, encodeCursor, parseSearchQuery } from '../../workflows/search/search-query';
import { driverOf, headMatches } from '../../workflows/search/search-plan';
import { openApiDocument } from '../../functions/http/openapi-document';

const statuses = lifecycleStatuses(createTicketMachine(defaultPolicy));
const parse = (raw: Record<string, string>) => parseSearchQuery(raw, defaultPolicy, statuses);
const fieldsOf = (raw: Record<string, string>) => {
  const parsed = parse(raw);
  return parsed.ok ? [] : parsed.issues.map((i) => i.field).sort();
};
const open = statuses.filter((s) => !s.final).map((s) => s.status);

describe('a search’s parameters', () => {
  it('without any, list the open tickets', () => {
    expect(parse({})).toEqual({ ok: true, value: { terms: [], statuses: open, limit: 50 } });
  });

  it('with words, a customer or a requester span every status unless one is asked', () => {
    expect(parse({ q: 'Café printer' })).toMatchObject({
      ok: true,
      value: { terms: ['cafe', 'printer'], statuses: null },
    });
    expect(parse({ customer: 'acme' })).toMatchObject({ ok: true, value: { statuses: null } });
    expect(parse({ q: 'x1', status: 'open' })).toMatchObject({ ok: true, value: { statuses: open } });
    expect(parse({ q: 'x1', status: 'closed' })).toMatchObject({ ok: true, value: { statuses: ['closed'] } });
    expect(parse({ q: 'x1', status: 'triage' })).toMatchObject({ ok: true, value: { statuses: ['triage'] } });
  });

  it('read every filter, the requester lower-cased', () => {
    const parsed = parse({
      requester: 'Jan@ACME.example.nl',
      assignee: 'anna',
      team: 'service-desk',
      kind: 'change',
      priority: 'P1',
      limit: '10',
    });
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        requesterKey: 'jan@acme.example.nl',
        assigneeId: 'anna',
        teamId: 'service-desk',
        kind: 'change',
        priority: 'P1',
        limit: 10,
      },
    });
  });

  it('take a date as the desk’s whole day, and an instant as it is', () => {
    expect(parse({ from: '2026-03-02', to: '2026-03-02' })).toMatchObject({
      ok: true,
      value: { createdFrom: Date.parse('2026-03-01T23:00:00Z'), createdTo: Date.parse('2026-03-02T23:00:00Z') - 1 },
    });
    expect(parse({ from: '2026-03-02T10:00:00+01:00' })).toMatchObject({
      ok: true,
      value: { createdFrom: Date.parse('2026-03-02T09:00:00Z') },
    });
  });

  it('name each unknown or malformed parameter', () => {
    expect(fieldsOf({ sort: 'asc', page: '2' })).toEqual(['page', 'sort']);
    expect(
      fieldsOf({ kind: 'bug', priority: 'P9', limit: 'ten', from: 'yesterday', requester: 'not-an-address' }),
    ).toEqual(['from', 'kind', 'limit', 'priority', 'requester']);
    expect(fieldsOf({ limit: '201' })).toEqual(['limit']);
    expect(fieldsOf({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['to']);
  });

  it('refuse a well-formed date that names no day, such as 30 February', () => {
    expect(fieldsOf({ from: '2026-02-30', to: '2026-13-01' })).toEqual(['from', 'to']);
  });

  it('refuse ids the policy does not know and statuses the chart does not have', () => {
    expect(fieldsOf({ customer: 'initech', assignee: 'zed', team: 'nobody', status: 'lost' })).toEqual([
      'assignee',
      'customer',
      'status',
      'team',
    ]);
  });

  it('refuse words that are all stop words', () => {
    expect(fieldsOf({ q: 'de het the' })).toEqual(['q']);
  });

  it('refuse more than ten words', () => {
    expect(fieldsOf({ q: 'aa bb cc dd ee ff gg hh ii jj' })).toEqual([]);
    expect(fieldsOf({ q: 'aa bb cc dd ee ff gg hh ii jj kk' })).toEqual(['q']);
  });

  it('take back only a cursor of their own making', () => {
    const cursor = encodeCursor({ by: 'created', at: 1_700_000_000_000, id: 'INC-2026-000001' });
    expect(parse({ cursor })).toMatchObject({ ok: true, value: { cursor: decodeCursor(cursor) } });
    for (const forged of [
      'garbage',
      Buffer.from('{"by":"created","at":1,"id":"../etc"}').toString('base64url'),
      Buffer.from('{"by":"created","at":1,"id":"INC-2026-000001","x":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      'a+b/c=',
    ]) {
      expect(fieldsOf({ cursor: forged })).toEqual(['cursor']);
    }
  });
});

describe('what drives a search', () => {
  const query = (raw: Record<string, string>) => {
    const parsed = parse(raw);
    if (!parsed.ok) throw new Error('invalid');
    return parsed.value;
  };
  const all = statuses.map((s) => s.status);

  it('is the longest word, then the requester, then the customer, else the statuses’ queues', () => {
    expect(driverOf(query({ q: 'vpn zyxelrouter', customer: 'acme' }), all)).toEqual({
      index: 'words',
      term: 'zyxelrouter',
    });
    expect(driverOf(query({ requester: 'jan@acme.example.nl', customer: 'acme' }), all)).toMatchObject({
      index: 'requester',
    });
    expect(driverOf(query({ customer: 'acme' }), all)).toMatchObject({ index: 'customer' });
    expect(driverOf(query({ kind: 'change' }), all)).toEqual({ index: 'status', statuses: open });
  });

  it('filters heads by every other condition, an unassigned head matching no assignee', () => {
    const head = {
      id: 'INC-2026-000001',
      status: 'triage',
      kind: 'incident',
      priority: 'P3',
      customerId: 'acme',
      requester: { email: 'Jan@acme.example.nl' },
      createdAt: 10,
      updatedAt: 20,
    };
    expect(headMatches(query({ q: 'x1', requester: 'jan@acme.example.nl', customer: 'acme' }), head)).toBe(true);
    expect(headMatches(query({ q: 'x1', assignee: 'anna' }), head)).toBe(false);
    expect(headMatches(query({ q: 'x1', assignee: 'anna' }), { ...head, assigneeId: 'anna' })).toBe(true);
    expect(headMatches(query({ q: 'x1', team: 'changes' }), { ...head, teamId: 'service-desk' })).toBe(false);
    expect(headMatches(query({ q: 'x1', status: 'closed' }), head)).toBe(false);
  });
});

describe('the API document', () => {
  it('lists the search’s parameters on GET /v1/tickets from the schema that checks them', () => {
    const paths = openApiDocument().paths as Record<
      string,
      Record<string, { parameters?: { name: string; in: string }[] }>
    >;
    const names = paths['/v1/tickets']!.get!.parameters!.filter((p) => p.in === 'query').map((p) => p.name);
    expect(names).toEqual([
      'q',
      'customer',
      'requester',
      'assignee',
      'team',
      'status',
      'kind',
      'priority',
      'from',
      'to',
      'limit',
      'cursor',
    ]);
  });
});
