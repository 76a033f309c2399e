import { defaultPolicy, defaultPolicyData } from '../../workflows/policy/default-policy';
import { loadPolicy, PolicyError } from '../../workflows/policy/policy';

describe('the policy', () => {
  it('ships defaults that match the service description', () => {
    const standard = defaultPolicy.catalog.filter((c) => c.standard).map((c) => c.id);
    expect(standard).toEqual([
      'user-create',
      'user-modify',
      'user-delete',
      'mailbox-create',
      'mailbox-modify',
      'mailbox-delete',
      'directory-rights-create',
      'directory-rights-modify',
      'ad-group-create',
      'ad-group-modify',
      'ad-membership-create',
      'ad-membership-modify',
      'share-create',
      'share-modify',
      'share-delete',
      'printer-queue-create',
      'printer-queue-modify',
      'printer-queue-delete',
    ]);
    expect(defaultPolicy.catalog.find((c) => c.id === 'other')?.standard).toBe(false);
    expect(defaultPolicy.businessHours).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      weekdays: [1, 2, 3, 4, 5],
      opens: '08:30',
      closes: '17:30',
      holidays: { country: 'NL' },
    });
    expect(Object.keys(defaultPolicy.sla.targets)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('refuses a bad policy at load, naming every bad field', () => {
    const bad = {
      ...defaultPolicyData,
      businessHours: { ...defaultPolicyData.businessHours, opens: '18:00', closes: '9am' },
      vendors: [...defaultPolicyData.vendors, { ...defaultPolicyData.vendors[0], maxReminders: 0 }],
    };
    let error: unknown;
    try {
      loadPolicy(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const paths = (error as PolicyError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['businessHours.closes', 'vendors.4.maxReminders']));
  });

  it('refuses duplicate vendor ids', () => {
    const bad = { ...defaultPolicyData, vendors: [defaultPolicyData.vendors[0], defaultPolicyData.vendors[0]] };
    expect(() => loadPolicy(bad)).toThrow(/vendors.1.id: duplicate id connectivity/);
  });

  it('retries outgoing mail like an MTA unless told otherwise: five days, waits capped at an hour', () => {
    const { outbox: _outbox, ...older } = defaultPolicyData;
    expect(loadPolicy(older).outbox).toEqual({ retryForHours: 120, maxBackoffMinutes: 60 });
    expect(loadPolicy({ ...defaultPolicyData, outbox: { retryForHours: 48, maxBackoffMinutes: 30 } }).outbox).toEqual({
      retryForHours: 48,
      maxBackoffMinutes: 30,
    });
  });

  it('refuses an outbox retry that is not a window of time, or whose longest wait does not fit in it', () => {
    expect(() => loadPolicy({ ...defaultPolicyData, outbox: { retryForHours: 0, maxBackoffMinutes: 60 } })).toThrow(
      /outbox.retryForHours/,
    );
    expect(() => loadPolicy({ ...defaultPolicyData, outbox: { retryForHours: 1, maxBackoffMinutes: 90 } })).toThrow(
      /outbox.maxBackoffMinutes: the longest wait must fit in the retry window/,
    );
  });

  describe('agents and teams', () => {
    it('ships two teams, an agent in each, and routes changes to the change team', () => {
      const policy = loadPolicy(defaultPolicyData);
      expect(policy.teams.map((t) => t.id)).toEqual(['service-desk', 'changes']);
      expect(policy.agents.map((a) => [a.id, a.teams])).toEqual([
        ['anna', ['service-desk']],
        ['bram', ['changes']],
      ]);
      expect(policy.routing[0]).toEqual({ kind: 'change', teamId: 'changes' });
    });

    it('gives a policy file that predates them no teams, no named agents and no routing', () => {
      const { teams, agents, routing, ...older } = defaultPolicyData;
      expect([teams, agents, routing].every(Array.isArray)).toBe(true);
      const policy = loadPolicy(older);
      expect([policy.teams, policy.agents, policy.routing]).toEqual([[], [], []]);
    });

    it('refuses an agent in a team it does not have, a shared address and routing to nowhere', () => {
      const bad = {
        ...defaultPolicyData,
        agents: [
          { id: 'anna', name: 'Anna', email: 'anna@desk.example.com', teams: ['night-shift'] },
          { id: 'anne', name: 'Anne', email: 'ANNA@desk.example.com', teams: [] },
        ],
        routing: [{ teamId: 'nobody' }, { customerId: 'initech', teamId: 'changes' }],
      };
      let error: unknown;
      try {
        loadPolicy(bad);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(PolicyError);
      const paths = (error as PolicyError).issues.map((i) => i.path);
      expect(paths).toEqual(['agents.0.teams.0', 'agents.1.email', 'routing.0.teamId', 'routing.1.customerId']);
    });
  });
});
