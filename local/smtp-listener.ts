// The local SMTP listener: any mail client or tool can send to the desk on port 2525. Hands each
// message to the email intake and keeps it in the intake journal before answering 250; a failure
// of the desk itself (its store unreachable included) answers 451 so the sender retries.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { EmailIntake, EmailOutcome } from '../functions/intake/intake-email';
import type { IntakeJournal } from '../functions/intake/intake-journal';
import { isStoreUnavailable } from '../functions/store/store-unavailable';

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

export interface SmtpListenerOptions {
  intake: EmailIntake;
  journal: IntakeJournal;
  port: number;
  host?: string;
  maxBytes: number;
  log?: (line: string) => void;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

const summary = (result: EmailOutcome) =>
  'ticketId' in result
    ? `${result.outcome} ${result.ticketId}`
    : result.outcome === 'duplicate'
      ? `duplicate of quarantined ${result.quarantineId}`
      : `${result.outcome} (${result.reason})`;

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: 'servicedesk.local',
    banner: 'service desk intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(smtpError('message too large', 552));
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const raw = Buffer.concat(chunks);
        const takeIn = async () => {
          const result = await options.intake.receive(raw, { recipients });
          await options.journal.keep({ kind: 'email', raw, recipients });
          return result;
        };
        takeIn()
          .then((result) => {
            options.log?.(`mail: ${summary(result)}`);
            callback();
          })
          .catch((error: Error) => {
            // An unreachable store is reported once per outage where it is noticed, not per mail.
            if (!isStoreUnavailable(error)) options.log?.(`mail intake failed: ${error.message}`);
            callback(smtpError('temporary failure, try again later', 451));
          });
      });
    },
  });
  server.on('error', (error) => options.log?.(`smtp: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port: address.port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
