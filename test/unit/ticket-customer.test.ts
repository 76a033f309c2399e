// Which customer a new ticket belongs to: mail intake and an agent's registration read the
// requester's mail domain the same way; a customer the agent names wins.
import { customerOf } from '../../workflows/intake/mail-routing';
import type { MailFacts } from '../../workflows/intake/mail-facts';
import { parseCreateTicket } from '../../workflows/lifecycle/ticket-events';
import { defaultPolicy } from '../../workflows/policy/default-policy';

const registration = (email: string, extra: Record<string, unknown> = {}) => {
  const parsed = parseCreateTicket(
    { kind: 'incident', subject: 'Printer jams', requester: { email }, channel: 'phone', ...extra },
    defaultPolicy,
    'agent',
  );
  if (!parsed.ok) throw new Error('refused');
  return parsed.value.customerId ?? null;
};
const mailFrom = (address: string) =>
  customerOf({ from: { address, name: '' } } as MailFacts, defaultPolicy)?.id ?? null;

describe('the customer of a new ticket', () => {
  it.each(['jan@acme.example.nl', 'Jan@ACME.Example.NL', 'someone@globex.example.com', 'x@unknown.example.org'])(
    'is the same for a registration as for a mail from %s',
    (address) => {
      expect(registration(address)).toBe(mailFrom(address));
    },
  );

  it('is found from the requester’s domain when the agent names none', () => {
    expect(registration('jan@acme.example.nl')).toBe('acme');
  });

  it('is the one the agent names, whatever the requester’s domain', () => {
    expect(registration('jan@acme.example.nl', { customerId: 'globex' })).toBe('globex');
  });

  it('is none when no customer has the domain', () => {
    expect(registration('x@unknown.example.org')).toBeNull();
  });
});
