// The SMTP Mailer (nodemailer), used when MAIL_SMTP_URL is set: a 5xx answer is permanent, anything
// else (4xx, connection trouble) is worth another try.
import nodemailer from 'nodemailer';
import { deskHeaders, nodemailerFields, PermanentMailError, TransientMailError, type Mailer } from './mailer';

export function createSmtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ ...nodemailerFields(mail), headers: deskHeaders(mail) });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new PermanentMailError((error as Error).message);
        throw new TransientMailError((error as Error).message);
      }
    },
  };
}
