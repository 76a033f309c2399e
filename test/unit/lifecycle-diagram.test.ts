import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { lifecycleDoc, lifecycleGraph, lifecycleMermaid } from '../../workflows/lifecycle/lifecycle-diagram';
import { createTicketMachine } from '../../workflows/lifecycle/ticket-machine';

const machine = createTicketMachine(defaultPolicy);

describe('the lifecycle diagram', () => {
  it('draws every lifecycle state with its title and every transition with its event', () => {
    const { states, transitions } = lifecycleGraph(machine);
    expect(states.map((s) => s.id)).toEqual(
      expect.arrayContaining(['triage', 'withThirdParty.escalated', 'onSite.visitPlanned', 'closed']),
    );
    expect(transitions).toEqual(
      expect.arrayContaining([
        { from: 'diagnosing', to: 'withThirdParty', event: 'FORWARD_TO_VENDOR', guard: null },
        {
          from: 'withThirdParty.followingUp',
          to: 'withThirdParty.escalated',
          event: 'after vendorFollowUp',
          guard: null,
        },
        { from: 'awaitingApproval', to: 'scheduled', event: 'QUOTE_APPROVED', guard: 'quoteIsCurrent' },
      ]),
    );
    const mermaid = lifecycleMermaid(machine, 'nl');
    expect(mermaid).toContain('state "Bij derde partij" as withThirdParty');
    expect(mermaid).toContain('diagnosing --> withThirdParty: FORWARD_TO_VENDOR');
  });

  it('is current in docs/lifecycle.md (run `npm run docs` after changing the chart)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'lifecycle.md'), 'utf8')).toBe(lifecycleDoc(machine));
  });
});
