// The one SES v2 call the desk makes: SendEmail with raw content (the message composed by us).
import { awsService, type ServiceOptions } from './signed-request';

export interface RawEmail {
  from: string;
  to: string[];
  cc?: string[];
  raw: Buffer;
  configurationSet?: string;
}

export interface SesV2 {
  readonly region: string;
  /** SES's id for the message (it becomes the Message-ID recipients see). */
  sendRawEmail(email: RawEmail): Promise<{ messageId?: string }>;
}

export function sesV2Client(options: ServiceOptions = {}): SesV2 {
  const service = awsService(
    { signingName: 'ses', endpointEnvName: 'SESV2', host: (region) => `email.${region}.amazonaws.com` },
    options,
  );
  return {
    region: service.region,
    async sendRawEmail(email) {
      const { body } = await service.send({
        method: 'POST',
        path: '/v2/email/outbound-emails',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: email.to, ...(email.cc?.length ? { CcAddresses: email.cc } : {}) },
          Content: { Raw: { Data: email.raw.toString('base64') } },
          ...(email.configurationSet ? { ConfigurationSetName: email.configurationSet } : {}),
        }),
      });
      const { MessageId } = JSON.parse(body.toString('utf8') || '{}') as { MessageId?: string };
      return { messageId: MessageId };
    },
  };
}
