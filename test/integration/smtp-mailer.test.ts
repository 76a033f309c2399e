import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { PermanentMailError, TransientMailError } from '../../functions/mailer';
import { createSmtpMailer } from '../../functions/smtp-mailer';

const mail = { from: 'servicedesk@desk.example.com', to: 'jan@acme.example.nl', subject: '[INC-2026-000001] Gereed', text: 'Opgelost.', html: '<p>Opgelost.</p>', messageId: '<INC-2026-000001.5.1@desk.example.com>' };

/** A real SMTP relay on loopback that answers each message with `answer` (null: accept). */
async function relay(answer: () => { code: number; message: string } | null) {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refusal = answer();
        if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return { url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the SMTP mailer', () => {
  it('relays the message with our Message-ID and the desk headers', async () => {
    const server = await relay(() => null);
    try {
      await createSmtpMailer(server.url).send(mail);
      const parsed = await PostalMime.parse(server.received[0]!);
      expect(parsed.messageId).toBe(mail.messageId);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.headers.find((h) => h.key === 'x-auto-response-suppress')?.value).toBe('OOF, DR, RN, NRN, AutoReply');
    } finally {
      await server.close();
    }
  });

  it('takes a 5xx answer as permanent and a 4xx answer as worth another try', async () => {
    const answers = [{ code: 550, message: 'no such user' }, { code: 451, message: 'greylisted' }];
    const server = await relay(() => answers.shift() ?? null);
    try {
      const mailer = createSmtpMailer(server.url);
      await expect(mailer.send(mail)).rejects.toBeInstanceOf(PermanentMailError);
      await expect(mailer.send(mail)).rejects.toBeInstanceOf(TransientMailError);
    } finally {
      await server.close();
    }
  });
});
