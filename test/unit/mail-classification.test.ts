import { defaultPolicy } from '../../workflows/policy/default-policy';
import { classifyMail } from '../../workflows/intake/mail-classification';
import type { MailFacts } from '../../workflows/intake/mail-facts';
import { cleanSubject, kindOf, ticketTagOf } from '../../workflows/intake/mail-routing';

const mail = (headers: Record<string, string> = {}, over: Partial<MailFacts> = {}): MailFacts => ({
  messageId: '<m@acme.example.nl>',
  from: { address: 'jan@acme.example.nl', name: 'Jan' },
  recipients: ['servicedesk@desk.example.com'],
  addressed: ['servicedesk@desk.example.com'],
  subject: 'Printer',
  inReplyTo: null,
  references: [],
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
  contentType: 'text/plain',
  text: 'x',
  attachments: [],
  deliveryStatus: null,
  reportedMessage: null,
  ...over,
});

describe('telling people from machines', () => {
  it('takes an ordinary mail, and Auto-Submitted: no, as written by a person', () => {
    expect(classifyMail(mail(), defaultPolicy)).toEqual({ machine: false });
    expect(classifyMail(mail({ 'Auto-Submitted': 'no' }), defaultPolicy)).toEqual({ machine: false });
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'auto-submitted'],
    [{ 'Auto-Submitted': 'auto-generated; owner-email="x@y"' }, 'auto-submitted'],
    [{ 'X-Auto-Response-Suppress': 'All' }, 'auto-response-suppress'],
    [{ Precedence: 'bulk' }, 'bulk'],
    [{ Precedence: 'junk' }, 'bulk'],
    [{ Precedence: 'list' }, 'list'],
    [{ 'List-Unsubscribe': '<mailto:unsub@list.example>' }, 'list'],
    [{ 'X-Loop': 'servicedesk@desk.example.com' }, 'loop'],
    [{ 'X-Autoreply': 'yes' }, 'auto-submitted'],
  ])('treats %j as machine mail (%s)', (headers, reason) => {
    expect(classifyMail(mail(headers), defaultPolicy)).toEqual({ machine: true, reason });
  });

  it('treats delivery reports, mailer-daemons and the desk’s own addresses as machines', () => {
    expect(classifyMail(mail({}, { contentType: 'multipart/report' }), defaultPolicy)).toEqual({
      machine: true,
      reason: 'bounce',
    });
    expect(
      classifyMail(mail({}, { from: { address: 'mailer-daemon@mx.example.net', name: '' } }), defaultPolicy),
    ).toEqual({ machine: true, reason: 'mailer-daemon' });
    expect(classifyMail(mail({}, { from: { address: 'changes@desk.example.com', name: '' } }), defaultPolicy)).toEqual({
      machine: true,
      reason: 'desk-address',
    });
  });
});

describe('routing', () => {
  it('finds the ticket tag in a reply subject and cleans reply prefixes for a new title', () => {
    expect(ticketTagOf('RE: Antw: [CHG-2026-000042] VPN')).toBe('CHG-2026-000042');
    expect(ticketTagOf('geen tag [INC-26-1]')).toBeNull();
    expect(cleanSubject('Re: FW: [INC-2026-000001] Printer')).toBe('Printer');
  });

  it('opens a change for mail to changes@, an incident otherwise', () => {
    expect(kindOf(mail({}, { recipients: ['changes@desk.example.com'] }), defaultPolicy)).toBe('change');
    expect(kindOf(mail({}, { recipients: ['someone@else.example'] }), defaultPolicy)).toBe('incident');
  });
});
