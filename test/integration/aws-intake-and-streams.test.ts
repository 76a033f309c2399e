// The Lambdas that exist only in AWS, on DynamoDB Local, with S3, SES and Step Functions mocked
// (they have no local twin): SES receipt → email intake, the stream-driven outbox dispatch and
// lifecycle start.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent, SESEvent } from 'aws-lambda';
import { createDesk } from '../../functions/desk';
import { makeDispatchOutboxHandler } from '../../functions/outbox/dispatch-outbox.handler';
import { outboxDispatcherFor } from '../../functions/outbox/delivery-attempts';
import { makeReceiveEmailHandler } from '../../functions/intake/receive-email.handler';
import { createS3BlobStore, readRawMail } from '../../functions/store/s3-blob-store';
import { createSesMailer } from '../../functions/outbox/ses-mailer';
import { makeStartLifecycleHandler } from '../../functions/lifecycle/start-lifecycle.handler';
import { manualClock } from '../../functions/clock';
import { outboxKey } from '../../functions/lifecycle/ticket-store';
import { byAgent, createTestTable, FRIDAY_MORNING, policyWithoutTeamMail } from '../support/test-table';
import { mailFixture } from '../support/mail-fixtures';

const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
const quietLogger = { info: () => {}, warn: () => {} };

beforeEach(() => {
  s3.reset();
  ses.reset();
  sfn.reset();
});

async function testDesk() {
  const table = await createTestTable();
  const s3Client = new S3Client({ region: 'eu-west-1' });
  const desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    clock: manualClock(FRIDAY_MORNING),
    blobStore: createS3BlobStore(s3Client, 'mail-bucket'),
    policy: policyWithoutTeamMail,
  });
  return { ...table, desk, s3Client };
}

function sesEvent(messageId: string, receipt: Partial<SESEvent['Records'][number]['ses']['receipt']> = {}): SESEvent {
  const pass = { status: 'PASS' as const };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            messageId,
            source: 'jan@acme.example.nl',
            timestamp: '2026-11-20T09:00:00.000Z',
            destination: ['servicedesk@desk.example.com'],
            headersTruncated: false,
            headers: [],
            commonHeaders: {
              returnPath: '',
              from: ['jan@acme.example.nl'],
              to: ['servicedesk@desk.example.com'],
              date: '',
              messageId: '',
              subject: 'Printer',
            },
          },
          receipt: {
            timestamp: '',
            processingTimeMillis: 1,
            recipients: ['servicedesk@desk.example.com'],
            spamVerdict: pass,
            virusVerdict: pass,
            spfVerdict: pass,
            dkimVerdict: pass,
            dmarcVerdict: pass,
            action: { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' },
            ...receipt,
          },
        },
      },
    ],
  } as SESEvent;
}

// The part of S3's streaming body the reader uses.
const storedMail = (bytes: Buffer) => ({ Body: { transformToByteArray: async () => new Uint8Array(bytes) } }) as never;

describe('email intake behind SES', () => {
  it('opens a ticket from the message SES stored, once, however often SES invokes', async () => {
    const { desk, store, s3Client } = await testDesk();
    s3.on(GetObjectCommand, { Bucket: 'mail-bucket', Key: 'inbound/ses-1' }).callsFake(() =>
      storedMail(mailFixture('outlook-inline-image.eml')),
    );
    s3.on(PutObjectCommand).resolves({});
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw: async (id) => ({
        raw: await readRawMail(s3Client, 'mail-bucket', `inbound/${id}`),
        key: `inbound/${id}`,
      }),
      keep: createS3BlobStore(s3Client, 'mail-bucket'),
      logger: quietLogger,
    });

    await handler(sesEvent('ses-1'));
    await handler(sesEvent('ses-1'));

    expect(await store.getHead('INC-2026-000001')).toMatchObject({ customerId: 'acme' });
    expect(await store.getHead('INC-2026-000002')).toBeNull();
    // The raw message and its inline image are kept, content-addressed, in the mail bucket.
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^raw\/\d{4}-\d\d-\d\d\/[0-9a-f]{64}\.eml$/),
        expect.stringMatching(/^attachments\//),
      ]),
    );
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.ChecksumSHA256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('drops spam and viruses before reading them', async () => {
    const { desk, store } = await testDesk();
    const readRaw = jest.fn();
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw,
      keep: createS3BlobStore(new S3Client({ region: 'eu-west-1' }), 'mail-bucket'),
      logger: quietLogger,
    });

    await handler(sesEvent('ses-spam', { spamVerdict: { status: 'FAIL' } }));
    await handler(sesEvent('ses-virus', { virusVerdict: { status: 'FAIL' } }));

    expect(readRaw).not.toHaveBeenCalled();
    expect(await store.getHead('INC-2026-000001')).toBeNull();
  });

  it('quarantines a DMARC failure instead of putting it on a ticket as the customer', async () => {
    const { desk, store } = await testDesk();
    s3.on(PutObjectCommand).resolves({});
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw: async () => ({ raw: mailFixture('outlook-inline-image.eml'), key: 'inbound/ses-2' }),
      keep: createS3BlobStore(new S3Client({ region: 'eu-west-1' }), 'mail-bucket'),
      logger: quietLogger,
    });

    await handler(sesEvent('ses-2', { dmarcVerdict: { status: 'FAIL' }, dmarcPolicy: 'reject' }));

    expect(await store.getHead('INC-2026-000001')).toBeNull();
    // Kept where the quarantine's evidence outlives the inbound folder's 30 days.
    expect(await desk.intake.listQuarantine(10)).toEqual([
      expect.objectContaining({
        reason: 'dmarc-fail',
        rawKey: expect.stringMatching(/^raw\/.*\.eml$/),
        detail: expect.stringContaining('reject'),
      }),
    ]);
  });
});

function streamEvent(
  records: { eventName: 'INSERT' | 'MODIFY'; pk: string; sk: string; seq: string }[],
): DynamoDBStreamEvent {
  return {
    Records: records.map((r) => ({
      eventName: r.eventName,
      dynamodb: { Keys: { pk: { S: r.pk }, sk: { S: r.sk } }, SequenceNumber: r.seq },
    })),
  } as DynamoDBStreamEvent;
}

describe('the table stream', () => {
  it('starts one lifecycle execution per new ticket, named after it; a second start is a no-op', async () => {
    const { desk } = await testDesk();
    const created = await desk.service.create(
      { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      byAgent,
    );
    if (!created.ok) throw new Error('refused');
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'arn:exec' })
      .rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    const handler = makeStartLifecycleHandler(
      desk,
      new SFNClient({ region: 'eu-west-1' }),
      'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle',
    );
    const insert = streamEvent([
      { eventName: 'INSERT', pk: `TICKET#${created.head.id}`, sk: 'HEAD', seq: '1' },
      { eventName: 'INSERT', pk: `TICKET#${created.head.id}`, sk: 'EVENT#0000000001', seq: '2' },
    ]);

    expect(await handler(insert)).toEqual({ batchItemFailures: [] });
    expect(await handler(insert)).toEqual({ batchItemFailures: [] });

    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({
      name: created.head.id,
      stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:lifecycle',
    });
    expect(JSON.parse(calls[0]!.args[0].input.input!)).toMatchObject({
      ticketId: created.head.id,
      version: 1,
      status: 'triage',
      cycle: 0,
      generation: 0,
    });
  });

  it('hands a record back to the stream when Step Functions fails, so it is retried', async () => {
    const { desk } = await testDesk();
    const created = await desk.service.create(
      { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      byAgent,
    );
    if (!created.ok) throw new Error('refused');
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const handler = makeStartLifecycleHandler(desk, new SFNClient({ region: 'eu-west-1', maxAttempts: 1 }), 'arn:sm');

    expect(
      await handler(streamEvent([{ eventName: 'INSERT', pk: `TICKET#${created.head.id}`, sk: 'HEAD', seq: '7' }])),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
  });

  it('sends each new outbox message through SES once, however often the stream delivers it', async () => {
    const { desk, store } = await testDesk();
    const created = await desk.service.create(
      { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      byAgent,
    );
    if (!created.ok) throw new Error('refused');
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-out-1' });
    const handler = makeDispatchOutboxHandler(
      outboxDispatcherFor(desk, createSesMailer(new SESv2Client({ region: 'eu-west-1' }))),
    );
    const [message] = await store.listOutbox(created.head.id);
    const record = { eventName: 'INSERT' as const, ...outboxKey(created.head.id, message!), seq: '1' };

    expect(await handler(streamEvent([record]))).toEqual({ batchItemFailures: [] });
    expect(await handler(streamEvent([record]))).toEqual({ batchItemFailures: [] });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'sent' });
    // SES swaps our Message-ID for its own: a reply quoting that one still finds the ticket.
    expect(await desk.intake.ticketOfMessage('<ses-out-1@eu-west-1.amazonses.com>')).toBe(created.head.id);
  });

  it('leaves a message SES throttled for the scheduled sweep, which sends it once it is due', async () => {
    const { desk, store } = await testDesk();
    const created = await desk.service.create(
      { kind: 'incident', subject: 'VPN down', requester: { email: 'jan@acme.example.nl' }, customerId: 'acme' },
      byAgent,
    );
    if (!created.ok) throw new Error('refused');
    ses
      .on(SendEmailCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }))
      .resolves({ MessageId: 'ses-out-2' });
    const handler = makeDispatchOutboxHandler(
      outboxDispatcherFor(desk, createSesMailer(new SESv2Client({ region: 'eu-west-1', maxAttempts: 1 }))),
    );
    const [message] = await store.listOutbox(created.head.id);

    await handler(streamEvent([{ eventName: 'INSERT', ...outboxKey(created.head.id, message!), seq: '1' }]));
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    (desk.clock as unknown as { advance(ms: number): void }).advance(60 * 60_000);
    const swept = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' } as never);

    expect(swept).toEqual({ sent: 1 });
    expect((await store.listOutbox(created.head.id))[0]).toMatchObject({ status: 'sent' });
  });
});
