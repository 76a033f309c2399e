// The console's search against DynamoDB Local: the box in every page's bar, the search page's
// rows linking to the tickets found, its filters with the API's meanings (an empty field asks
// nothing), a next-page link, and a 400 page naming each bad parameter.
import { manualClock } from '../../functions/clock';
import { makeConsoleSearchHandler } from '../../functions/console/console-search.handler';
import { makeConsoleQueueHandler } from '../../functions/console/console-queue.handler';
import type { Desk } from '../../functions/desk';
import { consoleEvent, invoke } from '../support/console-requests';
import { byAgent } from '../support/test-table';
import { signedInHandlerDesk } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;
let cookies: string[];

beforeAll(async () => {
  ({ desk, cookies } = await signedInHandlerDesk(clock));
});

async function register(subject: string, email = 'jan@acme.example.nl') {
  clock.advance(60_000);
  const created = await desk.service.create(
    { kind: 'incident', subject, requester: { email }, channel: 'phone' },
    byAgent,
  );
  if (!created.ok) throw new Error('not created');
  return created.head.id;
}

const searchPage = (query: Record<string, string>) =>
  invoke(makeConsoleSearchHandler(desk), consoleEvent('GET', '/console/search', { cookies, query }));

/** The tickets a results page links to, in its order. */
const linked = (html: string) =>
  [...html.matchAll(/<td><a href="\/console\/tickets\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

describe('the console’s search', () => {
  it('has a search box in the bar of every page', async () => {
    const queue = await invoke(makeConsoleQueueHandler(desk), consoleEvent('GET', '/console', { cookies }));
    expect(queue.body).toMatch(/<form method="get" action="\/console\/search" role="search">/);
    expect(queue.body).toMatch(/<label for="bar-search"[^>]*>\s*Search tickets\s*<\/label>/);
    expect((await searchPage({})).body).toMatch(/role="search"/);
  });

  it('lists the tickets with the words as rows linking to each', async () => {
    const id = await register('Plotter Heron jams');
    await register('Plotter elsewhere', 'kim@globex.example.com');
    const response = await searchPage({ q: 'heron' });
    expect(response.statusCode).toBe(200);
    expect(linked(response.body!)).toEqual([id]);
    expect(response.body).toContain('Plotter Heron jams');
  });

  it('filters as the API does, an empty field asking nothing', async () => {
    const globex = await register('Scanner Falcon offline', 'kim@globex.example.com');
    await register('Scanner Falcon offline');
    const response = await searchPage({ q: 'falcon', customer: 'globex', status: '', kind: '', from: '', to: '' });
    expect(response.statusCode).toBe(200);
    expect(linked(response.body!)).toEqual([globex]);
    expect(response.body).toMatch(/<option value="globex" selected/);
  });

  it('links to the next page, which carries on where the first stopped', async () => {
    const ids = [await register('Kestrel one'), await register('Kestrel two'), await register('Kestrel three')];
    const first = await searchPage({ q: 'kestrel', limit: '2' });
    expect(linked(first.body!)).toEqual([ids[2], ids[1]]);
    const href = /<a href="([^"]+)" rel="next">/.exec(first.body!)![1]!.replace(/&amp;/g, '&');
    const query = Object.fromEntries(new URL(href, 'http://desk').searchParams);
    expect(query).toMatchObject({ q: 'kestrel', limit: '2' });
    const second = await searchPage(query);
    expect(linked(second.body!)).toEqual([ids[0]]);
    expect(second.body).not.toMatch(/rel="next"/);
  });

  it('says why a search cannot run, naming each bad parameter, as a 400 page', async () => {
    const response = await searchPage({ q: 'kestrel', customer: 'initech', cursor: 'nonsense!', sort: 'asc' });
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toMatch(/text\/html/);
    for (const field of ['customer', 'cursor', 'sort']) expect(response.body).toContain(`<strong>${field}</strong>`);
  });
});
