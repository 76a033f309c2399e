// Console sessions are items in the table (SESSION#<sid>): every console request reads its item
// (consistently) besides verifying the signed cookie, so a session ends when it is signed out,
// even for a copy of its cookie. Against DynamoDB Local.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../functions/clock';
import { makeConsoleSignInHandler } from '../../functions/console/console-sign-in.handler';
import { makeConsoleSignOutHandler } from '../../functions/console/console-sign-out.handler';
import {
  csrfTokenFor,
  issueSession,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  sessionKeysFrom,
} from '../../functions/console/console-session';
import { createDesk, type Desk } from '../../functions/desk';
import { consoleEndpoint } from '../../functions/http/console-endpoint';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { parseLinkKeys } from '../../workflows/links/link-token';
import { consoleEvent, cookieSet, invoke } from '../support/console-requests';
import { createTestTable } from '../support/test-table';

const AGENT_TOKEN = 'agent-token-1';
const NOW = Date.parse('2026-11-24T08:00:00Z');
const linkKeys = parseLinkKeys('k2:second-secret-0123456789,k1:first-secret-0123456789');
const keys = sessionKeysFrom({ agentToken: AGENT_TOKEN, linkKeys })!;
const links = { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 };

let table: Awaited<ReturnType<typeof createTestTable>>;
let desk: Desk;
const clock = manualClock(NOW);
let calls: string[];

beforeAll(async () => {
  table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy: defaultPolicy,
    agentToken: AGENT_TOKEN,
    links,
  });
});
beforeEach(() => {
  calls = [];
  clock.set(NOW);
});

/** A console route that records what it ran with. */
const routeOf = (on: Desk) =>
  consoleEndpoint(
    on,
    async ({ session, form }) => {
      calls.push(`${session.agentId}:${form.get('type') ?? ''}`);
      return { statusCode: 200, body: 'ok' };
    },
    clock.now,
  );
const route = () => routeOf(desk);

/** Signs in through the form, as an agent does: the session cookie and this session's CSRF token. */
async function signIn(on: Desk = desk): Promise<{ cookie: string; csrf: string }> {
  const signInHandler = makeConsoleSignInHandler(on, null, clock.now);
  const page = await invoke(signInHandler, consoleEvent('GET', '/console/sign-in'));
  const csrf = /name="csrf" value="([^"]*)"/.exec(String(page.body))![1]!;
  const response = await invoke(
    signInHandler,
    consoleEvent('POST', '/console/sign-in', {
      cookies: [cookieSet(page, LOGIN_COOKIE)!],
      form: { csrf, next: '/console', token: AGENT_TOKEN },
    }),
  );
  expect(response.statusCode).toBe(303);
  const cookie = cookieSet(response, SESSION_COOKIE)!;
  const queue = await invoke(routeOf(on), consoleEvent('GET', '/console', { cookies: [cookie] }));
  expect(queue.statusCode).toBe(200);
  calls = [];
  const token = cookie.slice(SESSION_COOKIE.length + 1);
  const session = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
  return {
    cookie,
    csrf: csrfTokenFor(sessionKeysFrom({ agentToken: on.agentToken, linkKeys: on.links?.keys })!, session),
  };
}

const post = (cookies: string[], form: Record<string, string>) =>
  invoke(route(), consoleEvent('POST', '/console/tickets/INC-2026-000001/events', { cookies, form }));
const get = (cookies: string[]) =>
  invoke(route(), consoleEvent('GET', '/console/tickets/INC-2026-000001', { cookies }));
const sidOf = (cookie: string) =>
  JSON.parse(Buffer.from(cookie.slice(SESSION_COOKIE.length + 1).split('.')[0]!, 'base64url').toString()).sid as string;
const sentToSignIn = (response: APIGatewayProxyStructuredResultV2) => [
  response.statusCode,
  String(response.headers?.location).split('?')[0],
];

describe('a console route', () => {
  it('runs the handler for a POST with both the session and its CSRF token', async () => {
    const { cookie, csrf } = await signIn();
    const response = await post([cookie], { type: 'ADD_NOTE', csrf });
    expect(response.statusCode).toBe(200);
    expect(calls).toEqual(['anna:ADD_NOTE']);
  });

  it.each([
    ['no session', () => [], 'You are not signed in'],
    [
      'an expired session',
      (cookie: string) => {
        clock.advance(SESSION_TTL_MS);
        return [cookie];
      },
      'has expired',
    ],
    [
      'a tampered session',
      (cookie: string) => {
        const [body, signature] = cookie.slice(SESSION_COOKIE.length + 1).split('.');
        const claims = { ...JSON.parse(Buffer.from(body!, 'base64url').toString()), agentId: 'mallory' };
        return [`${SESSION_COOKIE}=${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`];
      },
      'has been altered',
    ],
  ])('refuses a POST with %s (403, with the reason) and never runs the handler', async (_, cookiesFrom, why) => {
    const { cookie, csrf } = await signIn();
    const response = await post(cookiesFrom(cookie), { type: 'CANCEL', csrf });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(why);
    expect(response.body).toContain('Nothing was changed.');
    expect(calls).toEqual([]);
  });

  it.each([
    ['no CSRF token', {}, 'carried no CSRF token'],
    ['a wrong CSRF token', { csrf: 'AAAA' }, 'does not belong to your session'],
  ])('refuses a POST with %s (403, with the reason) and never runs the handler', async (_, extra, why) => {
    const { cookie } = await signIn();
    const response = await post([cookie], { type: 'CANCEL', ...extra });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain(why);
    expect(calls).toEqual([]);
  });

  it('refuses a POST that is not an HTML form (415), and sends a GET without a session to sign-in', async () => {
    const { cookie, csrf } = await signIn();
    const json = await invoke(
      route(),
      consoleEvent('POST', '/console/tickets/INC-2026-000001/events', {
        cookies: [cookie],
        contentType: 'application/json',
        body: JSON.stringify({ csrf }),
      }),
    );
    expect(json.statusCode).toBe(415);
    const redirect = await get([]);
    expect([redirect.statusCode, redirect.headers?.location]).toEqual([
      303,
      '/console/sign-in?next=%2Fconsole%2Ftickets%2FINC-2026-000001',
    ]);
    expect(calls).toEqual([]);
  });
});

describe('console sessions in the table', () => {
  it('end at sign-out: a copy of the cookie no longer opens the console, and a POST with it says it was signed out', async () => {
    const { cookie, csrf } = await signIn();
    const copy = cookie;
    const out = await invoke(
      makeConsoleSignOutHandler(desk, clock.now),
      consoleEvent('POST', '/console/sign-out', { cookies: [cookie], form: { csrf } }),
    );
    expect([out.statusCode, out.headers?.location]).toEqual([303, '/console/sign-in']);
    expect(out.cookies).toContainEqual(expect.stringMatching(/^desk_session=; .*Max-Age=0/));

    expect(sentToSignIn(await get([copy]))).toEqual([303, '/console/sign-in']);
    const refused = await post([copy], { type: 'CANCEL', csrf });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This console session was signed out; sign in again.');
    expect(calls).toEqual([]);
  });

  it('end for this session only: another sign-in of the same agent stays signed in', async () => {
    const first = await signIn();
    const second = await signIn();
    await invoke(
      makeConsoleSignOutHandler(desk, clock.now),
      consoleEvent('POST', '/console/sign-out', { cookies: [first.cookie], form: { csrf: first.csrf } }),
    );
    expect((await get([second.cookie])).statusCode).toBe(200);
  });

  it('are refused when their item is gone, or past its expiry before TTL removed it, though the cookie verifies', async () => {
    const unstored = issueSession(keys, 'local-agent', 'token', NOW);
    const never = await post([`${SESSION_COOKIE}=${unstored.token}`], {
      type: 'CANCEL',
      csrf: csrfTokenFor(keys, unstored.session),
    });
    expect(never.statusCode).toBe(403);
    expect(never.body).toContain('not known to the desk');

    const { cookie, csrf } = await signIn();
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: `SESSION#${sidOf(cookie)}`, sk: 'SESSION' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(NOW / 1000) },
      }),
    );
    const lapsed = await post([cookie], { type: 'CANCEL', csrf });
    expect([lapsed.statusCode, lapsed.body?.includes('has expired')]).toEqual([403, true]);

    const other = await signIn();
    await table.client.send(
      new DeleteCommand({ TableName: table.tableName, Key: { pk: `SESSION#${sidOf(other.cookie)}`, sk: 'SESSION' } }),
    );
    expect(sentToSignIn(await get([other.cookie]))).toEqual([303, '/console/sign-in']);
    expect(calls).toEqual([]);
  });

  it('still end when the agent token is rotated, item or not', async () => {
    const { cookie } = await signIn();
    const rotated = createDesk({
      client: table.client,
      tableName: table.tableName,
      policy: defaultPolicy,
      agentToken: `rotated-${randomUUID()}`,
      links,
    });
    const response = await invoke(
      routeOf(rotated),
      consoleEvent('POST', '/console/tickets/INC-2026-000001/events', {
        cookies: [cookie],
        form: { type: 'CANCEL', csrf: 'x' },
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('has been altered or was signed with another key');
    expect((await invoke(routeOf(rotated), consoleEvent('GET', '/console', { cookies: [cookie] }))).statusCode).toBe(
      303,
    );
  });
});
