// The local timer poller against DynamoDB Local: what firing due timers costs the store.
import { fireDueTimers } from '../../local/timer-poller';
import { byAgent, createTestEngine } from '../support/test-table';

describe('the local timer poller', () => {
  it('fires each due timer with one transaction, reading the listed heads in one batch rather than one by one', async () => {
    const { service, store, clock, client } = await createTestEngine();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await service.create(
        { kind: 'incident', subject: `disk ${i} full`, requester: { email: 'jan@acme.example.nl' } },
        byAgent,
      );
      if (created.ok) ids.push(created.head.id);
    }
    const warning = (await store.getHead(ids[0]!))!.timers.find((t) => t.name === 'slaResponseWarning')!;
    clock.set(warning.dueAt);
    const counts = new Map<string, number>();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName).replace(/Command$/, '');
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );

    const fired = await fireDueTimers({ store, service, clock });

    expect(fired).toBe(3);
    expect(counts.get('TransactWriteItems')).toBe(3);
    expect(counts.get('BatchGetItem')).toBe(1);
    expect(counts.get('GetItem')).toBeUndefined();
    for (const id of ids)
      expect((await store.getHead(id))!.timers.some((t) => t.name === 'slaResponseWarning')).toBe(false);
  });
});
