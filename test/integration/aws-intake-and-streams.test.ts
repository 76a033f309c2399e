// The Lambdas that exist only in AWS, on DynamoDB Local: SES receipt → email intake, the
// stream-driven outbox dispatch and lifecycle start. S3 and SES (no local twin) are a local HTTP
// endpoint taking the desk's signed requests; Step Functions is mocked.
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent, SESEvent } from 'aws-lambda';
import { s3Client } from '../../functions/aws/s3';
import { sesV2Client } from '../../functions/aws/sesv2';
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
import { inTurn, localCredentials, startAwsEndpoint, type Respond } from '../support/aws-endpoint';

const sfn = mockClient(SFNClient);
const quietLogger = { info: () => {}, warn: () => {} };

let aws: Awaited<ReturnType<typeof startAwsEndpoint>>;
beforeEach(async () => {
  sfn.reset();
  aws = await startAwsEndpoint();
});
afterEach(() => aws.close());

const local = () => ({ region: 'eu-west-1', endpoint: aws.url, credentials: localCredentials, baseDelayMs: 1 });

/** S3 as far as the desk uses it: objects put by path-style key, read back, NoSuchKey otherwise. */
function s3Bucket(objects = new Map<string, Buffer>()): Respond {
  return ({ method, path, body }) => {
    const key = decodeURIComponent(path);
    if (method === 'PUT') return (objects.set(key, body), { status: 200 });
    const stored = objects.get(key);
    if (stored) return { status: 200, body: stored };
    return {
      status: 404,
      body: '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    };
  };
}
const sesSent = (messageId: string) => ({ status: 200, body: JSON.stringify({ MessageId: messageId }) });
const sendEmails = () => aws.received.filter((r) => r.path === '/v2/email/outbound-emails');

async function testDesk() {
  const table = await createTestTable();
  const s3 = s3Client(local());
  const desk = createDesk({
    client: table.client,
    tableName: table.tableName,
    clock: manualClock(FRIDAY_MORNING),
    blobStore: createS3BlobStore(s3, 'mail-bucket'),
    policy: policyWithoutTeamMail,
  });
  return { ...table, desk, s3 };
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

describe('email intake behind SES', () => {
  it('opens a ticket from the message SES stored, once, however often SES invokes', async () => {
    const { desk, store, s3 } = await testDesk();
    aws.respond = s3Bucket(new Map([['/mail-bucket/inbound/ses-1', mailFixture('outlook-inline-image.eml')]]));
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw: async (id) => ({
        raw: await readRawMail(s3, 'mail-bucket', `inbound/${id}`),
        key: `inbound/${id}`,
      }),
      keep: createS3BlobStore(s3, 'mail-bucket'),
      logger: quietLogger,
    });

    await handler(sesEvent('ses-1'));
    await handler(sesEvent('ses-1'));

    expect(await store.getHead('INC-2026-000001')).toMatchObject({ customerId: 'acme' });
    expect(await store.getHead('INC-2026-000002')).toBeNull();
    // The raw message and its inline image are kept, content-addressed, in the mail bucket.
    const puts = aws.received.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/mail-bucket\/raw\/\d{4}-\d\d-\d\d\/[0-9a-f]{64}\.eml$/),
        expect.stringMatching(/^\/mail-bucket\/attachments\//),
      ]),
    );
    expect(puts[0]!.headers['x-amz-checksum-sha256']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('drops spam and viruses before reading them', async () => {
    const { desk, store } = await testDesk();
    const readRaw = jest.fn();
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw,
      keep: createS3BlobStore(s3Client(local()), 'mail-bucket'),
      logger: quietLogger,
    });

    await handler(sesEvent('ses-spam', { spamVerdict: { status: 'FAIL' } }));
    await handler(sesEvent('ses-virus', { virusVerdict: { status: 'FAIL' } }));

    expect(readRaw).not.toHaveBeenCalled();
    expect(aws.received).toEqual([]);
    expect(await store.getHead('INC-2026-000001')).toBeNull();
  });

  it('quarantines a DMARC failure instead of putting it on a ticket as the customer', async () => {
    const { desk, store } = await testDesk();
    aws.respond = s3Bucket();
    const handler = makeReceiveEmailHandler({
      desk,
      readRaw: async () => ({ raw: mailFixture('outlook-inline-image.eml'), key: 'inbound/ses-2' }),
      keep: createS3BlobStore(s3Client(local()), 'mail-bucket'),
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
    aws.respond = () => sesSent('ses-out-1');
    const handler = makeDispatchOutboxHandler(outboxDispatcherFor(desk, createSesMailer(sesV2Client(local()))));
    const [message] = await store.listOutbox(created.head.id);
    const record = { eventName: 'INSERT' as const, ...outboxKey(created.head.id, message!), seq: '1' };

    expect(await handler(streamEvent([record]))).toEqual({ batchItemFailures: [] });
    expect(await handler(streamEvent([record]))).toEqual({ batchItemFailures: [] });

    expect(sendEmails()).toHaveLength(1);
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
    aws.respond = inTurn(
      { status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: '{"message":"slow down"}' },
      sesSent('ses-out-2'),
    );
    const handler = makeDispatchOutboxHandler(
      outboxDispatcherFor(desk, createSesMailer(sesV2Client({ ...local(), maxAttempts: 1 }))),
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
