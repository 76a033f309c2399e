import { localLifecycle, stopLocalLifecycles } from '../support/local-lifecycle';
import { STREAM_RETRY_ATTEMPTS } from '../../infra/stream-delivery';
import { byAgent } from '../support/test-table';

const classify = { type: 'CLASSIFY', kind: 'incident', priority: 'P4', category: 'network', inScope: true };
const DAY = 86_400_000;

/** A harness that counts the Lambda invocations of each function, and can fail the first few wake-ups. */
async function countedLifecycle(failingWakes = 0) {
  const invocations = { park: 0, advance: 0, wake: 0 };
  let failures = failingWakes;
  const local = await localLifecycle({
    instrument: (name, handler) => async (input) => {
      invocations[name]++;
      if (name === 'wake' && failures-- > 0) throw new Error('the wake-up function is unavailable');
      return handler(input);
    },
  });
  return { local, invocations };
}

describe('an idle ticket costs nothing, and its wake-ups cannot be lost (the local Step Functions harness)', () => {
  afterEach(stopLocalLifecycles);

  it('delivers a wake-up whose first delivery failed again, from the stream, until it arrives', async () => {
    const { local, invocations } = await countedLifecycle(1);
    const { id, step } = await local.open('incident', 'Internet down');

    await step(classify);

    await local.parkedAt(2);
    expect(invocations.wake).toBe(2);
    expect(local.stream.deadLetters).toEqual([]);
    expect((await local.desk.store.getHead(id))!.status).toBe('diagnosing');
    expect(local.waits.at(-1)).toBe('Wait: Remote diagnosis');
  });

  it('dead-letters a wake-up that fails every delivery, after the stream retries', async () => {
    const { local, invocations } = await countedLifecycle(Infinity);
    const { step } = await local.open('incident', 'Internet down');

    await step(classify);
    await local.streamDrained();

    expect(invocations.wake).toBe(1 + STREAM_RETRY_ATTEMPTS);
    expect(local.stream.deadLetters).toHaveLength(1);
  });

  it('enters no state and invokes nothing while the days up to its next timer pass, then fires it', async () => {
    const { local, invocations } = await countedLifecycle();
    const { id, done, step } = await local.open('incident', 'Switch broken');
    await step(classify);
    await step({ type: 'RESOLVE', summary: 'Switch replaced' });
    const parked = await local.parkedAt(3);
    const { nextDueAt } = (await local.desk.store.getHead(id))!;
    const entered = local.executions[0]!.entered.length;
    const before = { ...invocations };

    // Five business days to auto-close: a week on the calendar, all but its last second idle.
    local.passTime(nextDueAt! - local.clock.now() - 1000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(nextDueAt! - local.clock.now()).toBe(1000);
    expect(local.clock.now() - parked.since).toBeGreaterThan(5 * DAY);
    expect(local.executions[0]!.entered).toHaveLength(entered);
    expect(invocations).toEqual(before);
    expect(local.parked()).toEqual([parked]);

    local.passTime(1000);

    expect(await done).toMatchObject({ status: 'closed' });
  });

  it('wakes nobody for a note on a parked ticket: it stays parked, no state entered, no function invoked', async () => {
    const { local, invocations } = await countedLifecycle();
    const { id, step } = await local.open('incident', 'Printer jams');
    await step(classify);
    const parked = await local.parkedAt(2);
    const entered = local.executions[0]!.entered.length;
    const before = { ...invocations };

    await local.desk.service.apply(id, { type: 'ADD_NOTE', text: 'Called the customer' }, byAgent);
    await local.streamDrained();

    const head = (await local.desk.store.getHead(id))!;
    expect(head).toMatchObject({ version: 3, parkToken: parked.token });
    expect(local.executions[0]!.entered).toHaveLength(entered);
    expect(invocations).toEqual(before);
    // One delivery only: the classification's wake-up; the note's head change passed no filter.
    expect(local.stream.deliveries).toBe(1);
  });

  it('costs two state transitions to start, two a wake-up and three a timer', async () => {
    const local = await localLifecycle();
    const { step } = await local.open('incident', 'Internet down');
    const entered = () => local.executions[0]!.entered;

    await local.parkedAt(1);
    expect(entered()).toEqual(['Route by status', 'Wait: Triage']);

    await step(classify);
    await local.parkedAt(2);
    expect(entered().slice(2)).toEqual(['Route by status', 'Wait: Remote diagnosis']);

    local.timeOut(await local.parkedAt(2));
    await local.parkedAt(3);
    expect(entered().slice(4)).toEqual(['Fire due timers', 'Route by status', 'Wait: Remote diagnosis']);
  });
});
