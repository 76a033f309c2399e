import PostalMime from 'postal-mime';
import { sesV2Client } from '../../functions/aws/sesv2';
import { PermanentMailError, TransientMailError } from '../../functions/outbox/mailer';
import { createSesMailer } from '../../functions/outbox/ses-mailer';
import { inTurn, localCredentials, signatureVerifies, startAwsEndpoint } from '../support/aws-endpoint';

const mail = {
  from: 'servicedesk@desk.example.com',
  to: 'jan@acme.example.nl',
  cc: ['piet@acme.example.nl'],
  subject: '[INC-2026-000001] Ontvangen',
  text: 'Hallo',
  html: '<p>Hallo</p>',
  messageId: '<INC-2026-000001.1.1@desk.example.com>',
};
const sent = (messageId: string) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ MessageId: messageId }),
});
const refusal = (code: string, status: number, message: string) => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/` },
  body: JSON.stringify({ message }),
});

let endpoint: Awaited<ReturnType<typeof startAwsEndpoint>>;
beforeEach(async () => {
  endpoint = await startAwsEndpoint(() => sent('ses-1'));
});
afterEach(() => endpoint.close());

const ses = (options: { maxAttempts?: number } = {}) =>
  sesV2Client({
    region: 'eu-west-1',
    endpoint: endpoint.url,
    credentials: localCredentials,
    baseDelayMs: 1,
    ...options,
  });

/** The SendEmail request SES received, and the raw message inside it as a mail client reads it. */
async function received(index = 0) {
  const request = endpoint.received[index]!;
  const input = JSON.parse(request.body.toString()) as { Content: { Raw: { Data: string } } } & Record<string, unknown>;
  return { request, input, message: await PostalMime.parse(Buffer.from(input.Content.Raw.Data, 'base64')) };
}

describe('the SES v2 mailer', () => {
  it('sends the composed message raw to SendEmail, signed for SES in the region, with sender, recipients and configuration set', async () => {
    await createSesMailer(ses(), { configurationSet: 'desk' }).send(mail);

    const { request, input, message } = await received();
    expect(request).toMatchObject({ method: 'POST', path: '/v2/email/outbound-emails' });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/ses\/aws4_request, /,
    );
    expect(await signatureVerifies(request, { service: 'ses', region: 'eu-west-1' })).toBe(true);
    expect(input).toMatchObject({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to], CcAddresses: mail.cc },
      ConfigurationSetName: 'desk',
    });
    expect(message.messageId).toBe(mail.messageId);
    expect(message.subject).toBe(mail.subject);
    expect(message.text?.trim()).toBe('Hallo');
    expect(message.html).toContain('<p>Hallo</p>');
    expect(message.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
  });

  it('sends a reply with its threading headers and attachments in the raw MIME', async () => {
    const pdf = Buffer.from('%PDF-1.4 offerte');

    await createSesMailer(ses()).send({
      ...mail,
      personal: true,
      inReplyTo: '<customer-1@acme.example.nl>',
      references: ['<customer-0@acme.example.nl>', '<customer-1@acme.example.nl>'],
      files: [{ filename: 'offerte.pdf', contentType: 'application/pdf', content: pdf }],
    });

    const { input, message } = await received();
    expect(input.ConfigurationSetName).toBeUndefined();
    expect(message.inReplyTo).toBe('<customer-1@acme.example.nl>');
    expect(message.references).toBe('<customer-0@acme.example.nl> <customer-1@acme.example.nl>');
    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: 'offerte.pdf', mimeType: 'application/pdf' }),
    ]);
    expect(Buffer.from(message.attachments[0]!.content as ArrayBuffer).equals(pdf)).toBe(true);
    // A person's reply goes without the automatic-mail headers.
    expect(message.headers.find((h) => h.key === 'auto-submitted')).toBeUndefined();
  });

  it("hands back SES's Message-ID in both of SES's domains, so replies to it thread", async () => {
    expect(await createSesMailer(ses()).send(mail)).toEqual({
      alsoKnownAs: ['<ses-1@email.amazonses.com>', '<ses-1@eu-west-1.amazonses.com>'],
    });
  });

  it('tries again when SES throttles, and sends once it lets the message through', async () => {
    endpoint.respond = inTurn(
      refusal('TooManyRequestsException', 429, 'Maximum sending rate exceeded.'),
      sent('ses-2'),
    );

    expect(await createSesMailer(ses()).send(mail)).toMatchObject({
      alsoKnownAs: ['<ses-2@email.amazonses.com>', expect.any(String)],
    });
    expect(endpoint.received).toHaveLength(2);
    const [first, second] = [await received(0), await received(1)];
    expect(second.input).toEqual(first.input);
  });

  it('treats a rejected message as permanent, at once', async () => {
    endpoint.respond = () => refusal('MessageRejected', 400, 'Email address is not verified.');

    await expect(createSesMailer(ses()).send(mail)).rejects.toEqual(
      expect.objectContaining({ name: 'PermanentMailError', message: expect.stringContaining('MessageRejected') }),
    );
    await expect(createSesMailer(ses()).send(mail)).rejects.toBeInstanceOf(PermanentMailError);
    expect(endpoint.received).toHaveLength(2);
  });

  it('treats throttling that outlasts the retries, and an outage, as transient', async () => {
    endpoint.respond = inTurn(refusal('TooManyRequestsException', 429, 'slow down'), {
      status: 503,
      body: 'Service Unavailable',
    });

    await expect(createSesMailer(ses({ maxAttempts: 1 })).send(mail)).rejects.toBeInstanceOf(TransientMailError);
    await expect(createSesMailer(ses({ maxAttempts: 1 })).send(mail)).rejects.toBeInstanceOf(TransientMailError);
  });
});
