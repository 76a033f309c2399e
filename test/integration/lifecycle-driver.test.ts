import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { makeAdvanceTicketHandler } from '../../functions/lifecycle/advance-ticket.handler';
import { createDesk } from '../../functions/desk';
import { MAX_EXECUTION_AGE_SECONDS } from '../../functions/lifecycle/lifecycle-driver';
import { makeParkTicketHandler } from '../../functions/lifecycle/park-ticket.handler';
import { makeWakeLifecycleHandler } from '../../functions/lifecycle/wake-lifecycle.handler';
import { byAgent, createTestTable } from '../support/test-table';
import { manualClock } from '../../functions/clock';
import { amsterdam } from '../support/ticket-driver';
import { planEvent, type TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { headItem, VersionConflictError } from '../../functions/lifecycle/ticket-store';

const sfnMock = mockClient(SFNClient);
beforeEach(() => sfnMock.reset());

async function parkedDesk() {
  const { client, tableName } = await createTestTable();
  const clock = manualClock(amsterdam('2026-11-24 09:00'));
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const desk = createDesk({ client, tableName, clock });
  const created = await desk.service.create(
    { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
    byAgent,
  );
  if (!created.ok) throw new Error('refused');
  const startedAt = new Date(clock.now()).toISOString();
  return {
    desk,
    sfn,
    clock,
    id: created.head.id,
    position: { cycle: 4, generation: 1, executionStartedAt: startedAt },
  };
}

/** The stream record of a head change, as NEW_AND_OLD_IMAGES carries it. */
const record = (previous: TicketHead, next: TicketHead): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: {
    Keys: { pk: { S: `TICKET#${next.id}` }, sk: { S: 'HEAD' } },
    OldImage: marshall(headItem(previous), { removeUndefinedValues: true }) as never,
    NewImage: marshall(headItem(next), { removeUndefinedValues: true }) as never,
    SequenceNumber: '1',
  },
});

describe('the Step Functions lifecycle driver', () => {
  it('parks an execution on the head with its context, and the stream wakes it from the images when a commit takes the token off', async () => {
    const { desk, sfn, clock, id, position } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).resolves({});

    expect(
      await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1', ...position }),
    ).toEqual({ parked: true });
    const parked = (await desk.store.getHead(id))!;
    expect(parked).toMatchObject({
      parkToken: 'token-1',
      parkContext: { cycle: 4, generation: 1, deadline: clock.now() + MAX_EXECUTION_AGE_SECONDS * 1000 },
    });
    const applied = await desk.service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true },
      byAgent,
    );
    if (!applied.ok) throw new Error('refused');
    expect(applied.head.parkToken).toBeUndefined();

    const answer = await makeWakeLifecycleHandler(sfn, clock.now)({ Records: [record(parked, applied.head)] });

    expect(answer).toEqual({ batchItemFailures: [] });
    const calls = sfnMock.commandCalls(SendTaskSuccessCommand);
    expect(calls.map((c) => c.args[0].input.taskToken)).toEqual(['token-1']);
    expect(JSON.parse(calls[0]!.args[0].input.output!)).toEqual({
      ticketId: id,
      version: 2,
      status: 'diagnosing',
      secondsToNextTimer: Math.ceil((applied.head.nextDueAt! - clock.now()) / 1000),
      handOver: false,
      cycle: 4,
      generation: 1,
    });
  });

  it('keeps the execution parked through a commit that changes nothing it waits on (a note)', async () => {
    const { desk, sfn, id, position } = await parkedDesk();
    await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1', ...position });

    const applied = await desk.service.apply(id, { type: 'ADD_NOTE', text: 'called the customer' }, byAgent);

    if (!applied.ok) throw new Error('refused');
    expect(applied.head).toMatchObject({ version: 2, parkToken: 'token-1', parkContext: { cycle: 4 } });
    expect((await desk.store.getHead(id))?.parkToken).toBe('token-1');
  });

  it('answers its own token at once when the ticket moved past the version it parked for', async () => {
    const { desk, sfn, id, position } = await parkedDesk();
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    await desk.service.apply(id, { type: 'ADD_NOTE', text: 'moved on' }, byAgent);

    expect(
      await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'stale-token', ...position }),
    ).toEqual({ parked: false });
    expect(JSON.parse(sfnMock.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toMatchObject({
      version: 2,
      status: 'triage',
      cycle: 4,
    });
  });

  it('never lets a commit decided before an execution parked overwrite its token unseen', async () => {
    const { desk, sfn, id, position } = await parkedDesk();
    const readBeforeParking = (await desk.store.getHead(id))!;
    await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1', ...position });
    const decision = planEvent(
      desk.machine,
      desk.policy,
      readBeforeParking,
      { type: 'CANCEL', reason: 'duplicate' },
      byAgent,
      Date.now(),
      { nonce: 'n' },
    );
    if (!decision.ok) throw new Error('refused');

    await expect(desk.store.commit(decision.commit)).rejects.toBeInstanceOf(VersionConflictError);
    // Through the engine the lost race is retried from a fresh read, which sees the token: the
    // commit takes it off, so the stream wakes the execution.
    const applied = await desk.service.apply(id, { type: 'CANCEL', reason: 'duplicate' }, byAgent);
    expect(applied.ok && applied.head.parkToken).toBeUndefined();
  });

  it('treats a token that already timed out as done with, and reports any other failure back to the stream', async () => {
    const { desk, sfn, clock, id, position } = await parkedDesk();
    await makeParkTicketHandler(desk, sfn)({ ticketId: id, version: 1, taskToken: 'token-1', ...position });
    const parked = (await desk.store.getHead(id))!;
    const applied = await desk.service.apply(id, { type: 'CANCEL', reason: 'duplicate' }, byAgent);
    if (!applied.ok) throw new Error('refused');
    const wake = makeWakeLifecycleHandler(sfn, clock.now);

    sfnMock.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'timed out', $metadata: {} }));
    expect(await wake({ Records: [record(parked, applied.head)] })).toEqual({ batchItemFailures: [] });
    sfnMock.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    expect(await wake({ Records: [record(parked, applied.head)] })).toEqual({
      batchItemFailures: [{ itemIdentifier: '1' }],
    });
  });

  it('fires due timers on advance and hands back the seconds to the next one, never past the deadline', async () => {
    const { desk, clock, id, position } = await parkedDesk();
    const advance = makeAdvanceTicketHandler(desk);
    expect(await advance({ ticketId: id, ...position })).toMatchObject({
      status: 'triage',
      version: 1,
      secondsToNextTimer: 3 * 3600,
      handOver: false,
      cycle: 4,
    });
    clock.advance(3 * 3600_000);
    expect(await advance({ ticketId: id, ...position })).toMatchObject({ version: 2, status: 'triage' });
    await desk.service.apply(id, { type: 'CANCEL', reason: 'duplicate' }, byAgent);
    const deadline = Date.parse(position.executionStartedAt) + MAX_EXECUTION_AGE_SECONDS * 1000;
    expect(await advance({ ticketId: id, ...position })).toMatchObject({
      status: 'cancelled',
      secondsToNextTimer: Math.ceil((deadline - clock.now()) / 1000),
    });
  });

  it('says to hand over once the execution reaches its deadline, and gives the continuation a year of its own', async () => {
    const { desk, clock, id, position } = await parkedDesk();
    clock.advance(MAX_EXECUTION_AGE_SECONDS * 1000);

    const facts = await makeAdvanceTicketHandler(desk)({ ticketId: id, ...position });

    expect(facts.handOver).toBe(true);
    const head = (await desk.store.getHead(id))!;
    expect(facts.secondsToNextTimer).toBe(
      head.nextDueAt === null ? MAX_EXECUTION_AGE_SECONDS : Math.ceil((head.nextDueAt - clock.now()) / 1000),
    );
  });
});
