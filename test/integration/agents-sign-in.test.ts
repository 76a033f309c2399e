// Agents sign in as themselves, against DynamoDB Local: each of the policy's agents has a token of
// their own, for the console's sign-in and the API alike, and every event an agent causes is
// recorded under their policy id. The console's frame says who is signed in.
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { makeConsoleActionHandler } from '../../functions/console/console-action.handler';
import { makeConsoleQueueHandler } from '../../functions/console/console-queue.handler';
import { makeConsoleSignInHandler } from '../../functions/console/console-sign-in.handler';
import { csrfTokenFor, LOGIN_COOKIE, SESSION_COOKIE } from '../../functions/console/console-session';
import type { Desk } from '../../functions/desk';
import { consoleKeysOf } from '../../functions/http/console-endpoint';
import { consoleEvent, cookieSet, invoke } from '../support/console-requests';
import { handlerDesk } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const tokens = new Map([
  ['anna', 'anna-token-0123456789abcdef'],
  ['bram', 'bram-token-0123456789abcdef'],
]);
const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;

beforeAll(async () => {
  desk = (await handlerDesk(clock, { agentTokens: tokens })).desk;
});

/** The sign-in form as a browser posts it, with this token. */
async function signInWith(token: string) {
  // Sessions run on wall-clock time, as the console's handlers check them (not the desk's clock).
  const handler = makeConsoleSignInHandler(desk, null);
  const page = await invoke(handler, consoleEvent('GET', '/console/sign-in'));
  const csrf = /name="csrf" value="([^"]*)"/.exec(String(page.body))![1]!;
  return invoke(
    handler,
    consoleEvent('POST', '/console/sign-in', {
      cookies: [cookieSet(page, LOGIN_COOKIE)!],
      form: { csrf, next: '/console', token },
    }),
  );
}

/** A signed-in agent: their session cookie and its CSRF token. */
async function signedIn(token: string) {
  const response = await signInWith(token);
  expect(response.statusCode).toBe(303);
  const cookie = cookieSet(response, SESSION_COOKIE)!;
  const session = JSON.parse(
    Buffer.from(cookie.slice(SESSION_COOKIE.length + 1).split('.')[0]!, 'base64url').toString(),
  );
  return { cookie, csrf: csrfTokenFor(consoleKeysOf(desk)!, session) };
}

async function createWith(token: string, subject: string) {
  const response = await invoke(makeCreateTicketHandler(desk), {
    ...consoleEvent('POST', '/v1/tickets', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }),
    body: JSON.stringify({ kind: 'incident', subject, requester: { email: 'jan@acme.example.nl' }, channel: 'phone' }),
  });
  return { statusCode: response.statusCode, body: JSON.parse(response.body!) as { id: string } };
}

const noteFrom = (agent: { cookie: string; csrf: string }, id: string, text: string) =>
  invoke(makeConsoleActionHandler(desk), {
    ...consoleEvent('POST', `/console/tickets/${id}/events`, {
      cookies: [agent.cookie],
      form: { csrf: agent.csrf, type: 'ADD_NOTE', text },
    }),
    pathParameters: { id },
  });

const actorsOf = async (id: string) => (await desk.store.listEvents(id)).map((e) => [e.type, e.actor]);

describe('agents sign in as themselves', () => {
  it("records the API's events under the agent whose token it is", async () => {
    const created = await createWith(tokens.get('anna')!, 'VPN drops every hour');
    expect(created.statusCode).toBe(201);
    expect(await actorsOf(created.body.id)).toEqual([['CREATED', { type: 'agent', id: 'anna' }]]);
  });

  it('records each console event under the agent who signed in with their own token, and shows who that is', async () => {
    const ticket = (await createWith(tokens.get('bram')!, 'Firewall change')).body;
    const anna = await signedIn(tokens.get('anna')!);
    const bram = await signedIn(tokens.get('bram')!);

    expect((await noteFrom(anna, ticket.id, 'Looked at the logs.')).statusCode).toBe(303);
    expect((await noteFrom(bram, ticket.id, 'Change window is Friday.')).statusCode).toBe(303);

    expect(await actorsOf(ticket.id)).toEqual([
      ['CREATED', { type: 'agent', id: 'bram' }],
      ['ADD_NOTE', { type: 'agent', id: 'anna' }],
      ['ADD_NOTE', { type: 'agent', id: 'bram' }],
    ]);
    const queueOf = async (agent: { cookie: string }) =>
      String(
        (await invoke(makeConsoleQueueHandler(desk), consoleEvent('GET', '/console', { cookies: [agent.cookie] })))
          .body,
      );
    expect(await queueOf(anna)).toContain('Signed in as Anna de Vries');
    expect(await queueOf(bram)).toContain('Signed in as Bram Jansen');
  });

  it("refuses a token that is no agent's, in the console and the API, and nothing is recorded", async () => {
    const refused = await signInWith('anna-token-0123456789abcdeX');
    expect(refused.statusCode).toBe(401);
    expect(cookieSet(refused, SESSION_COOKIE)).toBeUndefined();
    expect(String(refused.body)).toContain('That is not the agent token.');

    await createWith(tokens.get('anna')!, 'Somebody');
    const api = await createWith('not-a-token', 'Nobody');
    expect(api.statusCode).toBe(401);
    expect(await desk.store.listByStatus('new', 100)).not.toContainEqual(
      expect.objectContaining({ subject: 'Nobody' }),
    );
  });
});
