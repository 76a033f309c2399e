import PostalMime from 'postal-mime';
import { PermanentMailError, TransientMailError } from '../../functions/outbox/mailer';
import { createSmtpMailer } from '../../functions/outbox/smtp-mailer';
import { startSmtpRelay } from '../support/smtp-relay';

const mail = {
  from: 'servicedesk@desk.example.com',
  to: 'jan@acme.example.nl',
  subject: '[INC-2026-000001] Gereed',
  text: 'Opgelost.',
  html: '<p>Opgelost.</p>',
  messageId: '<INC-2026-000001.5.1@desk.example.com>',
};

describe('the SMTP mailer', () => {
  it('relays the message with our Message-ID and the desk headers', async () => {
    const server = await startSmtpRelay();
    try {
      await createSmtpMailer(server.url).send(mail);
      const parsed = await PostalMime.parse(server.received[0]!);
      expect(parsed.messageId).toBe(mail.messageId);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.headers.find((h) => h.key === 'x-auto-response-suppress')?.value).toBe(
        'OOF, DR, RN, NRN, AutoReply',
      );
    } finally {
      await server.close();
    }
  });

  it('takes a 5xx answer as permanent and a 4xx answer as worth another try', async () => {
    const answers = [
      { code: 550, message: 'no such user' },
      { code: 451, message: 'greylisted' },
    ];
    const server = await startSmtpRelay(() => answers.shift() ?? null);
    try {
      const mailer = createSmtpMailer(server.url);
      await expect(mailer.send(mail)).rejects.toBeInstanceOf(PermanentMailError);
      await expect(mailer.send(mail)).rejects.toBeInstanceOf(TransientMailError);
    } finally {
      await server.close();
    }
  });

  it('takes a relay that is down (nothing listening) as worth another try', async () => {
    const server = await startSmtpRelay();
    await server.down();
    await expect(createSmtpMailer(server.url).send(mail)).rejects.toBeInstanceOf(TransientMailError);
  });
});
