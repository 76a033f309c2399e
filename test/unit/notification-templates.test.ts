import PostalMime from 'postal-mime';
import type { AnyStateNode } from 'xstate';
import { mailHtml } from '../../functions/outbox/mail-html';
import { composeMail } from '../../functions/outbox/mailer';
import { renderNotification, templateNames, type TemplateName } from '../../workflows/mail/notification-templates';
import { ticketDriver } from '../support/ticket-driver';

/** Every template the chart can ask for, read from its notify actions (entry, exit, transitions). */
function templatesInChart(node: AnyStateNode): string[] {
  const actions = [
    ...node.entry,
    ...node.exit,
    ...[...node.transitions.values()].flat().flatMap((t) => t.actions),
    ...(node.always ?? []).flatMap((t) => t.actions),
  ];
  const own = actions.flatMap((a) => {
    const action = a as { type?: string; params?: { template?: string } };
    return action.type === 'notify' && action.params?.template ? [action.params.template] : [];
  });
  return [...own, ...Object.values(node.states).flatMap(templatesInChart)];
}

describe('notifications', () => {
  const t = ticketDriver();
  const chartTemplates = [...new Set(templatesInChart(t.machine.root))].sort();

  it('has a template for every notification the lifecycle owes', () => {
    expect(chartTemplates.length).toBeGreaterThan(20);
    expect(chartTemplates.filter((name) => !(templateNames as string[]).includes(name))).toEqual([]);
  });

  it.each(['nl', 'en'] as const)('renders each of them in %s with the ticket tag in the subject', (language) => {
    for (const template of chartTemplates) {
      const message = renderNotification(
        { template: template as TemplateName, to: 'requester' },
        { ...t.context, language },
        t.policy,
      );
      expect(message.subject).toMatch(/^(Re: )?\[INC-2026-000001\] \S/);
      expect(message.text.length).toBeGreaterThan(20);
      expect(message.language).toBe(language);
      expect(mailHtml({ ...message, ticketId: t.context.id }, t.policy.desk)).toContain(`<html lang="${language}">`);
    }
  });

  it("attaches the files an agent uploaded with a reply to the customer's mail", () => {
    const guide = { name: 'guide.pdf', type: 'application/pdf', size: 812, sha256: 'a'.repeat(64) };
    const trigger = { type: 'REPLY', message: 'Here is the guide.', cc: [], attachments: [guide] };

    const message = renderNotification(
      { template: 'agentReply', to: 'requester' },
      t.context,
      t.policy,
      undefined,
      trigger,
    );

    expect(message.attachments).toEqual([guide]);
    expect(message.text).toContain('Here is the guide.');
  });

  it('lets no ticket field inject a header', async () => {
    const context = { ...t.context, subject: 'Printer\r\nBcc: everyone@example.com\r\nX-Evil: 1' };
    const message = renderNotification({ template: 'acknowledgement', to: 'requester' }, context, t.policy);
    const raw = await composeMail({
      ...message,
      html: mailHtml({ ...message, ticketId: context.id }, t.policy.desk),
      from: 'servicedesk@desk.example.com',
      to: 'jan@acme.example.nl',
      messageId: '<x@desk.example.com>',
    });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.headers.map((h) => h.key)).not.toContain('bcc');
    expect(parsed.headers.map((h) => h.key)).not.toContain('x-evil');
    expect(parsed.subject).toContain('Printer Bcc: everyone@example.com');
    expect(parsed.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
  });

  it('escapes ticket fields in the HTML part', () => {
    const lines = [
      { kind: 'hardware' as const, description: '<script>alert(1)</script>', quantity: 1, unitCents: 100 },
    ];
    const context = { ...t.context, quote: { version: 1, lines, totalCents: 100, submittedAt: 0 } };
    const message = renderNotification({ template: 'quoteForApproval', to: 'requester' }, context, t.policy);

    const html = mailHtml({ ...message, ticketId: context.id }, t.policy.desk);

    expect(message.text).toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
  });
});
