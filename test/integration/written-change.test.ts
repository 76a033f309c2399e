// "Een verzoek tot het doorvoeren van gewenste wijziging wordt schriftelijk ingediend", against
// DynamoDB Local through the API's and the links' handlers: a change an agent registers from a phone
// call is held from quoting until the customer confirms it through the link the desk mailed them.
import { manualClock } from '../../functions/clock';
import { makeCreateTicketHandler } from '../../functions/api/create-ticket.handler';
import { makePostTicketEventHandler } from '../../functions/api/post-ticket-event.handler';
import { makeLinkActionHandler } from '../../functions/links/link-action.handler';
import { makeLinkPageHandler } from '../../functions/links/link-page.handler';
import type { Desk } from '../../functions/desk';
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';
import { consoleEvent, invoke } from '../support/console-requests';
import { HANDLER_AGENT_TOKEN, handlerDesk } from '../support/handler-desk';
import { amsterdam } from '../support/ticket-driver';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const authorization = { authorization: `Bearer ${HANDLER_AGENT_TOKEN}`, 'content-type': 'application/json' };
const quote = { lines: [{ kind: 'labour', description: 'Configure the VPN', quantity: 4, unitCents: 9500 }] };
let desk: Desk;

beforeAll(async () => {
  ({ desk } = await handlerDesk(clock));
});

/** An agent registers what the customer asked on the phone, and classifies it as a change. */
async function phoneChange(): Promise<string> {
  const created = await invoke(makeCreateTicketHandler(desk), {
    ...consoleEvent('POST', '/v1/tickets', { headers: authorization }),
    body: JSON.stringify({
      kind: 'change',
      subject: 'VPN for the Utrecht office',
      description: 'Twenty users, from December',
      requester: { email: 'jan@acme.example.nl', name: 'Jan' },
      channel: 'phone',
    }),
  });
  expect(created.statusCode).toBe(201);
  const { id } = JSON.parse(created.body!) as { id: string };
  const classified = await post(id, {
    type: 'CLASSIFY',
    kind: 'change',
    priority: 'P4',
    category: 'network',
    inScope: true,
  });
  expect(classified.statusCode).toBe(200);
  return id;
}

function post(id: string, body: Record<string, unknown>) {
  // A second apart: the handler desk's links are valid for a minute.
  clock.advance(1_000);
  return invoke(makePostTicketEventHandler(desk), {
    ...consoleEvent('POST', `/v1/tickets/${id}/events`, { headers: authorization }),
    pathParameters: { id },
    body: JSON.stringify(body),
  });
}

/** The link in the confirmation mail the desk put in the outbox for the requester. */
async function confirmationToken(id: string): Promise<string> {
  const mail = (await desk.store.listOutbox(id)).find((m) => m.template === 'changeConfirmationRequest');
  expect(mail).toMatchObject({ address: 'jan@acme.example.nl' });
  return /\/v1\/links\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
}

const link = (method: 'GET' | 'POST', token: string) => ({
  ...consoleEvent(method, `/v1/links/${token}`),
  pathParameters: { token },
});

describe('Een verzoek tot het doorvoeren van gewenste wijziging wordt schriftelijk ingediend', () => {
  it('refuses to quote or schedule a phone change (409, listing what is allowed) until the mailed link confirms it', async () => {
    const id = await phoneChange();

    const quoting = await post(id, { type: 'SUBMIT_QUOTE', ...quote });
    const scheduling = await post(id, { type: 'SCHEDULE_WORK', plannedFor: '2026-12-01T09:00:00+01:00' });

    for (const refused of [quoting, scheduling]) {
      expect(refused.statusCode).toBe(409);
      const problem = JSON.parse(refused.body!) as { allowed: string[] };
      expect(problem.allowed).toContain('CANCEL');
      expect(problem.allowed).not.toContain('SUBMIT_QUOTE');
      expect(problem.allowed).not.toContain('CHANGE_CONFIRMED_IN_WRITING');
    }
    expect(await desk.store.getHead(id)).toMatchObject({ status: 'awaitingWrittenConfirmation' });

    const token = await confirmationToken(id);
    const page = await invoke(makeLinkPageHandler(desk), link('GET', token));
    const afterGet = await desk.store.getHead(id);
    const confirmed = await invoke(makeLinkActionHandler(desk), link('POST', token));
    const quoted = await post(id, { type: 'SUBMIT_QUOTE', ...quote });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('VPN for the Utrecht office');
    expect(page.body).toContain('Twenty users, from December');
    expect(afterGet).toMatchObject({ status: 'awaitingWrittenConfirmation' });
    expect(confirmed.statusCode).toBe(200);
    expect(quoted.statusCode).toBe(200);
    expect(await desk.store.getHead(id)).toMatchObject({ status: 'awaitingApproval' });
  });

  it('logs the confirmation as the customer’s, through the link, with the hash of what they confirmed', async () => {
    const id = await phoneChange();
    const token = await confirmationToken(id);

    await invoke(makeLinkActionHandler(desk), link('POST', token));
    const again = await invoke(makeLinkActionHandler(desk), link('POST', token));

    const hash = writtenChangeHash({
      id,
      subject: 'VPN for the Utrecht office',
      description: 'Twenty users, from December',
    });
    const confirmation = (await desk.store.listEvents(id)).find((e) => e.type === 'CHANGE_CONFIRMED_IN_WRITING');
    expect(confirmation).toMatchObject({
      actor: { type: 'customer', id: 'jan@acme.example.nl' },
      event: { channel: 'link', viaLink: { action: 'confirm_in_writing', contentHash: hash } },
    });
    expect((await desk.store.getHead(id))!.snapshot.context.inWriting).toMatchObject({
      via: 'link',
      contentHash: hash,
    });
    expect(again.statusCode).toBe(410);
  });
});
