import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { makeAdvanceTicketHandler } from '../../functions/lifecycle/advance-ticket.handler';
import { createDesk } from '../../functions/desk';
import { MAX_WAIT_SECONDS, wakeOnCommit } from '../../functions/lifecycle/lifecycle-driver';
import { makeParkTicketHandler } from '../../functions/lifecycle/park-ticket.handler';
import { byAgent, createTestTable } from '../support/test-table';
import { manualClock } from '../../functions/clock';
import { amsterdam } from '../support/ticket-driver';
import { planEvent } from '../../workflows/lifecycle/ticket-engine';
import { VersionConflictError } from '../../functions/lifecycle/ticket-store';

const sfnMock = mockClient(SFNClient);
beforeEach(() => sfnMock.reset());

async function parkedDesk() {
  const { client, tableName } = await createTestTable();
  const clock = manualClock(amsterdam('2026-11-24 09:00'));
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const desk = createDesk({ client, tableName, clock, onCommit: wakeOnCommit(sfn, clock.now) });
  const created = await desk.service.create(
    { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
    byAgent,
  );
  if (!created.ok) throw new Error('refused');
  return { desk, sfn, clock, id: created.head.id };
}

describe('the Step Functions lifecycle driver', () => {
  it('parks an execution on the head, and a committed event wakes it with the new routing facts', async () => {
    const { desk, sfn, id } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).resolves({});

    expect(await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1' })).toEqual({
      parked: true,
    });
    expect((await desk.store.getHead(id))?.parkToken).toBe('token-1');
    await desk.service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true },
      byAgent,
    );

    const calls = sfnMock.commandCalls(SendTaskSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.taskToken).toBe('token-1');
    expect(JSON.parse(calls[0]!.args[0].input.output!)).toMatchObject({
      ticketId: id,
      version: 2,
      status: 'diagnosing',
    });
    expect((await desk.store.getHead(id))?.parkToken).toBeUndefined();
  });

  it('wakes an execution at once when the ticket moved past the version it parked for', async () => {
    const { desk, sfn, id } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    await desk.service.apply(id, { type: 'ADD_NOTE', text: 'moved on' }, byAgent);

    expect(await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'stale-token' })).toEqual({
      parked: false,
    });
    expect(JSON.parse(sfnMock.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toMatchObject({
      version: 2,
      status: 'triage',
    });
  });

  it('never lets a commit decided before an execution parked overwrite its token unseen', async () => {
    const { desk, sfn, id } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const readBeforeParking = (await desk.store.getHead(id))!;
    await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1' });
    const decision = planEvent(
      desk.machine,
      desk.policy,
      readBeforeParking,
      { type: 'ADD_NOTE', text: 'x' },
      byAgent,
      Date.now(),
      { nonce: 'n' },
    );
    if (!decision.ok) throw new Error('refused');

    await expect(desk.store.commit(decision.commit)).rejects.toBeInstanceOf(VersionConflictError);
    // Through the engine the lost race is retried from a fresh read, which sees the token and wakes it.
    await desk.service.apply(id, { type: 'ADD_NOTE', text: 'x' }, byAgent);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input.taskToken)).toEqual(['token-1']);
  });

  it('treats a token that already timed out as harmless', async () => {
    const { desk, sfn, id } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'timed out', $metadata: {} }));
    await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1' });

    const applied = await desk.service.apply(id, { type: 'ADD_NOTE', text: 'still fine' }, byAgent);

    expect(applied.ok).toBe(true);
  });

  it('fires due timers on advance and hands back the seconds to the next one', async () => {
    const { desk, clock, id } = await parkedDesk();
    const advance = makeAdvanceTicketHandler(desk);
    expect(await advance({ ticketId: id })).toMatchObject({
      status: 'triage',
      version: 1,
      secondsToNextTimer: 3 * 3600,
    });
    clock.advance(3 * 3600_000);
    const facts = await advance({ ticketId: id });
    expect(facts).toMatchObject({ version: 2, status: 'triage' });
    await desk.service.apply(id, { type: 'CANCEL', reason: 'duplicate' }, byAgent);
    expect(await advance({ ticketId: id })).toMatchObject({
      status: 'cancelled',
      secondsToNextTimer: MAX_WAIT_SECONDS,
    });
  });
});
