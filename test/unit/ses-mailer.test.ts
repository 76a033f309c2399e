import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { PermanentMailError, TransientMailError } from '../../functions/outbox/mailer';
import { createSesMailer } from '../../functions/outbox/ses-mailer';

const ses = mockClient(SESv2Client);
const mail = {
  from: 'servicedesk@desk.example.com',
  to: 'jan@acme.example.nl',
  subject: '[INC-2026-000001] Ontvangen',
  text: 'Hallo',
  html: '<p>Hallo</p>',
  messageId: '<INC-2026-000001.1.1@desk.example.com>',
};

beforeEach(() => ses.reset());

describe('the SES v2 mailer', () => {
  it('sends the composed message raw, with our Message-ID and the desk headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    await createSesMailer(new SESv2Client({ region: 'eu-west-1' }), { configurationSet: 'desk' }).send(mail);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to] },
      ConfigurationSetName: 'desk',
    });
    const parsed = await PostalMime.parse(input.Content!.Raw!.Data!);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
  });

  it('treats a rejected message as permanent and throttling as transient', async () => {
    // One attempt: the SDK would otherwise retry the throttling itself before the mailer sees it.
    const mailer = createSesMailer(new SESv2Client({ region: 'eu-west-1', maxAttempts: 1 }));
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    await expect(mailer.send(mail)).rejects.toBeInstanceOf(PermanentMailError);
    await expect(mailer.send(mail)).rejects.toBeInstanceOf(TransientMailError);
  });
});
