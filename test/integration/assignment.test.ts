// Assignment and the teams' queues against DynamoDB Local: a change mailed to changes@ lands in the
// change team's queue; an agent assigns it to another, who finds it under "My work" and is mailed;
// a reassigned ticket leaves the old owner's queue in the same commit; an unknown agent is a 400
// that changes nothing; closing takes a ticket off every queue but not off its history.
import { manualClock } from '../../functions/clock';
import { makePostTicketEventHandler } from '../../functions/api/post-ticket-event.handler';
import { createConsoleSessionStore } from '../../functions/console/console-session-store';
import { issueSession, SESSION_COOKIE, sessionKeysFrom } from '../../functions/console/console-session';
import { makeConsoleQueueHandler } from '../../functions/console/console-queue.handler';
import type { Desk } from '../../functions/desk';
import { emailIntakeOf } from '../../functions/intake/intake-email';
import { readTicketHistory } from '../../functions/lifecycle/ticket-history';
import type { Origin } from '../../workflows/lifecycle/ticket-events';
import { consoleEvent, invoke } from '../support/console-requests';
import { HANDLER_AGENT_TOKEN, handlerDesk, handlerLinkKeys } from '../support/handler-desk';
import { mailFixture } from '../support/mail-fixtures';
import { amsterdam } from '../support/ticket-driver';

const keys = sessionKeysFrom({ agentToken: HANDLER_AGENT_TOKEN, linkKeys: handlerLinkKeys })!;
const clock = manualClock(amsterdam('2026-11-24 09:00'));
const as = (id: string): Origin => ({ actor: { type: 'agent', id }, channel: 'agent' });
const sessions = new Map<string, string>();
let desk: Desk;

beforeAll(async () => {
  const { desk: made, table } = await handlerDesk(clock);
  desk = made;
  const store = createConsoleSessionStore(table.client, table.tableName);
  for (const agent of ['anna', 'bram']) {
    const { token, session } = issueSession(keys, agent, 'token', Date.now());
    await store.create(session);
    sessions.set(agent, token);
  }
});

/** The ticket ids a tab of the console's queue lists for an agent. */
async function queueOf(agent: string, view: 'mine' | 'team' | 'unassigned'): Promise<string[]> {
  const response = await invoke(makeConsoleQueueHandler(desk), {
    ...consoleEvent('GET', '/console', { cookies: [`${SESSION_COOKIE}=${sessions.get(agent)}`], query: { view } }),
  });
  expect(response.statusCode).toBe(200);
  return [...(response.body ?? '').matchAll(/<tr[^>]* data-ticket="([^"]+)"/g)].map((m) => m[1]!);
}

let mails = 0;
/** A request for change from a customer, mailed to changes@ (each with a Message-ID of its own). */
async function mailedChange(): Promise<string> {
  clock.advance(60_000);
  const raw = mailFixture('qp-utf8-body.eml').toString('latin1').replace('rfc-20261124-1330@', `rfc-${++mails}@`);
  const result = await emailIntakeOf(desk).receive(Buffer.from(raw, 'latin1'), {
    recipients: ['changes@desk.example.com'],
  });
  if (result.outcome !== 'created') throw new Error(`not created: ${result.outcome}`);
  return result.ticketId;
}

const assign = async (id: string, by: string, body: Record<string, unknown>) => {
  clock.advance(60_000);
  const result = await desk.service.apply(id, { type: 'ASSIGN', ...body }, as(by));
  expect(result.ok).toBe(true);
};

describe('a change mailed to changes@', () => {
  it('is routed to the change team, whose mailbox is told', async () => {
    const id = await mailedChange();
    expect(await desk.store.getHead(id)).toMatchObject({ teamId: 'changes' });
    expect((await desk.store.getHead(id))?.assigneeId).toBeUndefined();
    const mails = await desk.store.listOutbox(id);
    expect(mails.map((m) => [m.template, m.address])).toEqual([
      ['acknowledgement', expect.any(String)],
      ['queuedForTeam', 'change-team@desk.example.com'],
    ]);
    expect(await queueOf('bram', 'unassigned')).toContain(id);
    expect(await queueOf('anna', 'team')).not.toContain(id);
  });

  it('assigned by one agent to another: under their My work, and they get a mail with a console link', async () => {
    const id = await mailedChange();
    await assign(id, 'anna', { agentId: 'bram' });

    expect(await queueOf('bram', 'mine')).toContain(id);
    expect(await queueOf('bram', 'unassigned')).not.toContain(id);
    const mail = (await desk.store.listOutbox(id)).find((m) => m.template === 'assignedToYou');
    expect(mail).toMatchObject({ address: 'bram@desk.example.com', status: 'pending' });
    expect(mail!.subject).toMatch(new RegExp(`^\\[${id}\\] Assigned to you by Anna de Vries: `));
    expect(mail!.text).toContain(`https://desk.example.com/console/tickets/${id}`);
  });

  it('reassigned: it leaves the old owner’s queue in the same commit', async () => {
    const id = await mailedChange();
    await assign(id, 'anna', { agentId: 'bram' });
    await assign(id, 'bram', { teamId: 'service-desk', agentId: 'anna' });

    expect(await queueOf('bram', 'mine')).not.toContain(id);
    expect(await queueOf('bram', 'team')).not.toContain(id);
    expect(await queueOf('anna', 'mine')).toContain(id);
    expect(await desk.store.listTeamQueue('changes', undefined, 100)).not.toContainEqual(
      expect.objectContaining({ id }),
    );
  });

  it('refuses an unknown agent with a 400 naming the field, and changes nothing', async () => {
    const id = await mailedChange();
    const before = await desk.store.getHead(id);
    const response = await invoke(makePostTicketEventHandler(desk), {
      ...consoleEvent('POST', `/v1/tickets/${id}/events`, {
        headers: { authorization: `Bearer ${HANDLER_AGENT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'ASSIGN', agentId: 'nobody' }),
      }),
      pathParameters: { id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('agentId');
    expect(await desk.store.getHead(id)).toEqual(before);
  });

  it('closed: off every queue, still in the requester’s history', async () => {
    const id = await mailedChange();
    await assign(id, 'anna', { agentId: 'bram' });
    const other = await mailedChange();
    await desk.service.apply(id, { type: 'CANCEL', reason: 'Withdrawn by the customer' }, as('bram'));

    expect(await queueOf('bram', 'mine')).not.toContain(id);
    expect(await queueOf('bram', 'team')).not.toContain(id);
    expect(await desk.store.listTeamQueue('changes', undefined, 100)).not.toContainEqual(
      expect.objectContaining({ id }),
    );
    const history = await readTicketHistory(desk, (await desk.store.getHead(other))!);
    expect(JSON.stringify(history)).toContain(id);
  });
});
