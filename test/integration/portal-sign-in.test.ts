// The customer portal's sign-in against DynamoDB Local: the same answer for a known and an unknown
// address, the mail an outbox item the desk's dispatcher sends, a link that signs in once within
// its 15 minutes (by its button, never by GET), the code in the browser that asked, the throttle,
// sign-out, portal and console cookies each refused by the other, and a customer's list that never
// holds another customer's ticket.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { createDesk, type Desk } from '../../functions/desk';
import { consoleEndpoint } from '../../functions/http/console-endpoint';
import { createOutboxDispatcher } from '../../functions/outbox/delivery-attempts';
import type { OutgoingMail } from '../../functions/outbox/mailer';
import { makePortalHomeHandler } from '../../functions/portal/portal-home.handler';
import { makePortalSignInHandler } from '../../functions/portal/portal-sign-in.handler';
import { makePortalSignOutHandler } from '../../functions/portal/portal-sign-out.handler';
import { portalMailKey } from '../../functions/portal/portal-sign-in-store';
import {
  PORTAL_ATTEMPT_COOKIE,
  PORTAL_BROWSER_COOKIE,
  PORTAL_SESSION_COOKIE,
  portalCsrfFor,
  portalKeysFrom,
} from '../../functions/portal/portal-session';
import { SESSION_COOKIE } from '../../functions/console/console-session';
import { parseLinkKeys, signLink } from '../../workflows/links/link-token';
import { defaultPolicyData } from '../../workflows/policy/default-policy';
import { loadPolicy } from '../../workflows/policy/policy';
import { sealSignInToken, SIGN_IN_TTL_MS } from '../../workflows/portal/portal-sign-in';
import { consoleEvent, cookieSet, invoke, type ConsoleRequest } from '../support/console-requests';
import { createTestTable } from '../support/test-table';
import { signedInHandlerDesk } from '../support/handler-desk';

const AGENT_TOKEN = 'agent-token-1';
const NOW = Date.parse('2026-11-24T08:00:00Z');
const linkKeys = parseLinkKeys('k1:first-secret-0123456789');
const keys = portalKeysFrom(linkKeys)!;
const policy = loadPolicy({
  ...defaultPolicyData,
  customers: defaultPolicyData.customers.map((c) =>
    c.id === 'acme' ? { ...c, keyContacts: ['boss@acme.example.nl'] } : c,
  ),
  portalSignIn: {
    perAddress: { maxRequests: 3, windowMinutes: 15 },
    perClient: { maxRequests: 8, windowMinutes: 15 },
    codeTries: 3,
  },
});

let desk: Desk;
let table: Awaited<ReturnType<typeof createTestTable>>;
const clock = manualClock(NOW);
let wall = NOW;
const now = () => wall;
let ip = 0;

beforeAll(async () => {
  table = await createTestTable();
  desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    policy,
    clock,
    agentToken: AGENT_TOKEN,
    links: { keys: linkKeys, baseUrl: 'https://desk.example.com', validitySeconds: 60 },
  });
});
beforeEach(() => {
  wall += 3600_000;
  clock.set(wall);
});

const signIn = () => makePortalSignInHandler(desk, now);
const home = () => makePortalHomeHandler(desk, now);
const BROWSER = 'browser-nonce-0123456789ab';
const browserCookie = `${PORTAL_BROWSER_COOKIE}=${BROWSER}`;
const browserCsrf = portalCsrfFor(keys, 'browser', BROWSER);

/** A request from a browser of its own address (one client each, unless `sourceIp` says otherwise). */
function request(method: 'GET' | 'POST', path: string, r: ConsoleRequest = {}) {
  const event = consoleEvent(method, path, { sourceIp: r.sourceIp ?? `198.51.100.${++ip % 250}`, ...r });
  // The gateway (and the local server) hand the route's path parameter over.
  const token = /^\/portal\/sign-in\/(.+)$/.exec(path)?.[1];
  return token === undefined ? event : { ...event, pathParameters: { token } };
}

async function ask(email: string, extra: ConsoleRequest = {}) {
  return invoke(
    signIn(),
    request('POST', '/portal/sign-in', {
      cookies: [browserCookie],
      form: { email, csrf: browserCsrf, lang: 'en' },
      ...extra,
    }),
  );
}

const attemptOf = (response: APIGatewayProxyStructuredResultV2) => {
  const cookie = cookieSet(response, PORTAL_ATTEMPT_COOKIE)!;
  const body = cookie.slice(cookie.indexOf('=') + 1).split('.')[0]!;
  return { cookie, id: String(JSON.parse(Buffer.from(body, 'base64url').toString()).attempt) };
};

async function mailOf(attempt: string) {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: portalMailKey(attempt) }));
  if (!Item) return null;
  const text = String(Item.text);
  return {
    item: Item,
    token: /\/portal\/sign-in\/([A-Za-z0-9_.-]+)/.exec(text)![1]!,
    code: /(\d{3} \d{3})/.exec(text)![1]!.replace(' ', ''),
  };
}

const postLink = (token: string, extra: ConsoleRequest = {}) =>
  invoke(
    signIn(),
    request('POST', `/portal/sign-in/${token}`, {
      cookies: [browserCookie],
      form: { csrf: browserCsrf },
      ...extra,
    }),
  );

async function signedIn(email: string) {
  const { id } = attemptOf(await ask(email));
  const mail = (await mailOf(id))!;
  const response = await postLink(mail.token);
  expect(response.statusCode).toBe(303);
  return cookieSet(response, PORTAL_SESSION_COOKIE)!;
}

describe('asking for a sign-in link', () => {
  it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
    const known = await ask('jan@acme.example.nl');
    const unknown = await ask('jan@nobody.example.org');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(known.statusCode).toBe(200);
    const strip = (body: string, email: string) => body.replace(email, 'ADDRESS');
    expect(strip(unknown.body!, 'jan@nobody.example.org')).toBe(strip(known.body!, 'jan@acme.example.nl'));
    expect(unknown.cookies?.map((c) => c.split('=')[0])).toEqual(known.cookies?.map((c) => c.split('=')[0]));
    expect(await mailOf(attemptOf(known).id)).not.toBeNull();
    expect(await mailOf(attemptOf(unknown).id)).toBeNull();
  });

  it("mails the link and the code in the customer's language, through the desk's outbox dispatcher", async () => {
    const { id } = attemptOf(await ask('john@globex.example.com'));
    const mail = (await mailOf(id))!;
    expect(mail.item).toMatchObject({ status: 'pending', language: 'en', address: 'john@globex.example.com' });
    const sent: OutgoingMail[] = [];
    const dispatcher = createOutboxDispatcher({
      ...desk.table,
      mailer: { send: async (m) => void sent.push(m) },
      clock,
      retry: policy.outbox,
    });
    expect(await dispatcher.deliver(portalMailKey(id))).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'john@globex.example.com', subject: expect.stringMatching(/^Sign in to/) });
    expect(sent[0]!.text).toContain(`https://desk.example.com/portal/sign-in/${mail.token}`);
    const nl = (await mailOf(attemptOf(await ask('els@acme.example.nl')).id))!;
    expect(nl.item.language).toBe('nl');
    expect(String(nl.item.subject)).toMatch(/^Inloggen bij/);
  });

  it('refuses a form without the browser-bound CSRF token, and an address that is none', async () => {
    expect(
      (await ask('jan@acme.example.nl', { form: { email: 'jan@acme.example.nl', csrf: 'forged' } })).statusCode,
    ).toBe(403);
    expect((await ask('no address')).statusCode).toBe(400);
  });

  it('is throttled per address and per client, alike for known and unknown addresses', async () => {
    for (const email of ['piet@acme.example.nl', 'piet@nobody.example.org']) {
      for (let i = 0; i < 3; i++) expect((await ask(email)).statusCode).toBe(200);
      const paused = await ask(email);
      expect(paused.statusCode).toBe(429);
      expect(Number(paused.headers?.['retry-after'])).toBeGreaterThan(0);
    }
    const sourceIp = '203.0.113.9';
    for (let i = 0; i < 8; i++) expect((await ask(`user${i}@acme.example.nl`, { sourceIp })).statusCode).toBe(200);
    expect((await ask('user9@acme.example.nl', { sourceIp })).statusCode).toBe(429);
  });
});

describe('a sign-in link', () => {
  it('shows a button on GET and signs nobody in; the button signs in, once', async () => {
    const { id } = attemptOf(await ask('jan@acme.example.nl'));
    const { token } = (await mailOf(id))!;
    const page = await invoke(signIn(), request('GET', `/portal/sign-in/${token}`, { cookies: [browserCookie] }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/portal/sign-in/${token}"`);
    expect(cookieSet(page, PORTAL_SESSION_COOKIE)).toBeUndefined();
    const first = await postLink(token);
    expect(first.statusCode).toBe(303);
    expect(first.headers?.location).toMatch(/^\/portal\/tickets/);
    const cookie = first.cookies!.find((c) => c.startsWith(`${PORTAL_SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/portal/);
    const again = await postLink(token);
    expect(again.statusCode).toBe(410);
    expect(cookieSet(again, PORTAL_SESSION_COOKIE)).toBeUndefined();
    expect((await invoke(signIn(), request('GET', `/portal/sign-in/${token}`))).statusCode).toBe(410);
  });

  it('is Secure over https', async () => {
    const { token } = (await mailOf(attemptOf(await ask('anna@acme.example.nl')).id))!;
    const response = await postLink(token, {
      headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.cookies!.find((c) => c.startsWith(`${PORTAL_SESSION_COOKIE}=`))).toMatch(/Secure/);
  });

  it('has expired after 15 minutes', async () => {
    const { token } = (await mailOf(attemptOf(await ask('jan@acme.example.nl')).id))!;
    wall += SIGN_IN_TTL_MS;
    const response = await postLink(token);
    expect(response.statusCode).toBe(410);
    expect(response.body).toMatch(/verlopen/);
    expect(cookieSet(response, PORTAL_SESSION_COOKIE)).toBeUndefined();
  });

  it("is refused when it is another desk's, altered, a ticket link or malformed: 4xx, nobody signed in", async () => {
    const foreign = portalKeysFrom(parseLinkKeys('k1:another-desks-secret-0123'))!;
    const forged = sealSignInToken(foreign, {
      attempt: 'a'.repeat(24),
      email: 'jan@acme.example.nl',
      expiresAt: wall + 60_000,
    });
    const ticketLink = signLink(linkKeys, {
      ticketId: 'INC-2026-000001',
      action: 'confirm_resolution',
      ref: 1,
      contentHash: 'h',
      recipient: 'jan@acme.example.nl',
      expiresAt: Math.floor(wall / 1000) + 600,
      nonce: 'n',
    });
    for (const token of [forged, ticketLink, 'garbage', `${'x'.repeat(2000)}.y`]) {
      for (const method of ['GET', 'POST'] as const) {
        const response =
          method === 'GET' ? await invoke(signIn(), request('GET', `/portal/sign-in/${token}`)) : await postLink(token);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(cookieSet(response, PORTAL_SESSION_COOKIE)).toBeUndefined();
      }
    }
  });

  it('needs the CSRF token of the browser that shows its page', async () => {
    const { token } = (await mailOf(attemptOf(await ask('jan@acme.example.nl')).id))!;
    const forged = await postLink(token, { form: { csrf: 'forged' } });
    expect(forged.statusCode).toBe(403);
    expect(cookieSet(forged, PORTAL_SESSION_COOKIE)).toBeUndefined();
  });
});

describe('a sign-in code', () => {
  const postCode = (code: string, attemptCookie?: string) =>
    invoke(
      signIn(),
      request('POST', '/portal/code', {
        cookies: [browserCookie, ...(attemptCookie ? [attemptCookie] : [])],
        form: { code, csrf: browserCsrf },
      }),
    );

  it('signs in in the browser that asked for it, once, and ends the link too', async () => {
    const asked = attemptOf(await ask('jan@acme.example.nl'));
    const { code, token } = (await mailOf(asked.id))!;
    expect((await postCode(code)).statusCode).toBe(404);
    const right = await postCode(code, asked.cookie);
    expect(right.statusCode).toBe(303);
    expect(cookieSet(right, PORTAL_SESSION_COOKIE)).toBeDefined();
    expect((await postCode(code, asked.cookie)).statusCode).toBe(410);
    expect((await postLink(token)).statusCode).toBe(410);
  });

  it('ends the attempt after a few wrong codes, the right one then included, and the link with it', async () => {
    const asked = attemptOf(await ask('jan@acme.example.nl'));
    const { code, token } = (await mailOf(asked.id))!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await postCode(wrong, asked.cookie)).statusCode).toBe(401);
    expect((await postCode(wrong, asked.cookie)).statusCode).toBe(401);
    expect((await postCode(wrong, asked.cookie)).statusCode).toBe(403);
    const late = await postCode(code, asked.cookie);
    expect(late.statusCode).toBe(403);
    expect(cookieSet(late, PORTAL_SESSION_COOKIE)).toBeUndefined();
    expect((await postLink(token)).statusCode).toBe(403);
  });

  it('for an unknown address reads like a wrong code', async () => {
    const asked = attemptOf(await ask('jan@nobody.example.org'));
    const response = await postCode('123456', asked.cookie);
    expect(response.statusCode).toBe(401);
  });
});

describe('a portal session', () => {
  it('opens the portal home, and sign-out revokes it for every copy of its cookie', async () => {
    const session = await signedIn('jan@acme.example.nl');
    const page = await invoke(home(), request('GET', '/portal/tickets', { cookies: [session] }));
    expect(page.statusCode).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body!)![1]!;
    const forged = await invoke(
      makePortalSignOutHandler(desk, now),
      request('POST', '/portal/sign-out', { cookies: [session], form: { csrf: 'forged' } }),
    );
    expect(forged.statusCode).toBe(403);
    const out = await invoke(
      makePortalSignOutHandler(desk, now),
      request('POST', '/portal/sign-out', { cookies: [session], form: { csrf } }),
    );
    expect(out.statusCode).toBe(303);
    const after = await invoke(home(), request('GET', '/portal/tickets', { cookies: [session] }));
    expect(after.statusCode).toBe(303);
    expect(after.headers?.location).toBe('/portal?why=signed-out');
  });

  it('is refused by the console, and a console session by the portal', async () => {
    const portal = await signedIn('jan@acme.example.nl');
    const value = portal.slice(portal.indexOf('=') + 1);
    const consoleRoute = consoleEndpoint(desk, async () => ({ statusCode: 200, body: 'console' }), now);
    const asConsole = await invoke(
      consoleRoute,
      request('GET', '/console', { cookies: [`${SESSION_COOKIE}=${value}`] }),
    );
    expect(asConsole.statusCode).toBe(303);
    expect(asConsole.headers?.location).toMatch(/^\/console\/sign-in/);

    const agent = await signedInHandlerDesk(manualClock(Date.now()));
    const agentValue = agent.cookies[0]!.slice(agent.cookies[0]!.indexOf('=') + 1);
    const portalOnAgentsDesk = makePortalHomeHandler(agent.desk);
    for (const cookie of [`${PORTAL_SESSION_COOKIE}=${agentValue}`, agent.cookies[0]!]) {
      const response = await invoke(portalOnAgentsDesk, request('GET', '/portal/tickets', { cookies: [cookie] }));
      expect(response.statusCode).toBe(303);
      expect(response.headers?.location).toMatch(/^\/portal(\?|$)/);
    }
  });
});

describe("the portal home lists the customer's tickets", () => {
  const authorization = { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' };
  async function register(email: string, subject: string, extra: Record<string, unknown> = {}) {
    clock.advance(60_000);
    const response = await invoke(makeCreateTicketHandler(desk), {
      ...consoleEvent('POST', '/v1/tickets', { headers: authorization }),
      body: JSON.stringify({ kind: 'incident', subject, requester: { email }, channel: 'phone', ...extra }),
    });
    expect(response.statusCode).toBe(201);
    return (JSON.parse(response.body!) as { id: string }).id;
  }
  const listed = async (email: string) => {
    const session = await signedIn(email);
    const page = await invoke(home(), request('GET', '/portal/tickets', { cookies: [session] }));
    expect(page.statusCode).toBe(200);
    return page.body!;
  };

  it("their own, newest first, with state and SLA targets; a key contact's the organisation's; never another customer's", async () => {
    const older = await register('kim@acme.example.nl', 'Printer jams');
    const newer = await register('kim@acme.example.nl', 'Mail is slow');
    const colleague = await register('lot@acme.example.nl', 'VPN down');
    const globex = await register('john@globex.example.com', 'Globex secret');
    const onBehalf = await register('kim@acme.example.nl', 'For Globex', { customerId: 'globex' });

    const kim = await listed('kim@acme.example.nl');
    expect(kim).toContain(`/portal/tickets/${older}`);
    expect(kim.indexOf(newer)).toBeLessThan(kim.indexOf(older));
    expect(kim).not.toContain(colleague);
    expect(kim).not.toContain(globex);
    expect(kim).not.toContain(onBehalf);
    expect(kim).toContain('Streeftijden');

    const boss = await listed('boss@acme.example.nl');
    for (const id of [older, newer, colleague]) expect(boss).toContain(id);
    expect(boss).not.toContain(globex);
    expect(boss).not.toContain(onBehalf);

    const john = await listed('john@globex.example.com');
    expect(john).toContain(globex);
    expect(john).toContain('SLA targets');
    expect(john).not.toContain(older);
  });
});
