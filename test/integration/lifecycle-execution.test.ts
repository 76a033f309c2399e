import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { localLifecycle, stopLocalLifecycles, withoutStatus } from '../support/local-lifecycle';
import { executionName } from '../../functions/lifecycle/lifecycle-driver';
import {
  LIFECYCLE_ERRORS,
  MAX_CONSECUTIVE_FAILURES,
  MAX_UNKNOWN_STATUS_HANDOVERS,
} from '../../infra/lifecycle-state-machine';
import { customer } from '../support/test-table';
import { writtenChangeHash } from '../../workflows/lifecycle/written-change';

describe('the generated lifecycle, run in aws-local-stepfunctions on the real handlers', () => {
  afterEach(stopLocalLifecycles);

  it('follows a change from its quote through approval and implementation to closure', async () => {
    const local = await localLifecycle();
    const subject = 'Second site on the VPN';
    const { id, done, step } = await local.open('change', subject);

    await step({ type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
    // Registered by an agent: the customer confirms it in writing through their link first.
    const writing = {
      action: 'confirm_in_writing',
      contentHash: writtenChangeHash({ id, subject }),
      nonce: 'n-writing',
    };
    await step({ type: 'CHANGE_CONFIRMED_IN_WRITING' }, { actor: customer, channel: 'link', link: writing });
    await step({
      type: 'SUBMIT_QUOTE',
      lines: [{ kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 }],
    });
    await step({ type: 'QUOTE_APPROVED', quoteVersion: 1 }, { actor: customer, channel: 'link' });
    await step({ type: 'START_WORK' });
    await step({ type: 'RESOLVE', summary: 'Tunnel up' });
    await step({ type: 'CONFIRM_RESOLUTION' }, { actor: customer, channel: 'link' });

    expect(await done).toMatchObject({ ticketId: id, status: 'closed' });
    expect(local.waits).toEqual([
      'Wait: Triage',
      'Wait: Waiting for written confirmation',
      'Wait: Preparing the quote',
      'Wait: Waiting for quote approval',
      'Wait: Scheduled',
      'Wait: Implementing',
      'Wait: Resolved',
    ]);
  });

  it('times out twice on a silent vendor, firing a follow-up each time, then routes on the reply', async () => {
    const local = await localLifecycle();
    const { id, done, step } = await local.open('incident', 'Internet down');

    await step({ type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'network', inScope: true });
    await step({ type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity' });
    // Created (1), classified (2), forwarded (3): each timeout fires one follow-up (4, 5).
    local.timeOut(await local.parkedAt(3));
    local.timeOut(await local.parkedAt(4));
    await local.parkedAt(5);
    expect((await local.desk.store.getHead(id))!.snapshot.context.vendor).toMatchObject({ reminders: 2 });
    await step(
      { type: 'VENDOR_REPLIED', vendorRef: 'KPN-1', message: 'fixed' },
      { actor: { type: 'vendor', id: 'connectivity' }, channel: 'email' },
    );
    await step({ type: 'CANCEL', reason: 'solved by the vendor' });

    expect(await done).toMatchObject({ status: 'cancelled' });
    expect(local.waits.filter((w) => w === 'Wait: With third party')).toHaveLength(3);
    expect((await local.desk.store.listEvents(id)).map((e) => e.type)).toEqual([
      'CREATED',
      'CLASSIFY',
      'FORWARD_TO_VENDOR',
      'timer:vendorFollowUp',
      'timer:vendorFollowUp',
      'VENDOR_REPLIED',
      'CANCEL',
    ]);
  });

  it('goes on site with consent, and closes itself when the resolved ticket times out, parked until each timer is due', async () => {
    const local = await localLifecycle();
    const { id, done, step, version } = await local.open('incident', 'Switch broken');

    await step({ type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'network', inScope: true });
    await step({ type: 'PROPOSE_ONSITE', reason: 'Replace the switch' });
    await step({ type: 'CONSENT_GIVEN' }, { actor: customer, channel: 'link' });
    await step({ type: 'PLAN_VISIT', plannedFor: '2026-11-25T09:00:00+01:00', technician: 'Piet' });
    await step({ type: 'RECORD_VISIT', hours: 1.5 });
    await step({ type: 'RESOLVE', summary: 'Switch replaced' });
    // Each park waits until the ticket's next timer, however far: the five business days to
    // auto-close pass without a wake-up in between.
    const parks: { seconds: number; untilDue: number }[] = [];
    let ended = false;
    void done.then(() => (ended = true));
    while (!ended) {
      // The version read may precede the commit that closes the ticket: then it parks no more.
      const parked = await local
        .parkedAt(await version(), id)
        .catch((error: Error) => (ended ? undefined : Promise.reject(error)));
      if (!parked) break;
      const { nextDueAt } = (await local.desk.store.getHead(id))!;
      parks.push({ seconds: parked.seconds, untilDue: Math.ceil((nextDueAt! - local.clock.now()) / 1000) });
      local.timeOut(parked);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(await done).toMatchObject({ status: 'closed' });
    for (const park of parks) expect(park.seconds).toBe(park.untilDue);
    expect(Math.max(...parks.map((p) => p.seconds))).toBeGreaterThan(3 * 86_400);
    expect(local.waits).toContain('Wait: On-site support');
    expect((await local.desk.store.listEvents(id)).at(-1)?.type).toBe('timer:resolvedAutoClose');
  });

  it('hands a long-lived ticket over to a new execution before the history limit, named after the ticket', async () => {
    const local = await localLifecycle({ maxCycles: 2 });
    const { id, done, step } = await local.open('incident', 'Printer jams');

    // Two cycles: a wake-up on the classification, a timeout on the next timer.
    await step({ type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'printing', inScope: true });
    local.timeOut(await local.parkedAt(2));

    expect(await done).toMatchObject({ ticketId: id, cycle: 2, generation: 0 });
    expect(local.continuations).toEqual([
      {
        StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle',
        Name: executionName(id, 1),
        Input: expect.objectContaining({
          ticketId: id,
          version: 3,
          cycle: 0,
          generation: 1,
          AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: `arn:aws:states:eu-west-1:123456789012:execution:lifecycle:${id}`,
        }),
      },
    ]);
  });
});

describe('a lifecycle that cannot go on ends, within a bound, and says why', () => {
  afterEach(stopLocalLifecycles);
  const classify = { type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'printing', inScope: true };
  // DynamoDB throttling that outlasts every retry of the advance function.
  const throttled = () =>
    Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
      name: 'ProvisionedThroughputExceededException',
    });
  const count = (entered: string[], state: string) => entered.filter((s) => s === state).length;

  it('stalls a ticket whose timers keep failing to fire, after the bound of failed rounds, naming the ticket and the error', async () => {
    const local = await localLifecycle({
      instrument: (name, handler) => (name === 'advance' ? async () => Promise.reject(throttled()) : handler),
    });
    const { id, done, step } = await local.open('incident', 'Printer jams');
    await step(classify);

    local.timeOut(await local.parkedAt(2));

    await expect(done).rejects.toMatchObject({ name: LIFECYCLE_ERRORS.stalled, message: expect.stringContaining(id) });
    await expect(done).rejects.toMatchObject({
      message: expect.stringContaining('ProvisionedThroughputExceededException'),
    });
    const { entered } = await local.lastOutcome();
    expect(count(entered, 'Count the failure')).toBe(MAX_CONSECUTIVE_FAILURES);
    expect(entered.at(-1)).toBe('Ticket stalled');
    expect(local.executions).toHaveLength(1);
  });

  it('recovers when firing timers works again before the bound, and counts its failures afresh', async () => {
    let failing = 0;
    const local = await localLifecycle({
      instrument: (name, handler) =>
        name === 'advance' ? async (input) => (failing-- > 0 ? Promise.reject(throttled()) : handler(input)) : handler,
    });
    const attemptsPerRound = 1 + local.retriesOf('Fire due timers', 'States.TaskFailed');
    const { done, step } = await local.open('incident', 'Printer jams');
    await step(classify);

    // Each timeout fires the next timer (one version) once firing works again.
    for (const version of [2, 3]) {
      failing = (MAX_CONSECUTIVE_FAILURES - 1) * attemptsPerRound;
      local.timeOut(await local.parkedAt(version));
      await local.parkedAt(version + 1);
      expect(failing).toBeLessThan(0);
    }

    expect(count(local.executions[0]!.entered, 'Count the failure')).toBe(2 * (MAX_CONSECUTIVE_FAILURES - 1));
    expect(local.executions[0]!.entered).not.toContain('Ticket stalled');
    await step({ type: 'CANCEL', reason: 'printer replaced' });
    expect(await done).toMatchObject({ status: 'cancelled' });
  });

  it('ends at once, without retrying or waiting, when the ticket no longer exists', async () => {
    let advances = 0;
    const local = await localLifecycle({
      instrument: (name, handler) => (name === 'advance' ? async (input) => (advances++, handler(input)) : handler),
    });
    const { id, done, step } = await local.open('incident', 'Printer jams');
    await step(classify);
    const parked = await local.parkedAt(2);
    await local.table.client.send(
      new DeleteCommand({ TableName: local.table.tableName, Key: { pk: `TICKET#${id}`, sk: 'HEAD' } }),
    );

    local.timeOut(parked);

    await expect(done).rejects.toMatchObject({ name: LIFECYCLE_ERRORS.ticketNotFound });
    expect(advances).toBe(1);
    expect((await local.lastOutcome()).entered.slice(-2)).toEqual(['Fire due timers', 'Ticket not found']);
  });

  it('hands a status the running definition does not know to the deployed one, which routes it', async () => {
    const local = await localLifecycle({ running: withoutStatus('withThirdParty') });
    const { id, done, step } = await local.open('incident', 'Internet down');
    await step({ ...classify, category: 'network' });

    await step({ type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity' });

    expect(await done).toMatchObject({ status: 'withThirdParty', unknownStatusHandovers: 1 });
    await local.parkedAt(3);
    expect(local.continuations.map((c) => c.Name)).toEqual([executionName(id, 1)]);
    expect(local.waits.at(-1)).toBe('Wait: With third party');
    await step({ type: 'CANCEL', reason: 'solved by the vendor' });
    expect((await local.lastOutcome()).output).toMatchObject({ status: 'cancelled', unknownStatusHandovers: 0 });
  });

  it('fails after a bounded number of handovers when the deployed definition does not know the status either', async () => {
    const local = await localLifecycle({ deployed: withoutStatus('withThirdParty') });
    const { id, done, step } = await local.open('incident', 'Internet down');
    await step({ ...classify, category: 'network' });

    await step({ type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity' });

    await done;
    const last = await local.lastOutcome();
    const generations = Array.from({ length: MAX_UNKNOWN_STATUS_HANDOVERS }, (_, i) => executionName(id, i + 1));
    expect(local.continuations.map((c) => c.Name)).toEqual(generations);
    expect(last).toMatchObject({
      name: generations.at(-1),
      error: { name: LIFECYCLE_ERRORS.unknownStatus, message: expect.stringContaining('withThirdParty') },
    });
    // Every handover after the first waited for a deployment that might still be under way.
    expect(local.executions.flatMap((e) => e.entered).filter((s) => s === 'Wait for the deployment')).toHaveLength(
      MAX_UNKNOWN_STATUS_HANDOVERS - 1,
    );
  });

  it('restarts a stalled ticket from its id and the next generation, as the alarm tells the operator', async () => {
    let broken = true;
    const local = await localLifecycle({
      instrument: (name, handler) =>
        name === 'advance' ? async (input) => (broken ? Promise.reject(throttled()) : handler(input)) : handler,
    });
    const { id, done, step } = await local.open('incident', 'Printer jams');
    await step(classify);
    local.timeOut(await local.parkedAt(2));
    await expect(done).rejects.toMatchObject({ name: LIFECYCLE_ERRORS.stalled });

    broken = false;
    const { result } = local.restart({ ticketId: id, generation: 1 });

    // The timer that failed to fire fires now.
    await local.parkedAt(3);
    expect(local.executions.at(-1)).toMatchObject({ name: executionName(id, 1) });
    expect(local.executions.at(-1)!.entered.slice(0, 4)).toEqual([
      'Route by status',
      'Start from the ticket as it stands',
      'Fire due timers',
      'Route by status',
    ]);
    await step({ type: 'CANCEL', reason: 'printer replaced' });
    expect(await result).toMatchObject({ ticketId: id, status: 'cancelled', generation: 1 });
  });
});
