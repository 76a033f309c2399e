// Lambda behind SES's receipt rule: SES has stored the message in the encrypted inbound bucket;
// this reads it and hands it to the same email intake the local SMTP listener uses. Spam and
// virus verdicts drop the mail before anything reads it; a DMARC failure is quarantined, never
// appended to a ticket as if the customer had sent it. A redelivered message is a duplicate by
// its Message-ID (or its bytes), so SES retrying the invocation adds nothing.
import { s3Client } from '../aws/s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import { logger } from '../desk-logger';
import type { SESEvent, SESReceipt } from 'aws-lambda';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { emailIntakeOf, keepRawMail, type EmailIntake } from './intake-email';
import type { BlobStore } from '../store/blob-store';
import { createS3BlobStore, readRawMail } from '../store/s3-blob-store';

export type SesVerdict = { drop: true; reason: 'spam' | 'virus' } | { drop: false; quarantine?: string };

export function verdictOf(receipt: SESReceipt): SesVerdict {
  if (receipt.virusVerdict?.status === 'FAIL') return { drop: true, reason: 'virus' };
  if (receipt.spamVerdict?.status === 'FAIL') return { drop: true, reason: 'spam' };
  if (receipt.dmarcVerdict?.status === 'FAIL')
    return {
      drop: false,
      quarantine: `DMARC failed (policy ${receipt.dmarcPolicy ?? 'none'}): the sender is not who it claims to be`,
    };
  return { drop: false };
}

export interface ReceiveEmailDeps {
  desk: Desk;
  /** The email intake (emailIntakeOf the desk unless a spec hands in its own). */
  email?: EmailIntake;
  readRaw: (messageId: string) => Promise<{ raw: Buffer; key: string }>;
  /** Where mail is kept for good (the intake's own store): a quarantined message's evidence goes here. */
  keep: BlobStore;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export function makeReceiveEmailHandler({
  desk,
  email = emailIntakeOf(desk),
  readRaw,
  keep,
  logger,
}: ReceiveEmailDeps) {
  return async (event: SESEvent): Promise<void> => {
    await desk.ready();
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const verdict = verdictOf(receipt);
      if (verdict.drop) {
        logger.info('dropped inbound mail', { sesMessageId: mail.messageId, reason: verdict.reason });
        continue;
      }
      const { raw } = await readRaw(mail.messageId);
      if (verdict.quarantine) {
        const { key, sha256 } = await keepRawMail(keep, raw, desk.clock.now());
        const record = {
          at: desk.clock.now(),
          channel: 'email' as const,
          reason: 'dmarc-fail',
          detail: verdict.quarantine,
          from: mail.source,
          subject: mail.commonHeaders?.subject ?? null,
          rawKey: key,
        };
        // Once per message: SES invoking again for the same bytes finds the record it made.
        const result = await desk.intake.quarantine(record, { channel: 'email', key: sha256 });
        logger.warn('quarantined inbound mail', {
          sesMessageId: mail.messageId,
          ...('kept' in result ? { quarantineId: result.kept.id } : { duplicateOf: result.duplicateOf }),
        });
        continue;
      }
      const outcome = await email.receive(raw, { recipients: receipt.recipients });
      logger.info('inbound mail taken in', { sesMessageId: mail.messageId, ...outcome });
    }
  };
}

const s3 = s3Client();
const bucket = process.env.MAIL_BUCKET ?? '';
const inboundPrefix = process.env.INBOUND_PREFIX ?? 'inbound/';

const kept = createS3BlobStore(s3, bucket);
export const handler = makeReceiveEmailHandler({
  desk: deskInAws({ blobStore: kept }),
  keep: kept,
  readRaw: async (messageId) => ({
    raw: await readRawMail(s3, bucket, `${inboundPrefix}${messageId}`),
    key: `${inboundPrefix}${messageId}`,
  }),
  logger,
});
