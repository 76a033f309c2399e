// The SES v2 Mailer (AWS): sends the composed message raw, so headers are ours — except the
// Message-ID, which SES replaces with `<its id@region.amazonses.com>`; that id is handed back so
// replies to it thread onto the ticket. SES's refusals of the message itself are permanent;
// throttling and outages are worth a retry.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMail, PermanentMailError, TransientMailError, type Mailer } from './mailer';

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

export function createSesMailer(client: SESv2Client, options: { configurationSet?: string } = {}): Mailer {
  return {
    async send(mail) {
      try {
        const { MessageId } = await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to], ...(mail.cc?.length ? { CcAddresses: mail.cc } : {}) },
            Content: { Raw: { Data: await composeMail(mail) } },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          }),
        );
        if (!MessageId) return {};
        const region = await client.config.region();
        // us-east-1 mail says @email.amazonses.com, other regions @<region>.amazonses.com.
        return {
          alsoKnownAs: [...new Set([`<${MessageId}@email.amazonses.com>`, `<${MessageId}@${region}.amazonses.com>`])],
        };
      } catch (error) {
        const name = (error as Error).name;
        if (PERMANENT.has(name)) throw new PermanentMailError(`${name}: ${(error as Error).message}`);
        throw new TransientMailError(`${name}: ${(error as Error).message}`);
      }
    },
  };
}
