// Mails a customer's service report to its key contacts through the outbox, and records it: the PDF
// kept with the attachments (content-addressed), the mail's outbox item, and the record of who
// sent which report to whom and when, in one transaction. The same figures are mailed once: a
// second request (a double click, a reload) is refused with the record of the first.
import { createHash, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AttachmentRef } from '../../workflows/lifecycle/ticket-events';
import { messageIdAt } from '../../workflows/mail/message-id';
import { reportMail } from '../../workflows/reports/report-mail';
import type { ServiceReport } from '../../workflows/reports/service-report';
import type { Desk } from '../desk';
import { reportItemPrefixes } from '../store/table-schema';

export interface ReportMailing {
  month: string;
  customerId: string;
  /** The figures' digest: the same report is mailed once. */
  digest: string;
  to: string[];
  by: string;
  at: number;
  subject: string;
  messageId: string;
  pdf: AttachmentRef;
}

export type MailingOutcome =
  | { ok: true; mailing: ReportMailing }
  | { ok: false; reason: 'no-key-contacts' }
  | { ok: false; reason: 'already-mailed'; mailing: ReportMailing };

const mailedPk = (month: string, customerId: string) => `${reportItemPrefixes.mailed}${month}#${customerId}`;

/** The report's figures without the instant it was computed at: what "the same report" means. */
export function reportDigest(report: ServiceReport): string {
  const { generatedAt: _at, ...figures } = report;
  return createHash('sha256').update(JSON.stringify(figures)).digest('hex').slice(0, 24);
}

export async function mailReport(
  desk: Desk,
  input: { report: ServiceReport & { customerId: string }; pdf: Uint8Array; by: string; at: number },
): Promise<MailingOutcome> {
  const { report, pdf, by, at } = input;
  const customer = desk.policy.customers.find((c) => c.id === report.customerId);
  const to = customer?.keyContacts ?? [];
  if (!customer || !to.length) return { ok: false, reason: 'no-key-contacts' };
  const digest = reportDigest(report);
  const key = { pk: mailedPk(report.month, customer.id), sk: digest };
  const { Item: earlier } = await desk.table.client.send(
    new GetCommand({ TableName: desk.table.tableName, Key: key, ConsistentRead: true }),
  );
  if (earlier) return { ok: false, reason: 'already-mailed', mailing: earlier.mailing as ReportMailing };

  const { sha256 } = await desk.blobs.put(pdf, { prefix: 'attachments' });
  const from = desk.policy.intake.deskAddresses[0]!;
  const messageId = messageIdAt(`report.${digest}.${randomBytes(6).toString('base64url')}`, from);
  const mail = reportMail(report, desk.policy, customer.language);
  const name = `${customer.language === 'nl' ? 'servicerapport' : 'service-report'}-${report.month}-${customer.id}.pdf`;
  const mailing: ReportMailing = {
    month: report.month,
    customerId: customer.id,
    digest,
    to,
    by,
    at,
    subject: mail.subject,
    messageId,
    pdf: { name, type: 'application/pdf', size: pdf.byteLength, sha256 },
  };
  try {
    await desk.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: desk.table.tableName,
              Item: { ...key, entity: 'report-mailed', mailing },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: desk.table.tableName,
              // Where the dispatcher looks (`OUTBOX#…`), as the only message of its partition.
              Item: {
                pk: `${reportItemPrefixes.mail}${digest}`,
                sk: 'OUTBOX#0000000000#000',
                entity: 'outbox',
                template: 'service-report',
                to: 'requester',
                status: 'pending',
                attempts: 0,
                outboxQueue: 'PENDING',
                nextAttemptAt: at,
                seq: 0,
                n: 0,
                address: to[0],
                ...(to.length > 1 ? { cc: to.slice(1) } : {}),
                from,
                subject: mail.subject,
                text: mail.text,
                letter: mail.letter,
                language: customer.language,
                messageId,
                createdAt: at,
                attachments: [mailing.pdf],
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    // Another request mailed the same report a moment ago.
    const { Item } = await desk.table.client.send(
      new GetCommand({ TableName: desk.table.tableName, Key: key, ConsistentRead: true }),
    );
    if (Item) return { ok: false, reason: 'already-mailed', mailing: Item.mailing as ReportMailing };
    throw error;
  }
  return { ok: true, mailing };
}

/** The times a customer's report of a month was mailed, the latest first. */
export async function reportMailings(desk: Desk, month: string, customerId: string): Promise<ReportMailing[]> {
  const { Items = [] } = await desk.table.client.send(
    new QueryCommand({
      TableName: desk.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': mailedPk(month, customerId) },
    }),
  );
  return Items.map((item) => item.mailing as ReportMailing).sort((a, b) => b.at - a.at);
}
