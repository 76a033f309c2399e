// Search against DynamoDB Local: the index written in each event's own transaction finds a ticket
// by any word a person wrote on it (open or closed, accents folded), filters by the head, pages
// with an opaque cursor, and takes a text of 100,000 characters within DynamoDB's limits.
import { manualClock } from '../../functions/clock';
import { makeListTicketsHandler } from '../../functions/api/list-tickets.handler';
import type { Desk } from '../../functions/desk';
import { consoleEvent, invoke } from '../support/console-requests';
import { byAgent, byCustomerMail } from '../support/test-table';
import { HANDLER_AGENT_TOKEN, handlerDesk } from '../support/handler-desk';
import type { Origin } from '../../workflows/lifecycle/ticket-events';
import { amsterdam, customer } from '../support/ticket-driver';

const MINUTE = 60_000;
const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock));
});

interface Listed {
  tickets: { id: string; status: string }[];
  next: string | null;
}

async function search(query: Record<string, string>) {
  const response = await invoke(makeListTicketsHandler(desk), {
    ...consoleEvent('GET', '/v1/tickets', { query, headers: { authorization: `Bearer ${HANDLER_AGENT_TOKEN}` } }),
  });
  return { status: response.statusCode, body: JSON.parse(response.body!) as Listed & Record<string, unknown> };
}

const idsFound = async (query: Record<string, string>) => {
  const { status, body } = await search(query);
  expect(status).toBe(200);
  return body.tickets.map((t) => t.id);
};

async function open(subject: string, extra: Record<string, unknown> = {}, email = 'jan@acme.example.nl') {
  clock.advance(MINUTE);
  const created = await desk.service.create(
    { kind: 'incident', subject, requester: { email }, channel: 'phone', ...extra },
    byAgent,
  );
  if (!created.ok) throw new Error(JSON.stringify(created));
  return created.head.id;
}

async function apply(id: string, event: Record<string, unknown>, origin: Origin = byAgent) {
  clock.advance(MINUTE);
  const result = await desk.service.apply(id, event, origin);
  if (!result.ok) throw new Error(JSON.stringify(result));
}

const classify = (id: string) =>
  apply(id, { type: 'CLASSIFY', kind: 'incident', priority: 'P3', category: 'network', inScope: true });

async function close(id: string) {
  await apply(id, { type: 'RESOLVE', summary: 'Cable replaced' });
  await apply(id, { type: 'CONFIRM_RESOLUTION' }, { actor: customer, channel: 'link' });
}

describe('searching by words', () => {
  it('finds exactly the ticket whose customer wrote a word only in their reply, also after it is closed', async () => {
    const other = await open('VPN drops every hour');
    const id = await open('VPN drops every hour');
    await classify(id);
    await apply(id, { type: 'REQUEST_INFO', question: 'Which router do you use?' });
    await apply(id, { type: 'CUSTOMER_REPLIED', message: 'It is a Zyxelrouter from the basement' }, byCustomerMail);

    expect(await idsFound({ q: 'zyxelrouter' })).toEqual([id]);
    expect(await idsFound({ q: 'vpn' })).toEqual(expect.arrayContaining([id, other]));

    await close(id);
    expect((await desk.store.getHead(id))?.status).toBe('closed');
    expect(await idsFound({ q: 'Zyxelrouter' })).toEqual([id]);
    expect(await idsFound({ q: 'zyxelrouter basement' })).toEqual([id]);
    expect(await idsFound({ q: 'zyxelrouter attic' })).toEqual([]);
  });

  it('folds accents both ways: café finds cafe and cafe finds café', async () => {
    const accented = await open('Koffieautomaat in het café lekt');
    const plain = await open('The cafe printer is offline');
    expect((await idsFound({ q: 'cafe' })).sort()).toEqual([accented, plain].sort());
    expect((await idsFound({ q: 'CAFÉ' })).sort()).toEqual([accented, plain].sort());
  });

  it('finds words of notes, replies and the description, newest created first', async () => {
    const first = await open('Laptop', { description: 'Het scherm flikkert sinds gisteren' });
    const second = await open('Laptop');
    await apply(second, { type: 'ADD_NOTE', text: 'Driver flikkert ook na update' });
    expect(await idsFound({ q: 'flikkert' })).toEqual([second, first]);
  });
});

describe('filters', () => {
  it('narrow a search by status, customer, requester, priority and created range', async () => {
    const from = clock.now();
    const acme = await open('Toner empty in room Orion', { priority: 'P2' });
    const globex = await open('Toner empty in room Orion', {}, 'kim@globex.example.com');
    const closed = await open('Toner empty in room Orion');
    await classify(closed);
    await close(closed);

    expect((await idsFound({ q: 'orion' })).sort()).toEqual([acme, globex, closed].sort());
    expect((await idsFound({ q: 'orion', status: 'open' })).sort()).toEqual([acme, globex].sort());
    expect(await idsFound({ q: 'orion', status: 'closed' })).toEqual([closed]);
    expect(await idsFound({ q: 'orion', customer: 'globex' })).toEqual([globex]);
    expect(await idsFound({ q: 'orion', requester: 'KIM@globex.example.com' })).toEqual([globex]);
    expect(await idsFound({ q: 'orion', priority: 'P2' })).toEqual([acme]);
    expect(await idsFound({ q: 'orion', assignee: 'anna' })).toEqual([]);
    expect(await idsFound({ q: 'orion', from: new Date(from + 1.5 * MINUTE).toISOString() })).toEqual(
      expect.not.arrayContaining([acme]),
    );
    expect(await idsFound({ q: 'orion', to: new Date(from + 1.5 * MINUTE).toISOString() })).toEqual([acme]);
  });

  it('without words, list a customer’s or a requester’s tickets, closed ones too', async () => {
    const id = await open('Badge reader', {}, 'lee@globex.example.com');
    await classify(id);
    await close(id);
    expect(await idsFound({ requester: 'lee@globex.example.com' })).toEqual([id]);
    expect(await idsFound({ customer: 'globex' })).toEqual(expect.arrayContaining([id]));
    expect(await idsFound({ customer: 'globex', status: 'open' })).not.toContain(id);
  });

  it('with no parameters list the open tickets, most recently changed first', async () => {
    const older = await open('Monitor flickers');
    const newer = await open('Mouse broken');
    await apply(older, { type: 'ADD_NOTE', text: 'ordered a new one' });
    const ids = await idsFound({});
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer));
    const { body } = await search({});
    expect(body.tickets.every((t) => !['closed', 'cancelled'].includes(t.status))).toBe(true);
    expect(body.statuses).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'triage' })]));
  });
});

describe('paging', () => {
  it('pages through every match once with the opaque cursor, and says when there is no next page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await open(`Quokka sighting ${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: number[] = [];
    do {
      const { status, body }: { status: number | undefined; body: Listed } = await search({
        q: 'quokka',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(status).toBe(200);
      pages.push(body.tickets.length);
      seen.push(...body.tickets.map((t) => t.id));
      cursor = body.next;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect(pages.slice(0, 2)).toEqual([2, 2]);
  });

  it('pages the open queue by last change', async () => {
    const { body: first } = await search({ limit: '3' });
    expect(first.tickets).toHaveLength(3);
    const { body: second } = await search({ limit: '3', cursor: first.next! });
    expect(second.tickets.map((t) => t.id)).not.toEqual(expect.arrayContaining(first.tickets.map((t) => t.id)));
    expect(second.tickets.length).toBeGreaterThan(0);
  });
});

describe('bad parameters', () => {
  it('are a 400 naming each, never ignored', async () => {
    const { status, body } = await search({ q: 'x', sort: 'asc', status: 'nope', customer: 'initech', limit: '0' });
    expect(status).toBe(400);
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'customer',
      'limit',
      'q',
      'sort',
      'status',
    ]);
    const policy = await search({ assignee: 'zed', team: 'nobody' });
    expect(policy.status).toBe(400);
    expect((policy.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['assignee', 'team']);
  });

  it('a cursor from another order or made up is a 400 on cursor', async () => {
    const { body } = await search({ q: 'quokka', limit: '1' });
    const other = await search({ customer: 'acme', cursor: body.next! });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const forged = await search({ cursor: Buffer.from('{"by":"created"}').toString('base64url') });
    expect(forged.status).toBe(400);
  });
});

describe('a long text', () => {
  it('commits a 100,000-character reply of distinct words and finds its first, middle and last word', async () => {
    const words: string[] = [];
    let length = 0;
    for (let i = 0; length < 100_000; i++) {
      const word = `w${i.toString(36)}x`;
      words.push(word);
      length += word.length + 1;
    }
    const message = words.join(' ').slice(0, 100_000);
    const kept = message.split(' ').filter((w) => w.length >= 2);
    const id = await open('Log dump');
    await apply(id, { type: 'ADD_NOTE', text: 'see the customer mail' });
    await apply(id, { type: 'COMMENT', from: 'jan@acme.example.nl', text: message }, byCustomerMail);
    const probes = [kept[0]!, kept[Math.floor(kept.length / 2)]!, kept[kept.length - 2]!];
    for (const word of probes) expect(await idsFound({ q: word })).toEqual([id]);
    expect(await idsFound({ q: `${probes[0]} ${probes[2]} log` })).toEqual([id]);
    expect(await idsFound({ q: `${probes[2]} nowhere` })).toEqual([]);
  });
});
