// The SES v2 Mailer (AWS): sends the composed message raw, so headers and Message-ID are ours.
// SES's refusals of the message itself are permanent; throttling and outages are worth a retry.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMail, PermanentMailError, TransientMailError, type Mailer } from './mailer';

const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'SendingPausedException', 'BadRequestException', 'NotFoundException']);

export function createSesMailer(client: SESv2Client, options: { configurationSet?: string } = {}): Mailer {
  return {
    async send(mail) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to] },
            Content: { Raw: { Data: await composeMail(mail) } },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          }),
        );
      } catch (error) {
        const name = (error as Error).name;
        if (PERMANENT.has(name)) throw new PermanentMailError(`${name}: ${(error as Error).message}`);
        throw new TransientMailError(`${name}: ${(error as Error).message}`);
      }
    },
  };
}
