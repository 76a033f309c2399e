// The console's token sign-in against DynamoDB Local: the throttle's counters, the single-use form
// nonces and the session items all live in the table, so they hold across Lambda instances. Time
// is a manual clock: windows pass by setting it, never by waiting.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../functions/clock';
import { makeConsoleSignInHandler } from '../../functions/console/console-sign-in.handler';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../functions/console/console-session';
import { createDesk, type Desk } from '../../functions/desk';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { consoleEvent, cookieSet, invoke } from '../support/console-requests';
import { createTestTable } from '../support/test-table';

const AGENT_TOKEN = `agent-${randomUUID()}`;
// 08:03:20 UTC: the client's quarter hour closes at 08:15 (700 s), the desk's minute at 08:04 (40 s).
const NOW = Date.parse('2026-11-24T08:03:20Z');
const linkKeys = parseLinkKeys('k1:first-secret-0123456789');

let desk: Desk;
let table: Awaited<ReturnType<typeof createTestTable>>;
let clock: ReturnType<typeof manualClock>;
let handler: ReturnType<typeof makeConsoleSignInHandler>;

beforeEach(async () => {
  table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy: defaultPolicy,
    agentToken: AGENT_TOKEN,
    links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 },
  });
  clock = manualClock(NOW);
  handler = makeConsoleSignInHandler(desk, null, clock.now);
});

interface SignInForm {
  cookie: string;
  csrf: string;
  next: string;
}

/** The sign-in form as a browser gets it: its nonce cookie and the hidden fields. */
async function signInForm(next = '/console'): Promise<SignInForm> {
  const page = await invoke(handler, consoleEvent('GET', '/console/sign-in', { query: { next } }));
  expect(page.statusCode).toBe(200);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(String(page.body))?.[1] ?? '';
  return { cookie: cookieSet(page, LOGIN_COOKIE)!, csrf: field('csrf'), next: field('next') };
}

/** Posts a sign-in form (a fresh one unless given) with this token, from this address. */
async function attempt(token: string, sourceIp: string, form?: SignInForm) {
  const used = form ?? (await signInForm());
  return invoke(
    handler,
    consoleEvent('POST', '/console/sign-in', {
      sourceIp,
      cookies: [used.cookie],
      form: { csrf: used.csrf, next: used.next, token },
    }),
  );
}

const statusesOf = async (count: number, token: string, sourceIp: string) => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await attempt(token, sourceIp)).statusCode!);
  return statuses;
};

const item = async (pk: string, sk: string) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

describe('token sign-in at POST /console/sign-in', () => {
  it('signs in with the right token: the session is an item in the table, with a TTL', async () => {
    const response = await attempt(AGENT_TOKEN, '192.0.2.1', await signInForm('/console/tickets/INC-2026-000001'));
    expect([response.statusCode, response.headers?.location]).toEqual([303, '/console/tickets/INC-2026-000001']);
    const cookie = cookieSet(response, SESSION_COOKIE)!;
    const sid = JSON.parse(Buffer.from(cookie.slice(SESSION_COOKIE.length + 1).split('.')[0]!, 'base64url').toString())
      .sid as string;
    expect(await item(`SESSION#${sid}`, 'SESSION')).toMatchObject({
      agentId: 'anna',
      via: 'token',
      issuedAt: NOW,
      expiresAt: Math.ceil((NOW + 12 * 3600_000) / 1000),
    });
  });

  it('pauses a client after 5 wrong tokens: 429 with Retry-After and a page that says why, before the token is compared', async () => {
    expect(await statusesOf(5, 'wrong-token', '192.0.2.7')).toEqual([401, 401, 401, 401, 401]);
    // The right token now: refused all the same, since it is not even compared.
    const paused = await attempt(AGENT_TOKEN, '192.0.2.7');
    expect(paused.statusCode).toBe(429);
    expect(paused.headers?.['retry-after']).toBe('700');
    expect(paused.body).toContain('Too many failed sign-ins from your address (5 within 15 minutes)');
    expect(paused.body).toContain('try again in 12 minutes');
    expect(cookieSet(paused, SESSION_COOKIE)).toBeUndefined();
  });

  it('leaves other clients alone up to the overall bound, then pauses everyone for the rest of the minute only', async () => {
    expect(await statusesOf(5, 'wrong-token', '192.0.2.7')).toEqual([401, 401, 401, 401, 401]);
    expect((await attempt(AGENT_TOKEN, '192.0.2.7')).statusCode).toBe(429);
    // Another client is not held back by the first one's failures.
    expect((await attempt(AGENT_TOKEN, '198.51.100.1')).statusCode).toBe(303);
    // Five clients fail five times each: with the first one's five, the desk's thirty for this minute.
    for (const n of [2, 3, 4, 5, 6])
      expect(await statusesOf(5, 'wrong-token', `198.51.100.${n}`)).toEqual([401, 401, 401, 401, 401]);
    const everyone = await attempt(AGENT_TOKEN, '203.0.113.9');
    expect(everyone.statusCode).toBe(429);
    expect(everyone.headers?.['retry-after']).toBe('40');
    expect(everyone.body).toContain('Too many failed sign-ins on this desk');

    clock.set(Date.parse('2026-11-24T08:04:00Z'));
    expect((await attempt(AGENT_TOKEN, '203.0.113.9')).statusCode).toBe(303);
    // The first client's own quarter hour is not over yet.
    const stillPaused = await attempt(AGENT_TOKEN, '192.0.2.7');
    expect([stillPaused.statusCode, stillPaused.headers?.['retry-after']]).toEqual([429, '660']);
  });

  it('treats every address of one IPv6 /64 as one client', async () => {
    for (const host of ['1', '2', '3', '4', '5'])
      expect((await attempt('wrong-token', `2001:db8:1:2::${host}`)).statusCode).toBe(401);
    expect((await attempt(AGENT_TOKEN, '2001:db8:1:2:ffff::6')).statusCode).toBe(429);
    expect((await attempt(AGENT_TOKEN, '2001:db8:1:3::1')).statusCode).toBe(303);
  });

  it('lets the client in once its window has passed; the paused attempt used up neither its form nor an attempt', async () => {
    await statusesOf(5, 'wrong-token', '192.0.2.7');
    const form = await signInForm();
    expect((await attempt(AGENT_TOKEN, '192.0.2.7', form)).statusCode).toBe(429);
    clock.set(Date.parse('2026-11-24T08:15:00Z'));
    const response = await attempt(AGENT_TOKEN, '192.0.2.7', form);
    expect(response.statusCode).toBe(303);
    expect(cookieSet(response, SESSION_COOKIE)).toBeDefined();
  });

  it('counts failures only: a right token in between gives its attempt back', async () => {
    expect(await statusesOf(4, 'wrong-token', '192.0.2.7')).toEqual([401, 401, 401, 401]);
    expect((await attempt(AGENT_TOKEN, '192.0.2.7')).statusCode).toBe(303);
    expect((await attempt(AGENT_TOKEN, '192.0.2.7')).statusCode).toBe(303);
    expect(await statusesOf(2, 'wrong-token', '192.0.2.7')).toEqual([401, 429]);
  });

  it('compares at most 5 of 20 wrong tokens sent at once from one client', async () => {
    const forms = await Promise.all(Array.from({ length: 20 }, () => signInForm()));
    const statuses = (await Promise.all(forms.map((form) => attempt('wrong-token', '192.0.2.7', form)))).map(
      (r) => r.statusCode,
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429 && s !== 503)).toEqual([]);
    expect((await attempt(AGENT_TOKEN, '192.0.2.7')).statusCode).toBe(429);
  });

  it('refuses a replayed form with a page that says why, even with the right token', async () => {
    const form = await signInForm();
    expect((await attempt('wrong-token', '192.0.2.1', form)).statusCode).toBe(401);
    const replayed = await attempt(AGENT_TOKEN, '192.0.2.1', form);
    expect(replayed.statusCode).toBe(403);
    expect(replayed.body).toContain('Refused: this sign-in form was already used');
    expect(cookieSet(replayed, SESSION_COOKIE)).toBeUndefined();
    // A fresh form comes with the refusal.
    expect(cookieSet(replayed, LOGIN_COOKIE)).not.toBe(form.cookie);

    const signedIn = await signInForm();
    expect((await attempt(AGENT_TOKEN, '192.0.2.1', signedIn)).statusCode).toBe(303);
    const again = await attempt(AGENT_TOKEN, '192.0.2.1', signedIn);
    expect(again.statusCode).toBe(403);
    expect(cookieSet(again, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a form older than an hour, whose nonce no longer needs remembering', async () => {
    const form = await signInForm();
    clock.advance(3600_000);
    const stale = await attempt(AGENT_TOKEN, '192.0.2.1', form);
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('Refused: this sign-in form has expired');
    expect(cookieSet(stale, SESSION_COOKIE)).toBeUndefined();
  });
});
