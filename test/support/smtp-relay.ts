// A real SMTP relay on loopback for the mailer and dispatcher specs: it accepts mail, refuses a
// message with the answer the spec chooses, or is down (nothing listens on its port) until the
// spec brings it back up on the same port.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RelayRefusal {
  code: number;
  message: string;
}

/** How the relay answers one message: null accepts it. */
export type RelayAnswer = (recipients: string[]) => RelayRefusal | null;

export interface SmtpRelay {
  /** For the SMTP mailer; the port stays the same across down() and up(). */
  url: string;
  /** The messages accepted, as received. */
  received: Buffer[];
  answer: RelayAnswer;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpRelay(answer: RelayAnswer = () => null): Promise<SmtpRelay> {
  const received: Buffer[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  const relay: SmtpRelay = {
    url: '',
    received,
    answer,
    async up() {
      if (server) return;
      const listening = new SMTPServer({
        authOptional: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const refusal = relay.answer(session.envelope.rcptTo.map((r) => r.address));
            if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
            received.push(Buffer.concat(chunks));
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
      port = (listening as unknown as { server: { address(): AddressInfo } }).server.address().port;
      relay.url = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
      server = listening;
    },
    async down() {
      const closing = server;
      server = null;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    close: () => relay.down(),
  };
  await relay.up();
  return relay;
}
