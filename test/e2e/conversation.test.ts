// The conversation as a new user tries it on the local desk: a customer mails in, the agent
// replies and asks a question, the customer answers from Outlook with the question quoted, the
// ticket goes to a vendor whose helpdesk answers by mail with its own ticket number, and the agent
// resolves it. Every mail the desk sent is read back from the local mailbox as a mail client would.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';

const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `conversation-${randomUUID()}`;
let desk: LocalDesk;

beforeAll(async () => {
  desk = await startTestDesk('conversation', {
    clock,
    agentToken: token,
  });
});
afterAll(async () => desk.stop());

interface Received {
  to: string;
  cc: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
}

/** Every mail in the local mailbox, oldest first, parsed as a mail client would. */
async function mailbox(): Promise<Received[]> {
  const dir = desk.mailboxDir!;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = await PostalMime.parse(await readFile(join(dir, file)));
      return {
        to: (mail.to ?? []).map((a) => a.address).join(', '),
        cc: (mail.cc ?? []).map((a) => a.address).join(', '),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        messageId: mail.messageId ?? '',
        inReplyTo: mail.inReplyTo ?? '',
        references: (mail.references ?? '').split(/\s+/).filter(Boolean),
      };
    }),
  );
}

/** Waits until the mailbox holds a mail whose subject contains `subject`, and returns it. */
const mailAbout = (subject: string) =>
  eventually(async () => {
    const found = (await mailbox()).find((m) => m.subject.includes(subject));
    expect(found).toBeDefined();
    return found!;
  });

const smtp = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });
const api = (path: string, body?: unknown) =>
  call(`${desk.url}${path}`, { token, ...(body ? { method: 'POST', body } : {}) });
const send = async (id: string, event: Record<string, unknown>) => {
  const result = await api(`/v1/tickets/${id}/events`, event);
  expect(result.status).toBe(200);
  return result.json;
};

describe('the desk holds a conversation', () => {
  it('threads every mail of a ticket in one conversation per party, each carrying the words of its step', async () => {
    // A customer mails in, copying a colleague.
    await smtp().sendMail({
      from: '"Jan de Vries" <jan@acme.example.nl>',
      to: 'servicedesk@desk.example.com',
      cc: 'piet@acme.example.nl',
      subject: 'Internet valt steeds weg',
      text: 'Sinds vanochtend valt de verbinding op kantoor elke tien minuten weg.',
      messageId: '<conversation-1@acme.example.nl>',
    });
    const ack = await mailAbout('Uw melding is ontvangen: Internet valt steeds weg');
    const id = /\[(INC-\d{4}-\d+)\]/.exec(ack.subject)![1]!;

    // The agent replies, classifies and asks a question.
    await send(id, { type: 'REPLY', message: 'Wij kijken er direct naar en melden ons binnen het uur.' });
    await send(id, { type: 'CLASSIFY', kind: 'incident', priority: 'P2', category: 'network', inScope: true });
    await send(id, { type: 'REQUEST_INFO', question: 'Branden de lampjes op het modem rood of groen?' });
    const question = await mailAbout('Wij hebben informatie van u nodig');

    // The customer answers from Outlook, the question quoted below the answer.
    await smtp().sendMail({
      from: '"Jan de Vries" <jan@acme.example.nl>',
      to: 'servicedesk@desk.example.com',
      subject: `RE: ${question.subject}`,
      inReplyTo: question.messageId,
      references: [...question.references, question.messageId],
      messageId: '<conversation-2@acme.example.nl>',
      text: [
        'Ze branden rood, alle vier.',
        '',
        'Met vriendelijke groet,',
        'Jan',
        '',
        'Van: Servicedesk <servicedesk@desk.example.com>',
        'Verzonden: dinsdag 24 november 2026 09:05',
        'Aan: Jan de Vries <jan@acme.example.nl>',
        `Onderwerp: ${question.subject}`,
        '',
        question.text,
      ].join('\n'),
    });
    await eventually(async () => expect((await api(`/v1/tickets/${id}`)).json.stage).toBe('diagnosing'));

    // The ticket goes to the connectivity provider; it is reminded once, then answers by mail.
    await send(id, { type: 'FORWARD_TO_VENDOR', vendorId: 'connectivity', note: 'Modem toont vier rode lampjes.' });
    const forward = await mailAbout('Doorgezet: Internet valt steeds weg');
    clock.advance(4 * 3600_000 + 60_000);
    const reminder = await mailAbout('Herinnering: Internet valt steeds weg');
    await smtp().sendMail({
      from: 'support@isp.example.net',
      to: 'servicedesk@desk.example.com',
      subject: `RE: [Ticket#2026112410000123] ${forward.subject}`,
      inReplyTo: forward.messageId,
      references: [forward.messageId],
      messageId: '<isp-answer-1@isp.example.net>',
      text: [
        'Er was een storing in de wijkcentrale; die is om 11:00 verholpen.',
        '',
        `Op di 24 nov 2026 om 09:10 schreef Servicedesk <servicedesk@desk.example.com>:`,
        ...forward.text.split('\n').map((line) => `> ${line}`),
      ].join('\n'),
    });
    await eventually(async () => expect((await api(`/v1/tickets/${id}`)).json.stage).toBe('diagnosing'));
    const update = await mailAbout('Voortgang: Internet valt steeds weg');
    // Nothing is left to chase the vendor: no follow-up is pending, a day later either.
    const timers = async () => (await api(`/v1/tickets/${id}`)).json.timers.map((t: { name: string }) => t.name);
    expect(await timers()).not.toContain('vendorFollowUp');
    clock.advance(24 * 3600_000);
    await send(id, { type: 'ADD_NOTE', text: 'Klant gebeld: verbinding stabiel.' });
    expect(await timers()).not.toContain('vendorFollowUp');

    await send(id, {
      type: 'RESOLVE',
      summary: 'De provider heeft de wijkcentrale hersteld; de verbinding is stabiel.',
    });
    const done = await mailAbout('Gereed: Internet valt steeds weg');

    const mails = await mailbox();
    const toCustomer = mails.filter((m) => m.to === 'jan@acme.example.nl');
    const toVendor = mails.filter((m) => m.to === 'support@isp.example.net');
    // Each mail carries the words of its step.
    expect(toCustomer.find((m) => m.subject.startsWith('Re: ['))?.text).toContain(
      'Wij kijken er direct naar en melden ons binnen het uur.',
    );
    expect(question.text).toContain('Branden de lampjes op het modem rood of groen?');
    expect(forward.text).toContain('Sinds vanochtend valt de verbinding op kantoor elke tien minuten weg.');
    expect(forward.text).toContain('Modem toont vier rode lampjes.');
    expect(update.text).toContain('Er was een storing in de wijkcentrale; die is om 11:00 verholpen.');
    expect(update.text).not.toContain('Doorgezet');
    expect(done.text).toContain('De provider heeft de wijkcentrale hersteld; de verbinding is stabiel.');
    // The customer's mails thread in one conversation from the mail that opened it, the colleague copied.
    expect(ack.inReplyTo).toBe('<conversation-1@acme.example.nl>');
    for (const mail of toCustomer) {
      expect(mail.references[0]).toBe('<conversation-1@acme.example.nl>');
      expect(mail.inReplyTo).not.toBe('');
      expect(mail.cc).toBe('piet@acme.example.nl');
    }
    expect(done.references).toContain('<conversation-2@acme.example.nl>');
    // The vendor's thread: the forward, then its one reminder replying to it; nothing after the answer.
    expect(toVendor.map((m) => m.subject)).toEqual([forward.subject, reminder.subject]);
    expect(reminder.inReplyTo).toBe(forward.messageId);

    // The local mailbox serves each mail as sent, for a mail client to open.
    const [file] = (await readdir(desk.mailboxDir!)).filter((f) => f.endsWith('.eml')).sort();
    const raw = await fetch(`${desk.url}/dev/mailbox/${encodeURIComponent(file!)}/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(await readFile(join(desk.mailboxDir!, file!)));
    expect(await (await fetch(`${desk.url}/dev/mailbox/..%2Fetc%2Fpasswd/raw`)).text()).toContain('No such message');

    // The timeline holds each reply's new text, without the quoted history.
    const detail = (await api(`/v1/tickets/${id}`)).json;
    const event = (type: string) =>
      detail.timeline.find((e: { type: string }) => e.type === type)?.payload as Record<string, unknown>;
    expect(event('CUSTOMER_REPLIED').message).toMatch(/^Ze branden rood, alle vier\./);
    expect(event('CUSTOMER_REPLIED').message).not.toContain('Van:');
    expect(event('VENDOR_REPLIED')).toMatchObject({ vendorRef: '2026112410000123' });
    expect(event('VENDOR_REPLIED').message).toBe('Er was een storing in de wijkcentrale; die is om 11:00 verholpen.');
    expect(detail.vendor).toMatchObject({ id: 'connectivity', ref: '2026112410000123', reminders: 1 });
  });
});
