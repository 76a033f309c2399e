// The SES v2 Mailer (AWS): sends the composed message raw, so headers are ours — except the
// Message-ID, which SES replaces with `<its id@region.amazonses.com>`; that id is handed back so
// replies to it thread onto the ticket. SES's refusals of the message itself are permanent;
// throttling and outages are worth a retry.
import { AwsRequestError } from '../aws/signed-request';
import type { SesV2 } from '../aws/sesv2';
import { composeMail, PermanentMailError, TransientMailError, type Mailer } from './mailer';

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

export function createSesMailer(client: SesV2, options: { configurationSet?: string } = {}): Mailer {
  return {
    async send(mail) {
      try {
        const { messageId } = await client.sendRawEmail({
          from: mail.from,
          to: [mail.to],
          cc: mail.cc,
          raw: await composeMail(mail),
          configurationSet: options.configurationSet,
        });
        if (!messageId) return {};
        // us-east-1 mail says @email.amazonses.com, other regions @<region>.amazonses.com.
        return {
          alsoKnownAs: [
            ...new Set([`<${messageId}@email.amazonses.com>`, `<${messageId}@${client.region}.amazonses.com>`]),
          ],
        };
      } catch (error) {
        if (error instanceof AwsRequestError && PERMANENT.has(error.code)) throw new PermanentMailError(error.message);
        throw new TransientMailError((error as Error).message);
      }
    },
  };
}
