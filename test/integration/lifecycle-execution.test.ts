import { localLifecycle, stopLocalLifecycles } from '../support/local-lifecycle';
import { executionName, MAX_WAIT_SECONDS } from '../../functions/lifecycle-driver';
import { customer } from '../support/test-table';

describe('the generated lifecycle, run in aws-local-stepfunctions on the real handlers', () => {
  afterEach(stopLocalLifecycles);

  it('follows a change from its quote through approval and implementation to closure', async () => {
    const local = await localLifecycle();
    const { id, done, step } = await local.open('change', 'Second site on the VPN');

    await step({ type: 'CLASSIFY', kind: 'change', priority: 'P4', category: 'network', inScope: true });
    await step({ type: 'SUBMIT_QUOTE', lines: [{ kind: 'hardware', description: 'VPN appliance', quantity: 1, unitCents: 89900 }] });
    await step({ type: 'QUOTE_APPROVED', quoteVersion: 1 }, customer);
    await step({ type: 'START_WORK' });
    await step({ type: 'RESOLVE', summary: 'Tunnel up' });
    await step({ type: 'CONFIRM_RESOLUTION' }, customer);

    expect(await done).toMatchObject({ ticketId: id, status: 'closed' });
    expect(local.waits).toEqual(['Wait: Triage', 'Wait: Preparing the quote', 'Wait: Waiting for quote approval', 'Wait: Scheduled', 'Wait: Implementing', 'Wait: Resolved']);
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
    await step({ type: 'VENDOR_REPLIED', vendorRef: 'KPN-1', message: 'fixed' }, { type: 'vendor', id: 'connectivity' });
    await step({ type: 'CANCEL', reason: 'solved by the vendor' });

    expect(await done).toMatchObject({ status: 'cancelled' });
    expect(local.waits.filter((w) => w === 'Wait: With third party')).toHaveLength(3);
    expect((await local.desk.store.listEvents(id)).map((e) => e.type)).toEqual(['CREATED', 'CLASSIFY', 'FORWARD_TO_VENDOR', 'timer:vendorFollowUp', 'timer:vendorFollowUp', 'VENDOR_REPLIED', 'CANCEL']);
  });

  it('goes on site with consent, and closes itself when the resolved ticket times out, re-checking daily until then', async () => {
    const local = await localLifecycle();
    const { id, done, step, version } = await local.open('incident', 'Switch broken');

    await step({ type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'network', inScope: true });
    await step({ type: 'PROPOSE_ONSITE', reason: 'Replace the switch' });
    await step({ type: 'CONSENT_GIVEN' }, customer);
    await step({ type: 'PLAN_VISIT', plannedFor: '2026-11-25T09:00:00+01:00', technician: 'Piet' });
    await step({ type: 'RECORD_VISIT', hours: 1.5 });
    await step({ type: 'RESOLVE', summary: 'Switch replaced' });
    // A park lasts a day at most: the five business days to auto-close pass as daily wake-ups.
    const parks: number[] = [];
    while ((await local.desk.store.getHead(id))!.status !== 'closed') {
      const parked = await local.parkedAt(await version());
      parks.push(parked.seconds);
      local.timeOut(parked);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(await done).toMatchObject({ status: 'closed' });
    expect(parks.length).toBeGreaterThan(1);
    expect(Math.max(...parks)).toBeLessThanOrEqual(MAX_WAIT_SECONDS);
    expect(local.waits).toContain('Wait: On-site support');
    expect((await local.desk.store.listEvents(id)).at(-1)?.type).toBe('timer:resolvedAutoClose');
  });

  it('hands a long-lived ticket over to a new execution before the history limit, named after the ticket', async () => {
    const local = await localLifecycle({ maxCycles: 2 });
    const { id, done, step } = await local.open('incident', 'Printer jams');

    await step({ type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'printing', inScope: true });
    await step({ type: 'COMMENT', channel: 'email', from: 'jan@acme.example.nl', text: 'Still jamming' });

    expect(await done).toMatchObject({ ticketId: id, cycle: 2, generation: 0 });
    expect(local.continuations).toEqual([
      {
        StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle',
        Name: executionName(id, 1),
        Input: expect.objectContaining({ ticketId: id, version: 3, cycle: 0, generation: 1, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: `arn:aws:states:eu-west-1:123456789012:execution:lifecycle:${id}` }),
      },
    ]);
  });
});
