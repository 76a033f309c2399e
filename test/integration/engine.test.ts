import { machine, createTestEngine, byAgent } from '../support/test-table';
import { replayTicket } from '../../workflows/lifecycle/ticket-engine';

const newIncident = {
  kind: 'incident',
  subject: 'Printer on floor 2 is offline',
  requester: { email: 'jan@acme.example.nl', name: 'Jan' },
  customerId: 'acme',
};

describe('the durable engine on DynamoDB Local', () => {
  it('numbers new tickets per kind and year from an atomic counter', async () => {
    const { service } = await createTestEngine();
    const ids = await Promise.all([1, 2, 3].map(() => service.create(newIncident, byAgent)));
    const change = await service.create({ ...newIncident, kind: 'change' }, byAgent);
    const got = ids.map((r) => (r.ok ? r.head.id : 'refused')).sort();
    expect(got).toEqual(['INC-2026-000001', 'INC-2026-000002', 'INC-2026-000003']);
    expect(change.ok && change.head.id).toBe('CHG-2026-000001');
  });

  it('refuses an event the current state does not allow, lists the allowed ones and changes nothing', async () => {
    const { service, store } = await createTestEngine();
    const created = await service.create(newIncident, byAgent);
    if (!created.ok) throw new Error('create refused');
    const id = created.head.id;

    const result = await service.apply(id, { type: 'RESOLVE', summary: 'fixed' }, byAgent);

    expect(result).toMatchObject({
      ok: false,
      reason: 'not-allowed',
      allowed: ['ADD_NOTE', 'ASSIGN', 'CANCEL', 'CLASSIFY', 'REPLY', 'SET_PRIORITY'],
    });
    expect(await store.getHead(id)).toEqual(created.head);
    expect(await store.listEvents(id)).toHaveLength(1);
  });

  it('rejects a malformed event naming the bad fields, and changes nothing', async () => {
    const { service, store } = await createTestEngine();
    const created = await service.create(newIncident, byAgent);
    if (!created.ok) throw new Error('create refused');

    const result = await service.apply(
      created.head.id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P9', inScope: 'yes' },
      byAgent,
    );

    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'invalid') throw new Error('expected invalid');
    expect(result.issues.map((i) => i.field).sort()).toEqual(['category', 'inScope', 'priority']);
    expect((await store.getHead(created.head.id))?.version).toBe(1);
  });

  it('rebuilds the stored head by replaying the event log', async () => {
    const { service, store, clock } = await createTestEngine();
    const created = await service.create(newIncident, byAgent);
    if (!created.ok) throw new Error('create refused');
    const id = created.head.id;
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'printing', inScope: true },
      byAgent,
    );
    await service.apply(id, { type: 'FORWARD_TO_VENDOR', vendorId: 'printing' }, byAgent);
    clock.advance(3 * 24 * 3600_000);
    await service.advance(id);
    await service.apply(
      id,
      { type: 'VENDOR_REPLIED', vendorRef: 'PR-77', message: 'part shipped' },
      { actor: { type: 'vendor', id: 'printing' }, channel: 'email' },
    );

    const head = await store.getHead(id);
    const rebuilt = replayTicket(machine, await store.listEvents(id));

    expect(head).not.toBeNull();
    expect(rebuilt.snapshot).toEqual(head!.snapshot);
    expect(rebuilt.timers).toEqual(head!.timers);
    expect(rebuilt.version).toBe(head!.version);
    expect(rebuilt.stage).toBe('diagnosing');
  });
});

describe('timers and events', () => {
  it('fires timers that fell due before an event arrives, before applying the event', async () => {
    const { service, store, clock } = await createTestEngine(Date.parse('2026-11-24T08:00:00Z'));
    const created = await service.create({ ...newIncident, priority: 'P1' }, byAgent);
    if (!created.ok) throw new Error('create refused');
    const id = created.head.id;
    await service.apply(
      id,
      { type: 'CLASSIFY', kind: 'incident', priority: 'P1', category: 'network', inScope: true },
      byAgent,
    );
    clock.advance(4 * 3600_000 + 30_000); // past the P1 breach; no poller has run

    await service.apply(id, { type: 'RESOLVE', summary: 'fixed' }, byAgent);

    const types = (await store.listEvents(id)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['timer:slaResolutionWarning', 'timer:slaResolutionBreach', 'RESOLVE']);
    expect((await store.getHead(id))?.snapshot.context.sla.resolution.breachedAt).not.toBeNull();
  });

  it("numbers a ticket by the desk's own year: 00:30 on New Year's Day in Amsterdam is next year", async () => {
    const { service } = await createTestEngine(Date.parse('2026-12-31T23:30:00Z'));
    const created = await service.create(newIncident, byAgent);
    expect(created.ok && created.head.id).toBe('INC-2027-000001');
  });
});

describe('concurrent events on one ticket', () => {
  it('logs each accepted event exactly once with contiguous versions; refused ones leave no trace', async () => {
    const { service, store } = await createTestEngine();
    const created = await service.create(newIncident, byAgent);
    if (!created.ok) throw new Error('create refused');
    const id = created.head.id;
    // 40 notes always apply; of 10 classifications only the first can (triage is then over).
    const events = [
      ...Array.from({ length: 40 }, (_, i) => ({ type: 'ADD_NOTE', text: `note ${i}` })),
      ...Array.from({ length: 10 }, (_, i) => ({
        type: 'CLASSIFY',
        kind: 'incident',
        priority: 'P3',
        category: `c${i}`,
        inScope: true,
      })),
    ];

    const results = await Promise.all(events.map((e) => service.apply(id, e, byAgent)));

    const accepted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(accepted).toHaveLength(41);
    expect(refused).toHaveLength(9);
    const log = await store.listEvents(id);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    const notes = log
      .filter((e) => e.type === 'ADD_NOTE')
      .map((e) => e.event.text)
      .sort();
    expect(notes).toEqual(events.flatMap((e) => ('text' in e ? [e.text] : [])).sort());
    expect(log.filter((e) => e.type === 'CLASSIFY')).toHaveLength(1);
    const head = await store.getHead(id);
    expect(head?.version).toBe(42);
    expect(head?.snapshot.context.notes).toBe(40);
  });
});
