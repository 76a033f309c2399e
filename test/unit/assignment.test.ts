// Assignment and routing as specifications: what an ASSIGN makes of a ticket's owner and team (or
// why it is refused, by field), where routing puts a new ticket, and whom the desk mails about it.
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { loadPolicy, type Policy } from '../../workflows/policy/policy';
import { decideAssign, routeTeam, routingActor, type Assignment } from '../../workflows/lifecycle/assignment';
import type { Actor } from '../../workflows/lifecycle/ticket-events';
import { ticketDriver } from '../support/ticket-driver';

const anna: Actor = { type: 'agent', id: 'anna' };
const bram: Actor = { type: 'agent', id: 'bram' };
const inServiceDesk: Assignment = { agentId: null, teamId: 'service-desk', by: routingActor };

/** The default policy with a third agent in both teams, and a rule by customer and one by category. */
const policy: Policy = loadPolicy({
  ...defaultPolicy,
  agents: [
    ...defaultPolicy.agents,
    { id: 'carla', name: 'Carla Smit', email: 'carla@desk.example.com', teams: ['changes', 'service-desk'] },
  ],
  routing: [
    { category: 'network', teamId: 'changes' },
    { customerId: 'acme', kind: 'service_request', teamId: 'changes' },
    ...defaultPolicy.routing,
  ],
});

describe('an agent assigns a ticket', () => {
  it('to an agent alone: the ticket keeps its team when the agent is in it', () => {
    const decided = decideAssign(policy, { ...inServiceDesk }, { agentId: 'carla' }, anna);
    expect(decided).toMatchObject({ ok: true, stamp: { agentId: 'carla', teamId: 'service-desk', by: anna } });
  });

  it("to an agent alone who is not in the ticket's team: it goes to the agent's first team", () => {
    const decided = decideAssign(policy, inServiceDesk, { agentId: 'bram' }, anna);
    expect(decided).toMatchObject({ ok: true, stamp: { agentId: 'bram', teamId: 'changes' } });
  });

  it('to a team alone: its queue, without an owner from the old team', () => {
    const owned = { agentId: 'anna', teamId: 'service-desk', by: anna };
    const decided = decideAssign(policy, owned, { teamId: 'changes' }, anna);
    expect(decided).toMatchObject({ ok: true, stamp: { agentId: null, teamId: 'changes' } });
  });

  it('back to nobody (agentId null): the ticket stays in its team’s queue', () => {
    const owned = { agentId: 'carla', teamId: 'changes', by: anna };
    const decided = decideAssign(policy, owned, { agentId: null }, anna);
    expect(decided).toMatchObject({ ok: true, stamp: { agentId: null, teamId: 'changes', tell: [] } });
  });

  it.each([
    [{ agentId: 'nobody' }, 'agentId', /not an agent of the policy/],
    [{ teamId: 'nowhere' }, 'teamId', /not a team of the policy/],
    [{ agentId: 'bram', teamId: 'service-desk' }, 'agentId', /bram is not in team service-desk/],
    [{}, '(body)', /agentId, a teamId or both/],
  ])('refuses %j, naming %s', (request, field, message) => {
    const decided = decideAssign(policy, inServiceDesk, request, anna);
    expect(decided.ok).toBe(false);
    if (decided.ok) return;
    expect(decided.issues).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('tells the new assignee unless they took it themselves, and the new team unless one of its members put it there', () => {
    expect(decideAssign(policy, inServiceDesk, { agentId: 'bram' }, anna)).toMatchObject({
      stamp: { tell: ['assignee', 'team'] },
    });
    expect(decideAssign(policy, inServiceDesk, { agentId: 'bram' }, bram)).toMatchObject({ stamp: { tell: [] } });
    expect(decideAssign(policy, inServiceDesk, { agentId: 'anna' }, anna)).toMatchObject({ stamp: { tell: [] } });
  });
});

describe('routing a new ticket', () => {
  it('takes the first rule whose conditions all hold', () => {
    expect(routeTeam(policy, { customerId: 'acme', kind: 'service_request', category: null })).toBe('changes');
    expect(routeTeam(policy, { customerId: 'acme', kind: 'incident', category: null })).toBe('service-desk');
    expect(routeTeam(policy, { customerId: null, kind: 'change', category: null })).toBe('changes');
  });

  it('puts no ticket in a team when the policy has no rules', () => {
    const none = loadPolicy({ ...defaultPolicy, routing: [] });
    expect(routeTeam(none, { customerId: 'acme', kind: 'change', category: null })).toBeNull();
  });

  it('puts a change in the change team, records it on CREATED and mails the team’s mailbox', () => {
    const t = ticketDriver({ kind: 'change' });
    expect(t.context.assignment).toEqual({ agentId: null, teamId: 'changes', by: routingActor });
    expect(t.head).toMatchObject({ teamId: 'changes' });
    expect(t.head.assigneeId).toBeUndefined();
    expect(t.log[0]!.event.assigned).toMatchObject({ teamId: 'changes', by: routingActor });
    const [queued] = t.sent('queuedForTeam');
    expect(queued).toMatchObject({ to: 'team', address: 'change-team@desk.example.com', language: 'en' });
    expect(queued!.subject).toBe('[INC-2026-000001] In the Change team queue: Mail server unreachable');
  });

  it('follows the category at classification while the team came from routing, not from a person', () => {
    const t = ticketDriver({ policy });
    expect(t.head.teamId).toBe('service-desk');
    expect(t.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'network', inScope: true }).ok).toBe(true);
    expect(t.head.teamId).toBe('changes');
    // The first-line team has no mailbox; the change team is told when it gets the ticket.
    expect(t.sent('queuedForTeam').map((m) => m.address)).toEqual(['change-team@desk.example.com']);

    const chosen = ticketDriver({ policy });
    chosen.send('ASSIGN', { teamId: 'service-desk' }, anna);
    chosen.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'network', inScope: true }, anna);
    expect(chosen.head.teamId).toBe('service-desk');
  });
});

describe('the mails an assignment sends', () => {
  it('mails the assignee when someone else assigns them, with the ticket, its subject and who did it', () => {
    const t = ticketDriver();
    const decision = t.send('ASSIGN', { agentId: 'bram' }, anna);
    expect(decision.ok).toBe(true);
    expect(t.head).toMatchObject({ assigneeId: 'bram', teamId: 'changes' });
    const [mail] = t.sent('assignedToYou');
    expect(mail).toMatchObject({ to: 'assignee', address: 'bram@desk.example.com' });
    expect(mail!.subject).toBe('[INC-2026-000001] Assigned to you by Anna de Vries: Mail server unreachable');
    expect(mail!.text).toContain('Dear Bram Jansen,');
    // The team's mailbox hears of it too: a member of another team put it there. Each once.
    expect(t.outbox.filter((m) => m.seq === t.head.version).map((m) => m.to)).toEqual(['assignee', 'team']);
  });

  it('mails nobody when an agent takes a ticket in their own team', () => {
    const t = ticketDriver();
    t.send('ASSIGN', { agentId: 'anna' }, anna);
    expect(t.head.assigneeId).toBe('anna');
    expect(t.outbox.filter((m) => m.seq === t.head.version)).toEqual([]);
  });

  it('refuses an unknown agent and leaves the ticket as it was', () => {
    const t = ticketDriver();
    const before = t.head;
    const decision = t.send('ASSIGN', { agentId: 'nobody' }, anna);
    expect(decision).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'agentId' }] });
    expect(t.head).toBe(before);
  });

  it('is taken in every open state and by no closed ticket', () => {
    const t = ticketDriver();
    t.send('CLASSIFY', { kind: 'incident', priority: 'P3', category: 'printing', inScope: true });
    t.send('REQUEST_INFO', { question: 'Which printer?' });
    expect(t.send('ASSIGN', { agentId: 'anna' }, anna).ok).toBe(true);
    t.send('CANCEL', { reason: 'duplicate' });
    expect(t.send('ASSIGN', { agentId: 'bram' }, anna)).toMatchObject({ ok: false, reason: 'not-allowed' });
  });
});
