// New requests from the customer portal against DynamoDB Local, through the portal's handlers: an
// incident, a service request from the catalog and a request for change, each for the signed-in
// address and its customer over the `portal` channel (a change so opened is in writing); a form
// cannot say whom it is for; bad fields come back as the page naming them; no session, no request.
import { manualClock } from '../../functions/clock';
import type { Desk } from '../../functions/desk';
import { makePortalHomeHandler } from '../../functions/portal/portal-home.handler';
import { readPortalTickets } from '../../functions/portal/portal-home-data';
import { makePortalRequestHandler } from '../../functions/portal/portal-request.handler';
import { consoleEvent, invoke } from '../support/console-requests';
import { handlerDesk } from '../support/handler-desk';
import { signInCustomer, type SignedInCustomer } from '../support/portal-customer';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
let desk: Desk;
let jan: SignedInCustomer;
let piet: SignedInCustomer;
let ann: SignedInCustomer;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock));
  jan = await signInCustomer(desk, 'jan@acme.example.nl');
  piet = await signInCustomer(desk, 'piet@acme.example.nl');
  ann = await signInCustomer(desk, 'ann@globex.example.com');
});

type Session = typeof jan;

function send(who: Session | null, form: Record<string, string>) {
  clock.advance(1_000);
  return invoke(
    makePortalRequestHandler(desk),
    consoleEvent('POST', '/portal/requests', {
      cookies: who ? [who.cookie] : [],
      form: { ...(who ? { csrf: who.csrf } : {}), ...form },
    }),
  );
}

const openPage = (who: Session | null, query?: Record<string, string>) =>
  invoke(
    makePortalRequestHandler(desk),
    consoleEvent('GET', '/portal/requests/new', { cookies: who ? [who.cookie] : [], ...(query ? { query } : {}) }),
  );

/** The ticket a 303 points at, checked to be its portal page. */
function openedId(response: { statusCode?: number; headers?: Record<string, unknown> }): string {
  expect(response.statusCode).toBe(303);
  const match = /^\/portal\/tickets\/([^?#/]+)\?lang=(nl|en)&opened=1#flash$/.exec(String(response.headers!.location));
  expect(match).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

async function opened(id: string) {
  const head = (await desk.store.getHead(id))!;
  const [first] = await desk.store.listEvents(id);
  return { head, context: head.snapshot.context, first: first! };
}

const listedFor = async (email: string, customerId: string) =>
  (await readPortalTickets(desk, { email, customerId, language: 'nl', keyContact: false })).length;

describe('the new-request page', () => {
  it('offers the three kinds in the customer’s language, the catalog split into included and billable', async () => {
    const nl = await openPage(jan);
    const en = await openPage(ann);

    expect(nl.statusCode).toBe(200);
    expect(nl.body).toContain('Storing melden');
    expect(nl.body).toContain('Service aanvragen uit de catalogus');
    expect(nl.body).toContain('Wijziging aanvragen');
    expect(nl.body).toContain('Inbegrepen in de dienstverlening');
    expect(nl.body).toContain('Op basis van werkelijk bestede uren');
    expect(nl.body).toContain('action="/portal/requests?lang=nl"');
    expect(nl.body).toContain(`value="${jan.csrf}"`);
    expect(en.body).toContain('Request a change');
    expect(en.body).toContain('Included in the service');
    expect(en.body).toContain('Billable on actual hours');
  });

  it('is reached from the portal home by its "New request" link', async () => {
    const home = await invoke(
      makePortalHomeHandler(desk),
      consoleEvent('GET', '/portal/tickets', { cookies: [ann.cookie] }),
    );

    expect(home.body).toMatch(/<a class="button" href="\/portal\/requests\/new\?lang=en">New request<\/a>/);
  });

  it('sends a browser without a session to sign in, and refuses its form with nothing created', async () => {
    const before = await listedFor('jan@acme.example.nl', 'acme');

    const page = await openPage(null);
    const posted = await send(null, { kind: 'incident', subject: 'Printer jams' });

    expect(page.statusCode).toBe(303);
    expect(page.headers!.location).toBe('/portal');
    expect(posted.statusCode).toBe(403);
    expect(await listedFor('jan@acme.example.nl', 'acme')).toBe(before);
  });
});

describe('opening a request from the portal', () => {
  it('opens an incident for the signed-in address and its customer, through the portal channel', async () => {
    const response = await send(jan, {
      kind: 'incident',
      subject: 'Printer on the second floor jams',
      description: 'Since this morning',
    });

    const { head, context, first } = await opened(openedId(response));
    expect(head.kind).toBe('incident');
    expect(context).toMatchObject({
      subject: 'Printer on the second floor jams',
      description: 'Since this morning',
      requester: { email: 'jan@acme.example.nl' },
      customerId: 'acme',
    });
    expect(first).toMatchObject({
      actor: { type: 'customer', id: 'jan@acme.example.nl' },
      event: { channel: 'portal' },
    });
  });

  it('opens a service request from the catalog with its item and terms at the head of the description', async () => {
    const included = await send(jan, {
      kind: 'service_request',
      catalogItemId: 'user-create',
      description: 'For Kees',
    });
    const billable = await send(ann, {
      kind: 'service_request',
      catalogItemId: 'other',
      subject: 'Move the server rack',
    });

    const ours = await opened(openedId(included));
    const theirs = await opened(openedId(billable));
    expect(ours.head.kind).toBe('service_request');
    expect(ours.context.subject).toBe('Gebruiker aanmaken');
    expect(ours.context.description).toBe(
      'Catalogusitem: Gebruiker aanmaken (user-create)\nVoorwaarden: Inbegrepen in de dienstverlening\n\nFor Kees',
    );
    expect(theirs.context).toMatchObject({
      subject: 'Move the server rack',
      description: 'Catalog item: Other work (billed on actual hours) (other)\nTerms: Billable on actual hours',
      requester: { email: 'ann@globex.example.com' },
      customerId: 'globex',
    });
    expect(theirs.first).toMatchObject({ event: { channel: 'portal' } });
  });

  it('opens a request for change in writing: classified as a change, it goes to quoting, not to wait for writing', async () => {
    const response = await send(jan, {
      kind: 'change',
      subject: 'VPN for the Utrecht office',
      description: 'Twenty users',
      desiredDate: '2026-12-01',
    });
    const id = openedId(response);

    const { context, first } = await opened(id);
    const classified = await desk.service.apply(
      id,
      { type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true },
      { actor: { type: 'agent', id: 'anna' }, channel: 'agent' },
    );

    expect(first).toMatchObject({ event: { channel: 'portal' } });
    expect(context.description).toBe('Gewenste datum: 2026-12-01\n\nTwenty users');
    expect(context.inWriting).toMatchObject({ via: 'portal', by: 'jan@acme.example.nl' });
    expect(classified.ok).toBe(true);
    expect(await desk.store.getHead(id)).toMatchObject({ status: 'quoting' });
  });

  it('keeps the requester and customer of the session whatever the form names', async () => {
    const response = await send(jan, {
      kind: 'incident',
      subject: 'Who is this for?',
      requester: 'ann@globex.example.com',
      'requester.email': 'ann@globex.example.com',
      email: 'ann@globex.example.com',
      customerId: 'globex',
      channel: 'phone',
    });

    const { context, first } = await opened(openedId(response));
    expect(context.requester).toEqual({ email: 'jan@acme.example.nl' });
    expect(context.customerId).toBe('acme');
    expect(first).toMatchObject({ actor: { id: 'jan@acme.example.nl' }, event: { channel: 'portal' } });
  });
});

describe('a request the portal refuses', () => {
  it('shows the page again (400) naming each bad field, and creates nothing', async () => {
    const before = await listedFor('piet@acme.example.nl', 'acme');

    const change = await send(piet, { kind: 'change', subject: '', description: '', desiredDate: 'next week' });
    const service = await send(piet, { kind: 'service_request', catalogItemId: 'no-such-item' });
    const kind = await send(piet, { kind: 'anything', subject: 'x' });

    expect(change.statusCode).toBe(400);
    expect(change.body).toContain('role="alert"');
    for (const field of ['subject', 'description', 'desiredDate']) expect(change.body).toContain(`<li>${field}: `);
    expect(service.statusCode).toBe(400);
    expect(service.body).toContain('catalogItemId: ');
    expect(service.body).toContain('not in the service catalog');
    expect(kind.statusCode).toBe(400);
    expect(kind.body).toContain('kind: ');
    expect(await listedFor('piet@acme.example.nl', 'acme')).toBe(before);
  });
});
